import { assign, enqueueActions, setup } from 'xstate';
import { formatMailbox, formatMailboxList, parseMailboxList, type Mailbox } from '../protocol/message/address-list';
import { formatRfc5322Date } from '../protocol/message/date';
import { serializeHeader } from '../protocol/message/headers';
import { messageId } from '../protocol/message/ids';
import type { Reply } from '../protocol/reply';
import { stopFinishedChild } from './children';
import type { AgentEnv } from './env';
import { systemIds } from './env';
import type { SmtpClientResult } from './smtp-client-outcome';
import { smtpClientSession } from './smtp-client-session';
import { domainOf } from './transport';

/** What the person writes in the compose window. Addresses may carry display names. */
export interface Draft {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly body: string;
  /** Replaces the From header the MUA would write: how a forged From is made, for the spoofing lesson. */
  readonly fromHeader?: string;
}

export interface MuaInput {
  readonly env: AgentEnv;
  readonly hostname: string;
  readonly address: string;
  readonly displayName: string;
  readonly username: string;
  readonly password: string;
  readonly msaHost: string;
  readonly msaPort: number;
}

export interface OutboxItem {
  readonly connId: string;
  readonly subject: string;
  readonly recipients: readonly string[];
  readonly status: 'sending' | 'sent' | 'failed';
  /** The MSA's answer, shown to the user as a mail client shows a send error. */
  readonly reply?: Reply;
  readonly reason?: string;
}

interface MuaContext extends MuaInput {
  readonly outbox: readonly OutboxItem[];
}

type MuaEvent = ({ readonly type: 'mua.compose' } & Draft) | { readonly type: 'smtp.client.done'; readonly result: SmtpClientResult };

const addresses = (list: readonly string[]): Mailbox[] => list.flatMap((s) => parseMailboxList(s));

/**
 * The RFC 5322 message a mail client writes. Bcc recipients travel in the envelope only: the header is
 * left out, as Thunderbird and Outlook do (RFC 5322 3.6.3, first method).
 */
export function composeMessage(ctx: Pick<MuaInput, 'address' | 'displayName' | 'hostname'>, draft: Draft, now: number, id: string): string {
  const from = draft.fromHeader ?? formatMailbox(ctx.displayName ? { name: ctx.displayName, address: ctx.address } : { address: ctx.address });
  const to = addresses(draft.to);
  const cc = addresses(draft.cc);
  const eightBit = /[^\x00-\x7f]/.test(draft.body);
  const headers: [string, string][] = [
    ['Message-ID', id],
    ['Date', formatRfc5322Date(now)],
    ['MIME-Version', '1.0'],
    ['User-Agent', 'Mailpath MUA'],
    ['From', from],
    ...(to.length > 0 ? [['To', formatMailboxList(to)] as [string, string]] : []),
    ...(cc.length > 0 ? [['Cc', formatMailboxList(cc)] as [string, string]] : []),
    ['Subject', draft.subject],
    ['Content-Type', 'text/plain; charset=UTF-8; format=flowed'],
    ['Content-Transfer-Encoding', eightBit ? '8bit' : '7bit'],
  ];
  const body = draft.body.replace(/\r?\n/g, '\r\n');
  return `${headers.map(([n, v]) => serializeHeader(n, v)).join('\r\n')}\r\n\r\n${body}${body.endsWith('\r\n') ? '' : '\r\n'}`;
}

export function envelopeRecipients(draft: Draft): string[] {
  return [...addresses(draft.to), ...addresses(draft.cc), ...addresses(draft.bcc)].map((m) => m.address);
}

/** The mail client: it writes messages and submits them to its MSA on 587 with AUTH, like Thunderbird. */
export const muaMachine = setup({
  types: { context: {} as MuaContext, input: {} as MuaInput, events: {} as MuaEvent },
  actors: { smtp: smtpClientSession },
}).createMachine({
  id: 'mua',
  context: ({ input }) => ({ ...input, outbox: [] }),
  initial: 'idle',
  states: {
    idle: {
      on: {
        'xstate.done.actor.*': { actions: stopFinishedChild },
        'mua.compose': {
          actions: enqueueActions(({ context, event, enqueue }) => {
            const now = context.env.now();
            const id = messageId({ next: () => context.env.random() }, now, domainOf(context.address) || context.hostname);
            const data = composeMessage(context, event, now, id);
            const to = envelopeRecipients(event);
            const connId = context.env.newConnectionId();
            context.env.record({ kind: 'submit', host: context.hostname, from: context.address, to, subject: event.subject });
            enqueue.assign({ outbox: [...context.outbox, { connId, subject: event.subject, recipients: to, status: 'sending' }] });
            enqueue.spawnChild('smtp', {
              id: systemIds.clientSession(connId),
              systemId: systemIds.clientSession(connId),
              input: {
                env: context.env,
                connId,
                fromHost: context.hostname,
                toHost: context.msaHost,
                port: context.msaPort,
                lmtp: false,
                auth: { username: context.username, password: context.password, mechanism: 'PLAIN' },
                envelope: { from: context.address, to },
                data,
              },
            });
          }),
        },
        'smtp.client.done': {
          actions: assign(({ context, event }) => ({
            outbox: context.outbox.map((item) => {
              if (item.connId !== event.result.connId) return item;
              const accepted = event.result.recipients.filter((r) => r.outcome === 'sent');
              const refused = event.result.recipients.find((r) => r.outcome !== 'sent');
              return {
                ...item,
                status: accepted.length > 0 && !refused ? 'sent' : 'failed',
                ...(event.result.dataReply ? { reply: event.result.dataReply } : refused?.reply ? { reply: refused.reply } : {}),
                ...(refused ? { reason: refused.reason } : {}),
              };
            }),
          })),
        },
      },
    },
  },
});
