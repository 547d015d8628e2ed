import { assign, enqueueActions, setup } from 'xstate';
import { prependHeader } from '../protocol/message/headers';
import { receivedHeader, returnPathHeader } from '../protocol/message/received';
import { queueId as newQueueId } from '../protocol/message/ids';
import { getHeader, parseMessage } from '../protocol/message/headers';
import type { Reply } from '../protocol/reply';
import * as R from '../protocol/replies';
import { stopFinishedChild } from './children';
import type { AgentEnv } from './env';
import { systemIds } from './env';
import { countFault, sessionInput, sessionSpawnOptions } from './listener';
import type { NetAcceptEvent } from './net-events';
import { defaultPolicy, type FaultAddEvent, type ServerFault, type ServerPolicy, withFault } from './server-policy';
import { type Envelope, type SessionFacts, smtpServerSession } from './smtp-server-session';
import { domainOf } from './transport';

/** A message as the mailbox keeps it: the bytes the recipient's client will read. */
export interface StoredMessage {
  readonly uid: number;
  readonly raw: string;
  readonly envelopeFrom: string;
  readonly deliveredAt: number;
  readonly queueId: string;
}

export interface Mailbox {
  readonly address: string;
  readonly quota?: number;
  readonly messages: readonly StoredMessage[];
}

export interface MdaInput {
  readonly env: AgentEnv;
  readonly hostname: string;
  readonly mailboxes: readonly { readonly address: string; readonly quota?: number }[];
  readonly quotaTempfail: boolean;
  readonly faults: readonly ServerFault[];
}

interface MdaContext {
  readonly env: AgentEnv;
  readonly policy: ServerPolicy;
  readonly quotaTempfail: boolean;
  readonly mailboxes: Readonly<Record<string, Mailbox>>;
  readonly nextUid: number;
  readonly faultsUsed: Readonly<Record<string, number>>;
}

type MdaEvent =
  | NetAcceptEvent
  | { readonly type: 'lmtpd.message'; readonly connId: string; readonly envelope: Envelope; readonly data: string; readonly facts: SessionFacts }
  | { readonly type: 'smtpd.fault.used'; readonly faultId: string }
  | FaultAddEvent;

const mailboxSize = (m: Mailbox): number => m.messages.reduce((n, msg) => n + msg.raw.length, 0);

interface Delivery {
  readonly mailboxes: Record<string, Mailbox>;
  readonly replies: Reply[];
  readonly nextUid: number;
}

/**
 * Dovecot's LMTP delivery: one verdict per recipient, in RCPT order (RFC 2033 4.2). Each stored copy gets
 * Return-Path (the envelope sender, RFC 5321 4.4), Delivered-To and this hop's Received on top.
 */
function deliver(ctx: MdaContext, envelope: Envelope, data: string, facts: SessionFacts, id: string): Delivery {
  const mailboxes = { ...ctx.mailboxes };
  const replies: Reply[] = [];
  let nextUid = ctx.nextUid;
  const now = ctx.env.now();
  for (const rcpt of envelope.to) {
    const key = rcpt.toLowerCase();
    const box = mailboxes[key];
    if (!box) {
      replies.push(R.S550_USER_UNKNOWN(`<${rcpt}>`));
      continue;
    }
    const received = receivedHeader({
      fromHelo: facts.helo,
      fromHost: facts.clientHost,
      fromIp: facts.clientIp,
      byHost: ctx.policy.hostname,
      with: 'LMTP',
      id,
      for: rcpt,
      dateMs: now,
    });
    const raw = prependHeader(prependHeader(prependHeader(data, 'Received', received), 'Delivered-To', rcpt), 'Return-Path', returnPathHeader(envelope.from));
    if (box.quota !== undefined && mailboxSize(box) + raw.length > box.quota) {
      replies.push(ctx.quotaTempfail ? R.S452_QUOTA(rcpt) : R.S552_QUOTA(rcpt));
      continue;
    }
    mailboxes[key] = { ...box, messages: [...box.messages, { uid: nextUid++, raw, envelopeFrom: envelope.from, deliveredAt: now, queueId: id }] };
    replies.push(R.S250_LMTP_SAVED(rcpt, id));
    ctx.env.record({
      kind: 'deliver',
      host: ctx.policy.hostname,
      mailbox: box.address,
      queueId: id,
      messageId: getHeader(parseMessage(raw).headers, 'Message-ID') ?? '',
      size: raw.length,
    });
  }
  return { mailboxes, replies, nextUid };
}

/** The MDA: an LMTP server in front of the mailboxes, as Dovecot LMTP is. */
export const mdaMachine = setup({
  types: { context: {} as MdaContext, input: {} as MdaInput, events: {} as MdaEvent },
  actors: { smtpd: smtpServerSession },
}).createMachine({
  id: 'mda',
  context: ({ input }) => {
    const domains = [...new Set(input.mailboxes.map((m) => domainOf(m.address)))];
    return {
      env: input.env,
      quotaTempfail: input.quotaTempfail,
      policy: defaultPolicy(input.hostname, {
        mode: 'lmtp',
        banner: 'LMTP Mailpath ready',
        starttls: false,
        localDomains: domains,
        localRecipients: input.mailboxes.map((m) => m.address),
        faults: input.faults,
      }),
      mailboxes: Object.fromEntries(input.mailboxes.map((m) => [m.address.toLowerCase(), { ...m, messages: [] }])),
      nextUid: 1,
      faultsUsed: {},
    };
  },
  initial: 'serving',
  states: {
    serving: {
      on: {
        'xstate.done.actor.*': { actions: stopFinishedChild },
        'net.accept': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            enqueue.spawnChild('smtpd', { ...sessionSpawnOptions(event), input: sessionInput(context.env, context.policy, context.faultsUsed, event) });
          }),
        },
        'smtpd.fault.used': { actions: assign(({ context, event }) => ({ faultsUsed: countFault(context.faultsUsed, event.faultId) })) },
        'faults.add': { actions: assign(({ context, event }) => ({ policy: withFault(context.policy, event.fault) })) },
        'lmtpd.message': {
          actions: enqueueActions(({ context, event, enqueue, system }) => {
            const id = newQueueId({ next: context.env.random });
            const result = deliver(context, event.envelope, event.data, event.facts, id);
            enqueue.assign({ mailboxes: result.mailboxes, nextUid: result.nextUid });
            const results = { type: 'lmtpd.results', replies: result.replies } as const;
            enqueue.sendTo(system.get(systemIds.serverSession(event.connId)), results);
          }),
        },
      },
    },
  },
});
