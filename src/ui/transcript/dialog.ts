import { assembleReply, parseReplyLine, type Reply } from '../../protocol';
import { dotUnstuffLine } from '../../protocol/message';
import type { ClientKind, TraceEvent } from '../../world/trace';

/**
 * Reading one connection's dialog back out of the trace: who said what, which lines were the message
 * (between 354 and the lone dot), which replies answered which command, and the envelope each mail
 * transaction carried. Pure, so the transcript, the event list and the inspector share one reading.
 */

export type LineEvent = Extract<TraceEvent, { kind: 'line' }>;

export interface Connection {
  readonly connId: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly client?: ClientKind;
  readonly openedAt: number;
  readonly failed?: string;
  readonly closedAt?: number;
  readonly closedBy?: string;
}

/** What a port is for, in the words a teacher would use. */
export function portRole(port: number): string {
  switch (port) {
    case 25:
      return 'SMTP relay';
    case 587:
      return 'submission';
    case 465:
      return 'submission over TLS';
    case 24:
      return 'LMTP delivery';
    case 10025:
      return 'internal hand-off';
    default:
      return `port ${port}`;
  }
}

/** Every connection the trace has seen so far, in the order they were opened (or failed). */
export function connectionsOf(trace: readonly TraceEvent[]): Connection[] {
  const byId = new Map<string, Connection>();
  for (const e of trace) {
    if (e.kind === 'connect') {
      byId.set(e.connId, { connId: e.connId, from: e.from, to: e.to, port: e.port, client: e.client, openedAt: e.t });
    } else if (e.kind === 'connect.failed') {
      byId.set(e.connId, { connId: e.connId, from: e.from, to: e.to, port: e.port, openedAt: e.t, failed: e.reason });
    } else if (e.kind === 'disconnect') {
      const c = byId.get(e.connId);
      if (c) byId.set(e.connId, { ...c, closedAt: e.t, closedBy: e.by });
    }
  }
  return [...byId.values()];
}

export function describeConnection(c: Connection): string {
  const who = c.client === 'console' ? ', typed at the console' : c.client === 'external' ? ', a real client' : '';
  return `${c.connId}: ${c.from} → ${c.to}:${c.port} (${portRole(c.port)}${who})`;
}

/** What a line on the wire is: a command, a reply, a line of the message, or the dot that ends it. */
export type LineRole = 'command' | 'reply' | 'data' | 'data-end';

const isDataGoAhead = (text: string): boolean => /^354(\s|$)/.test(text);

/**
 * Classifies lines in trace order. After a 354 reply, the client's lines are the message until a line
 * holding a single dot (RFC 5321 4.1.1.4); anything else the client sends is a command.
 */
export function lineClassifier(): (e: LineEvent) => LineRole {
  const inData = new Set<string>();
  return (e) => {
    if (e.direction === 's2c') {
      if (isDataGoAhead(e.text)) inData.add(e.connId);
      return 'reply';
    }
    if (!inData.has(e.connId)) return 'command';
    if (e.text === '.') {
      inData.delete(e.connId);
      return 'data-end';
    }
    return 'data';
  };
}

/** An error reply (4xx or 5xx): swaks marks these `<** `. */
export const isErrorReply = (text: string): boolean => /^[45]\d\d([ -]|$)/.test(text);

export interface WireLine {
  readonly seq: number;
  readonly t: number;
  readonly text: string;
}

export type DialogItem =
  | { readonly kind: 'open'; readonly seq: number; readonly t: number; readonly conn: Connection }
  | { readonly kind: 'failed'; readonly seq: number; readonly t: number; readonly reason: string }
  | { readonly kind: 'command'; readonly line: WireLine }
  | { readonly kind: 'reply'; readonly lines: readonly WireLine[]; readonly reply: Reply | undefined; readonly error: boolean }
  /** The message between 354 and the final dot; `end` is that dot once it has been sent. */
  | { readonly kind: 'data'; readonly lines: readonly WireLine[]; readonly end?: WireLine }
  | { readonly kind: 'close'; readonly seq: number; readonly t: number; readonly by: string };

export interface Recipient {
  readonly address: string;
  /** The reply to this RCPT TO, once it has arrived. */
  readonly reply?: Reply;
}

/** One mail transaction (MAIL FROM ... final dot) as the client sent it and the server answered it. */
export interface Transaction {
  /** The reverse-path without brackets; '' for the null sender of bounces. */
  readonly mailFrom: string;
  readonly mailFromReply?: Reply;
  readonly rcpts: readonly Recipient[];
  /** The message as sent (dot-unstuffed, CRLF line ends), once the final dot has gone. */
  readonly message?: string;
  /** Replies to the final dot: one for SMTP, one per accepted recipient for LMTP. */
  readonly results: readonly Reply[];
}

export interface Dialog {
  readonly conn?: Connection;
  readonly items: readonly DialogItem[];
  readonly transactions: readonly Transaction[];
}

const MAIL_FROM = /^MAIL FROM:\s*<([^>]*)>/i;
const RCPT_TO = /^RCPT TO:\s*<([^>]*)>/i;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type OpenTx = Mutable<Omit<Transaction, 'rcpts' | 'results'>> & { rcpts: Mutable<Recipient>[]; results: Reply[] };

/** What a pending command expects its reply to update. */
type Awaiting = (reply: Reply) => void;

