import { describe, expect, it } from 'vitest';
import { tracePrinter } from '../../src/bridge/trace-printer';
import { findScenario } from '../../src/scenarios';
import { formatTrace } from '../../src/world/swaks-format';
import { World } from '../../src/world/world';

describe('tracePrinter', () => {
  it('prints event by event exactly what formatTrace prints for the whole trace', () => {
    for (const id of ['seed-basic', 'two-providers', 'mx-failover']) {
      const world = new World(findScenario(id)!);
      const printed: string[] = [];
      world.subscribe(tracePrinter({ startMs: world.startTime, states: true }, (l) => printed.push(l)));
      world.runUntilIdle({ untilMs: 3_600_000 });
      expect(printed).toEqual(formatTrace(world.trace, { startMs: world.startTime, states: true }));
      expect(printed.length).toBeGreaterThan(20);
      world.stop();
    }
  });
});
