import type { Reply } from '../../protocol';
import {
  getHeader,
  getHeaders,
  type Mailbox,
  type ParsedDsn,
  type ParsedReceived,
  parseDsn,
  parseMailboxList,
  parseMessage,
  parseReceived,
} from '../../protocol/message';
import type { TraceEvent } from '../../world/trace';
import { type Connection, dialogOf, type Transaction } from '../transcript/dialog';

/**
 * What the inspector says about one message: its envelope (recovered from the trace), its headers, where
 * the two disagree and why, and its Received chain as a journey. Pure: a message and the trace in, words out.
 */

/** Where the message shown was taken from. */
export type MessageOrigin =
  | { readonly kind: 'mailbox'; readonly address: string; readonly uid: number; readonly host: string; readonly queueId: string; readonly envelopeFrom: string }
  | { readonly kind: 'connection'; readonly connId: string };

export interface EnvelopeRecipient {
  readonly address: string;
  /** False when the server refused this RCPT TO; undefined when not known. */
  readonly accepted?: boolean;
  readonly reply?: Reply;
}

export interface Envelope {
  /** '' is the null sender `<>` of bounces. */
  readonly mailFrom: string;
  readonly rcpts: readonly EnvelopeRecipient[];
  /** In words: where this envelope was read. */
  readonly source: string;
  /** The connection that carried it, to open its transcript. */
  readonly connId?: string;
  /** True when this is the envelope of the first hop, as the sender's client submitted it. */
  readonly firstHop: boolean;
  /** Read from the trace, or only from the headers the MDA added (Return-Path, Delivered-To). */
  readonly fromTrace: boolean;
}

export interface HeaderSummary {
  readonly from?: string;
  readonly fromList: readonly Mailbox[];
  readonly to?: string;
  readonly toList: readonly Mailbox[];
  readonly cc?: string;
  readonly ccList: readonly Mailbox[];
  readonly subject?: string;
  readonly date?: string;
  readonly messageId?: string;
  readonly returnPath?: string;
  readonly deliveredTo?: string;
}

export interface Hop extends ParsedReceived {
  /** Virtual ms of the run at which this hop took the message, when the trace shows it. */
  readonly traceT?: number;
  /** Time since the previous hop, in ms; from the trace when both are known, else from the header dates. */
  readonly delayMs?: number;
  readonly delayFrom?: 'trace' | 'dates';
  readonly raw: string;
}

export interface Note {
  readonly tone: 'info' | 'warn' | 'ok';
  readonly title: string;
  readonly text: string;
}

export interface MessageAnalysis {
  readonly headers: HeaderSummary;
  readonly envelope?: Envelope;
  /** This copy's recipient, from Delivered-To (mailbox messages). */
  readonly thisCopy?: string;
  /** Oldest first: the order the message travelled. */
  readonly hops: readonly Hop[];
  readonly notes: readonly Note[];
  readonly dsn?: ParsedDsn;
}

const lower = (s: string): string => s.toLowerCase();
const angle = (a: string): string => `<${a}>`;
const unangle = (s: string): string => s.trim().replace(/^<(.*)>$/, '$1');

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function summarizeHeaders(raw: string): HeaderSummary {
  const { headers } = parseMessage(raw);
  const read = (name: string) => getHeader(headers, name)?.trim();
  const from = read('From');
  const to = read('To');
  const cc = read('Cc');
  const out: Record<string, unknown> = {
    fromList: from ? parseMailboxList(from) : [],
    toList: to ? parseMailboxList(to) : [],
    ccList: cc ? parseMailboxList(cc) : [],
  };
  const put = (key: string, v: string | undefined) => {
    if (v !== undefined) out[key] = v;
  };
  put('from', from);
  put('to', to);
  put('cc', cc);
  put('subject', read('Subject'));
  put('date', read('Date'));
  put('messageId', read('Message-ID'));
  const rp = read('Return-Path');
  put('returnPath', rp === undefined ? undefined : unangle(rp));
  const dt = read('Delivered-To');
  put('deliveredTo', dt === undefined ? undefined : unangle(dt));
  return out as unknown as HeaderSummary;
}

