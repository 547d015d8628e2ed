import { lookupAddresses, type LookupFailure } from './addresses';
import type { DnsDb } from './db';
import { type Random, orderByPreference } from './mx-order';
import { isRoot, normalizeName } from './names';
import { loopsBackText, nameServiceError, noPrimaryRelayText, nullMxText } from './postfix-text';
import { type DnsStep, finalName, query } from './resolve';
import type { MxRecord } from './zone';

/**
 * Enhanced status codes (RFC 3463) the MTA puts in its DSN. 5.4.4 "unable to route" is what Postfix uses
 * for a name that does not resolve; 5.1.10 is RFC 7505's code for a null MX (Postfix's client logs 5.1.0,
 * the RFC's code is the more telling one to teach); 5.4.6 is a routing loop; 4.4.3 a directory server
 * failure; 4.4.4 a backup MX that cannot reach any better one.
 */
export type RouteDsn = '5.1.10' | '5.4.4' | '5.4.6' | '4.4.3' | '4.4.4';

export interface RouteHost {
  readonly exchange: string;
  readonly preference: number;
  readonly addresses: readonly string[];
  /** True when the domain had no MX and its own address stands in (RFC 5321 5.1 implicit MX). */
  readonly implicit: boolean;
}

export type MailRoute =
  | { readonly ok: true; readonly hosts: readonly RouteHost[]; readonly steps: readonly DnsStep[] }
  | {
      readonly ok: false;
      /** False: the caller keeps the message queued and retries; true: it bounces. */
      readonly permanent: boolean;
      readonly reason: string;
      readonly dsn: RouteDsn;
      readonly steps: readonly DnsStep[];
    };

export interface MailRouteOptions {
  /**
   * The hostname of the MTA asking. When it is itself an MX of the domain (a backup MX relaying to the
   * primary), RFC 5321 5.1 has it drop every MX at its own preference or worse, so mail never loops.
   */
  readonly self?: string;
}

type Failure = Extract<MailRoute, { ok: false }>;

function failure(steps: readonly DnsStep[], dsn: RouteDsn, reason: string): Failure {
  return { ok: false, permanent: dsn.startsWith('5'), reason, dsn, steps };
}

function fromLookup(steps: readonly DnsStep[], f: LookupFailure): Failure {
  return failure(steps, f.temporary ? '4.4.3' : '5.4.4', f.reason);
}

/** RFC 5321 5.1: where to deliver mail for `domain`, with every DNS question asked on the way. */
export function resolveMailRoute(db: DnsDb, domain: string, random: Random, options: MailRouteOptions = {}): MailRoute {
  const name = normalizeName(domain);
  const mx = query(db, name, 'MX');
  const steps: DnsStep[] = [{ query: { name, type: 'MX' }, answer: mx }];
  const self = options.self === undefined ? undefined : normalizeName(options.self);
  switch (mx.kind) {
    case 'servfail':
    case 'timeout':
      return failure(steps, '4.4.3', nameServiceError(name, 'MX', mx.kind));
    // RFC 5321 5.1: a non-existent domain MUST be reported as an error; there is nothing to fall back to.
    case 'nxdomain':
      return failure(steps, '5.4.4', nameServiceError(name, 'MX', mx.kind));
    // The alias's target is "processed as if it were the initial name", so its address is what is asked.
    case 'nodata':
      return implicitRoute(db, name, finalName(name, mx.cnameChain), steps, self);
    case 'answer':
      return mxRoute(db, name, mx.records, random, steps, self);
  }
}

function implicitRoute(
  db: DnsDb,
  domain: string,
  host: string,
  steps: readonly DnsStep[],
  self: string | undefined,
): MailRoute {
  if (host === self) return failure(steps, '5.4.6', loopsBackText(domain));
  const found = lookupAddresses(db, host);
  const allSteps = [...steps, ...found.steps];
  if (found.failure !== undefined) return fromLookup(allSteps, found.failure);
  return { ok: true, hosts: [{ exchange: host, preference: 0, addresses: found.addresses, implicit: true }], steps: allSteps };
}

function mxRoute(
  db: DnsDb,
  domain: string,
  records: readonly MxRecord[],
  random: Random,
  steps: readonly DnsStep[],
  self: string | undefined,
): MailRoute {
  // RFC 7505: a null MX means no mail at all, even if other MX records were wrongly published beside it.
  if (records.some((r) => isRoot(r.exchange))) return failure(steps, '5.1.10', nullMxText(domain));

  const ordered = orderByPreference(records, random);
  const mine = ordered.find((r) => normalizeName(r.exchange) === self);
  const candidates = mine === undefined ? ordered : ordered.filter((r) => r.preference < mine.preference);
  if (mine !== undefined && candidates.length === 0) return failure(steps, '5.4.6', loopsBackText(domain));

  const allSteps = [...steps];
  const hosts: RouteHost[] = [];
  let lastTransient: LookupFailure | undefined;
  let lastPermanent: LookupFailure | undefined;
  for (const r of candidates) {
    const exchange = normalizeName(r.exchange);
    const found = lookupAddresses(db, exchange);
    allSteps.push(...found.steps);
    if (found.failure === undefined) {
      hosts.push({ exchange, preference: r.preference, addresses: found.addresses, implicit: false });
    } else if (found.failure.temporary) {
      lastTransient = found.failure;
    } else {
      lastPermanent = found.failure;
    }
  }
  if (hosts.length > 0) return { ok: true, hosts, steps: allSteps };
  // A backup MX must never bounce for want of a primary it cannot find: it keeps the mail and retries.
  if (mine !== undefined) return failure(allSteps, '4.4.4', noPrimaryRelayText(domain));
  // Postfix's own warning stands in only if the MX answer somehow held no candidate at all.
  const fallback = { temporary: true, reason: `no MX host for ${domain} has a valid address record` };
  return fromLookup(allSteps, lastTransient ?? lastPermanent ?? fallback);
}
