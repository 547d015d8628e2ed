/**
 * How an SMTP client session ends for each recipient, and the one-line reasons it gives, worded as
 * Postfix's smtp(8) logs them (smtp_proto.c, smtp_trouble.c, smtp_sasl_glue.c):
 *
 *   host mx.example[192.0.2.25] said: 550 5.1.1 <bob@example>: Recipient address rejected: ... (in reply to RCPT TO command)
 *   lost connection with mx.example[192.0.2.25] while sending RCPT TO
 *   conversation with mx.example[192.0.2.25] timed out while sending end of data -- message may be sent more than once
 *
 * Everything here is pure.
 */
import { formatReply, type Reply } from '../protocol/reply';

export type Outcome = 'sent' | 'deferred' | 'failed';

/** The commands whose replies the client waits for; `greeting` is the server's opening 220. */
export type CommandName = 'greeting' | 'EHLO' | 'HELO' | 'LHLO' | 'AUTH' | 'MAIL' | 'RCPT' | 'DATA' | 'DOT' | 'QUIT';

/** Where in the dialog a recipient's fate was decided: the queue tries the next MX only for `connect` and the greeting. */
export type Stage = CommandName | 'connect';

/** A command sent and not yet answered. `rcpt` is the recipient index for RCPT, and for DOT in LMTP. */
export interface PendingCommand {
  readonly name: CommandName;
  readonly rcpt?: number;
}

/** A recipient during the session: `pending` before its RCPT reply, `accepted` after a 2xx to RCPT. */
export interface RecipientStatus {
  readonly address: string;
  readonly state: 'pending' | 'accepted' | Outcome;
  readonly reply?: Reply;
  readonly reason?: string;
  readonly dsn?: string;
  readonly stage?: Stage;
}

export interface SmtpClientRecipientResult {
  readonly address: string;
  readonly outcome: Outcome;
  /** The server reply that decided it; absent when the client decided alone (timeout, lost connection, size). */
  readonly reply?: Reply;
  /** One line, as Postfix writes after `status=...` in its log. */
  readonly reason: string;
  /** RFC 3463 status for the DSN: the reply's own, else derived from its class, else the local one. */
  readonly dsn: string;
  readonly stage?: Stage;
}

export interface SmtpClientResult {
  readonly connId: string;
  readonly toHost: string;
  readonly remoteIp?: string;
  readonly recipients: readonly SmtpClientRecipientResult[];
  /** The reply to the end of data (in LMTP, the last of the per-recipient replies). */
  readonly dataReply?: Reply;
}

/** A decision for one recipient. */
export interface Verdict {
  readonly state: Outcome;
  readonly reason: string;
  readonly dsn: string;
  readonly reply?: Reply;
  readonly stage?: Stage;
}

/** Postfix's `namaddr`: `host[ip]`, or just the host before the connection is up. */
export const peerName = (toHost: string, remoteIp?: string): string => (remoteIp ? `${toHost}[${remoteIp}]` : toHost);

/** A reply on one line, continuation markers kept, as Postfix's translit(resp->str, "\n", " ") prints it. */
export const replyText = (r: Reply): string => formatReply(r).join(' ');

export const isSuccess = (r: Reply): boolean => r.code >= 200 && r.code < 300;

/**
 * The enhanced status code of a reply: its own when its class matches the reply code's (Postfix ignores
 * one that does not), else the class default Postfix derives (`2.0.0`, `4.0.0`, `5.0.0`).
 */
export function statusOf(r: Reply): string {
  const cls = Math.floor(r.code / 100);
  if (r.dsn?.startsWith(`${cls}.`)) return r.dsn;
  return cls === 2 || cls === 5 ? `${cls}.0.0` : '4.0.0';
}

/** The status of a refusal: a reply that is no refusal at all (2xx or 3xx where 4xx/5xx was due) counts as 4.0.0. */
const refusalStatus = (r: Reply): string => (r.code >= 400 ? statusOf(r) : '4.0.0');

/** Where the conversation was, for "lost connection ... while ..." and "timed out while ...". */
export function phaseOf(name: CommandName | undefined): string {
  switch (name) {
    case 'greeting':
      return 'receiving the initial server greeting';
    case 'EHLO':
    case 'HELO':
    case 'LHLO':
      return `performing the ${name} handshake`;
    case 'AUTH':
      return 'performing SASL authentication';
    case 'MAIL':
      return 'sending MAIL FROM';
    case 'RCPT':
      return 'sending RCPT TO';
    case 'DATA':
      return 'sending DATA command';
    case 'DOT':
      return 'sending end of data -- message may be sent more than once';
    case 'QUIT':
      return 'sending QUIT';
    default:
      return 'talking to the server';
  }
}

/** The "(in reply to ...)" part. */
export function requestOf(name: CommandName): string {
  switch (name) {
    case 'MAIL':
      return 'MAIL FROM command';
    case 'RCPT':
      return 'RCPT TO command';
    case 'DOT':
      return 'end of DATA command';
    case 'greeting':
      return 'initial server greeting';
    default:
      return `${name} command`;
  }
}

/** A negative reply: 5xx fails the recipient, anything else (4xx, or a reply that makes no sense here) defers it. */
export function rejectedBy(peer: string, reply: Reply, name: CommandName): Verdict {
  return {
    state: reply.code >= 500 ? 'failed' : 'deferred',
    reply,
    dsn: refusalStatus(reply),
    stage: name,
    reason: `host ${peer} said: ${replyText(reply)} (in reply to ${requestOf(name)})`,
  };
}

