import { normalizeName } from './names';
import type { RecordType } from './zone';

/**
 * How a scenario breaks DNS: `nxdomain` hides a name that has records, `servfail` and `timeout` are the
 * transient failures an MTA must retry rather than bounce.
 */
export type DnsFault = 'servfail' | 'timeout' | 'nxdomain';

/**
 * A fault for every query about the name, or only for some types: a server that times out on AAAA while
 * answering A is a classic, and it is the only way to break an implicit MX's address lookup without also
 * breaking the MX lookup of the same name.
 */
export type DnsFaultSpec = DnsFault | { readonly [T in RecordType]?: DnsFault };

export type DnsFaults = Readonly<Record<string, DnsFaultSpec>>;

/** Keys are matched case-insensitively, with or without the trailing dot, like every other name. */
export function faultAt(faults: DnsFaults, name: string, type: RecordType): DnsFault | undefined {
  const wanted = normalizeName(name);
  for (const [key, spec] of Object.entries(faults)) {
    if (normalizeName(key) === wanted) return typeof spec === 'string' ? spec : spec[type];
  }
  return undefined;
}
