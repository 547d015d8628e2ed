import { getHeader, getHeaders, parseMailboxList, parseMessage, parseDsn } from '../protocol/message';
import type { Reply } from '../protocol/reply';
import { consoleConnIds, type Exchange, readSession, type SessionRead } from './exercise-sessions';
import type { TraceEvent } from './trace';

/**
 * Exercise goals, as data, and the one pure function that judges them against what happened: the trace
 * (what crossed the wire) and the mailboxes (what the recipients would read). Exercises live in
 * src/scenarios/exercises; they describe their goals with these conditions and never run code of their own.
 *
 * Only console connections count for the conditions about sessions: what the learner typed, not what the
 * agents did on their own.
 */
export type Condition =
  /** A console session got this reply (to a command with this verb, on this port). */
  | { readonly kind: 'reply'; readonly code: number; readonly dsn?: string; readonly verb?: string; readonly port?: number }
  /** A console session got a reply with this code, then went on in the same session to have a message accepted. */
  | { readonly kind: 'recovered'; readonly code: number }
  /** A console session authenticated (235), with this SASL mechanism if given. */
  | { readonly kind: 'authenticated'; readonly mechanism?: string; readonly port?: number }
  /** A console session had a message accepted at the end of its data (250 after the lone dot). */
  | { readonly kind: 'accepted'; readonly port?: number; readonly afterAuth?: boolean }
  /** One transaction in a console session with a recipient accepted and one refused (5xx), and the message accepted. */
  | { readonly kind: 'mixedRecipients' }
  /** A message stored in this mailbox, with these properties. */
  | {
      readonly kind: 'delivered';
      readonly mailbox: string;
      /** Header fields the message must carry, non-empty. */
      readonly headers?: readonly string[];
      /** A line of the body that must be exactly this text. */
      readonly bodyLine?: string;
      /** The From display name must contain this (case-insensitive)... */
      readonly fromName?: string;
      /** ...while the From address is not this one. */
      readonly fromAddressNot?: string;
      readonly minReceived?: number;
    }
  /** A delivery status notification (a bounce, RFC 3464) reached this mailbox. */
  | { readonly kind: 'bounced'; readonly dsnTo: string }
  /** The learner chose this option for this question. */
  | { readonly kind: 'answer'; readonly question: string; readonly correct: string };

export interface GoalStep {
  /** What to achieve, shown as a checklist item. */
  readonly label: string;
  readonly when: Condition;
}

/** What the checker needs of a mailbox: World.mailboxes() gives exactly this. */
export interface MailboxView {
  readonly host: string;
  readonly mailbox: { readonly address: string; readonly messages: readonly { readonly raw: string; readonly envelopeFrom: string }[] };
}

export interface CheckInput {
  readonly trace: readonly TraceEvent[];
  readonly mailboxes: readonly MailboxView[];
  /** Question id -> chosen option id. */
  readonly answers?: Readonly<Record<string, string>>;
}

export interface StepResult {
  readonly label: string;
  readonly done: boolean;
  /** Why it is not done yet, when the world shows a near miss worth saying. */
  readonly note?: string;
}

export interface CheckResult {
  readonly done: boolean;
  readonly steps: readonly StepResult[];
}

type Verdict = { readonly ok: true } | { readonly ok: false; readonly note?: string };
const OK: Verdict = { ok: true };
const NO: Verdict = { ok: false };
const near = (note: string): Verdict => ({ ok: false, note });

const isEndOfData = (x: Exchange): boolean => x.verb === '.';
const accepted = (x: Exchange): boolean => x.replies.some((r) => r.code === 250);

/** The world read once for all the conditions of an exercise. */
interface Facts {
  readonly sessions: readonly SessionRead[];
  readonly mailboxes: readonly MailboxView[];
  readonly trace: readonly TraceEvent[];
  readonly answers: Readonly<Record<string, string>>;
}

function gather(input: CheckInput): Facts {
  return {
    sessions: consoleConnIds(input.trace).map((id) => readSession(input.trace, id)),
    mailboxes: input.mailboxes,
    trace: input.trace,
    answers: input.answers ?? {},
  };
}

const onPort = (s: SessionRead, port: number | undefined): boolean => port === undefined || s.port === port;

function replyMatches(r: Reply, c: { code: number; dsn?: string }): boolean {
  return r.code === c.code && (c.dsn === undefined || r.dsn === c.dsn);
}

function messagesOf(facts: Facts, address: string) {
  return facts.mailboxes.find((m) => m.mailbox.address.toLowerCase() === address.toLowerCase())?.mailbox.messages ?? [];
}

function bodyLines(raw: string): string[] {
  return parseMessage(raw).body.split('\r\n');
}

