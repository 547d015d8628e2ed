import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageId, messageIdForQueueId, queueId, type RandomSource } from '../../../src/protocol/message/ids';
import { seededRandom } from '../../../src/world/seeded-random';

/** A fixed sequence, so the expected ids can be written out. */
function sequence(values: number[]): RandomSource {
  let i = 0;
  return { next: () => values[i++ % values.length] as number };
}

/** The world's own seeded source (mulberry32), as the world passes it. */
const seeded = (seed: number): RandomSource => seededRandom(seed);

const T = Date.UTC(2026, 10, 28, 20, 52, 27);

describe('queueId', () => {
  it('draws the length, then one hex digit per draw', () => {
    const r = sequence([0, 4 / 16, 15 / 16, 2 / 16, 10 / 16, 1 / 16, 12 / 16, 8 / 16, 11 / 16, 3 / 16, 13 / 16]);
    expect(queueId(r)).toBe('4F2A1C8B3D');
  });
  it('is 10 to 12 uppercase hex characters for any source', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(queueId(seeded(seed))).toMatch(/^[0-9A-F]{10,12}$/);
      }),
    );
  });
  it('survives a source that returns exactly 1', () => {
    expect(queueId(sequence([1]))).toBe('FFFFFFFFFFFF');
  });
  it('is the same for the same seed', () => {
    expect(queueId(seeded(42))).toBe(queueId(seeded(42)));
  });
});

describe('messageId', () => {
  it('puts the UTC time in front of the queue id, as cleanup does', () => {
    expect(messageIdForQueueId('4F2A1C8B3D', T, 'mydomain.com')).toBe('<20261128205227.4F2A1C8B3D@mydomain.com>');
  });
  it('draws its queue-id part from the source', () => {
    const r = sequence([0, 4 / 16, 15 / 16, 2 / 16, 10 / 16, 1 / 16, 12 / 16, 8 / 16, 11 / 16, 3 / 16, 13 / 16]);
    expect(messageId(r, T, 'mydomain.com')).toBe('<20261128205227.4F2A1C8B3D@mydomain.com>');
  });
});
