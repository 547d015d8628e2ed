import type { Scenario } from './scenario';

/** The address the world gives a client machine that is not one of the scenario's hosts. */
export const OUTSIDE_IP = '198.51.100.7';

const hasRoles = (h: Scenario['hosts'][number]): boolean => Object.values(h.roles).some((r) => r !== undefined);

/**
 * The learner's own machine: a host of the scenario that runs nothing (gandalf, in the seed article), or
 * else a made-up name that no host of the scenario has. The console types from it and the graph draws it.
 */
export function learnerHost(scenario: Scenario): { readonly name: string; readonly inScenario: boolean } {
  const plain = scenario.hosts.find((h) => !hasRoles(h));
  if (plain) return { name: plain.name, inScenario: true };
  const taken = new Set(scenario.hosts.map((h) => h.name.toLowerCase()));
  let name = 'learner-pc';
  for (let n = 2; taken.has(name); n++) name = `learner-pc-${n}`;
  return { name, inScenario: false };
}
