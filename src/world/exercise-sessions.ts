import { assembleReply, parseReplyLine, type Reply } from '../protocol/reply';
import type { ClientKind, TraceEvent } from './trace';

/**
 * One connection read back from the trace, as the person at the client end saw it: what was typed,
 * what came back, and which command each reply answers. The console draws it and the exercise checker
 * judges it, so both agree, and both stay right when the run is replayed or stepped back.
 */

/** A line the client sent: a command, an AUTH response, or a line of the message (DATA mode). */
export interface SentItem {
  readonly kind: 'sent';
  readonly seq: number;
  readonly text: string;
  /** Sent between the 354 and the lone dot: message content, which gets no reply of its own. */
  readonly body: boolean;
}

/** One complete reply, single or multi-line. */
export interface ReplyItem {
  readonly kind: 'reply';
  /** The seq of its last line. */
  readonly seq: number;
  readonly lines: readonly string[];
  readonly reply: Reply;
}

export type TranscriptItem =
  | { readonly kind: 'connect'; readonly seq: number; readonly from: string; readonly to: string; readonly port: number }
  | { readonly kind: 'failed'; readonly seq: number; readonly reason: string }
  | SentItem
  | ReplyItem
  /** Reply lines the server has sent but not finished (a 250- without its final 250 line yet). */
  | { readonly kind: 'partial'; readonly seq: number; readonly lines: readonly string[] }
  | { readonly kind: 'closed'; readonly seq: number; readonly by: string; readonly byServer: boolean };

/** A command and the replies it drew. The greeting is an exchange without a command. */
export interface Exchange {
  /** The client's line; undefined for the greeting (verb 'GREETING'). */
  readonly command?: string;
  /** Upper-case verb: 'MAIL', 'RCPT'...; '.' for the end of the data; 'AUTH-RESPONSE' for a line answering a 334. */
  readonly verb: string;
  /** The SASL mechanism of an AUTH command, or of the AUTH a response belongs to. */
  readonly mechanism?: string;
  readonly replies: Reply[];
}

export interface SessionRead {
  readonly connId: string;
  readonly from?: string;
  readonly to?: string;
  readonly port?: number;
  readonly client?: ClientKind;
  readonly connected: boolean;
  readonly failed?: string;
  readonly closed: boolean;
  readonly items: readonly TranscriptItem[];
  readonly exchanges: readonly Exchange[];
  /** The client is between a 354 and its lone dot. */
  readonly inData: boolean;
  /** The last reply was a 334: the server waits for a base64 line. */
  readonly inAuth: boolean;
  /** The server session's latest state (its `state` trace events), e.g. 'rcpt'. */
  readonly serverState?: string;
}

const verbOf = (line: string): string => (line.trim().split(/\s+/)[0] ?? '').toUpperCase();

/** Reads one connection out of the trace. Pure; costs one pass over the trace. */
export function readSession(trace: readonly TraceEvent[], connId: string): SessionRead {
  const items: TranscriptItem[] = [];
  const greeting: Exchange = { verb: 'GREETING', replies: [] };
  const exchanges: Exchange[] = [greeting];
  /** Commands still waiting for their reply, oldest first (a pipelining client may send several). */
  const pending: Exchange[] = [greeting];
  let lastAnswered: Exchange | undefined;
  let from: string | undefined;
  let to: string | undefined;
  let port: number | undefined;
  let client: ClientKind | undefined;
  let connected = false;
  let failed: string | undefined;
  let closed = false;
  let inData = false;
  let inAuth = false;
  let authMechanism: string | undefined;
  let serverState: string | undefined;
  let replyLines: string[] = [];
  let replySeq = 0;

  const flushPartial = () => {
    if (replyLines.length > 0) items.push({ kind: 'partial', seq: replySeq, lines: replyLines });
  };
  const onReply = (lines: string[], seq: number) => {
    const reply = assembleReply(lines) ?? { code: 0, lines };
    items.push({ kind: 'reply', seq, lines, reply });
    const exchange = pending.shift() ?? lastAnswered;
    if (exchange) {
      exchange.replies.push(reply);
      lastAnswered = exchange;
    }
    if (reply.code === 354) inData = true;
    inAuth = reply.code === 334;
    if (!inAuth) authMechanism = undefined;
  };

  for (const e of trace) {
    if (e.kind === 'state') {
      if (e.actor === `server:${connId}`) serverState = e.to;
      continue;
    }
    if (!('connId' in e) || e.connId !== connId) continue;
    switch (e.kind) {
      case 'connect':
        ({ from, to, port } = e);
        client = e.client;
        connected = true;
        items.push({ kind: 'connect', seq: e.seq, from: e.from, to: e.to, port: e.port });
        break;
      case 'connect.failed':
        ({ from, to, port } = e);
        failed = e.reason;
        closed = true;
        items.push({ kind: 'failed', seq: e.seq, reason: e.reason });
        break;
      case 'disconnect':
        flushPartial();
        replyLines = [];
        closed = true;
        items.push({ kind: 'closed', seq: e.seq, by: e.by, byServer: e.by === to });
        break;
      case 'line':
        if (e.direction === 'c2s') {
          if (inData) {
            items.push({ kind: 'sent', seq: e.seq, text: e.text, body: e.text !== '.' });
            if (e.text === '.') {
              inData = false;
              const end: Exchange = { command: '.', verb: '.', replies: [] };
              exchanges.push(end);
              pending.push(end);
            }
            break;
          }
          items.push({ kind: 'sent', seq: e.seq, text: e.text, body: false });
          let exchange: Exchange;
          if (inAuth) {
            exchange = { command: e.text, verb: 'AUTH-RESPONSE', replies: [], ...(authMechanism ? { mechanism: authMechanism } : {}) };
            inAuth = false;
          } else {
            const verb = verbOf(e.text);
            const mechanism = verb === 'AUTH' ? e.text.trim().split(/\s+/)[1]?.toUpperCase() : undefined;
            if (mechanism) authMechanism = mechanism;
            exchange = { command: e.text, verb, replies: [], ...(mechanism ? { mechanism } : {}) };
          }
          exchanges.push(exchange);
          pending.push(exchange);
        } else {
          replyLines = [...replyLines, e.text];
          replySeq = e.seq;
          const parsed = parseReplyLine(e.text);
          if (!parsed.ok || parsed.last) {
            onReply(replyLines, e.seq);
            replyLines = [];
          }
        }
        break;
      default:
        break;
    }
  }
  if (!closed) flushPartial();
  return {
    connId,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(port === undefined ? {} : { port }),
    ...(client === undefined ? {} : { client }),
    connected,
    ...(failed === undefined ? {} : { failed }),
    closed,
    items,
    exchanges,
    inData,
    inAuth,
    ...(serverState === undefined ? {} : { serverState }),
  };
}

/** The connection ids of every console connection (a person typing, not an agent), in the order they opened. */
export function consoleConnIds(trace: readonly TraceEvent[]): string[] {
  const ids: string[] = [];
  for (const e of trace) {
    if (e.kind === 'connect' && e.client === 'console') ids.push(e.connId);
  }
  return ids;
}
