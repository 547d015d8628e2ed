/**
 * The mail transaction of an SMTP client, RFC 5321 3.3 and 4.1.1.2-4.1.1.4, as pure steps:
 * reading reply lines, the MAIL FROM line with its parameters, and what each reply to MAIL, RCPT,
 * DATA and the end of data means for the recipients and for what to send next.
 *
 * Replies are matched to commands in the order the commands were sent (RFC 2920 3.1): the session keeps
 * a queue of unanswered commands, and each complete reply answers the oldest one. Without PIPELINING the
 * queue simply never holds more than one command.
 */
import { splitLines } from '../protocol/message/dot-stuffing';
import { octetLength } from '../protocol/limits';
import { assembleReply, parseReplyLine, type Reply } from '../protocol/reply';
import type { EhloCapabilities } from './smtp-client-capabilities';
import {
  deliveredBy,
  isSuccess,
  type PendingCommand,
  type RecipientStatus,
  rejectedBy,
  settleOpen,
  settleWhere,
} from './smtp-client-outcome';

// ---------------------------------------------------------------------------------------------
// Reading replies

export type ReadResult =
  | { readonly kind: 'partial'; readonly lines: readonly string[] }
  | { readonly kind: 'reply'; readonly reply: Reply }
  | { readonly kind: 'garbage'; readonly text: string };

/** Adds one line to the reply being read. A line that is not `ddd[ -]text` is garbage. */
export function readReplyLine(sofar: readonly string[], text: string): ReadResult {
  if (!parseReplyLine(text).ok) return { kind: 'garbage', text };
  const lines = [...sofar, text];
  const reply = assembleReply(lines);
  return reply === undefined ? { kind: 'partial', lines } : { kind: 'reply', reply };
}

// ---------------------------------------------------------------------------------------------
// The message and the MAIL FROM line

/** True when the message has octets above 127 and so needs BODY=8BITMIME (RFC 6152). */
export const has8bit = (data: string): boolean => /[^\x00-\x7f]/.test(data);

/** The message size as the server will count it: its lines in CRLF form, in octets (RFC 1870). */
export function messageSize(data: string): number {
  return splitLines(data).reduce((n, line) => n + octetLength(line) + 2, 0);
}

/** `MAIL FROM:<a@b> SIZE=n BODY=8BITMIME`, parameters in Postfix's order, only those the server offered. */
export function mailFromLine(from: string, caps: EhloCapabilities, size: number, eightBit: boolean): string {
  let line = `MAIL FROM:<${from}>`;
  if (caps.size !== undefined) line += ` SIZE=${size}`;
  if (eightBit && caps.eightBitMime) line += ' BODY=8BITMIME';
  return line;
}

export const rcptToLine = (address: string): string => `RCPT TO:<${address}>`;

// ---------------------------------------------------------------------------------------------
// The transaction

export interface Transaction {
  readonly recipients: readonly RecipientStatus[];
  /** Commands sent and not yet answered, oldest first. */
  readonly awaiting: readonly PendingCommand[];
  /** MAIL was refused: later RCPT replies in the same pipelined batch are read and ignored. */
  readonly mailRejected: boolean;
  readonly dataReply?: Reply;
}

export interface TransactionStep {
  readonly t: Transaction;
  readonly send: readonly string[];
}

export const pendingRecipients = (recipients: readonly RecipientStatus[]): RecipientStatus[] =>
  recipients.filter((r) => r.state === 'pending');

export const anyAccepted = (recipients: readonly RecipientStatus[]): boolean => recipients.some((r) => r.state === 'accepted');

/**
 * Opens the transaction. With PIPELINING, MAIL, every RCPT and DATA go out as one batch (RFC 2920 3.1,
 * DATA being the last command of the group); otherwise MAIL alone.
 */
export function beginEnvelope(t: Transaction, mailLine: string, pipelined: boolean): TransactionStep {
  if (!pipelined) return { t: { ...t, awaiting: [...t.awaiting, { name: 'MAIL' }] }, send: [mailLine] };
  const rcpts = t.recipients.map((r, i) => ({ line: rcptToLine(r.address), cmd: { name: 'RCPT', rcpt: i } as const }));
  return {
    t: { ...t, awaiting: [...t.awaiting, { name: 'MAIL' }, ...rcpts.map((r) => r.cmd), { name: 'DATA' }] },
    send: [mailLine, ...rcpts.map((r) => r.line), 'DATA'],
  };
}

