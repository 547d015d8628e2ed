import type { DnsFaults } from './faults';
import { type DnsRecord, recordsFromSpec, type ZoneSpec } from './zone';

/** Everything the simulated resolver knows: the records of every zone in the scenario and the faults injected. */
export interface DnsDb {
  readonly records: readonly DnsRecord[];
  readonly faults: DnsFaults;
}

export function createDnsDb(spec: ZoneSpec, faults: DnsFaults = {}): DnsDb {
  return { records: recordsFromSpec(spec), faults };
}
