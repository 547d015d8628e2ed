import { assign, cancel, enqueueActions, raise, sendParent, setup } from 'xstate';
import { formatPath } from '../protocol/address';
import type { Command, EsmtpParams } from '../protocol/command';
import { commandTable } from '../protocol/commands';
import { dotUnstuffLine } from '../protocol/message/dot-stuffing';
import { withProtocol } from '../protocol/message/received';
import { isEndOfData } from '../protocol/line-framing';
import { octetLength } from '../protocol/limits';
import { parseCommand } from '../protocol/parse-command';
import { formatReply, isPositive, type Reply } from '../protocol/reply';
import * as R from '../protocol/replies';
import type { AgentEnv } from './env';
import type { NetClosedEvent, SmtpLineEvent } from './net-events';
import { recipientVerdict } from './recipient-policy';
import { saslStep, type SaslState } from './sasl';
import type { FaultStage, ServerPolicy } from './server-policy';

/** The envelope is separate from the session, as in aiosmtpd: RSET and a finished DATA drop it, HELO stays. */
export interface Envelope {
  readonly from: string;
  readonly params: EsmtpParams;
  readonly to: readonly string[];
}

export interface SessionFacts {
  readonly helo: string;
  readonly clientHost: string;
  readonly clientIp: string;
  /** The `with` word of the Received header: SMTP, ESMTP, ESMTPA, ESMTPS, ESMTPSA or LMTP (RFC 3848). */
  readonly protocol: string;
  readonly authUser?: string;
}

export interface ServerSessionInput {
  readonly env: AgentEnv;
  readonly connId: string;
  readonly policy: ServerPolicy;
  readonly clientHost: string;
  readonly clientIp: string;
}

interface ServerSessionContext extends ServerSessionInput {
  readonly helo?: string;
  readonly esmtp: boolean;
  readonly tls: boolean;
  readonly authUser?: string;
  readonly sasl?: SaslState;
  readonly envelope?: Envelope;
  /** The message so far, CRLF after each line: one string, since copying an array per line is quadratic in a 1 MB DATA. */
  readonly body: string;
  readonly bodySize: number;
  /** Faults served in this session, so a fault meant to fire once fires once even within one connection. */
  readonly faultsUsed: Readonly<Record<string, number>>;
}

/** What the session tells the agent that spawned it (Postfix smtpd talking to cleanup). */
export type ServerSessionOutput =
  | { readonly type: 'smtpd.message'; readonly connId: string; readonly envelope: Envelope; readonly data: string; readonly facts: SessionFacts }
  | { readonly type: 'lmtpd.message'; readonly connId: string; readonly envelope: Envelope; readonly data: string; readonly facts: SessionFacts }
  | { readonly type: 'smtpd.fault.used'; readonly faultId: string };

type CommandEvent =
  | { readonly type: 'cmd.helo'; readonly command: Extract<Command, { verb: 'HELO' | 'EHLO' | 'LHLO' }> }
  | { readonly type: 'cmd.mail'; readonly command: Extract<Command, { verb: 'MAIL' }> }
  | { readonly type: 'cmd.rcpt'; readonly command: Extract<Command, { verb: 'RCPT' }> }
  | { readonly type: 'cmd.auth'; readonly command: Extract<Command, { verb: 'AUTH' }> }
  | { readonly type: 'cmd.vrfy'; readonly command: Extract<Command, { verb: 'VRFY' | 'EXPN' }> }
  | { readonly type: 'cmd.help'; readonly topic?: string }
  | { readonly type: 'cmd.data' | 'cmd.rset' | 'cmd.noop' | 'cmd.quit' | 'cmd.starttls' }
  | { readonly type: 'cmd.rejected'; readonly reply: Reply };

export type ServerSessionEvent =
  | SmtpLineEvent
  | NetClosedEvent
  | CommandEvent
  | { readonly type: 'session.idle' }
  | { readonly type: 'smtpd.queued'; readonly queueId: string }
  | { readonly type: 'smtpd.rejected'; readonly reply: Reply }
  | { readonly type: 'lmtpd.results'; readonly replies: readonly Reply[] };

type Ctx = ServerSessionContext;

