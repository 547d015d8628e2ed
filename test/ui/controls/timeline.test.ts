import { describe, expect, it } from 'vitest';
import { formatClock, formatWallClock, makeTimeline } from '../../../src/ui/controls/timeline';

describe('scrubber scale', () => {
  it('is linear when nothing is idle', () => {
    const t = makeTimeline(1000);
    expect(t.toPosition(250)).toBeCloseTo(0.25);
    expect(t.toTime(0.5)).toBeCloseTo(500);
  });

  it('draws an idle wait short, so a retry five minutes later does not squash the busy second', () => {
    const t = makeTimeline(301_200, [{ from: 700, to: 300_700 }]);
    // The busy first attempt takes most of the bar, not 0.2 % of it.
    expect(t.toPosition(700)).toBeGreaterThan(0.3);
    const idle = t.segments.find((s) => s.idle)!;
    expect(idle.end - idle.start).toBeLessThan(0.15);
    // Round trips are exact.
    for (const ms of [0, 350, 700, 150_000, 300_700, 301_000, 301_200]) expect(t.toTime(t.toPosition(ms))).toBeCloseTo(ms, 3);
    expect(t.toPosition(0)).toBe(0);
    expect(t.toPosition(301_200)).toBe(1);
  });

  it('is monotonic', () => {
    const t = makeTimeline(40_000, [{ from: 500, to: 30_500 }, { from: 31_000, to: 39_000 }]);
    let last = -1;
    for (let ms = 0; ms <= 40_000; ms += 250) {
      const p = t.toPosition(ms);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });

  it('prints times with fixed decimals', () => {
    expect(formatClock(840)).toBe('0.840 s');
    expect(formatClock(300_734)).toBe('5 min 00.734 s');
    expect(formatWallClock('2023-11-05T09:30:00Z', 4520)).toBe('09:30:04.520 UTC');
  });
});