/** Without pipelining: after MAIL or a RCPT is answered, the next RCPT, else DATA if anyone was accepted, else nothing. */
function nextLockstepCommand(t: Transaction, after: number): TransactionStep {
  const next = after + 1;
  const address = t.recipients[next]?.address;
  if (address !== undefined) return { t: { ...t, awaiting: [...t.awaiting, { name: 'RCPT', rcpt: next }] }, send: [rcptToLine(address)] };
  if (anyAccepted(t.recipients)) return { t: { ...t, awaiting: [...t.awaiting, { name: 'DATA' }] }, send: ['DATA'] };
  return { t, send: [] };
}

/**
 * A reply to MAIL or RCPT (already taken off the queue as `command`). When this step leaves DATA at the
 * head of the queue the session moves on to wait for 354; when it leaves the queue empty, there is
 * nothing left to do but QUIT (MAIL refused, or every recipient refused).
 */
export function envelopeReply(t: Transaction, reply: Reply, command: PendingCommand, peer: string, pipelined: boolean): TransactionStep {
  if (command.name === 'MAIL') {
    if (isSuccess(reply)) return pipelined ? { t, send: [] } : nextLockstepCommand(t, -1);
    return { t: { ...t, mailRejected: true, recipients: settleOpen(t.recipients, rejectedBy(peer, reply, 'MAIL')) }, send: [] };
  }
  if (command.name !== 'RCPT' || command.rcpt === undefined) return { t, send: [] };
  const index = command.rcpt;
  let recipients = t.recipients;
  if (!t.mailRejected && recipients[index]?.state === 'pending') {
    recipients = isSuccess(reply)
      ? recipients.map((r, i) => (i === index ? { ...r, state: 'accepted' as const, reply } : r))
      : settleWhere(recipients, (_, i) => i === index, rejectedBy(peer, reply, 'RCPT'));
  }
  const next = { ...t, recipients };
  return pipelined || t.mailRejected ? { t: next, send: [] } : nextLockstepCommand(next, index);
}

/** A reply to DATA other than 354: it decides for every recipient accepted so far. */
export function dataRefused(t: Transaction, reply: Reply, peer: string): Transaction {
  return { ...t, recipients: settleWhere(t.recipients, (r) => r.state === 'accepted', rejectedBy(peer, reply, 'DATA')) };
}

/**
 * After 354: the message lines (dot-stuffed, ending with "."), and what replies to expect: one in SMTP,
 * one per accepted recipient in RCPT order in LMTP (RFC 2033 4.2). If the server said 354 although no
 * recipient was accepted (possible with pipelining), RFC 2920 3.1 has the client send just the "."; its
 * one reply (in LMTP too, where such a server is broken anyway) decides nothing.
 */
export function beginBody(t: Transaction, dataLines: readonly string[], lmtp: boolean): TransactionStep {
  const accepted = t.recipients.flatMap((r, i) => (r.state === 'accepted' ? [i] : []));
  if (accepted.length === 0) return { t: { ...t, awaiting: [...t.awaiting, { name: 'DOT' }] }, send: ['.'] };
  const expect: PendingCommand[] = lmtp ? accepted.map((rcpt) => ({ name: 'DOT', rcpt })) : [{ name: 'DOT' }];
  return { t: { ...t, awaiting: [...t.awaiting, ...expect] }, send: dataLines };
}

/** A reply to the end of data: for one recipient in LMTP, for every accepted one in SMTP. */
export function bodyReply(t: Transaction, reply: Reply, command: PendingCommand, peer: string): Transaction {
  const verdict = isSuccess(reply) ? deliveredBy(reply) : rejectedBy(peer, reply, 'DOT');
  const decides = command.rcpt === undefined ? (r: RecipientStatus) => r.state === 'accepted' : (_: RecipientStatus, i: number) => i === command.rcpt;
  const recipients = settleWhere(t.recipients, (r, i) => r.state === 'accepted' && decides(r, i), verdict);
  const decidedAny = recipients.some((r, i) => r !== t.recipients[i]);
  return { ...t, recipients, ...(decidedAny ? { dataReply: reply } : {}) };
}
