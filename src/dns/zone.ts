import { normalizeName } from './names';

export type RecordType = 'MX' | 'A' | 'AAAA' | 'CNAME' | 'TXT';

/** `exchange: "."` is the RFC 7505 null MX: the domain declares it accepts no mail at all. */
export interface MxRecord {
  readonly type: 'MX';
  readonly name: string;
  readonly preference: number;
  readonly exchange: string;
}
export interface ARecord {
  readonly type: 'A';
  readonly name: string;
  readonly address: string;
}
export interface AaaaRecord {
  readonly type: 'AAAA';
  readonly name: string;
  readonly address: string;
}
export interface CnameRecord {
  readonly type: 'CNAME';
  readonly name: string;
  readonly target: string;
}
export interface TxtRecord {
  readonly type: 'TXT';
  readonly name: string;
  readonly text: string;
}

export type DnsRecord = MxRecord | ARecord | AaaaRecord | CnameRecord | TxtRecord;
export type RecordOfType<T extends RecordType> = Extract<DnsRecord, { type: T }>;

/**
 * What a scenario author writes for one name. Keyed by owner name in a ZoneSpec, it reads like the
 * zone file it stands for while staying plain JSON.
 */
export interface NameSpec {
  readonly mx?: readonly { readonly preference: number; readonly exchange: string }[];
  readonly a?: readonly string[];
  readonly aaaa?: readonly string[];
  readonly cname?: string;
  readonly txt?: readonly string[];
}

/** e.g. `{ "recipient.example": { mx: [{ preference: 10, exchange: "mx1.recipient.example" }] } }` */
export type ZoneSpec = Readonly<Record<string, NameSpec>>;

/** Names are normalized once here so that records read back from a zone compare and print consistently. */
export function recordsFromSpec(spec: ZoneSpec): DnsRecord[] {
  return Object.entries(spec).flatMap(([owner, s]): DnsRecord[] => {
    const name = normalizeName(owner);
    return [
      ...(s.cname === undefined ? [] : [{ type: 'CNAME', name, target: normalizeName(s.cname) } as const]),
      ...(s.mx ?? []).map(
        (m) => ({ type: 'MX', name, preference: m.preference, exchange: normalizeName(m.exchange) }) as const,
      ),
      ...(s.a ?? []).map((address) => ({ type: 'A', name, address }) as const),
      ...(s.aaaa ?? []).map((address) => ({ type: 'AAAA', name, address }) as const),
      ...(s.txt ?? []).map((text) => ({ type: 'TXT', name, text }) as const),
    ];
  });
}
