/**
 * The SMTP client session: one connection of Postfix's smtp(8) / lmtp(8) delivery agent, or of a mail
 * client submitting, as an xstate v5 machine.
 *
 *   connecting -> greeting -> ehlo (-> helo) -> ready -> [auth ->] ready -> envelope -> data -> body -> quit -> done
 *
 * - connecting: `env.connect`, then `net.connected` or `net.failed` from the world.
 * - greeting:   waits for 220 (RFC 5321 4.2, 3.1); anything else: QUIT, every recipient decided by that reply.
 * - ehlo:       EHLO (LHLO in LMTP, RFC 2033 4.1); a refusal other than 421 falls back to HELO, as Postfix does.
 * - ready:      transient: authenticate if AUTH is offered and credentials were given (RFC 4954), check SIZE
 *               (RFC 1870), then start the transaction.
 * - envelope:   MAIL, then RCPT per recipient; with PIPELINING all of them and DATA in one batch (RFC 2920).
 * - data:       waits for 354.
 * - body:       the dot-stuffed message and "."; one reply in SMTP, one per accepted recipient in LMTP.
 * - quit:       QUIT, then 221 (or the server closing), then `env.close`.
 *
 * Lines arrive one per `smtp.line` event; the top-level `readLine` action assembles them into replies and
 * hands each complete reply to the state as an internal `smtp.reply`, paired with the oldest unanswered
 * command (already taken off `awaiting` when the state sees it). A line that is not a reply raises
 * `smtp.garbage`. No input ever throws. (No eventless `always` transition may look at `awaiting`: it would
 * run between the `smtp.line` that completed a reply and the raised `smtp.reply`.)
 *
 * Time only through the named delays below, on the clock the actor was created with (the world's
 * virtual clock), with Postfix's defaults. Every recipient is decided before the machine reaches `done`,
 * whose output is the `SmtpClientResult`; a parent (if any) also receives `smtp.client.done`.
 */
import { assign, enqueueActions, setup } from 'xstate';
import { toDataLines } from '../protocol/message/dot-stuffing';
import type { Reply } from '../protocol/reply';
import type { AgentEnv } from './env';
import type { NetClosedEvent, NetConnectedEvent, NetFailedEvent, SmtpLineEvent } from './net-events';
import { chooseMechanism, type EhloCapabilities, NO_CAPABILITIES, parseEhloReply, type SaslMechanism } from './smtp-client-capabilities';
import {
  authRejectedBy,
  connectFailed,
  connectTimedOut,
  isSuccess,
  lostConnection,
  noCompatibleMechanism,
  type PendingCommand,
  peerName,
  type RecipientStatus,
  refusedBy,
  type SmtpClientResult,
  settleOpen,
  timedOut,
  toResult,
  tooBigFor,
  unexpectedReply,
  type Verdict,
} from './smtp-client-outcome';
import { answerChallenge, authCommand } from './smtp-client-sasl';
import {
  beginBody,
  beginEnvelope,
  bodyReply,
  dataRefused,
  envelopeReply,
  has8bit,
  mailFromLine,
  messageSize,
  readReplyLine,
  type Transaction,
} from './smtp-client-transaction';

export type { EhloCapabilities } from './smtp-client-capabilities';
export type { Outcome, PendingCommand, SmtpClientRecipientResult, SmtpClientResult } from './smtp-client-outcome';

// ---------------------------------------------------------------------------------------------
// Input, events, context

/** Milliseconds. Defaults are Postfix's smtp_*_timeout (and lmtp_*_timeout) values. */
export interface SmtpClientTimeouts {
  /** smtp_connect_timeout: waiting for `net.connected`. */
  readonly connect: number;
  /** smtp_helo_timeout: the greeting, EHLO/HELO/LHLO, and AUTH (which Postfix runs inside the HELO phase). */
  readonly helo: number;
  /** smtp_mail_timeout. */
  readonly mail: number;
  /** smtp_rcpt_timeout. */
  readonly rcpt: number;
  /** smtp_data_init_timeout: the reply to DATA. */
  readonly dataInit: number;
  /** smtp_data_done_timeout: the reply(ies) to the final ".". */
  readonly dataDone: number;
  /** smtp_quit_timeout. */
  readonly quit: number;
}

export const DEFAULT_SMTP_CLIENT_TIMEOUTS: SmtpClientTimeouts = {
  connect: 30_000,
  helo: 300_000,
  mail: 300_000,
  rcpt: 300_000,
  dataInit: 120_000,
  dataDone: 600_000,
  quit: 300_000,
};