function checkDelivered(facts: Facts, c: Extract<Condition, { kind: 'delivered' }>): Verdict {
  const messages = messagesOf(facts, c.mailbox);
  if (messages.length === 0) return NO;
  let best: string | undefined;
  for (const m of messages) {
    const { headers } = parseMessage(m.raw);
    const missing = (c.headers ?? []).filter((h) => (getHeader(headers, h) ?? '').trim() === '');
    if (missing.length > 0) {
      best ??= `A message arrived, but without ${missing.join(', ')}: header fields go at the top of the data, before an empty line.`;
      continue;
    }
    if (c.bodyLine !== undefined && !bodyLines(m.raw).includes(c.bodyLine)) {
      best ??= `A message arrived, but no line of its body is exactly "${c.bodyLine}".`;
      continue;
    }
    if (c.fromName !== undefined || c.fromAddressNot !== undefined) {
      const from = parseMailboxList(getHeader(headers, 'From') ?? '')[0];
      if (!from) {
        best ??= 'A message arrived, but it has no From: header field to show.';
        continue;
      }
      if (c.fromName !== undefined && !(from.name ?? '').toLowerCase().includes(c.fromName.toLowerCase())) {
        best ??= from.name
          ? `The From: display name is "${from.name}"; it should mention ${c.fromName}.`
          : 'The From: field has an address but no display name: write the name before the address in angle brackets.';
        continue;
      }
      if (c.fromAddressNot !== undefined && from.address.toLowerCase() === c.fromAddressNot.toLowerCase()) {
        best ??= `The From: address is the real ${c.fromAddressNot}: that forges the address itself. Keep another address and borrow only the name.`;
        continue;
      }
    }
    if (c.minReceived !== undefined && getHeaders(headers, 'Received').length < c.minReceived) {
      best ??= `The message has fewer than ${c.minReceived} Received: header fields.`;
      continue;
    }
    return OK;
  }
  return best === undefined ? NO : near(best);
}

function checkBounced(facts: Facts, c: Extract<Condition, { kind: 'bounced' }>): Verdict {
  const dsn = messagesOf(facts, c.dsnTo).some((m) => m.envelopeFrom === '' && parseDsn(m.raw) !== undefined);
  if (dsn) return OK;
  if (facts.trace.some((e) => e.kind === 'bounce')) return near('A bounce was written; let the simulation run until it reaches the mailbox.');
  return NO;
}

function checkRecovered(facts: Facts, code: number): Verdict {
  let metError = false;
  for (const s of facts.sessions) {
    const firstError = s.exchanges.findIndex((x) => x.replies.some((r) => r.code === code));
    if (firstError < 0) continue;
    metError = true;
    if (s.exchanges.slice(firstError + 1).some((x) => isEndOfData(x) && accepted(x))) return OK;
  }
  return metError ? near(`You met ${code}. Now carry on in the same session until the server accepts a message.`) : NO;
}

function checkMixed(facts: Facts): Verdict {
  for (const s of facts.sessions) {
    let good = 0;
    let refused = 0;
    for (const x of s.exchanges) {
      if (x.verb === 'MAIL' || x.verb === 'RSET' || x.verb === 'HELO' || x.verb === 'EHLO' || x.verb === 'LHLO') {
        good = 0;
        refused = 0;
      } else if (x.verb === 'RCPT') {
        if (x.replies.some((r) => r.code >= 200 && r.code < 300)) good++;
        if (x.replies.some((r) => r.code >= 500)) refused++;
      } else if (isEndOfData(x)) {
        if (accepted(x) && good > 0 && refused > 0) return OK;
        good = 0;
        refused = 0;
      }
    }
  }
  return NO;
}

function checkAuthenticated(facts: Facts, c: Extract<Condition, { kind: 'authenticated' }>): Verdict {
  let failed = false;
  for (const s of facts.sessions) {
    if (!onPort(s, c.port)) continue;
    for (const x of s.exchanges) {
      if (x.verb !== 'AUTH' && x.verb !== 'AUTH-RESPONSE') continue;
      const sameMechanism = c.mechanism === undefined || x.mechanism === c.mechanism.toUpperCase();
      if (x.replies.some((r) => r.code === 235)) {
        if (sameMechanism) return OK;
        return near(`Authenticated, but with ${x.mechanism ?? 'another mechanism'}: use AUTH ${c.mechanism}.`);
      }
      if (x.replies.some((r) => r.code >= 500)) failed = true;
    }
  }
  return failed ? near('The server refused the AUTH: check the base64 (\\0user\\0password) and the password.') : NO;
}

function checkAccepted(facts: Facts, c: Extract<Condition, { kind: 'accepted' }>): Verdict {
  for (const s of facts.sessions) {
    if (!onPort(s, c.port)) continue;
    let authed = false;
    for (const x of s.exchanges) {
      if ((x.verb === 'AUTH' || x.verb === 'AUTH-RESPONSE') && x.replies.some((r) => r.code === 235)) authed = true;
      if (isEndOfData(x) && accepted(x) && (!c.afterAuth || authed)) return OK;
    }
  }
  return NO;
}

function evaluate(facts: Facts, c: Condition): Verdict {
  switch (c.kind) {
    case 'reply':
      return facts.sessions.some((s) => onPort(s, c.port) && s.exchanges.some((x) => (c.verb === undefined || x.verb === c.verb) && x.replies.some((r) => replyMatches(r, c))))
        ? OK
        : NO;
    case 'recovered':
      return checkRecovered(facts, c.code);
    case 'authenticated':
      return checkAuthenticated(facts, c);
    case 'accepted':
      return checkAccepted(facts, c);
    case 'mixedRecipients':
      return checkMixed(facts);
    case 'delivered':
      return checkDelivered(facts, c);
    case 'bounced':
      return checkBounced(facts, c);
    case 'answer': {
      const given = facts.answers[c.question];
      if (given === undefined) return NO;
      return given === c.correct ? OK : near('Not this answer: read the hint, look again, and choose another.');
    }
  }
}

/** Judges every step of a goal against the world as it is now. Pure: same input, same result. */
export function checkGoal(steps: readonly GoalStep[], input: CheckInput): CheckResult {
  const facts = gather(input);
  const results = steps.map((step): StepResult => {
    const v = evaluate(facts, step.when);
    return v.ok ? { label: step.label, done: true } : { label: step.label, done: false, ...(v.note ? { note: v.note } : {}) };
  });
  return { done: results.length > 0 && results.every((r) => r.done), steps: results };
}
