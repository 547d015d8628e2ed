import type { TraceEvent } from '../../world/trace';
import { connRoute, dnsRoute } from './topology';

/**
 * What travels on the wire, read from the trace: each command, each reply, the message body as one
 * envelope, each DNS question and answer. A flight knows its route and its times, so where its token
 * stands is a pure function of virtual time: pause, step and step back are exact.
 */

export type FlightKind = 'command' | 'reply' | 'envelope' | 'dns-query' | 'dns-answer';
export type Tone = 'command' | '2xx' | '3xx' | '4xx' | '5xx' | 'dns' | 'dns-fail' | 'envelope' | 'bounce';

export interface Flight {
  readonly id: string;
  /** The first trace event of the flight; orders flights that share a time. */
  readonly seq: number;
  readonly route: string;
  readonly kind: FlightKind;
  readonly tone: Tone;
  readonly label: string;
  /** Everything the flight carries, for a tooltip (several lines for a multi-line reply). */
  readonly title: string;
  /** From the edge's source to its target (client to server, host to resolver). */
  readonly forward: boolean;
  /** When the token shows up at its sending end (a typed body waits there until "." is sent). */
  readonly appear: number;
  readonly depart: number;
  readonly arrive: number;
}

const MAX_LABEL = 38;

export function shorten(text: string, max = MAX_LABEL): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function toneOfReply(text: string): Tone {
  switch (text.trim()[0]) {
    case '2':
      return '2xx';
    case '3':
      return '3xx';
    case '4':
      return '4xx';
    default:
      return '5xx';
  }
}

/** `recipient.example. MX 10 mx.recipient.example.` -> `MX 10 mx.recipient.example`. */
export function dnsAnswerLabel(type: string, answer: string, ok: boolean): string {
  const parts = answer
    .split(/;\s*/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.replace(/^\S+\.\s+/, '').replace(/\.$/, ''));
  if (parts.length === 0) return ok ? `${type} answer` : `${type}: no answer`;
  const first = parts[0]!;
  const text = parts.length > 1 ? `${first} (+${parts.length - 1})` : first;
  return ok || /\b(NODATA|NXDOMAIN|SERVFAIL|timeout)\b/i.test(text) ? text : `${type}: ${text}`;
}

interface ConnInfo {
  readonly route: string;
  /** A 354 came: the client's next lines are the message, up to the lone ".". */
  awaitingBody: boolean;
  /** The body being sent, and where its flight sits in the list. */
  body?: { first: TraceEvent & { kind: 'line' }; lines: string[]; index: number };
  /** The lines of a multi-line reply in progress. */
  multi?: { first: TraceEvent & { kind: 'line' }; lines: string[] };
  /** MAIL FROM:<> : the message is a bounce (a DSN). */
  nullSender: boolean;
}

const subjectOf = (lines: readonly string[]): string | undefined => {
  for (const l of lines) {
    if (l === '') return undefined;
    const m = /^subject:\s*(.*)$/i.exec(l);
    if (m) return m[1]!.trim();
  }
  return undefined;
};

function envelopeLabel(lines: readonly string[], nullSender: boolean, done: boolean): string {
  const count = `${lines.length} line${lines.length === 1 ? '' : 's'}`;
  if (!done) return `✉ message being typed · ${count}`;
  const subject = subjectOf(lines);
  const what = nullSender ? '✉ bounce (DSN)' : '✉ message';
  return subject ? `${what} “${shorten(subject, 24)}” · ${count}` : `${what} · ${count}`;
}

function envelopeFlight(c: ConnInfo, end: (TraceEvent & { kind: 'line' }) | undefined): Flight {
  const { first, lines } = c.body!;
  return {
    id: `env:${first.seq}`,
    seq: first.seq,
    route: c.route,
    kind: 'envelope',
    tone: c.nullSender ? 'bounce' : 'envelope',
    label: envelopeLabel(lines, c.nullSender, end !== undefined),
    title: end ? [...lines, '.'].join('\n') : lines.join('\n'),
    forward: true,
    appear: first.t,
    depart: end ? end.t : Number.POSITIVE_INFINITY,
    arrive: end ? end.arrive : Number.POSITIVE_INFINITY,
  };
}

/**
 * Every flight of a trace, in trace order. A DATA body still being typed (no "." yet) is a flight that has
 * appeared but not departed: its depart and arrive are Infinity.
 */
