import { parseScenario, type Scenario, type ScenarioInput } from '../world/scenario';
import { greylisting } from './presets/greylisting';
import { mxFailover } from './presets/mx-failover';
import { relayDenied } from './presets/relay-denied';
import { seedBasic } from './presets/seed-basic';
import { seedHeaders } from './presets/seed-headers';
import { twoProviders } from './presets/two-providers';
import { userUnknown } from './presets/user-unknown';

const presets: readonly ScenarioInput[] = [seedBasic, seedHeaders, twoProviders, mxFailover, userUnknown, greylisting, relayDenied];

/** The preset scenarios, validated once, in the order the picker shows them. */
export const scenarios: readonly Scenario[] = presets.map((p) => {
  const result = parseScenario(p);
  if (!result.ok) throw new Error(`preset scenario ${p.id} is invalid: ${result.errors.join('; ')}`);
  return result.scenario;
});

export const scenarioIds = scenarios.map((s) => s.id);

export function findScenario(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}
