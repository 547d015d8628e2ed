import { afterEach, describe, expect, it, vi } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { atEnd, playOrPause } from '../../../src/ui/controls/shortcuts';
import { MIN_FLIGHT_WALL_MS, SimStore, shortestFlightAt } from '../../../src/ui/state/sim-store';

const snap = (s: SimStore) => `${s.getSnapshot().trace.length}@${s.getSnapshot().now}`;

/** Drives the store's requestAnimationFrame loop by hand, one 16 ms frame at a time. */
function fakeFrames() {
  let t = 0;
  let pending: FrameRequestCallback | undefined;
  vi.stubGlobal('performance', { now: () => t });
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    pending = cb;
    return 1;
  });
  vi.stubGlobal('cancelAnimationFrame', () => {
    pending = undefined;
  });
  return {
    frame(ms = 16) {
      t += ms;
      const cb = pending;
      pending = undefined;
      cb?.(t);
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('stepping', () => {
  it('step, step, back, forward lands on the same events (a task that adds several events is one step)', () => {
    for (const id of ['seed-basic', 'two-providers']) {
      const store = new SimStore(findScenario(id)!);
      const forward = [snap(store)];
      for (let i = 0; i < 14; i++) {
        store.step();
        forward.push(snap(store));
      }
      const backward = [snap(store)];
      for (let i = 0; i < 14; i++) {
        store.stepBack();
        backward.push(snap(store));
      }
      expect(backward.reverse(), id).toEqual(forward);
      store.step();
      store.step();
      expect(snap(store)).toBe(forward[2]);
    }
  });

  it('step back from a point between events goes to the last event before it', () => {
    const store = new SimStore(findScenario('seed-basic')!);
    store.seekTime(1000);
    const before = store.getSnapshot().trace.length;
    store.stepBack();
    expect(store.getSnapshot().trace.length).toBe(before);
    expect(store.getSnapshot().now).toBe(store.getSnapshot().trace[before - 1]!.t);
  });
});

describe('playing', () => {
  it('slows down while a line is on the wire, so every token can be followed', () => {
    const frames = fakeFrames();
    const store = new SimStore(findScenario('seed-basic')!);
    store.play();
    // Until the first line is on the wire.
    while (shortestFlightAt(store.getSnapshot().trace, store.getSnapshot().now) === undefined) frames.frame();
    const start = store.getSnapshot().now;
    let wall = 0;
    while (shortestFlightAt(store.getSnapshot().trace, store.getSnapshot().now) !== undefined && wall < 10_000) {
      frames.frame();
      wall += 16;
    }
    // The greeting takes 20 virtual ms; on screen it takes about MIN_FLIGHT_WALL_MS at 1x.
    expect(store.getSnapshot().now - start).toBeGreaterThanOrEqual(20);
    expect(wall).toBeGreaterThan(MIN_FLIGHT_WALL_MS * 0.8);
    expect(wall).toBeLessThan(MIN_FLIGHT_WALL_MS * 1.5);
  });

  it('plays the seed to delivery at 8x within a few seconds, then stops at the end', () => {
    const frames = fakeFrames();
    const store = new SimStore(findScenario('seed-basic')!);
    store.setSpeed(8);
    store.play();
    let wall = 0;
    while (store.getSnapshot().playing && wall < 60_000) {
      frames.frame();
      wall += 16;
    }
    expect(wall).toBeLessThan(8000);
    const view = store.getSnapshot();
    expect(view.trace.some((e) => e.kind === 'deliver')).toBe(true);
    expect(view.now).toBe(view.horizon.time);
    expect(atEnd(view)).toBe(true);
  });

  it('fast-forwards an idle wait and says so', () => {
    const frames = fakeFrames();
    const store = new SimStore(findScenario('greylisting')!);
    store.setSpeed(8);
    store.play();
    let seen: { from: number; to: number } | undefined;
    let wall = 0;
    while (store.getSnapshot().playing && wall < 60_000) {
      frames.frame();
      wall += 16;
      seen ??= store.getSnapshot().skipping;
    }
    expect(seen).toBeDefined();
    expect(seen!.to - seen!.from).toBeGreaterThan(290_000);
    expect(store.getSnapshot().trace.some((e) => e.kind === 'deliver')).toBe(true);
    expect(wall).toBeLessThan(20_000);
  });

  it('play at the end plays again from the start', () => {
    fakeFrames();
    const store = new SimStore(findScenario('seed-basic')!);
    store.seekTime(store.getSnapshot().horizon.time);
    expect(atEnd(store.getSnapshot())).toBe(true);
    playOrPause(store);
    expect(store.getSnapshot().playing).toBe(true);
    expect(store.getSnapshot().now).toBe(0);
  });

  it('knows the idle waits and the milestones of the whole run', () => {
    const store = new SimStore(findScenario('greylisting')!);
    const { idle, marks } = store.getSnapshot().horizon;
    expect(idle?.length).toBe(1);
    expect(marks?.map((m) => m.kind)).toEqual(['queue.defer', 'deliver']);
  });
});
