import { describe, expect, it } from 'vitest';
import { scenarioIds, scenarios } from '../../src/scenarios';
import type { Scenario } from '../../src/world/scenario';
import { World } from '../../src/world/world';

/** Long enough for the greylisting retry, short enough for a deferral that never ends to stop. */
const UNTIL = 3 * 3600_000;

function runOnce(scenario: Scenario) {
  const world = new World(scenario);
  world.runUntilIdle({ untilMs: UNTIL });
  const out = { trace: JSON.stringify(world.trace), mailboxes: JSON.stringify(world.mailboxes()), now: world.now };
  world.stop();
  return out;
}

/**
 * Puts every queue id, Message-ID random part and size in canonical form, numbered by first appearance,
 * so that two runs with different seeds can be compared for everything else.
 */
function canonical(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(/\b[0-9A-F]{10,12}\b/g, (id) => {
      if (!ids.has(id)) ids.set(id, `ID${ids.size + 1}`);
      return ids.get(id)!;
    })
    .replace(/"size":\d+/g, '"size":N')
    .replace(/SIZE=\d+/g, 'SIZE=N');
}

describe('determinism: same scenario, same inputs, same trace', () => {
  it('covers every preset', () => {
    expect(scenarios.map((s) => s.id)).toEqual(scenarioIds);
    expect(scenarioIds.length).toBeGreaterThanOrEqual(7);
  });

  for (const scenario of scenarios) {
    it(`${scenario.id}: two runs give identical traces and mailboxes`, () => {
      const a = runOnce(scenario);
      const b = runOnce(scenario);
      expect(a.trace.length).toBeGreaterThan(100);
      expect(b.trace).toBe(a.trace);
      expect(b.mailboxes).toBe(a.mailboxes);
      expect(b.now).toBe(a.now);
    });

    it(`${scenario.id}: another seed changes the ids and nothing else`, () => {
      const a = runOnce(scenario);
      const b = runOnce({ ...scenario, seed: scenario.seed + 41 });
      // Only a run that queued something drew random ids at all.
      if (a.trace.includes('"queue.add"')) expect(b.trace).not.toBe(a.trace);
      expect(canonical(b.trace)).toBe(canonical(a.trace));
      expect(canonical(b.mailboxes)).toBe(canonical(a.mailboxes));
    });
  }

  it('a world that is stepped event by event ends where one run straight through ends', () => {
    const scenario = scenarios.find((s) => s.id === 'two-providers')!;
    const stepped = new World(scenario);
    let steps = 0;
    while (stepped.step().length > 0) steps++;
    expect(steps).toBeGreaterThan(50);
    expect(JSON.stringify(stepped.trace)).toBe(runOnce(scenario).trace);
  });
});
