import { expect } from 'vitest';
import { getHeaders, parseMessage } from '../src/protocol/message/headers';
import { parseReceived } from '../src/protocol/message/received';
import { findScenario } from '../src/scenarios';
import { parseScenario, type Scenario, type ScenarioInput } from '../src/world/scenario';
import type { TraceEvent } from '../src/world/trace';
import type { Simulation } from '../src/world/simulation';
import { World } from '../src/world/world';

/**
 * Shared by the tests that run scenarios (test/scenarios) and simulations (test/world): presets, runs, and
 * reading the trace back.
 */

export type Ev<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

export function scenarioOf(input: ScenarioInput): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

export function run(scenario: Scenario, limits: { untilMs?: number } = {}): World {
  const world = new World(scenario);
  world.runUntilIdle(limits);
  return world;
}

export function preset(id: string): Scenario {
  const s = findScenario(id);
  if (!s) throw new Error(`no preset ${id}`);
  return s;
}

/** A preset without its scripted inputs, so that only the test acts in it (an exercise's "console only"). */
export function quiet(id: string): Scenario {
  return { ...preset(id), inputs: [] };
}

/** Runs the world as the console's settle() does after each line: until it has been quiet for a moment. */
export function settle(sim: Simulation): void {
  const world = sim.world;
  for (;;) {
    const next = world.clock.peek();
    if (next === undefined || next > world.now + 1500) break;
    world.runNext();
  }
}

/** A person at the console: connects, then types each line and waits for the reply, as the console does. */
export function typeAtConsole(sim: Simulation, at: { from: string; to: string; port: number }, lines: readonly string[]): string {
  const connId = sim.apply({ kind: 'console.open', ...at })!;
  settle(sim);
  for (const text of lines) {
    sim.apply({ kind: 'console.line', connId, text });
    settle(sim);
  }
  return connId;
}

export const events = <K extends TraceEvent['kind']>(world: World, kind: K): Ev<K>[] => world.trace.filter((e): e is Ev<K> => e.kind === kind);

/** The connection ids from `from` to `to` (and port), in the order they were opened, failed attempts included. */
export function connIds(world: World, from: string, to: string, port?: number): string[] {
  return world.trace.flatMap((e) =>
    (e.kind === 'connect' || e.kind === 'connect.failed') && e.from === from && e.to === to && (port === undefined || e.port === port) ? [e.connId] : [],
  );
}

/**
 * One connection's dialog as a person reads it: `C: ` what the client sent, `S: ` what the server said.
 * With `collapseData`, the message lines between 354 and the lone dot become one `C: [n lines]`.
 */
export function dialog(world: World, connId: string, options: { collapseData?: boolean } = {}): string[] {
  const out: string[] = [];
  let inData = false;
  let count = 0;
  for (const e of events(world, 'line')) {
    if (e.connId !== connId) continue;
    if (e.direction === 's2c') {
      out.push(`S: ${e.text}`);
      continue;
    }
    if (inData && e.text === '.') {
      if (options.collapseData) out.push(`C: [${count} lines]`);
      inData = false;
    } else if (inData) {
      count++;
      if (options.collapseData) continue;
    }
    out.push(`C: ${e.text}`);
    if (e.text.toUpperCase() === 'DATA') {
      inData = true;
      count = 0;
    }
  }
  return out;
}

/** What the client sent between DATA's 354 and the dot, as the lines went over the wire. */
export function dataLines(world: World, connId: string): string[] {
  const lines = events(world, 'line').filter((e) => e.connId === connId && e.direction === 'c2s').map((e) => e.text);
  const start = lines.findIndex((l) => l.toUpperCase() === 'DATA');
  const end = lines.indexOf('.', start + 1);
  return lines.slice(start + 1, end);
}

export const queueAdds = (world: World, host?: string): Ev<'queue.add'>[] => events(world, 'queue.add').filter((e) => host === undefined || e.host === host);

export function queueIdAt(world: World, host: string, nth = 0): string {
  const e = queueAdds(world, host)[nth];
  if (!e) throw new Error(`no message queued at ${host}`);
  return e.queueId;
}

export function headerNames(raw: string): string[] {
  return parseMessage(raw).headers.map((h) => h.name);
}

export interface Hop {
  readonly by: string;
  readonly with: string;
  readonly id: string;
}

export function hops(raw: string): Hop[] {
  return getHeaders(parseMessage(raw).headers, 'Received').map((v) => {
    const r = parseReceived(v);
    return { by: r.by ?? '', with: r.with ?? '', id: r.id ?? '' };
  });
}

/**
 * The delivered bytes: Return-Path, Delivered-To, one Received per hop (newest first, exactly these),
 * then the headers the message had when it was written, then the body untouched.
 */
export function expectDelivered(raw: string, expected: { returnPath: string; deliveredTo: string; hops: readonly Hop[]; original: readonly string[]; body: string }): void {
  expect(headerNames(raw)).toEqual(['Return-Path', 'Delivered-To', ...expected.hops.map(() => 'Received'), ...expected.original]);
  const { headers, body } = parseMessage(raw);
  expect(headers[0]?.value).toBe(`<${expected.returnPath}>`);
  expect(headers[1]?.value).toBe(expected.deliveredTo);
  expect(hops(raw)).toEqual(expected.hops);
  expect(body).toBe(expected.body);
}
