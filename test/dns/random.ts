import type { Random } from '../../src/dns';

/** mulberry32: a tiny seeded generator, standing in for the world's random source. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Replays fixed draws and counts them, so a test can say exactly how much randomness was used. */
export function scripted(...draws: number[]): Random & { readonly used: () => number } {
  let i = 0;
  return {
    next() {
      const v = draws[i++];
      if (v === undefined) throw new Error('random source exhausted');
      return v;
    },
    used: () => i,
  };
}

/** For code paths that must not draw at all. */
export const noRandom: Random = {
  next() {
    throw new Error('unexpected random draw');
  },
};
