import type { TraceEvent } from '../../world/trace';
import { replyLine } from '../../protocol/reply';
import { hostsOf } from '../../world/trace';
import { lineClassifier } from '../transcript/dialog';

/**
 * The event list's rows: one per trace event, in words, with the category the filters use.
 * Pure and linear in the trace, so 10,000 events stay cheap.
 */

export const CATEGORIES = ['smtp', 'dns', 'queue', 'delivery', 'bounce', 'connection', 'state'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABEL: Readonly<Record<Category, string>> = {
  smtp: 'SMTP lines',
  dns: 'DNS',
  queue: 'Queue',
  delivery: 'Delivery',
  bounce: 'Bounce',
  connection: 'Connection',
  state: 'State',
};

/** What a filter chip means, for its tooltip. */
export const CATEGORY_HINT: Readonly<Record<Category, string>> = {
  smtp: 'Commands, replies and message lines on the wire',
  dns: 'MX and address lookups: queries and answers',
  queue: 'A server takes a message into its queue, defers it, passes it on, removes it',
  delivery: 'Send pressed in a mail client; a message saved into a mailbox',
  bounce: 'A message that cannot be delivered is returned to its sender',
  connection: 'Connections opened, refused and closed; notes from servers',
  state: 'Each step of the server and client state machines (many)',
};

/** Colour family of a row, mapped to the theme's variables in events.css. */
export type Tone = 'client' | 'reply-2xx' | 'reply-3xx' | 'reply-4xx' | 'reply-5xx' | 'data' | 'dns' | 'dns-fail' | 'queue' | 'defer' | 'deliver' | 'bounce' | 'muted';

export interface EventRow {
  readonly seq: number;
  readonly t: number;
  readonly from: string;
  readonly to: string;
  readonly kind: string;
  readonly summary: string;
  readonly category: Category;
  readonly tone: Tone;
  readonly hosts: readonly string[];
  readonly connId?: string;
}

const angle = (a: string): string => `<${a}>`;

/** "recipient.example. MX 10 mx.recipient.example." -> "MX 10 mx.recipient.example.": the name is in the query row. */
function withoutName(answer: string, name: string): string {
  const lead = name.endsWith('.') ? name : `${name}.`;
  return answer.startsWith(`${lead} `) ? answer.slice(lead.length + 1) : answer;
}

function replyTone(text: string): Tone {
  const c = text.charAt(0);
  return c === '2' ? 'reply-2xx' : c === '3' ? 'reply-3xx' : c === '4' ? 'reply-4xx' : 'reply-5xx';
}

type Row = Omit<EventRow, 'seq' | 't' | 'hosts'>;

/** Rows for the whole trace. `startMs` is the world's epoch start, to turn retry times into run times. */
export function eventRows(trace: readonly TraceEvent[], startMs: number): EventRow[] {
  return rowReader(startMs)(trace);
}

/**
 * A reader that remembers what it read: while a run plays, the trace only grows, so each call converts just
 * the new events. A trace that is not an extension of the last one (after going back) is read afresh.
 */
export function rowReader(startMs: number): (trace: readonly TraceEvent[]) => EventRow[] {
  let seen: readonly TraceEvent[] = [];
  let rows: EventRow[] = [];
  let toRow = rowMaker(startMs);
  return (trace) => {
    const extends_ = seen.length > 0 && trace.length >= seen.length && trace[0] === seen[0] && trace[seen.length - 1] === seen[seen.length - 1];
    if (!extends_) {
      rows = [];
      toRow = rowMaker(startMs);
    } else if (trace.length === seen.length) return rows;
    const next = rows.slice();
    for (let i = next.length; i < trace.length; i++) next.push(toRow(trace[i]!));
    seen = trace;
    rows = next;
    return rows;
  };
}

/** Converts events one by one, in trace order (the line roles depend on what came before). */
function rowMaker(startMs: number): (e: TraceEvent) => EventRow {
  const classify = lineClassifier();
  const lmtpPorts = new Map<string, boolean>();
  return (e) => {
    let row: Row;
    switch (e.kind) {
      case 'line': {
        const role = classify(e);
        const proto = lmtpPorts.get(e.connId) ? 'LMTP' : 'SMTP';
        const common = { from: e.from, to: e.to, category: 'smtp' as const, connId: e.connId };
        if (role === 'reply') row = { ...common, kind: `${proto} reply`, summary: e.text, tone: replyTone(e.text) };
        else if (role === 'command') row = { ...common, kind: `${proto} command`, summary: e.text, tone: 'client' };
        else if (role === 'data-end') row = { ...common, kind: 'end of data', summary: '. (a line with a single dot: the message is complete)', tone: 'client' };
        else row = { ...common, kind: 'message line', summary: e.text === '' ? '(blank line)' : e.text, tone: 'data' };
        break;
      }
      case 'connect':
        lmtpPorts.set(e.connId, e.port === 24);
        row = { from: e.from, to: e.to, kind: 'connect', summary: `Connection ${e.connId} opened to port ${e.port}${e.client === 'console' ? ' (console)' : ''}`, category: 'connection', tone: 'muted', connId: e.connId };
        break;
      case 'connect.failed':
        row = { from: e.from, to: e.to, kind: 'connect failed', summary: `Could not connect to port ${e.port}: ${e.reason}`, category: 'connection', tone: 'reply-4xx', connId: e.connId };
        break;
      case 'disconnect':
        row = { from: e.from, to: e.to, kind: 'disconnect', summary: `Connection ${e.connId} closed by ${e.by}`, category: 'connection', tone: 'muted', connId: e.connId };
        break;
      case 'dns.query':
        row = { from: e.from, to: e.to, kind: 'DNS query', summary: `${e.name} ${e.type}?`, category: 'dns', tone: 'dns' };
        break;
      case 'dns.answer':
        row = { from: e.from, to: e.to, kind: 'DNS answer', summary: withoutName(e.answer, e.name), category: 'dns', tone: e.ok ? 'dns' : 'dns-fail' };
        break;
      case 'state':
        row = { from: e.host, to: '', kind: 'state', summary: `${e.actor}: ${e.from || '(start)'} → ${e.to}`, category: 'state', tone: 'muted', ...(e.connId ? { connId: e.connId } : {}) };
        break;
      case 'submit':
        row = { from: e.host, to: '', kind: 'send pressed', summary: `"${e.subject}" from ${angle(e.from)} to ${e.to.map(angle).join(', ')}`, category: 'delivery', tone: 'client' };
        break;
      case 'queue.add':
        row = { from: e.host, to: '', kind: 'queued', summary: `from ${angle(e.from)} to ${e.to.map(angle).join(', ')} (${e.size} bytes) · queue id ${e.queueId}`, category: 'queue', tone: 'queue' };
        break;
      case 'queue.defer':
        row = {
          from: e.host,
          to: '',
          kind: 'deferred',
          summary: `${e.reason}; retry at ${((e.retryAt - startMs) / 1000).toFixed(3)}s · queue id ${e.queueId}`,
          category: 'queue',
          tone: 'defer',
        };
        break;
      case 'queue.sent':
        row = {
          from: e.host,
          to: e.relay,
          kind: 'passed on',
          summary: `${angle(e.recipient)} accepted by ${e.relay}: ${replyLine(e.reply)} · queue id ${e.queueId}`,
          category: 'queue',
          tone: 'queue',
        };
        break;
      case 'queue.remove':
        row = { from: e.host, to: '', kind: 'removed', summary: `done: removed from the queue · queue id ${e.queueId}`, category: 'queue', tone: 'muted' };
        break;
      case 'deliver':
        row = { from: e.host, to: e.mailbox, kind: 'delivered', summary: `saved in the mailbox of ${e.mailbox} (${e.size} bytes) · queue id ${e.queueId}`, category: 'delivery', tone: 'deliver' };
        break;
      case 'bounce':
        row = {
          from: e.host,
          to: e.to,
          kind: 'bounced',
          summary: e.to === '' ? `undeliverable bounce discarded: ${e.reason} · queue id ${e.queueId}` : `returned to ${angle(e.to)}: ${e.reason} · queue id ${e.queueId}`,
          category: 'bounce',
          tone: 'bounce',
        };
        break;
      case 'note':
        row = { from: e.host, to: '', kind: 'note', summary: e.text, category: 'connection', tone: 'muted' };
        break;
    }
    return { seq: e.seq, t: e.t, hosts: hostsOf(e), ...row };
  };
}
