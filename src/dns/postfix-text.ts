import type { RecordType } from './zone';

type FailedKind = 'nxdomain' | 'nodata' | 'servfail' | 'timeout';

/**
 * Postfix's dns_strerror() texts for the resolver's h_errno. A timeout and a SERVFAIL both reach Postfix as
 * TRY_AGAIN, so they read the same.
 */
const H_ERRNO_TEXT: Readonly<Record<FailedKind, string>> = {
  nxdomain: 'Host not found',
  nodata: 'Host found but no data record of requested type',
  servfail: 'Host not found, try again',
  timeout: 'Host not found, try again',
};

/** The wording of Postfix's dns_query(), so bounces and logs read as they would from a real MTA. */
export function nameServiceError(name: string, type: RecordType, kind: FailedKind): string {
  return `Host or domain name not found. Name service error for name=${name} type=${type}: ${H_ERRNO_TEXT[kind]}`;
}

export const nullMxText = (domain: string): string => `Domain ${domain} does not accept mail (nullMX)`;

export const loopsBackText = (domain: string): string => `mail for ${domain} loops back to myself`;

export const noPrimaryRelayText = (domain: string): string => `unable to find primary relay for ${domain}`;