function send(ctx: Ctx, r: Reply): void {
  for (const line of formatReply(r)) ctx.env.transmit(ctx.connId, 'server', line);
}

/** RFC 2033 4.2: after the dot an LMTP server answers once per accepted recipient, refusals included. */
function sendAfterDot(ctx: Ctx, r: Reply): void {
  const times = ctx.policy.mode === 'lmtp' ? Math.max(1, ctx.envelope?.to.length ?? 0) : 1;
  for (let i = 0; i < times; i++) send(ctx, r);
}

function activeFault(ctx: Ctx, stage: FaultStage, recipient?: string) {
  return ctx.policy.faults.find(
    (f) =>
      f.stage === stage &&
      f.times > (ctx.faultsUsed[f.id] ?? 0) &&
      (f.recipient === undefined || f.recipient.toLowerCase() === recipient?.toLowerCase()),
  );
}

/**
 * Shared checks run before a command reaches its handler, as in nodemailer's smtp-server:
 * syntax, the verb belonging to this dialect, HELO first, AUTH first.
 */
export function classifyLine(ctx: Ctx, text: string): CommandEvent {
  const parsed = parseCommand(text, ctx.policy.mode);
  // Postfix checks the session state before the arguments: MAIL with no argument before HELO is a 503.
  const verb = parsed.ok ? parsed.command.verb : parsed.verb;
  const flags = verb === undefined ? undefined : commandTable[verb];
  if (flags?.needsHelo && ctx.helo === undefined) return { type: 'cmd.rejected', reply: R.S503_HELO_FIRST };
  if (!parsed.ok && flags) {
    // A well-formed command meets these checks in the state it reaches; a malformed one must meet them
    // here, or `RCPT` alone before MAIL would be a 501 where Postfix says 503.
    const inMail = ctx.envelope !== undefined;
    if (flags.needsMail && !inMail) return { type: 'cmd.rejected', reply: R.S503_NEED_MAIL };
    if (flags.needsRcpt && (ctx.envelope?.to.length ?? 0) === 0) {
      return { type: 'cmd.rejected', reply: inMail ? R.S554_NO_VALID_RCPT : R.S503_NEED_RCPT };
    }
    if (flags.notInMail && inMail) return { type: 'cmd.rejected', reply: verb === 'MAIL' ? R.S503_NESTED_MAIL : R.S503_TRANSACTION_IN_PROGRESS };
  }
  if (flags?.needsAuth && ctx.policy.requireAuth && ctx.authUser === undefined) {
    return { type: 'cmd.rejected', reply: R.S530_AUTH_REQUIRED };
  }
  if (!parsed.ok) return { type: 'cmd.rejected', reply: parsed.reply };
  const { command } = parsed;
  switch (command.verb) {
    case 'HELO':
    case 'EHLO':
    case 'LHLO':
      return { type: 'cmd.helo', command };
    case 'MAIL':
      return { type: 'cmd.mail', command };
    case 'RCPT':
      return { type: 'cmd.rcpt', command };
    case 'AUTH':
      return { type: 'cmd.auth', command };
    case 'VRFY':
    case 'EXPN':
      return { type: 'cmd.vrfy', command };
    case 'HELP':
      return command.arg === undefined ? { type: 'cmd.help' } : { type: 'cmd.help', topic: command.arg };
    case 'DATA':
      return { type: 'cmd.data' };
    case 'RSET':
      return { type: 'cmd.rset' };
    case 'NOOP':
      return { type: 'cmd.noop' };
    case 'QUIT':
      return { type: 'cmd.quit' };
    case 'STARTTLS':
      return { type: 'cmd.starttls' };
  }
}

function ehloExtensions(ctx: Ctx): string[] {
  const ext = ['PIPELINING', `SIZE ${ctx.policy.maxMessageSize}`];
  if (ctx.policy.mode === 'smtp') ext.push('VRFY');
  if (ctx.policy.starttls && !ctx.tls) ext.push('STARTTLS');
  if (Object.keys(ctx.policy.accounts).length > 0 && ctx.authUser === undefined) ext.push('AUTH PLAIN LOGIN');
  ext.push('ENHANCEDSTATUSCODES', '8BITMIME');
  return ext;
}

/**
 * MAIL: the sender is syntactically fine (the parser saw to that); size, the sender's ownership and injected
 * faults may still refuse it.
 */