/** The moment a host took the message under this queue id, from the agents' own records. */
function queuedAt(trace: readonly TraceEvent[], queueId: string): { t: number; event: Extract<TraceEvent, { kind: 'queue.add' }> | undefined } | undefined {
  for (const e of trace) {
    if (e.kind === 'queue.add' && e.queueId === queueId) return { t: e.t, event: e };
    if (e.kind === 'deliver' && e.queueId === queueId) return { t: e.t, event: undefined };
  }
  return undefined;
}

/** The connection and transaction whose final reply named this queue id ("queued as X", "<rcpt> X Saved"). */
function carrierOf(trace: readonly TraceEvent[], queueId: string): { conn: Connection; tx: Transaction } | undefined {
  const word = new RegExp(`(^|\\s)${queueId.replace(/[^A-Za-z0-9]/g, '\\$&')}(\\s|$)`);
  const candidates = new Set<string>();
  for (const e of trace) if (e.kind === 'line' && e.direction === 's2c' && word.test(e.text)) candidates.add(e.connId);
  for (const connId of candidates) {
    const dialog = dialogOf(trace, connId);
    const tx = dialog.transactions.find((t) => t.results.some((r) => word.test(r.lines.join(' '))));
    if (tx && dialog.conn) return { conn: dialog.conn, tx };
  }
  return undefined;
}

function recipientsOf(tx: Transaction): EnvelopeRecipient[] {
  return tx.rcpts.map((r) => (r.reply ? { address: r.address, accepted: r.reply.code < 400, reply: r.reply } : { address: r.address }));
}

const hopName = (h: ParsedReceived): string => h.by ?? 'a server';

function envelopeFromHops(trace: readonly TraceEvent[], hops: readonly Hop[]): Envelope | undefined {
  for (let i = 0; i < hops.length; i++) {
    const id = hops[i]!.id;
    if (!id) continue;
    const carrier = carrierOf(trace, id);
    const queued = queuedAt(trace, id)?.event;
    const via = carrier ? `, received over ${carrier.conn.connId} from ${carrier.conn.from}` : '';
    if (queued) {
      return {
        mailFrom: queued.from,
        rcpts: carrier && carrier.tx.rcpts.length > 0 ? recipientsOf(carrier.tx) : queued.to.map((address) => ({ address, accepted: true })),
        source: `as ${queued.host} queued it (queue id ${id})${via}`,
        ...(carrier ? { connId: carrier.conn.connId } : {}),
        firstHop: i === 0,
        fromTrace: true,
      };
    }
    if (carrier) {
      return {
        mailFrom: carrier.tx.mailFrom,
        rcpts: recipientsOf(carrier.tx),
        source: `as ${hopName(hops[i]!)} received it (id ${id})${via}`,
        connId: carrier.conn.connId,
        firstHop: i === 0,
        fromTrace: true,
      };
    }
  }
  return undefined;
}

/** The Received chain, oldest hop first, with the time each hop took the message. */
export function hopsOf(raw: string, trace: readonly TraceEvent[]): Hop[] {
  const { headers } = parseMessage(raw);
  const values = getHeaders(headers, 'Received').reverse();
  const hops: Hop[] = [];
  let prev: Hop | undefined;
  for (const value of values) {
    const parsed = parseReceived(value);
    const at = parsed.id ? queuedAt(trace, parsed.id)?.t : undefined;
    let delay: Pick<Hop, 'delayMs' | 'delayFrom'> = {};
    if (prev) {
      if (at !== undefined && prev.traceT !== undefined) delay = { delayMs: at - prev.traceT, delayFrom: 'trace' };
      else if (parsed.dateMs !== undefined && prev.dateMs !== undefined) delay = { delayMs: parsed.dateMs - prev.dateMs, delayFrom: 'dates' };
    }
    const hop: Hop = { ...parsed, ...(at === undefined ? {} : { traceT: at }), ...delay, raw: value };
    hops.push(hop);
    prev = hop;
  }
  return hops;
}

