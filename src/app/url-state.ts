import { z } from 'zod';
import { scenarioIds } from '../scenarios';
import { SPEEDS, type PanelTab } from '../ui/state/sim-store';

/**
 * What the address bar carries: `?scenario=two-providers&tab=transcript&speed=2&t=4520`. Read from the
 * query string or, for links written by hand, from the fragment (`#scenario=…`). Validated here, at the
 * boundary: a bad value is reported by name and ignored, never fatal.
 */

export const DEFAULT_SCENARIO = 'seed-basic';

const TAB_IDS = ['events', 'transcript', 'message', 'mailboxes', 'compose', 'console', 'exercises'] as const satisfies readonly PanelTab[];

const tabSchema = z.enum(TAB_IDS);
const speedSchema = z.coerce.number().refine((n) => (SPEEDS as readonly number[]).includes(n), { message: `one of ${SPEEDS.join(', ')}` });
const timeSchema = z.coerce.number().int().min(0).max(365 * 24 * 3600_000);

export interface UrlState {
  readonly scenario: string;
  readonly tab?: PanelTab;
  readonly speed?: number;
  /** Virtual ms to open the run at. */
  readonly t?: number;
  /** A scenario id that names no preset: the page says so and shows the default. */
  readonly badScenario?: string;
  /** Other values that could not be used, each naming its field. */
  readonly problems: readonly string[];
}

function paramsOf(search: string, hash: string): URLSearchParams {
  const query = new URLSearchParams(search.replace(/^\?/, ''));
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  for (const [key, value] of fragment) if (!query.has(key)) query.set(key, value);
  return query;
}

export function parseUrlState(search: string, hash = ''): UrlState {
  const params = paramsOf(search, hash);
  const problems: string[] = [];
  const raw = params.get('scenario');
  let scenario = DEFAULT_SCENARIO;
  let badScenario: string | undefined;
  if (raw !== null && raw !== '') {
    if (scenarioIds.includes(raw)) scenario = raw;
    else badScenario = raw;
  }
  const pick = <T,>(key: string, schema: z.ZodType<T>): T | undefined => {
    const value = params.get(key);
    if (value === null || value === '') return undefined;
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    problems.push(`${key}: "${value}" is not valid (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return undefined;
  };
  const tab = pick('tab', tabSchema);
  const speed = pick('speed', speedSchema);
  const t = pick('t', timeSchema);
  return {
    scenario,
    problems,
    ...(tab ? { tab } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(t !== undefined ? { t } : {}),
    ...(badScenario !== undefined ? { badScenario } : {}),
  };
}

/**
 * The address for a state, keeping any parameter this page does not own. The tab and speed are left out
 * when they are the defaults, so a plain link stays plain.
 */
export function formatUrlState(current: string, state: { scenario: string; tab: PanelTab; speed: number; t?: number }): string {
  const url = new URL(current);
  const params = url.searchParams;
  params.set('scenario', state.scenario);
  if (state.tab === 'events') params.delete('tab');
  else params.set('tab', state.tab);
  if (state.speed === 1) params.delete('speed');
  else params.set('speed', String(state.speed));
  if (state.t !== undefined && state.t > 0) params.set('t', String(Math.round(state.t)));
  else params.delete('t');
  // The fragment form is accepted on the way in; the query is the one written out.
  url.hash = '';
  return `${url.pathname}?${params.toString()}`;
}
