import { normalizeName } from './names';
import type { MxRecord } from './zone';

/** Injected so that the simulation stays reproducible: the world passes its seeded source. Returns [0, 1). */
export interface Random {
  next(): number;
}

/** Fisher-Yates; it draws nothing for a list of one, so a single MX never disturbs the world's random stream. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random.next() * (i + 1)));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

/**
 * RFC 5321 5.1: most preferred (lowest number) first, and hosts of equal preference in random order so
 * that senders spread their load across them. An exchange listed twice is kept only at its best
 * preference: a resolver would not ask twice, nor an MTA connect twice.
 */
export function orderByPreference(mx: readonly MxRecord[], random: Random): MxRecord[] {
  const preferences = [...new Set(mx.map((r) => r.preference))].sort((a, b) => a - b);
  const ordered = preferences.flatMap((p) =>
    shuffle(
      mx.filter((r) => r.preference === p),
      random,
    ),
  );
  const seen = new Set<string>();
  return ordered.filter((r) => {
    const key = normalizeName(r.exchange);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
