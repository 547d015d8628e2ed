import type { DnsDb } from './db';
import { faultAt } from './faults';
import { isAtOrAbove, normalizeName } from './names';
import type { CnameRecord, DnsRecord, RecordOfType, RecordType } from './zone';

/**
 * Resolvers give up on long alias chains (Unbound stops at 11, BIND at 16); a lower bound keeps a
 * scenario's mistake visible after a few hops rather than after many.
 */
export const MAX_CNAME_CHAIN = 8;

export type ServfailCause = 'fault' | 'cname-loop' | 'cname-chain-too-long';

/**
 * What a recursive resolver answers to one question. Every kind carries the CNAME chain followed before
 * the outcome so that a trace can show where an alias led, even when it led nowhere.
 */
export type QueryResult<R extends DnsRecord = DnsRecord> =
  | { readonly kind: 'answer'; readonly records: readonly R[]; readonly cnameChain: readonly CnameRecord[] }
  | { readonly kind: 'nodata'; readonly cnameChain: readonly CnameRecord[] }
  | { readonly kind: 'nxdomain'; readonly cnameChain: readonly CnameRecord[] }
  | { readonly kind: 'servfail'; readonly cause: ServfailCause; readonly cnameChain: readonly CnameRecord[] }
  | { readonly kind: 'timeout'; readonly cnameChain: readonly CnameRecord[] };

/** One question to the resolver and its answer, in the order asked: what the UI animates as a DNS side trip. */
export interface DnsStep {
  readonly query: { readonly name: string; readonly type: RecordType };
  readonly answer: QueryResult;
}

export const isTransientResult = (r: QueryResult): boolean => r.kind === 'servfail' || r.kind === 'timeout';

/** The name the outcome applies to: the end of the alias chain, or the name asked. */
export function finalName(asked: string, chain: readonly CnameRecord[]): string {
  return normalizeName(chain[chain.length - 1]?.target ?? asked);
}

export function query<T extends RecordType>(db: DnsDb, name: string, type: T): QueryResult<RecordOfType<T>> {
  const cnameChain: CnameRecord[] = [];
  const seen = new Set<string>();
  let current = normalizeName(name);
  for (;;) {
    const fault = faultAt(db.faults, current, type);
    if (fault === 'servfail') return { kind: 'servfail', cause: 'fault', cnameChain };
    if (fault === 'timeout') return { kind: 'timeout', cnameChain };
    if (fault === 'nxdomain') return { kind: 'nxdomain', cnameChain };

    seen.add(current);
    const here = db.records.filter((r) => normalizeName(r.name) === current);
    // RFC 1034 3.6.2: a CNAME owns its name outright, so it wins over any other data wrongly left beside it.
    const alias = type === 'CNAME' ? undefined : here.find((r): r is CnameRecord => r.type === 'CNAME');
    if (alias !== undefined) {
      cnameChain.push(alias);
      const target = normalizeName(alias.target);
      if (seen.has(target)) return { kind: 'servfail', cause: 'cname-loop', cnameChain };
      if (cnameChain.length > MAX_CNAME_CHAIN) return { kind: 'servfail', cause: 'cname-chain-too-long', cnameChain };
      current = target;
      continue;
    }
    const records = here.filter((r): r is RecordOfType<T> => r.type === type);
    if (records.length > 0) return { kind: 'answer', records, cnameChain };
    const exists = db.records.some((r) => isAtOrAbove(current, r.name));
    return exists ? { kind: 'nodata', cnameChain } : { kind: 'nxdomain', cnameChain };
  }
}