/** What the "with" keyword of a Received field says (RFC 3848). */
export function describeWith(proto: string | undefined): string | undefined {
  if (!proto) return undefined;
  const p = proto.toUpperCase();
  const base = p.startsWith('LMTP') ? 'LMTP, the last step into the mailbox' : p.startsWith('ESMTP') ? 'ESMTP (the client said EHLO)' : p === 'SMTP' ? 'plain SMTP (the client said HELO)' : p;
  const extras = [p.includes('S', p.startsWith('LMTP') ? 4 : 5) ? 'over TLS' : '', p.endsWith('A') ? 'after logging in (AUTH)' : ''].filter(Boolean);
  return extras.length > 0 ? `${base}, ${extras.join(', ')}` : base;
}

function compareNotes(h: HeaderSummary, envelope: Envelope | undefined, thisCopy: string | undefined, dsn: ParsedDsn | undefined): Note[] {
  const notes: Note[] = [];
  const missing = (['From', 'To', 'Subject'] as const).filter((name) => (name === 'From' ? !h.from : name === 'To' ? !h.to : h.subject === undefined));
  if (missing.length > 0) {
    const shows = missing.map((m) => (m === 'From' ? 'no sender' : m === 'To' ? 'no recipient' : 'no subject'));
    notes.push({
      tone: 'warn',
      title: `No ${list(missing)} header`,
      text: `The mail client has little to show: ${list(shows)}. SMTP does not need these headers, since the envelope (MAIL FROM, RCPT TO) is what routes the message; they are for the person reading it. Mail clients normally write them for you: From with your display name, To from the recipients you typed.`,
    });
  }
  const noDate = !h.date;
  const noId = !h.messageId;
  if (noDate || noId) {
    const names = [noDate ? 'Date' : '', noId ? 'Message-ID' : ''].filter(Boolean);
    notes.push({
      tone: 'info',
      title: `No ${list(names)}`,
      text: 'RFC 5322 requires a Date, and every message should have a Message-ID. A submission server (MSA) adds them when the client did not (RFC 6409 §8); this message reached its mailbox without passing one.',
    });
  }
  if (dsn) {
    const failed = dsn.recipients.map((r) => r.finalRecipient.replace(/^[^;]*;\s*/, ''));
    notes.push({
      tone: 'warn',
      title: 'A bounce: a delivery status notification',
      text: `A mail server could not deliver a message and sends it back to its sender, with a machine-readable report (RFC 3464)${failed.length > 0 ? ` about ${list(failed.map(angle))}` : ''}. The Rendered view shows what failed and why.`,
    });
  }
  if (!envelope) return notes;
  const fromAddr = h.fromList[0]?.address;
  if (envelope.mailFrom === '') {
    notes.push({
      tone: 'info',
      title: 'Empty envelope sender: MAIL FROM:<>',
      text: `Bounces and other automatic notices are sent with the null sender, so that if they cannot be delivered either, no bounce is ever sent about a bounce (RFC 5321 §4.5.5). The From header${fromAddr ? ` (${fromAddr})` : ''} is only for the reader.`,
    });
  } else if (fromAddr && lower(fromAddr) !== lower(envelope.mailFrom)) {
    notes.push({
      tone: 'warn',
      title: 'The From header differs from MAIL FROM',
      text: `The reader's mail client shows From: ${fromAddr}, but the envelope says the message came from ${envelope.mailFrom}, and that is where bounces go. Mailing lists and forwarding services do this on purpose; it is also exactly how a forged sender is made, because SMTP itself never checks that the two agree (SPF checks the envelope sender's domain; DMARC checks that the From domain lines up with it).`,
    });
  }
  const shown = new Set([...h.toList, ...h.ccList].map((m) => lower(m.address)));
  const rcpts = envelope.rcpts.filter((r) => r.accepted !== false).map((r) => r.address);
  const hidden = rcpts.filter((a) => !shown.has(lower(a)));
  if ((h.to || h.cc) && hidden.length > 0) {
    const mine = thisCopy && hidden.some((a) => lower(a) === lower(thisCopy));
    notes.push({
      tone: 'info',
      title: `Bcc: ${list(hidden.map(angle))} ${hidden.length === 1 ? 'is' : 'are'} in RCPT TO but in no header`,
      text: `${hidden.length === 1 ? 'This recipient was' : 'These recipients were'} given to the server in the envelope, but neither To nor Cc names ${hidden.length === 1 ? 'it' : 'them'}: a blind carbon copy. The mail client leaves the Bcc header out, so the other recipients cannot see who else got the message.${mine ? ` You are reading ${thisCopy}'s own copy, and even here the address appears nowhere in the headers.` : ''} (A mailing list or a forward looks the same from here.)`,
    });
  }
  if (envelope.firstHop) {
    const inEnvelope = new Set(envelope.rcpts.map((r) => lower(r.address)));
    const never = [...h.toList, ...h.ccList].map((m) => m.address).filter((a) => !inEnvelope.has(lower(a)));
    if (never.length > 0) {
      notes.push({
        tone: 'warn',
        title: `${list(never.map(angle))} ${never.length === 1 ? 'is' : 'are'} in the headers but never in RCPT TO`,
        text: 'Headers do not route mail: only the envelope does. No copy was sent to an address that appears in To or Cc but was never given with RCPT TO.',
      });
    }
  }
  const agree = !missing.length && envelope.mailFrom !== '' && fromAddr && lower(fromAddr) === lower(envelope.mailFrom) && hidden.length === 0;
  if (agree) {
    notes.push({
      tone: 'ok',
      title: 'Envelope and headers agree',
      text: 'The From header matches MAIL FROM, and every recipient in the envelope appears in To or Cc. The envelope routed the message; the headers are what the reader sees.',
    });
  }
  return notes;
}