/** The dialog of one connection up to the end of `trace`. */
export function dialogOf(trace: readonly TraceEvent[], connId: string): Dialog {
  const items: DialogItem[] = [];
  const transactions: OpenTx[] = [];
  const classify = lineClassifier();
  const pending: Awaiting[] = [];
  let conn: Connection | undefined;
  let replyLines: WireLine[] | undefined;
  let data: { lines: WireLine[]; end?: WireLine } | undefined;
  let tx: OpenTx | undefined;
  let lmtp = false;
  const noop: Awaiting = () => {};

  const finishReply = (lines: WireLine[]) => {
    const reply = assembleReply(lines.map((l) => l.text));
    items.push({ kind: 'reply', lines, reply, error: isErrorReply(lines[lines.length - 1]?.text ?? '') });
    if (reply) (pending.shift() ?? noop)(reply);
  };

  for (const e of trace) {
    if (e.kind === 'line') {
      if (e.connId !== connId) continue;
      const role = classify(e);
      const line = { seq: e.seq, t: e.t, text: e.text };
      if (role !== 'reply' && replyLines) {
        finishReply(replyLines);
        replyLines = undefined;
      }
      if (role === 'reply') {
        const parsed = parseReplyLine(e.text);
        replyLines = [...(replyLines ?? []), line];
        if (!parsed.ok || parsed.last) {
          finishReply(replyLines);
          replyLines = undefined;
        }
      } else if (role === 'data' || role === 'data-end') {
        if (!data) {
          data = { lines: [] };
          items.push({ kind: 'data', lines: data.lines });
        }
        if (role === 'data') data.lines.push(line);
        else {
          data.end = line;
          items[items.length - 1] = { kind: 'data', lines: data.lines, end: line };
          const current = tx;
          if (current) {
            current.message = data.lines.map((l) => `${dotUnstuffLine(l.text)}\r\n`).join('');
            // LMTP answers the dot once per accepted recipient (RFC 2033 4.2).
            const count = lmtp ? Math.max(1, current.rcpts.filter((r) => r.reply && r.reply.code < 400).length) : 1;
            for (let i = 0; i < count; i++) pending.push((r) => current.results.push(r));
          } else pending.push(noop);
          data = undefined;
        }
      } else {
        items.push({ kind: 'command', line });
        const mail = MAIL_FROM.exec(e.text);
        const rcpt = RCPT_TO.exec(e.text);
        if (mail) {
          const opened: OpenTx = { mailFrom: mail[1] ?? '', rcpts: [], results: [] };
          tx = opened;
          transactions.push(opened);
          pending.push((r) => {
            opened.mailFromReply = r;
          });
        } else if (rcpt && tx) {
          const recipient: Mutable<Recipient> = { address: rcpt[1] ?? '' };
          tx.rcpts.push(recipient);
          pending.push((r) => {
            recipient.reply = r;
          });
        } else {
          if (/^RSET\b/i.test(e.text)) tx = undefined;
          if (/^LHLO\b/i.test(e.text)) lmtp = true;
          pending.push(noop);
        }
      }
      continue;
    }
    if (!('connId' in e) || e.connId !== connId) continue;
    if (replyLines) {
      finishReply(replyLines);
      replyLines = undefined;
    }
    if (e.kind === 'connect') {
      conn = { connId, from: e.from, to: e.to, port: e.port, client: e.client, openedAt: e.t };
      items.push({ kind: 'open', seq: e.seq, t: e.t, conn });
      // The greeting answers the connection itself.
      pending.push(noop);
    } else if (e.kind === 'connect.failed') {
      conn = { connId, from: e.from, to: e.to, port: e.port, openedAt: e.t, failed: e.reason };
      items.push({ kind: 'failed', seq: e.seq, t: e.t, reason: e.reason });
    } else if (e.kind === 'disconnect') {
      if (conn) conn = { ...conn, closedAt: e.t, closedBy: e.by };
      items.push({ kind: 'close', seq: e.seq, t: e.t, by: e.by });
    }
  }
  if (replyLines) finishReply(replyLines);
  return { ...(conn ? { conn } : {}), items, transactions };
}

/** swaks' markers: ` -> ` the client, `<-  ` the server, `<** ` an error reply. */
export const CLIENT_MARK = ' -> ';
export const SERVER_MARK = '<-  ';
export const ERROR_MARK = '<** ';

/** The dialog as plain text, the way swaks prints it: what the Copy button puts on the clipboard. */
export function transcriptText(dialog: Dialog): string {
  const out: string[] = [];
  for (const item of dialog.items) {
    switch (item.kind) {
      case 'open':
        out.push(`=== Connected ${item.conn.from} -> ${item.conn.to}:${item.conn.port} (${item.conn.connId})`);
        break;
      case 'failed':
        out.push(`*** Connection failed: ${item.reason}`);
        break;
      case 'command':
        out.push(`${CLIENT_MARK}${item.line.text}`);
        break;
      case 'reply':
        for (const l of item.lines) out.push(`${isErrorReply(l.text) ? ERROR_MARK : SERVER_MARK}${l.text}`);
        break;
      case 'data':
        for (const l of item.lines) out.push(`${CLIENT_MARK}${l.text}`);
        if (item.end) out.push(`${CLIENT_MARK}${item.end.text}`);
        break;
      case 'close':
        out.push(`=== Connection closed by ${item.by}`);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}
