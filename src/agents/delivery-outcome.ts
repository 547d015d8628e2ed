import type { MailRoute } from '../dns';
import type { RecipientOutcome } from './mail-queue';
import { requestOf, type SmtpClientResult } from './smtp-client-outcome';

/** What one client session decided, in the queue's terms. */
export function outcomesFromClient(result: SmtpClientResult): RecipientOutcome[] {
  return result.recipients.map((r) => ({
    address: r.address,
    status: r.outcome,
    reason: r.reason,
    dsn: r.dsn,
    remoteMta: result.toHost,
    ...(result.remoteIp ? { remoteIp: result.remoteIp } : {}),
    ...(r.reply ? { reply: r.reply } : {}),
    ...(r.stage && r.stage !== 'connect' ? { inReplyTo: requestOf(r.stage).replace(/ command$/, '') } : {}),
  }));
}

/** A DNS failure decides for every recipient of the domain: NXDOMAIN and null MX bounce, SERVFAIL waits. */
export function outcomesFromRoute(recipients: readonly string[], route: Extract<MailRoute, { ok: false }>): RecipientOutcome[] {
  return recipients.map((address) => ({ address, status: route.permanent ? 'failed' : 'deferred', reason: route.reason, dsn: route.dsn }));
}

const BEFORE_ANY_RECIPIENT = new Set(['connect', 'greeting', 'EHLO', 'HELO', 'LHLO']);

/**
 * RFC 5321 5.1: when a host cannot be reached or turns us away before any recipient was discussed, try the
 * next MX; a 5xx greeting too, as Postfix's smtp_skip_5xx_greeting does. A recipient-level 4xx
 * (greylisting) is that host's answer, and waits for a retry.
 */
export function shouldTryNextHost(result: SmtpClientResult): boolean {
  return (
    result.recipients.length > 0 &&
    result.recipients.every((r) => r.outcome !== 'sent' && (r.stage === undefined || BEFORE_ANY_RECIPIENT.has(r.stage)) && (r.outcome === 'deferred' || r.stage === 'greeting'))
  );
}
