import type { DnsDb } from './db';
import { normalizeName } from './names';
import { nameServiceError } from './postfix-text';
import { type DnsStep, isTransientResult, query } from './resolve';

export interface LookupFailure {
  readonly temporary: boolean;
  readonly reason: string;
}

export interface HostAddresses {
  readonly addresses: readonly string[];
  readonly steps: readonly DnsStep[];
  /** Present only when no address was found at all. */
  readonly failure?: LookupFailure;
}

/**
 * Asks A then AAAA for one host, both always, as a dual-stack MTA does. One family answering is enough.
 * When neither does, a transient failure outweighs a permanent one (a retry may still find the host), and
 * the text is that of the last deciding query, as Postfix reports it.
 */
export function lookupAddresses(db: DnsDb, host: string): HostAddresses {
  const name = normalizeName(host);
  const addresses: string[] = [];
  const steps: DnsStep[] = [];
  let lastTransient: string | undefined;
  let lastPermanent: string | undefined;
  for (const type of ['A', 'AAAA'] as const) {
    const answer = query(db, name, type);
    steps.push({ query: { name, type }, answer });
    if (answer.kind === 'answer') {
      addresses.push(...answer.records.map((r) => r.address));
    } else if (isTransientResult(answer)) {
      lastTransient = nameServiceError(name, type, answer.kind);
    } else {
      lastPermanent = nameServiceError(name, type, answer.kind);
    }
  }
  if (addresses.length > 0) return { addresses, steps };
  const temporary = lastTransient !== undefined;
  return { addresses, steps, failure: { temporary, reason: lastTransient ?? lastPermanent ?? '' } };
}
