/**
 * Queue ids and Message-IDs as Postfix makes them. Randomness is a parameter: the world passes a
 * seeded source, so a replayed run produces the very same ids.
 */

export interface RandomSource {
  /** A number in [0, 1). */
  next(): number;
}

const HEX = '0123456789ABCDEF';

/** An integer in [0, n): clamped, so a source that ever returns 1 cannot index past the end. */
function pick(random: RandomSource, n: number): number {
  return Math.min(n - 1, Math.max(0, Math.floor(random.next() * n)));
}

/**
 * Postfix's short queue id is hex: microseconds then the queue file's inode number, so its length
 * varies with the inode; 10 to 12 characters is what a real server shows.
 */
export function queueId(random: RandomSource): string {
  const length = 10 + pick(random, 3);
  let id = '';
  for (let i = 0; i < length; i++) id += HEX[pick(random, 16)];
  return id;
}

/** UTC YYYYMMDDhhmmss, the timestamp cleanup puts in front of the queue id. */
function compactUtc(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    p(d.getUTCFullYear(), 4) +
    p(d.getUTCMonth() + 1) +
    p(d.getUTCDate()) +
    p(d.getUTCHours()) +
    p(d.getUTCMinutes()) +
    p(d.getUTCSeconds())
  );
}

/**
 * The Message-Id Postfix's cleanup adds when a message lacks one: `<time.queueid@myhostname>`.
 * Use this form when the message already has its queue id, so the two agree as in real logs.
 */
export function messageIdForQueueId(queueIdValue: string, epochMs: number, domain: string): string {
  return `<${compactUtc(epochMs)}.${queueIdValue}@${domain}>`;
}

/** `<20261128205227.4F2A1C8B3D@mydomain.com>` with a fresh queue-id-like part. */
export function messageId(random: RandomSource, epochMs: number, domain: string): string {
  return messageIdForQueueId(queueId(random), epochMs, domain);
}