export interface SmtpClientAuth {
  readonly username: string;
  readonly password: string;
  /** Default: PLAIN if offered, else LOGIN. */
  readonly mechanism?: SaslMechanism;
}

export interface SmtpClientEnvelope {
  /** The reverse-path without angle brackets; '' for the null sender. */
  readonly from: string;
  readonly to: readonly string[];
  readonly params?: {
    /** Declare the body 8-bit (BODY=8BITMIME when offered). Default: detected from the data. */
    readonly body8bit?: boolean;
  };
}

export interface SmtpClientInput {
  readonly env: AgentEnv;
  readonly connId: string;
  /** Our name, for EHLO/HELO/LHLO. */
  readonly fromHost: string;
  readonly toHost: string;
  readonly port: number;
  readonly lmtp: boolean;
  /** Credentials; used only when the server advertises AUTH (Postfix's behaviour). */
  readonly auth?: SmtpClientAuth;
  readonly envelope: SmtpClientEnvelope;
  /** The raw RFC 5322 message, CRLF line ends. */
  readonly data: string;
  readonly timeouts?: Partial<SmtpClientTimeouts>;
}

/** What the world sends to a client session. */
export type SmtpClientEvent = SmtpLineEvent | NetConnectedEvent | NetFailedEvent | NetClosedEvent;

/** What the session raises to itself once it has read a whole reply, or a line that is not one. */
export type SmtpClientInternalEvent =
  | { readonly type: 'smtp.reply'; readonly reply: Reply; readonly command: PendingCommand }
  | { readonly type: 'smtp.garbage'; readonly text: string };

/** Sent to the parent actor when the session ends. */
export interface SmtpClientDoneEvent {
  readonly type: 'smtp.client.done';
  readonly result: SmtpClientResult;
}

/** The input as given (timeouts completed with the defaults), and the state of the session. */
export interface SmtpClientContext extends Transaction, Omit<SmtpClientInput, 'timeouts'> {
  readonly timeouts: SmtpClientTimeouts;
  readonly remoteIp?: string;
  /** Lines of a multi-line reply read so far. */
  readonly replyLines: readonly string[];
  readonly capabilities: EhloCapabilities;
  readonly mechanism?: SaslMechanism;
  /** How many 334 challenges have been answered. */
  readonly challenges: number;
  readonly authenticated: boolean;
}

type Events = SmtpClientEvent | SmtpClientInternalEvent;