/** Greeting or HELO/EHLO/LHLO turned down. */
export function refusedBy(peer: string, reply: Reply, stage: Stage = 'greeting'): Verdict {
  return {
    state: reply.code >= 500 ? 'failed' : 'deferred',
    reply,
    dsn: refusalStatus(reply),
    stage,
    reason: `host ${peer} refused to talk to me: ${replyText(reply)}`,
  };
}

export function authRejectedBy(peer: string, reply: Reply): Verdict {
  return {
    state: reply.code >= 500 ? 'failed' : 'deferred',
    reply,
    dsn: refusalStatus(reply),
    stage: 'AUTH',
    reason: `SASL authentication failed; server ${peer} said: ${replyText(reply)}`,
  };
}

export const noCompatibleMechanism = (peer: string): Verdict => ({
  state: 'deferred',
  dsn: '4.7.0',
  reason: `SASL authentication failed: server ${peer} offered no compatible authentication mechanisms for this type of connection security`,
});

/** The end-of-data reply that delivered the message: Postfix logs `status=sent (250 2.0.0 Ok: queued as ...)`. */
export const deliveredBy = (reply: Reply): Verdict => ({ state: 'sent', reply, dsn: statusOf(reply), stage: 'DOT', reason: replyText(reply) });

export const lostConnection = (peer: string, name: CommandName | undefined): Verdict => ({
  state: 'deferred',
  dsn: '4.4.2',
  ...(name === undefined ? {} : { stage: name }),
  reason: `lost connection with ${peer} while ${phaseOf(name)}`,
});

export const timedOut = (peer: string, name: CommandName | undefined): Verdict => ({
  state: 'deferred',
  dsn: '4.4.2',
  ...(name === undefined ? {} : { stage: name }),
  reason: `conversation with ${peer} timed out while ${phaseOf(name)}`,
});

export const connectTimedOut = (toHost: string, port: number): Verdict => ({
  state: 'deferred',
  dsn: '4.4.1',
  stage: 'connect',
  reason: `connect to ${toHost}:${port}: Connection timed out`,
});

/** The world's own wording, e.g. `connect to mx1.example[192.0.2.25]:25: Connection refused`. */
export const connectFailed = (reason: string): Verdict => ({ state: 'deferred', dsn: '4.4.1', stage: 'connect', reason });

/** A line that is not a reply: the dialog is out of step, so nothing more it says can be trusted. */
export const unexpectedReply = (peer: string, text: string): Verdict => ({
  state: 'deferred',
  dsn: '4.5.0',
  reason: `host ${peer} said: ${text} (unexpected reply)`,
});

/** Postfix checks SIZE before MAIL FROM and bounces without trying (smtp_proto.c, DSN 5.3.4). */
export const tooBigFor = (peer: string, size: number, limit: number): Verdict => ({
  state: 'failed',
  dsn: '5.3.4',
  reason: `message size ${size} exceeds size limit ${limit} of server ${peer}`,
});

export const isOpen = (r: RecipientStatus): boolean => r.state === 'pending' || r.state === 'accepted';

const decide = (r: RecipientStatus, v: Verdict): RecipientStatus => ({
  address: r.address,
  state: v.state,
  reason: v.reason,
  dsn: v.dsn,
  ...(v.reply === undefined ? {} : { reply: v.reply }),
  ...(v.stage === undefined ? {} : { stage: v.stage }),
});

/** Decides every recipient still open (not yet sent, deferred or failed). */
export function settleOpen(recipients: readonly RecipientStatus[], v: Verdict): RecipientStatus[] {
  return recipients.map((r) => (isOpen(r) ? decide(r, v) : r));
}

/** Decides the recipients that `which` selects among the open ones. */
export function settleWhere(recipients: readonly RecipientStatus[], which: (r: RecipientStatus, i: number) => boolean, v: Verdict): RecipientStatus[] {
  return recipients.map((r, i) => (isOpen(r) && which(r, i) ? decide(r, v) : r));
}

export interface ResultParts {
  readonly connId: string;
  readonly toHost: string;
  readonly remoteIp?: string;
  readonly recipients: readonly RecipientStatus[];
  readonly dataReply?: Reply;
}

/**
 * The session's result. Every path of the machine decides every recipient before it ends; should one
 * still be open (a bug), it is deferred rather than lost, so that mail is never silently dropped.
 */
export function toResult(p: ResultParts): SmtpClientResult {
  const peer = peerName(p.toHost, p.remoteIp);
  const recipients = p.recipients.map((r): SmtpClientRecipientResult => {
    if (r.state === 'pending' || r.state === 'accepted') {
      return { address: r.address, outcome: 'deferred', dsn: '4.3.0', reason: `delivery to ${peer} did not complete` };
    }
    return {
      address: r.address,
      outcome: r.state,
      reason: r.reason ?? '',
      dsn: r.dsn ?? (r.state === 'sent' ? '2.0.0' : r.state === 'failed' ? '5.0.0' : '4.0.0'),
      ...(r.reply === undefined ? {} : { reply: r.reply }),
      ...(r.stage === undefined ? {} : { stage: r.stage }),
    };
  });
  return {
    connId: p.connId,
    toHost: p.toHost,
    ...(p.remoteIp === undefined ? {} : { remoteIp: p.remoteIp }),
    recipients,
    ...(p.dataReply === undefined ? {} : { dataReply: p.dataReply }),
  };
}
