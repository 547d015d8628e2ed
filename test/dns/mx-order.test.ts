import { describe, expect, it } from 'vitest';
import type { MxRecord } from '../../src/dns';
import { orderByPreference, shuffle } from '../../src/dns/mx-order';
import { noRandom, scripted, seeded } from './random';

const mx = (preference: number, exchange: string): MxRecord => ({ type: 'MX', name: 'd.example', preference, exchange });
const exchanges = (rs: readonly MxRecord[]) => rs.map((r) => r.exchange);

describe('orderByPreference', () => {
  it('sorts by ascending preference without drawing when all preferences differ', () => {
    expect(exchanges(orderByPreference([mx(30, 'c'), mx(10, 'a'), mx(20, 'b')], noRandom))).toEqual(['a', 'b', 'c']);
  });

  it('draws exactly once per swap position within each equal-preference group', () => {
    const random = scripted(0, 0.99, 0.5);
    // group 10: [a1, a2, a3] with draws 0 (i=2 -> j=0) then 0.99 (i=1 -> j=1); group 20: [b1, b2] with 0.5 (i=1 -> j=1)
    expect(exchanges(orderByPreference([mx(20, 'b1'), mx(10, 'a1'), mx(20, 'b2'), mx(10, 'a2'), mx(10, 'a3')], random))).toEqual([
      'a3',
      'a2',
      'a1',
      'b1',
      'b2',
    ]);
    expect(random.used()).toBe(3);
  });

  it('is the same for the same seed and varies across seeds', () => {
    const records = [mx(10, 'a'), mx(10, 'b'), mx(10, 'c'), mx(10, 'd'), mx(20, 'z')];
    const orderFor = (seed: number) => exchanges(orderByPreference(records, seeded(seed))).join(',');
    expect(orderFor(42)).toBe(orderFor(42));
    const seen = new Set(Array.from({ length: 50 }, (_, seed) => orderFor(seed)));
    expect(seen.size).toBeGreaterThan(10);
    for (const order of seen) expect(order.endsWith(',z')).toBe(true);
  });

  it('keeps an exchange listed twice only at its best preference, case-insensitively', () => {
    expect(orderByPreference([mx(20, 'MX.example.'), mx(10, 'mx.example'), mx(30, 'other')], noRandom)).toEqual([
      mx(10, 'mx.example'),
      mx(30, 'other'),
    ]);
  });
});

describe('shuffle', () => {
  it('never reads past the list even if the source returns 1', () => {
    expect(shuffle(['a', 'b'], { next: () => 1 })).toEqual(['a', 'b']);
  });
});