function mailReply(ctx: Ctx, command: Extract<Command, { verb: 'MAIL' }>): Reply {
  const size = command.params.SIZE;
  if (typeof size === 'string' && Number(size) > ctx.policy.maxMessageSize) return R.S552_SIZE;
  // Postfix's reject_sender_login_mismatch: at a submission server a user sends as their own address only.
  const sender = command.path.mailbox;
  if (ctx.policy.requireAuth && ctx.authUser !== undefined && sender !== '' && sender.toLowerCase() !== ctx.authUser.toLowerCase()) {
    return R.S553_SENDER_NOT_OWNED(sender, ctx.authUser);
  }
  const fault = activeFault(ctx, 'MAIL');
  if (fault) return fault.reply;
  return R.S250_SENDER_OK;
}

function rcptReply(ctx: Ctx, command: Extract<Command, { verb: 'RCPT' }>): Reply {
  const path = command.path;
  if ((ctx.envelope?.to.length ?? 0) >= ctx.policy.maxRecipients) return R.S452_TOO_MANY_RCPT;
  const verdict = recipientVerdict(ctx.policy, path, { host: ctx.clientHost, authenticated: ctx.authUser !== undefined });
  if (!verdict.accept) {
    return verdict.why === 'unknown-user' ? R.S550_USER_UNKNOWN(formatPath(path)) : R.S554_RELAY_DENIED(formatPath(path));
  }
  const fault = activeFault(ctx, 'RCPT', path.mailbox);
  if (fault) return fault.reply;
  return R.S250_RCPT_OK;
}

function protocolWord(ctx: Ctx): string {
  return withProtocol({ esmtp: ctx.esmtp, auth: ctx.authUser !== undefined, tls: ctx.tls, lmtp: ctx.policy.mode === 'lmtp' });
}

function facts(ctx: Ctx): SessionFacts {
  const base = { helo: ctx.helo ?? '', clientHost: ctx.clientHost, clientIp: ctx.clientIp, protocol: protocolWord(ctx) };
  return ctx.authUser === undefined ? base : { ...base, authUser: ctx.authUser };
}

const noteFault = (ctx: Ctx, id: string) => ({ ...ctx.faultsUsed, [id]: (ctx.faultsUsed[id] ?? 0) + 1 });

