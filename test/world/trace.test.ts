import { describe, expect, it } from 'vitest';
import { scenarios } from '../../src/scenarios';
import type { TraceEvent } from '../../src/world/trace';
import { World } from '../../src/world/world';

const runs = scenarios.map((scenario) => {
  const world = new World(scenario);
  world.runUntilIdle({ untilMs: 3 * 3600_000 });
  return { id: scenario.id, world, trace: world.trace as readonly TraceEvent[] };
});

describe('the trace of every preset', () => {
  for (const { id, world, trace } of runs) {
    describe(id, () => {
      it('is numbered in order and never goes back in time', () => {
        expect(trace.map((e) => e.seq)).toEqual(trace.map((_, i) => i));
        for (let i = 1; i < trace.length; i++) expect(trace[i]!.t).toBeGreaterThanOrEqual(trace[i - 1]!.t);
      });

      it('every line travels on a connection that was opened and not yet closed, and arrives later', () => {
        const open = new Set<string>();
        const closed = new Set<string>();
        for (const e of trace) {
          if (e.kind === 'connect') open.add(e.connId);
          if (e.kind === 'disconnect') {
            expect(open.has(e.connId)).toBe(true);
            closed.add(e.connId);
          }
          if (e.kind === 'line') {
            expect(open.has(e.connId) && !closed.has(e.connId)).toBe(true);
            expect(e.arrive).toBeGreaterThan(e.t);
          }
        }
        // Every session ends: nothing is left hanging once the world is idle.
        expect([...open].filter((c) => !closed.has(c))).toEqual([]);
      });

      it('every session state change names the host it happens on', () => {
        const states = trace.filter((e) => e.kind === 'state');
        expect(states.length).toBeGreaterThan(0);
        for (const e of states) {
          expect(e.host).not.toBe('');
          expect(world.scenario.hosts.some((h) => h.name === e.host)).toBe(true);
        }
      });

      it('every server reply line is a well-formed reply', () => {
        for (const e of trace) {
          if (e.kind === 'line' && e.direction === 's2c') expect(e.text).toMatch(/^[2-5]\d\d([ -]|$)/);
        }
      });
    });
  }
});
