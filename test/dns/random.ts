import type { Random } from '../../src/dns';
import { seededRandom } from '../../src/world/seeded-random';

/** The world's own seeded source (mulberry32), as the world passes it to the DNS code. */
export const seeded = (seed: number): Random => seededRandom(seed);

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