function initialContext(input: SmtpClientInput): SmtpClientContext {
  return {
    env: input.env,
    connId: input.connId,
    fromHost: input.fromHost,
    toHost: input.toHost,
    port: input.port,
    lmtp: input.lmtp,
    ...(input.auth === undefined ? {} : { auth: input.auth }),
    envelope: input.envelope,
    data: input.data,
    timeouts: { ...DEFAULT_SMTP_CLIENT_TIMEOUTS, ...input.timeouts },
    replyLines: [],
    awaiting: [],
    capabilities: NO_CAPABILITIES,
    challenges: 0,
    authenticated: false,
    recipients: input.envelope.to.map((address): RecipientStatus => ({ address, state: 'pending' })),
    mailRejected: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers for the implementations

const peerOf = (c: SmtpClientContext): string => peerName(c.toHost, c.remoteIp);

const replyOf = (e: Events): Reply | undefined => (e.type === 'smtp.reply' ? e.reply : undefined);

function transmit(c: SmtpClientContext, lines: readonly string[]): void {
  for (const line of lines) c.env.transmit(c.connId, 'client', line);
}

/** The transaction fields of a step's result, to assign back into the context. */
const transactionPatch = (t: Transaction) => ({
  recipients: t.recipients,
  awaiting: t.awaiting,
  mailRejected: t.mailRejected,
  dataReply: t.dataReply,
});

/** An assign that decides every open recipient with the verdict computed from the context and event. */
const settleAll = (verdict: (c: SmtpClientContext, e: Events) => Verdict | undefined) =>
  assign<SmtpClientContext, Events, undefined, Events, never>(({ context, event }) => {
    const v = verdict(context, event);
    return v === undefined ? {} : { recipients: settleOpen(context.recipients, v) };
  });

/** The transaction as a reply to MAIL or RCPT leaves it (for the guards that pick the next state). */
function afterEnvelopeReply(c: SmtpClientContext, e: Events): Transaction | undefined {
  return e.type === 'smtp.reply' ? envelopeReply(c, e.reply, e.command, peerOf(c), c.capabilities.pipelining).t : undefined;
}

const eightBit = (c: SmtpClientContext): boolean => c.envelope.params?.body8bit ?? has8bit(c.data);

const wantsAuth = (c: SmtpClientContext): boolean => c.auth !== undefined && c.capabilities.auth !== undefined && !c.authenticated;

export const resultOf = (c: SmtpClientContext): SmtpClientResult => toResult(c);

// ---------------------------------------------------------------------------------------------
// The machine

export const smtpClientSession = setup({
  types: {
    input: {} as SmtpClientInput,
    context: {} as SmtpClientContext,
    events: {} as Events,
    output: {} as SmtpClientResult,
  },
  actions: {
    connect: ({ context: c }) => c.env.connect({ connId: c.connId, fromHost: c.fromHost, toHost: c.toHost, port: c.port }),
    closeConnection: ({ context: c }) => c.env.close(c.connId, 'client'),

    rememberPeer: assign(({ event }) =>
      event.type === 'net.connected' ? { remoteIp: event.remoteIp, awaiting: [{ name: 'greeting' } as const] } : {},
    ),

    /** One line off the wire: part of a reply, a whole reply (answering the oldest command), or garbage. */
    readLine: enqueueActions(({ context, event, enqueue }) => {
      // Nothing asked, nothing to read: a server speaks only when spoken to (and once to greet).
      if (event.type !== 'smtp.line' || context.awaiting.length === 0) return;
      const read = readReplyLine(context.replyLines, event.text);
      if (read.kind === 'partial') {
        enqueue.assign({ replyLines: read.lines });
      } else if (read.kind === 'garbage') {
        enqueue.assign({ replyLines: [] });
        enqueue.raise({ type: 'smtp.garbage', text: read.text });
      } else {
        const [command, ...rest] = context.awaiting;
        enqueue.assign({ replyLines: [], awaiting: rest });
        enqueue.raise({ type: 'smtp.reply', reply: read.reply, command: command! });
      }
    }),

    sendEhlo: enqueueActions(({ context, enqueue }) => {
      const verb = context.lmtp ? 'LHLO' : 'EHLO';
      enqueue.assign({ awaiting: [...context.awaiting, { name: verb }] });
      enqueue(() => transmit(context, [`${verb} ${context.fromHost}`]));
    }),
    sendHelo: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ awaiting: [...context.awaiting, { name: 'HELO' }] });
      enqueue(() => transmit(context, [`HELO ${context.fromHost}`]));
    }),
    learnCapabilities: assign(({ event }) => {
      const reply = replyOf(event);
      return reply === undefined ? {} : { capabilities: parseEhloReply(reply) };
    }),

    sendAuth: enqueueActions(({ context, enqueue }) => {
      const mechanism = chooseMechanism(context.capabilities.auth, context.auth?.mechanism);
      if (mechanism === undefined || context.auth === undefined) return; // guarded by mustAuthenticate
      enqueue.assign({ mechanism, challenges: 0, awaiting: [...context.awaiting, { name: 'AUTH' }] });
      enqueue(() => transmit(context, [authCommand(mechanism, context.auth!)]));
    }),
    answerChallenge: enqueueActions(({ context, enqueue }) => {
      if (context.mechanism === undefined || context.auth === undefined) return;
      const line = answerChallenge(context.mechanism, context.challenges, context.auth);
      enqueue.assign({ challenges: context.challenges + 1, awaiting: [...context.awaiting, { name: 'AUTH' }] });
      enqueue(() => transmit(context, [line]));
    }),
    markAuthenticated: assign({ authenticated: true }),

    sendEnvelope: enqueueActions(({ context, enqueue }) => {
      const line = mailFromLine(context.envelope.from, context.capabilities, messageSize(context.data), eightBit(context));
      const step = beginEnvelope(context, line, context.capabilities.pipelining);
      enqueue.assign(transactionPatch(step.t));
      enqueue(() => transmit(context, step.send));
    }),
    onEnvelopeReply: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'smtp.reply') return;
      const step = envelopeReply(context, event.reply, event.command, peerOf(context), context.capabilities.pipelining);
      enqueue.assign(transactionPatch(step.t));
      enqueue(() => transmit(context, step.send));
    }),
    settleDataRefused: assign(({ context, event }) => {
      const reply = replyOf(event);
      return reply === undefined ? {} : transactionPatch(dataRefused(context, reply, peerOf(context)));
    }),

    sendMessage: enqueueActions(({ context, enqueue }) => {
      const step = beginBody(context, toDataLines(context.data), context.lmtp);
      enqueue.assign(transactionPatch(step.t));
      enqueue(() => transmit(context, step.send));
    }),
    onBodyReply: assign(({ context, event }) =>
      event.type === 'smtp.reply' ? transactionPatch(bodyReply(context, event.reply, event.command, peerOf(context))) : {},
    ),

    sendQuit: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ awaiting: [...context.awaiting, { name: 'QUIT' }] });
      enqueue(() => transmit(context, ['QUIT']));
    }),

    settleRefused: settleAll((c, e) => {
      const reply = replyOf(e);
      return reply && refusedBy(peerOf(c), reply, e.type === 'smtp.reply' ? e.command.name : 'greeting');
    }),
    settleAuthFailure: settleAll((c, e) => {
      const reply = replyOf(e);
      return reply && authRejectedBy(peerOf(c), reply);
    }),
    settleNoMechanism: settleAll((c) => noCompatibleMechanism(peerOf(c))),
    settleTooBig: settleAll((c) => tooBigFor(peerOf(c), messageSize(c.data), c.capabilities.size ?? 0)),
    settleConnectFailure: settleAll((_, e) => (e.type === 'net.failed' ? connectFailed(e.reason) : undefined)),
    settleConnectTimeout: settleAll((c) => connectTimedOut(c.toHost, c.port)),
    settleTimeout: settleAll((c) => timedOut(peerOf(c), c.awaiting[0]?.name)),
    settleLostConnection: settleAll((c) => lostConnection(peerOf(c), c.awaiting[0]?.name)),
    settleGarbage: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'smtp.garbage') return;
      // Out of step with the server: forget what was asked, decide everyone, say goodbye.
      enqueue.assign({ awaiting: [], recipients: settleOpen(context.recipients, unexpectedReply(peerOf(context), event.text)) });
    }),

    notifyParent: enqueueActions(({ context, enqueue, self }) => {
      // sendParent throws when there is no parent (a session run alone, as in tests).
      if (self._parent === undefined) return;
      const done: SmtpClientDoneEvent = { type: 'smtp.client.done', result: resultOf(context) };
      enqueue.sendParent(done);
    }),
  },
  guards: {
    isGreeting: ({ event }) => replyOf(event)?.code === 220,
    isSuccess: ({ event }) => {
      const reply = replyOf(event);
      return reply !== undefined && isSuccess(reply);
    },
    isChallenge: ({ event }) => replyOf(event)?.code === 334,
    isGoAhead: ({ event }) => replyOf(event)?.code === 354,
    /** Postfix falls back to HELO on any EHLO refusal but 421 (smtp_proto.c); LMTP has no HELO. */
    mayFallBackToHelo: ({ context, event }) => !context.lmtp && replyOf(event)?.code !== 421,
    mustAuthenticate: ({ context }) => wantsAuth(context) && chooseMechanism(context.capabilities.auth, context.auth?.mechanism) !== undefined,
    authUnavailable: ({ context }) => wantsAuth(context) && chooseMechanism(context.capabilities.auth, context.auth?.mechanism) === undefined,
    tooBigForServer: ({ context }) => (context.capabilities.size ?? 0) > 0 && messageSize(context.data) > (context.capabilities.size ?? 0),
    envelopeThenData: ({ context, event }) => afterEnvelopeReply(context, event)?.awaiting[0]?.name === 'DATA',
    envelopeThenQuit: ({ context, event }) => afterEnvelopeReply(context, event)?.awaiting.length === 0,
    /** The reply being handled was the last one expected (it is off the queue already). */
    nothingAwaited: ({ context }) => context.awaiting.length === 0,
  },
  delays: {
    connectTimeout: ({ context }) => context.timeouts.connect,
    heloTimeout: ({ context }) => context.timeouts.helo,
    envelopeTimeout: ({ context }) => (context.awaiting[0]?.name === 'RCPT' ? context.timeouts.rcpt : context.timeouts.mail),
    dataInitTimeout: ({ context }) => context.timeouts.dataInit,
    dataDoneTimeout: ({ context }) => context.timeouts.dataDone,
    quitTimeout: ({ context }) => context.timeouts.quit,
  },
}).createMachine({
  id: 'smtpClient',
  context: ({ input }) => initialContext(input),
  initial: 'connecting',
  on: {
    'smtp.line': { actions: 'readLine' },
    'smtp.garbage': { target: '.quit', actions: 'settleGarbage' },
    'net.closed': { target: '.done', actions: 'settleLostConnection' },
  },
  states: {
    connecting: {
      entry: 'connect',
      on: {
        'net.connected': { target: 'greeting', actions: 'rememberPeer' },
        'net.failed': { target: 'done', actions: 'settleConnectFailure' },
      },
      after: { connectTimeout: { target: 'done', actions: ['settleConnectTimeout', 'closeConnection'] } },
    },
    greeting: {
      on: {
        'smtp.reply': [{ guard: 'isGreeting', target: 'ehlo' }, { target: 'quit', actions: 'settleRefused' }],
      },
      after: { heloTimeout: { target: 'done', actions: ['settleTimeout', 'closeConnection'] } },
    },
    ehlo: {
      entry: 'sendEhlo',
      on: {
        'smtp.reply': [
          { guard: 'isSuccess', target: 'ready', actions: 'learnCapabilities' },
          { guard: 'mayFallBackToHelo', target: 'helo' },
          { target: 'quit', actions: 'settleRefused' },
        ],
      },
      after: { heloTimeout: { target: 'done', actions: ['settleTimeout', 'closeConnection'] } },
    },
    helo: {
      entry: 'sendHelo',
      on: {
        'smtp.reply': [{ guard: 'isSuccess', target: 'ready' }, { target: 'quit', actions: 'settleRefused' }],
      },
      after: { heloTimeout: { target: 'done', actions: ['settleTimeout', 'closeConnection'] } },
    },
    ready: {
      always: [
        { guard: 'mustAuthenticate', target: 'auth' },
        { guard: 'authUnavailable', target: 'quit', actions: 'settleNoMechanism' },
        { guard: 'tooBigForServer', target: 'quit', actions: 'settleTooBig' },
        { target: 'envelope' },
      ],
    },
    auth: {
      entry: 'sendAuth',
      initial: 'waiting',
      states: {
        waiting: {
          on: {
            'smtp.reply': [
              { guard: 'isSuccess', target: '#smtpClient.ready', actions: 'markAuthenticated' },
              { guard: 'isChallenge', target: 'waiting', reenter: true, actions: 'answerChallenge' },
              { target: '#smtpClient.quit', actions: 'settleAuthFailure' },
            ],
          },
          after: { heloTimeout: { target: '#smtpClient.done', actions: ['settleTimeout', 'closeConnection'] } },
        },
      },
    },
    envelope: {
      entry: 'sendEnvelope',
      initial: 'waiting',
      states: {
        waiting: {
          on: {
            'smtp.reply': [
              // After this reply: DATA next in line -> wait for 354; nothing left to ask -> everyone is decided, QUIT.
              { guard: 'envelopeThenData', target: '#smtpClient.data', actions: 'onEnvelopeReply' },
              { guard: 'envelopeThenQuit', target: '#smtpClient.quit', actions: 'onEnvelopeReply' },
              { target: 'waiting', reenter: true, actions: 'onEnvelopeReply' },
            ],
          },
          after: { envelopeTimeout: { target: '#smtpClient.done', actions: ['settleTimeout', 'closeConnection'] } },
        },
      },
    },
    data: {
      on: {
        'smtp.reply': [{ guard: 'isGoAhead', target: 'body' }, { target: 'quit', actions: 'settleDataRefused' }],
      },
      after: { dataInitTimeout: { target: 'done', actions: ['settleTimeout', 'closeConnection'] } },
    },
    body: {
      entry: 'sendMessage',
      initial: 'waiting',
      states: {
        waiting: {
          on: {
            'smtp.reply': [
              { guard: 'nothingAwaited', target: '#smtpClient.quit', actions: 'onBodyReply' },
              { target: 'waiting', reenter: true, actions: 'onBodyReply' },
            ],
          },
          after: { dataDoneTimeout: { target: '#smtpClient.done', actions: ['settleTimeout', 'closeConnection'] } },
        },
      },
    },
    quit: {
      entry: 'sendQuit',
      on: {
        'smtp.reply': { target: 'done', actions: 'closeConnection' },
        'smtp.garbage': { target: 'done', actions: 'closeConnection' },
        'net.closed': { target: 'done' },
      },
      after: { quitTimeout: { target: 'done', actions: 'closeConnection' } },
    },
    done: {
      type: 'final',
      entry: 'notifyParent',
    },
  },
  output: ({ context }) => resultOf(context),
});
