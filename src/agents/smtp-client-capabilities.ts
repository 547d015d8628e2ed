/**
 * What an SMTP client learns from the server's EHLO (or LHLO) reply, RFC 5321 4.1.1.1 and the service
 * extensions it names. Parsed the way Postfix's smtp_helo() does: the first line is the server's name,
 * each later line is `keyword [params]`, keywords are case-insensitive, and the old `AUTH=LOGIN PLAIN`
 * form that some servers still send is read like `AUTH LOGIN PLAIN`.
 */
import type { Reply } from '../protocol/reply';

export interface EhloCapabilities {
  /** True after a positive EHLO/LHLO; false after a HELO fallback (no extensions at all). */
  readonly esmtp: boolean;
  /** The first word of the reply's first line: the name the server calls itself. */
  readonly serverName?: string;
  /** RFC 2920. */
  readonly pipelining: boolean;
  /** RFC 1870: undefined when SIZE is not advertised, 0 when it is advertised without a (valid) limit. */
  readonly size?: number;
  /** RFC 6152. */
  readonly eightBitMime: boolean;
  /** RFC 4954: the mechanisms in upper case; undefined when AUTH is not advertised. */
  readonly auth?: readonly string[];
  /** RFC 3207. Recorded only: the simulation has no TLS layer. */
  readonly startTls: boolean;
  /** RFC 2034. */
  readonly enhancedStatusCodes: boolean;
  /** RFC 6531. */
  readonly smtpUtf8: boolean;
  /** RFC 3461. */
  readonly dsn: boolean;
  /** Every keyword advertised, upper case, in order. */
  readonly keywords: readonly string[];
}

/** What a HELO-only server (or a client that has not said hello yet) offers. */
export const NO_CAPABILITIES: EhloCapabilities = {
  esmtp: false,
  pipelining: false,
  eightBitMime: false,
  startTls: false,
  enhancedStatusCodes: false,
  smtpUtf8: false,
  dsn: false,
  keywords: [],
};

/** Reads a positive EHLO/LHLO reply. Never throws: an unknown or malformed line is skipped. */
export function parseEhloReply(reply: Reply): EhloCapabilities {
  const [first = '', ...rest] = reply.lines;
  const serverName = first.trim().split(/\s+/)[0] || undefined;
  let caps: EhloCapabilities = { ...NO_CAPABILITIES, esmtp: true, serverName, keywords: [] };
  const keywords: string[] = [];
  for (const line of rest) {
    const words = line.trim().split(/[\s=]+/).filter((w) => w !== '');
    const keyword = words[0]?.toUpperCase();
    if (keyword === undefined) continue;
    const params = words.slice(1);
    keywords.push(keyword);
    switch (keyword) {
      case 'PIPELINING':
        caps = { ...caps, pipelining: true };
        break;
      case 'SIZE': {
        const limit = params[0];
        caps = { ...caps, size: limit !== undefined && /^\d+$/.test(limit) ? Number(limit) : 0 };
        break;
      }
      case '8BITMIME':
        caps = { ...caps, eightBitMime: true };
        break;
      case 'AUTH': {
        // A server may list AUTH on two lines (AUTH and AUTH=): the mechanisms add up, as in Postfix.
        const mechanisms = [...(caps.auth ?? []), ...params.map((p) => p.toUpperCase())];
        caps = { ...caps, auth: [...new Set(mechanisms)] };
        break;
      }
      case 'STARTTLS':
        caps = { ...caps, startTls: true };
        break;
      case 'ENHANCEDSTATUSCODES':
        caps = { ...caps, enhancedStatusCodes: true };
        break;
      case 'SMTPUTF8':
        caps = { ...caps, smtpUtf8: true };
        break;
      case 'DSN':
        caps = { ...caps, dsn: true };
        break;
      default:
        break;
    }
  }
  return { ...caps, keywords };
}

export type SaslMechanism = 'PLAIN' | 'LOGIN';

/**
 * The mechanism to use: the one asked for if the server offers it, else PLAIN, else LOGIN.
 * Undefined when the server offers none of them (Postfix: "offered no compatible authentication mechanisms").
 */
export function chooseMechanism(offered: readonly string[] | undefined, wanted?: SaslMechanism): SaslMechanism | undefined {
  if (offered === undefined) return undefined;
  if (wanted !== undefined) return offered.includes(wanted) ? wanted : undefined;
  if (offered.includes('PLAIN')) return 'PLAIN';
  if (offered.includes('LOGIN')) return 'LOGIN';
  return undefined;
}