export function flightsOf(trace: readonly TraceEvent[]): Flight[] {
  const flights: Flight[] = [];
  const conns = new Map<string, ConnInfo>();
  const connOf = (e: TraceEvent & { kind: 'line' }): ConnInfo => {
    let c = conns.get(e.connId);
    if (!c) {
      // No connect event seen (should not happen): derive the route from the line's direction.
      const client = e.direction === 'c2s' ? e.from : e.to;
      const server = e.direction === 'c2s' ? e.to : e.from;
      c = { route: connRoute(client, server, 0), awaitingBody: false, nullSender: false };
      conns.set(e.connId, c);
    }
    return c;
  };
  const flushMulti = (c: ConnInfo) => {
    if (!c.multi) return;
    flights.push(replyFlight(c.route, c.multi.first, c.multi.lines));
    c.multi = undefined;
  };

  for (const e of trace) {
    if (e.kind === 'connect') {
      conns.set(e.connId, { route: connRoute(e.from, e.to, e.port), awaitingBody: false, nullSender: false });
    } else if (e.kind === 'line' && e.direction === 's2c') {
      const c = connOf(e);
      if (c.multi) {
        c.multi.lines.push(e.text);
        if (!/^\d{3}-/.test(e.text)) flushMulti(c);
      } else if (/^\d{3}-/.test(e.text)) {
        c.multi = { first: e, lines: [e.text] };
      } else {
        flights.push(replyFlight(c.route, e, [e.text]));
      }
      if (/^354(\s|$)/.test(e.text)) c.awaitingBody = true;
    } else if (e.kind === 'line') {
      const c = connOf(e);
      flushMulti(c);
      if (c.awaitingBody && !c.body) {
        c.awaitingBody = false;
        c.body = { first: e, lines: [], index: flights.length };
        flights.push(envelopeFlight(c, undefined));
      }
      if (c.body) {
        if (e.text === '.') {
          flights[c.body.index] = envelopeFlight(c, e);
          c.body = undefined;
        } else {
          c.body.lines.push(e.text);
          flights[c.body.index] = envelopeFlight(c, undefined);
        }
        continue;
      }
      if (/^mail from:\s*<>/i.test(e.text)) c.nullSender = true;
      else if (/^mail from:/i.test(e.text)) c.nullSender = false;
      flights.push({
        id: `cmd:${e.seq}`,
        seq: e.seq,
        route: c.route,
        kind: 'command',
        tone: 'command',
        label: shorten(e.text),
        title: e.text,
        forward: true,
        appear: e.t,
        depart: e.t,
        arrive: e.arrive,
      });
    } else if (e.kind === 'dns.query') {
      flights.push({
        id: `dnsq:${e.seq}`,
        seq: e.seq,
        route: dnsRoute(e.from),
        kind: 'dns-query',
        tone: 'dns',
        label: `${e.type}? ${shorten(e.name, 30)}`,
        title: `${e.from} asks the resolver: ${e.name} ${e.type}?`,
        forward: true,
        appear: e.t,
        depart: e.t,
        arrive: e.arrive,
      });
    } else if (e.kind === 'dns.answer') {
      flights.push({
        id: `dnsa:${e.seq}`,
        seq: e.seq,
        route: dnsRoute(e.to),
        kind: 'dns-answer',
        // An answer with nothing in it (NODATA, NXDOMAIN) is drawn hollow, like a failure.
        tone: e.ok && !/\b(NODATA|NXDOMAIN|SERVFAIL)\b/.test(e.answer) ? 'dns' : 'dns-fail',
        label: shorten(dnsAnswerLabel(e.type, e.answer, e.ok)),
        title: `${e.from} answers: ${e.answer}`,
        forward: false,
        appear: e.t,
        depart: e.t,
        arrive: e.arrive,
      });
    }
  }
  for (const c of conns.values()) flushMulti(c);
  return flights;
}

function replyFlight(route: string, first: TraceEvent & { kind: 'line' }, lines: readonly string[]): Flight {
  const label = lines.length > 1 ? `${shorten(lines[0]!, 30)} (+${lines.length - 1} lines)` : shorten(lines[0]!);
  return {
    id: `rep:${first.seq}`,
    seq: first.seq,
    route,
    kind: 'reply',
    tone: toneOfReply(lines[lines.length - 1] ?? lines[0]!),
    label,
    title: lines.join('\n'),
    forward: false,
    appear: first.t,
    depart: first.t,
    arrive: first.arrive,
  };
}