export const smtpServerSession = setup({
  types: {
    context: {} as ServerSessionContext,
    input: {} as ServerSessionInput,
    events: {} as ServerSessionEvent,
    emitted: {} as ServerSessionOutput,
  },
  delays: {
    idle: ({ context }) => context.policy.idleTimeoutMs,
  },
  guards: {
    greetingRefused: ({ context }) => activeFault(context, 'greeting') !== undefined,
    mailAccepted: ({ context, event }) => event.type === 'cmd.mail' && isPositive(mailReply(context, event.command)),
    rcptAccepted: ({ context, event }) => event.type === 'cmd.rcpt' && isPositive(rcptReply(context, event.command)),
    authOffered: ({ context }) => Object.keys(context.policy.accounts).length > 0 && context.authUser === undefined,
    authenticated: ({ context }) => context.authUser !== undefined,
    tlsOffered: ({ context }) => context.policy.starttls && !context.tls,
    heloDone: ({ context }) => context.helo !== undefined,
    isLmtp: ({ context }) => context.policy.mode === 'lmtp',
    // A flagged line (bare LF) is content, never the end: Postfix 3.9's smtpd_forbid_bare_newline=normal.
    endOfData: ({ event }) => event.type === 'smtp.line' && isEndOfData({ text: event.text, bareLf: event.bareLf === true, tooLong: false }),
    tooBig: ({ context }) => context.bodySize > context.policy.maxMessageSize,
    endOfDataFault: ({ context }) => activeFault(context, 'end-of-data') !== undefined,
    saslFinished: ({ context }) => context.sasl === undefined,
    dataFault: ({ context }) => activeFault(context, 'DATA') !== undefined,
  },
  actions: {
    cancelIdle: cancel('idle'),
    scheduleIdle: raise({ type: 'session.idle' }, { id: 'idle', delay: 'idle' }),
    dispatch: raise(({ context, event }) => classifyLine(context, (event as SmtpLineEvent).text)),
    greet: ({ context }) => send(context, R.S220_BANNER(context.policy.hostname, context.policy.banner)),
    refuseGreeting: ({ context }) => send(context, activeFault(context, 'greeting')!.reply),
    closeConnection: ({ context }) => context.env.close(context.connId, 'server'),
    replyRejected: ({ context, event }) => {
      if (event.type === 'cmd.rejected') send(context, event.reply);
    },
    noteLenient: ({ context, event }) => {
      if ((event.type === 'cmd.mail' || event.type === 'cmd.rcpt') && event.command.lenient) {
        context.env.record({
          kind: 'note',
          host: context.policy.hostname,
          connId: context.connId,
          text: `Accepted leniently, as Postfix does: ${event.command.lenient}`,
        });
      }
    },
    acceptHelo: assign(({ event }) => {
      if (event.type !== 'cmd.helo') return {};
      return { helo: event.command.domain, esmtp: event.command.verb !== 'HELO', envelope: undefined, body: '', bodySize: 0 };
    }),
    replyHelo: ({ context, event }) => {
      if (event.type !== 'cmd.helo') return;
      const host = context.policy.hostname;
      send(context, event.command.verb === 'HELO' ? R.S250_HELO(host) : R.S250_EHLO(host, ehloExtensions(context)));
    },
    replyMail: ({ context, event }) => {
      if (event.type === 'cmd.mail') send(context, mailReply(context, event.command));
    },
    startTransaction: assign(({ event }) => {
      if (event.type !== 'cmd.mail') return {};
      return { envelope: { from: event.command.path.mailbox, params: event.command.params, to: [] }, body: '', bodySize: 0 };
    }),
    replyRcpt: ({ context, event }) => {
      if (event.type === 'cmd.rcpt') send(context, rcptReply(context, event.command));
    },
    addRecipient: assign(({ context, event }) => {
      if (event.type !== 'cmd.rcpt' || !context.envelope) return {};
      return { envelope: { ...context.envelope, to: [...context.envelope.to, event.command.path.mailbox] } };
    }),
    /** A fault that answered counts as served, here and at the agent that keeps the count across connections. */
    serveFault: enqueueActions(({ context, event, enqueue }, params: { stage: FaultStage }) => {
      const recipient = event.type === 'cmd.rcpt' ? event.command.path.mailbox : undefined;
      const fault = activeFault(context, params.stage, recipient);
      if (!fault) return;
      enqueue.assign({ faultsUsed: noteFault(context, fault.id) });
      enqueue.sendParent({ type: 'smtpd.fault.used', faultId: fault.id });
    }),
    replyNeedMail: ({ context }) => send(context, R.S503_NEED_MAIL),
    replyNeedRcpt: ({ context }) => send(context, R.S503_NEED_RCPT),
    replyNestedMail: ({ context }) => send(context, R.S503_NESTED_MAIL),
    replyNoValidRecipients: ({ context }) => send(context, R.S554_NO_VALID_RCPT),
    replyStartData: ({ context }) => send(context, R.S354_END_DATA),
    collectLine: assign(({ context, event }) => {
      if (event.type !== 'smtp.line') return {};
      const line = dotUnstuffLine(event.text);
      // RFC 1870 counts octets: the same measure the client used for SIZE=.
      const bodySize = context.bodySize + octetLength(line) + 2;
      // Past the limit the lines are counted, not kept: Postfix reads to the end and then says 552.
      return bodySize > context.policy.maxMessageSize ? { bodySize } : { body: `${context.body}${line}\r\n`, bodySize };
    }),
    replyTooBig: ({ context }) => sendAfterDot(context, R.S552_SIZE),
    replyDataFault: ({ context }) => send(context, activeFault(context, 'DATA')!.reply),
    replyEndOfDataFault: ({ context }) => sendAfterDot(context, activeFault(context, 'end-of-data')!.reply),
    handOverMessage: sendParent(({ context }) => ({
      type: context.policy.mode === 'lmtp' ? 'lmtpd.message' : 'smtpd.message',
      connId: context.connId,
      envelope: context.envelope!,
      data: context.body,
      facts: facts(context),
    })),
    replyQueued: ({ context, event }) => {
      if (event.type === 'smtpd.queued') send(context, R.S250_QUEUED(event.queueId));
      if (event.type === 'smtpd.rejected') send(context, event.reply);
    },
    replyLmtpResults: ({ context, event }) => {
      if (event.type === 'lmtpd.results') for (const r of event.replies) send(context, r);
    },
    endTransaction: assign({ envelope: undefined, body: '', bodySize: 0 }),
    replyOk: ({ context }) => send(context, R.S250_OK),
    replyVrfy: ({ context, event }) => {
      if (event.type !== 'cmd.vrfy') return;
      send(context, event.command.verb === 'EXPN' ? R.S502_NOT_RECOGNIZED : R.S252_VRFY(event.command.arg));
    },
    replyHelp: ({ context }) => send(context, R.S214_HELP(context.policy.mode)),
    replyBye: ({ context }) => send(context, R.S221_BYE),
    replyTimeout: ({ context }) => send(context, R.S421_TIMEOUT(context.policy.hostname)),
    replyAuthNotOffered: ({ context }) =>
      send(context, context.authUser === undefined ? R.S503_AUTH_NOT_ENABLED : R.S503_ALREADY_AUTH),
    replyTransactionInProgress: ({ context }) => send(context, R.S503_TRANSACTION_IN_PROGRESS),
    startSasl: assign(({ context, event }) => {
      if (event.type !== 'cmd.auth') return {};
      const step = saslStep({ mechanism: event.command.mechanism.toUpperCase(), stage: 'start' }, event.command.initialResponse, context.policy.accounts);
      if (step.kind === 'challenge') send(context, R.S334_CHALLENGE(step.challenge));
      else send(context, step.reply);
      return step.kind === 'challenge' ? { sasl: step.next } : step.kind === 'success' ? { authUser: step.user, sasl: undefined } : { sasl: undefined };
    }),
    continueSasl: assign(({ context, event }) => {
      if (event.type !== 'smtp.line' || !context.sasl) return {};
      const step = saslStep(context.sasl, event.text, context.policy.accounts);
      if (step.kind === 'challenge') send(context, R.S334_CHALLENGE(step.challenge));
      else send(context, step.reply);
      return step.kind === 'challenge' ? { sasl: step.next } : step.kind === 'success' ? { authUser: step.user, sasl: undefined } : { sasl: undefined };
    }),
    startTls: assign(({ context }) => {
      send(context, R.S220_TLS_READY);
      context.env.record({ kind: 'note', host: context.policy.hostname, connId: context.connId, text: 'TLS handshake (simulated: Mailpath shows where encryption starts; no real cipher runs)' });
      // RFC 3207 4.2: after the handshake the client must say EHLO again; all earlier knowledge is discarded.
      return { tls: true, helo: undefined, envelope: undefined, esmtp: false };
    }),
    replyTlsNotOffered: ({ context }) => send(context, context.tls ? R.S554_TLS_ACTIVE : R.S502_NOT_IMPLEMENTED),
  },
}).createMachine({
  id: 'smtpd',
  context: ({ input }) => ({ ...input, esmtp: false, tls: false, body: '', bodySize: 0, faultsUsed: {} }),
  initial: 'connected',
  entry: [{ type: 'cancelIdle' }, { type: 'scheduleIdle' }],
  on: {
    'smtp.line': { actions: ['cancelIdle', 'scheduleIdle', 'dispatch'] },
    'net.closed': '.closed',
    'session.idle': { target: '.closed', actions: ['replyTimeout', 'closeConnection'] },
    'cmd.rejected': { actions: 'replyRejected' },
    'cmd.helo': { target: '.ready', actions: ['acceptHelo', 'replyHelo'] },
    'cmd.rset': [
      { guard: 'heloDone', target: '.ready', actions: ['endTransaction', 'replyOk'] },
      { actions: ['endTransaction', 'replyOk'] },
    ],
    'cmd.noop': { actions: 'replyOk' },
    'cmd.vrfy': { actions: 'replyVrfy' },
    'cmd.help': { actions: 'replyHelp' },
    'cmd.quit': { target: '.closed', actions: ['replyBye', 'closeConnection'] },
    'cmd.mail': { actions: 'replyNestedMail' },
    'cmd.rcpt': { actions: 'replyNeedMail' },
    'cmd.data': { actions: 'replyNeedRcpt' },
    'cmd.auth': { actions: 'replyTransactionInProgress' },
    'cmd.starttls': { actions: 'replyTransactionInProgress' },
  },
  states: {
    /** The TCP connection is up: greet, unless a fault makes this server refuse. */
    connected: {
      always: [{ guard: 'greetingRefused', target: 'refused' }, { target: 'greeting', actions: 'greet' }],
    },
    greeting: {
      on: {
        'cmd.starttls': [{ guard: 'tlsOffered', target: 'greeting', reenter: false, actions: 'startTls' }, { actions: 'replyTlsNotOffered' }],
      },
    },
    /** A greeting fault: the server says 421 or 554 and hangs up, as an overloaded or hostile server does. */
    refused: {
      entry: ['refuseGreeting', { type: 'serveFault', params: { stage: 'greeting' } }, 'closeConnection'],
      always: 'closed',
    },
    ready: {
      on: {
        'cmd.mail': [
          { guard: 'mailAccepted', target: 'mail', actions: ['noteLenient', 'startTransaction', 'replyMail'] },
          { actions: ['replyMail', { type: 'serveFault', params: { stage: 'MAIL' } }] },
        ],
        'cmd.data': { actions: 'replyNeedRcpt' },
        'cmd.auth': [{ guard: 'authOffered', target: 'auth', actions: 'startSasl' }, { actions: 'replyAuthNotOffered' }],
        'cmd.starttls': [{ guard: 'tlsOffered', target: 'greeting', actions: 'startTls' }, { actions: 'replyTlsNotOffered' }],
      },
    },
    auth: {
      always: { guard: 'saslFinished', target: 'ready' },
      on: {
        'smtp.line': { actions: ['cancelIdle', 'scheduleIdle', 'continueSasl'] },
      },
    },
    mail: {
      on: {
        'cmd.data': { actions: 'replyNoValidRecipients' },
        'cmd.rcpt': [
          // The reply first: it is decided on the envelope as it was, and maxRecipients counts the ones before.
          { guard: 'rcptAccepted', target: 'rcpt', actions: ['noteLenient', 'replyRcpt', 'addRecipient'] },
          { actions: ['replyRcpt', { type: 'serveFault', params: { stage: 'RCPT' } }] },
        ],
      },
    },
    rcpt: {
      on: {
        'cmd.rcpt': [
          { guard: 'rcptAccepted', actions: ['noteLenient', 'replyRcpt', 'addRecipient'] },
          { actions: ['replyRcpt', { type: 'serveFault', params: { stage: 'RCPT' } }] },
        ],
        'cmd.data': [
          { guard: 'dataFault', actions: ['replyDataFault', { type: 'serveFault', params: { stage: 'DATA' } }] },
          { target: 'data', actions: 'replyStartData' },
        ],
      },
    },
    data: {
      on: {
        'smtp.line': [
          { guard: 'endOfData', target: 'endOfData', actions: ['cancelIdle', 'scheduleIdle'] },
          { actions: ['cancelIdle', 'scheduleIdle', 'collectLine'] },
        ],
      },
    },
    /** The lone dot arrived: decide, hand over to cleanup (or the mailbox in LMTP), then wait for its answer. */
    endOfData: {
      always: [
        { guard: 'tooBig', target: 'ready', actions: ['replyTooBig', 'endTransaction'] },
        { guard: 'endOfDataFault', target: 'ready', actions: ['replyEndOfDataFault', { type: 'serveFault', params: { stage: 'end-of-data' } }, 'endTransaction'] },
        { target: 'queueing', actions: 'handOverMessage' },
      ],
    },
    queueing: {
      on: {
        'smtp.line': {},
        'smtpd.queued': { target: 'ready', actions: ['replyQueued', 'endTransaction'] },
        'smtpd.rejected': { target: 'ready', actions: ['replyQueued', 'endTransaction'] },
        'lmtpd.results': { target: 'ready', actions: ['replyLmtpResults', 'endTransaction'] },
      },
    },
    closed: {
      type: 'final',
      entry: 'cancelIdle',
    },
  },
});
