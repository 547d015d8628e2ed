import { afterEach, describe, expect, it } from 'vitest';
import { RealTimeDriver } from '../../src/bridge/real-time-driver';
import { World } from '../../src/world/world';
import { findScenario } from '../../src/scenarios';

/** The driver with a hand-moved wall clock, so no test waits. */
const worlds: World[] = [];
afterEach(() => {
  for (const w of worlds.splice(0)) w.stop();
});

function setup(speed: number, budgetMs = 1000) {
  let wall = 1000;
  const world = new World(findScenario('seed-basic')!);
  worlds.push(world);
  const driver = new RealTimeDriver(world, { speed, budgetMs, now: () => wall });
  return { world, driver, advance: (ms: number) => (wall += ms) };
}

describe('RealTimeDriver', () => {
  it('keeps virtual time on the wall clock', () => {
    const { world, driver, advance } = setup(1);
    advance(1234);
    driver.sync();
    expect(world.now).toBe(1234);
    // The scripted telnet session of seed-basic ran what was due by then: its HELO (typed at 0.840 s).
    expect(world.trace.some((e) => e.kind === 'line' && e.text === 'HELO gandalf')).toBe(true);
    expect(world.trace.some((e) => e.kind === 'line' && e.text.startsWith('MAIL FROM'))).toBe(false);
    driver.stop();
  });

  it('runs faster with --speed', () => {
    const { world, driver, advance } = setup(10);
    advance(1000);
    driver.sync();
    expect(world.now).toBe(10_000);
    expect(world.mailbox('pleclercq@mydomain.com')?.messages).toHaveLength(1);
    driver.stop();
  });

  it('never moves time past a task it had no budget to run', () => {
    let wall = 0;
    const world = new World(findScenario('seed-basic')!);
    worlds.push(world);
    // Every reading of the clock costs 1 ms: the budget runs out after a task or two.
    const driver = new RealTimeDriver(world, { budgetMs: 2, now: () => wall++ });
    wall = 10_000;
    driver.sync();
    const next = world.clock.peek();
    expect(next).toBeDefined();
    expect(world.now).toBeLessThanOrEqual(next!);
    driver.stop();
  });

  it('tells input to wait while it is behind, and when it has caught up', () => {
    let wall = 0;
    let cost = 1;
    const world = new World(findScenario('seed-basic')!);
    worlds.push(world);
    // Reading the clock costs `cost` ms: with 1 ms the budget of 2 ms runs out after a task or two.
    const driver = new RealTimeDriver(world, { budgetMs: 2, now: () => (wall += cost) });
    wall = 10_000;
    driver.sync();
    expect(driver.behind).toBe(true);
    let resumed = 0;
    driver.whenCaughtUp(() => resumed++);
    expect(resumed).toBe(0);
    cost = 0;
    driver.sync();
    expect(driver.behind).toBe(false);
    expect(resumed).toBe(1);
    driver.whenCaughtUp(() => resumed++);
    expect(resumed).toBe(2);
    driver.stop();
  });

  it('reports a task that throws and goes on', () => {
    const { world, advance } = setup(1);
    const errors: unknown[] = [];
    const driver = new RealTimeDriver(world, { now: () => 0, onError: (e) => errors.push(e) });
    world.clock.setTimeout(() => {
      throw new Error('boom');
    }, 0);
    advance(0);
    driver.sync();
    expect(errors).toHaveLength(1);
    driver.stop();
  });
});