export function analyzeMessage(raw: string, origin: MessageOrigin, trace: readonly TraceEvent[]): MessageAnalysis {
  const headers = summarizeHeaders(raw);
  const hops = hopsOf(raw, trace);
  const dsn = parseDsn(raw);
  let envelope: Envelope | undefined;
  if (origin.kind === 'connection') {
    const dialog = dialogOf(trace, origin.connId);
    const tx = [...dialog.transactions].reverse().find((t) => t.message !== undefined);
    if (tx && dialog.conn) {
      envelope = {
        mailFrom: tx.mailFrom,
        rcpts: recipientsOf(tx),
        source: `as ${dialog.conn.from} sent it to ${dialog.conn.to} over ${origin.connId}`,
        connId: origin.connId,
        firstHop: hops.length === 0,
        fromTrace: true,
      };
    }
  } else {
    envelope = envelopeFromHops(trace, hops);
    if (!envelope) {
      const mailFrom = headers.returnPath ?? origin.envelopeFrom;
      envelope = {
        mailFrom,
        rcpts: [{ address: headers.deliveredTo ?? origin.address }],
        source: 'from the Return-Path and Delivered-To headers the mailbox server (MDA) added',
        firstHop: false,
        fromTrace: false,
      };
    }
  }
  const thisCopy = origin.kind === 'mailbox' ? (headers.deliveredTo ?? origin.address) : undefined;
  const notes = compareNotes(headers, envelope, thisCopy, dsn);
  return {
    headers,
    ...(envelope ? { envelope } : {}),
    ...(thisCopy ? { thisCopy } : {}),
    hops,
    notes,
    ...(dsn ? { dsn } : {}),
  };
}

/** The message a connection's last completed DATA carried, if any. */
export function messageOfConnection(trace: readonly TraceEvent[], connId: string): string | undefined {
  const tx = [...dialogOf(trace, connId).transactions].reverse().find((t) => t.message !== undefined);
  return tx?.message;
}

