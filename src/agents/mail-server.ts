import { assign, enqueueActions, setup } from 'xstate';
import type { RouteHost } from '../dns';
import { buildDsn } from '../protocol/message/dsn';
import { replyLine } from '../protocol/reply';
import { messageIdForQueueId, queueId as newQueueId } from '../protocol/message/ids';
import { stopFinishedChild } from './children';
import { cleanup } from './cleanup';
import type { AgentEnv } from './env';
import { systemIds } from './env';
import { countFault, sessionInput, sessionSpawnOptions } from './listener';
import {
  applyOutcomes,
  pendingRecipients,
  type QueueEntry,
  type QueueSettings,
  type QueuedRecipient,
  type RecipientOutcome,
  settle,
} from './mail-queue';
import type { DnsAnswerEvent, NetAcceptEvent } from './net-events';
import { type FaultAddEvent, type ServerFault, type ServerPolicy, withFault } from './server-policy';
import { outcomesFromClient, outcomesFromRoute, shouldTryNextHost } from './delivery-outcome';
import type { SmtpClientResult } from './smtp-client-outcome';
import { smtpClientSession } from './smtp-client-session';
import { type Envelope, type SessionFacts, smtpServerSession } from './smtp-server-session';
import { type Nexthop, routeFor, routeKey, type Transport } from './transport';

/**
 * One mail server role on one host: smtpd in front, cleanup, a queue, and the smtp/lmtp client behind it,
 * the pipeline Postfix splits into smtpd, cleanup, qmgr and smtp. MSA, MTA and MX are this machine with
 * different policies and transports (see msa.ts, mta.ts, mx.ts).
 */
export interface MailServerInput {
  readonly env: AgentEnv;
  readonly role: 'msa' | 'mta' | 'mx';
  readonly hostname: string;
  readonly policy: ServerPolicy;
  readonly transport: Transport;
  readonly queue: QueueSettings;
  readonly addMissingHeaders: boolean;
}

/** What every role (msa.ts, mta.ts, mx.ts) is configured with, on top of what makes it that role. */
export interface MailRoleConfig extends Pick<MailServerInput, 'env' | 'hostname' | 'queue'> {
  readonly faults: readonly ServerFault[];
}

/** One attempt to move some recipients of one queued message one hop further. */
export interface DeliveryJob {
  readonly id: string;
  readonly queueId: string;
  readonly recipients: readonly string[];
  readonly lmtp: boolean;
  /** Candidate next hops, best first; filled by the DNS answer for a DNS route. */
  readonly hosts: readonly Nexthop[];
  readonly hostIndex: number;
  readonly connId?: string;
  /** Outcomes from hosts tried before, kept for the DSN when every host fails. */
  readonly lastOutcomes?: readonly RecipientOutcome[];
}

interface MailServerContext extends MailServerInput {
  readonly selfId: string;
  readonly faultsUsed: Readonly<Record<string, number>>;
  readonly queueEntries: Readonly<Record<string, QueueEntry>>;
  readonly jobs: Readonly<Record<string, DeliveryJob>>;
  readonly nextJob: number;
}

export type MailServerEvent =
  | NetAcceptEvent
  | DnsAnswerEvent
  | { readonly type: 'smtpd.message'; readonly connId: string; readonly envelope: Envelope; readonly data: string; readonly facts: SessionFacts }
  | { readonly type: 'smtpd.fault.used'; readonly faultId: string }
  | { readonly type: 'smtp.client.done'; readonly result: SmtpClientResult }
  | { readonly type: 'queue.scan' }
  | { readonly type: 'job.finished'; readonly jobId: string; readonly outcomes: readonly RecipientOutcome[] }
  | { readonly type: 'queue.inject'; readonly from: string; readonly to: readonly string[]; readonly data: string }
  | FaultAddEvent;

type Ctx = MailServerContext;

const hostsFromRoute = (hosts: readonly RouteHost[], port: number): Nexthop[] =>
  hosts.map((h) => ({ host: h.exchange, port, lmtp: false }));

/** Puts a message in the queue: cleanup completes it, the trace says so. */
function enqueueMessage(ctx: Ctx, envelope: Pick<Envelope, 'from' | 'to'>, data: string, facts: SessionFacts | undefined): QueueEntry {
  const queueId = newQueueId({ next: () => ctx.env.random() });
  const now = ctx.env.now();
  const cleaned = facts
    ? cleanup({ data, envelope: { ...envelope, params: {} }, facts, hostname: ctx.hostname, queueId, now, addMissingHeaders: ctx.addMissingHeaders })
    : { raw: data, messageId: messageIdForQueueId(queueId, now, ctx.hostname) };
  ctx.env.record({ kind: 'queue.add', host: ctx.hostname, queueId, from: envelope.from, to: envelope.to, size: cleaned.raw.length });
  return {
    queueId,
    from: envelope.from,
    recipients: envelope.to.map((address) => ({ address, status: 'pending' })),
    data: cleaned.raw,
    messageId: cleaned.messageId,
    arrivedAt: now,
    attempts: 0,
  };
}

/** The non-delivery report for the failed recipients, queued like any message but with the null sender. */
function bounce(ctx: Ctx, entry: QueueEntry, failed: readonly QueuedRecipient[]): QueueEntry | undefined {
  const reason = failed.map((r) => `${r.address}: ${r.reason ?? 'failed'}`).join('; ');
  if (entry.from === '') {
    // RFC 5321 6.1 / 3464: a notice about a notice would loop; Postfix logs it and drops it.
    ctx.env.record({ kind: 'bounce', host: ctx.hostname, queueId: entry.queueId, recipients: failed.map((r) => r.address), to: '', reason });
    return undefined;
  }
  const now = ctx.env.now();
  const noticeId = newQueueId({ next: () => ctx.env.random() });
  const dsn = buildDsn({
    reportingMta: ctx.hostname,
    postmasterAddress: `MAILER-DAEMON@${ctx.hostname}`,
    to: entry.from,
    arrivalDateMs: entry.arrivedAt,
    dateMs: now,
    messageId: messageIdForQueueId(noticeId, now, ctx.hostname),
    recipients: failed.map((r) => ({
      address: r.address,
      action: 'failed',
      status: r.dsn ?? (r.reply?.dsn?.startsWith('5') ? r.reply.dsn : '5.0.0'),
      ...(r.reply ? { diagnostic: `smtp; ${replyLine(r.reply)}` } : {}),
      ...(r.remoteMta ? { remoteMta: r.remoteMta } : {}),
      ...(r.remoteIp ? { remoteIp: r.remoteIp } : {}),
      ...(r.inReplyTo ? { inReplyTo: r.inReplyTo } : {}),
      ...(r.reason && !r.reply ? { reason: r.reason } : {}),
      lastAttemptMs: now,
    })),
    original: entry.data,
    queueId: entry.queueId,
    noticeQueueId: noticeId,
  });
  ctx.env.record({ kind: 'queue.add', host: ctx.hostname, queueId: noticeId, from: '', to: [entry.from], size: dsn.length });
  ctx.env.record({ kind: 'bounce', host: ctx.hostname, queueId: entry.queueId, recipients: failed.map((r) => r.address), to: entry.from, reason, bounceQueueId: noticeId });
  return {
    queueId: noticeId,
    from: '',
    recipients: [{ address: entry.from, status: 'pending' }],
    data: dsn,
    messageId: messageIdForQueueId(noticeId, now, ctx.hostname),
    arrivedAt: now,
    attempts: 0,
  };
}

const jobsFor = (ctx: Ctx, queueId: string): DeliveryJob[] => Object.values(ctx.jobs).filter((j) => j.queueId === queueId);

export const mailServerMachine = setup({
  types: {
    context: {} as MailServerContext,
    input: {} as MailServerInput,
    events: {} as MailServerEvent,
  },
  actors: { smtpd: smtpServerSession, smtp: smtpClientSession },
  actions: {
    acceptConnection: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'net.accept') return;
      enqueue.spawnChild('smtpd', { ...sessionSpawnOptions(event), input: sessionInput(context.env, context.policy, context.faultsUsed, event) });
    }),
    countFault: assign(({ context, event }) => (event.type === 'smtpd.fault.used' ? { faultsUsed: countFault(context.faultsUsed, event.faultId) } : {})),
    /** smtpd handed over a message: cleanup, queue, answer "queued as", and wake the queue manager. */
    queueReceived: enqueueActions(({ context, event, enqueue, system }) => {
      if (event.type !== 'smtpd.message') return;
      const entry = enqueueMessage(context, event.envelope, event.data, event.facts);
      enqueue.assign({ queueEntries: { ...context.queueEntries, [entry.queueId]: entry } });
      const queued = { type: 'smtpd.queued', queueId: entry.queueId } as const;
      enqueue.sendTo(system.get(systemIds.serverSession(event.connId)), queued);
      enqueue.raise({ type: 'queue.scan' });
    }),
    queueInjected: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'queue.inject') return;
      const entry = enqueueMessage(context, event, event.data, undefined);
      enqueue.assign({ queueEntries: { ...context.queueEntries, [entry.queueId]: entry } });
      enqueue.raise({ type: 'queue.scan' });
    }),
    /**
     * qmgr: every due message with pending recipients not already in flight gets one job per next hop.
     * Fixed next hops connect at once; DNS routes ask the resolver first.
     */
    scanQueue: enqueueActions(({ context, enqueue }) => {
      const now = context.env.now();
      let jobs = { ...context.jobs };
      let next = context.nextJob;
      for (const entry of Object.values(context.queueEntries)) {
        if (entry.retryAt !== undefined && entry.retryAt > now) continue;
        if (jobsFor(context, entry.queueId).length > 0) continue;
        const groups = new Map<string, { route: ReturnType<typeof routeFor>; recipients: string[] }>();
        for (const r of pendingRecipients(entry)) {
          const route = routeFor(context.transport, r.address);
          const key = routeKey(route);
          const group = groups.get(key) ?? { route, recipients: [] };
          group.recipients.push(r.address);
          groups.set(key, group);
        }
        for (const { route, recipients } of groups.values()) {
          const id = `${context.hostname}#${next++}`;
          if (route.kind === 'fixed') {
            const connId = context.env.newConnectionId();
            const job: DeliveryJob = { id, queueId: entry.queueId, recipients, lmtp: route.nexthop.lmtp, hosts: [route.nexthop], hostIndex: 0, connId };
            jobs = { ...jobs, [id]: job };
            enqueue.spawnChild('smtp', clientSpawn(context, entry, job, connId));
          } else {
            jobs = { ...jobs, [id]: { id, queueId: entry.queueId, recipients, lmtp: false, hosts: [], hostIndex: 0 } };
            context.env.resolveMailRoute({ requestId: id, fromHost: context.hostname, domain: route.domain, replyTo: context.selfId });
          }
        }
      }
      enqueue.assign({ jobs, nextJob: next });
    }),
    routeAnswered: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'dns.answer') return;
      const job = context.jobs[event.requestId];
      const entry = job && context.queueEntries[job.queueId];
      if (!job || !entry) return;
      if (!event.route.ok) {
        enqueue.raise({ type: 'job.finished', jobId: job.id, outcomes: outcomesFromRoute(job.recipients, event.route) });
        return;
      }
      const connId = context.env.newConnectionId();
      const routed: DeliveryJob = { ...job, hosts: hostsFromRoute(event.route.hosts, 25), connId };
      enqueue.assign({ jobs: { ...context.jobs, [job.id]: routed } });
      enqueue.spawnChild('smtp', clientSpawn(context, entry, routed, connId));
    }),
    clientDone: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'smtp.client.done') return;
      const job = Object.values(context.jobs).find((j) => j.connId === event.result.connId);
      const entry = job && context.queueEntries[job.queueId];
      if (!job || !entry) return;
      const outcomes = outcomesFromClient(event.result);
      if (shouldTryNextHost(event.result) && job.hostIndex + 1 < job.hosts.length) {
        const connId = context.env.newConnectionId();
        const retry: DeliveryJob = { ...job, hostIndex: job.hostIndex + 1, connId, lastOutcomes: outcomes };
        enqueue.assign({ jobs: { ...context.jobs, [job.id]: retry } });
        enqueue.spawnChild('smtp', clientSpawn(context, entry, retry, connId));
        return;
      }
      enqueue.raise({ type: 'job.finished', jobId: job.id, outcomes });
    }),
    finishJob: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'job.finished') return;
      const job = context.jobs[event.jobId];
      if (!job) return;
      const done = finishJob(context, job, event.outcomes);
      enqueue.assign({ jobs: done.jobs, queueEntries: done.queueEntries });
      if (done.retryInMs !== undefined) enqueue.raise({ type: 'queue.scan' }, { delay: done.retryInMs });
      if (done.rescan) enqueue.raise({ type: 'queue.scan' });
    }),
  },
}).createMachine({
  id: 'mail-server',
  context: ({ input }) => ({
    ...input,
    selfId: systemIds.agent(input.role, input.hostname),
    faultsUsed: {},
    queueEntries: {},
    jobs: {},
    nextJob: 1,
  }),
  initial: 'running',
  states: {
    running: {
      on: {
        'xstate.done.actor.*': { actions: stopFinishedChild },
        'net.accept': { actions: 'acceptConnection' },
        'smtpd.fault.used': { actions: 'countFault' },
        'faults.add': { actions: assign(({ context, event }) => ({ policy: withFault(context.policy, event.fault) })) },
        'smtpd.message': { actions: 'queueReceived' },
        'queue.inject': { actions: 'queueInjected' },
        'queue.scan': { actions: 'scanQueue' },
        'dns.answer': { actions: 'routeAnswered' },
        'smtp.client.done': { actions: 'clientDone' },
        'job.finished': { actions: 'finishJob' },
      },
    },
  },
});

function clientSpawn(ctx: Ctx, entry: QueueEntry, job: DeliveryJob, connId: string) {
  const hop = job.hosts[job.hostIndex]!;
  return {
    id: systemIds.clientSession(connId),
    systemId: systemIds.clientSession(connId),
    input: {
      env: ctx.env,
      connId,
      fromHost: ctx.hostname,
      toHost: hop.host,
      port: hop.port,
      lmtp: hop.lmtp,
      envelope: { from: entry.from, to: [...job.recipients] },
      data: entry.data,
    },
  };
}

interface Finished {
  readonly jobs: Record<string, DeliveryJob>;
  readonly queueEntries: Record<string, QueueEntry>;
  /** Set when the message was deferred: when to look at the queue again. */
  readonly retryInMs?: number;
  /** A bounce was queued and wants delivering now. */
  readonly rescan: boolean;
}

/**
 * A job ended. When it was the last one of its message, the attempt is settled: failures bounce,
 * deferrals wait for a retry on the virtual clock, and a message with nothing left leaves the queue.
 */
function finishJob(ctx: Ctx, job: DeliveryJob, outcomes: readonly RecipientOutcome[]): Finished {
  const { [job.id]: _done, ...jobs } = ctx.jobs;
  const entry = applyOutcomes(ctx.queueEntries[job.queueId]!, outcomes);
  for (const o of outcomes) {
    if (o.status === 'sent' && o.reply) {
      ctx.env.record({ kind: 'queue.sent', host: ctx.hostname, queueId: entry.queueId, recipient: o.address, relay: o.remoteMta ?? '', reply: o.reply });
    }
  }
  const stillRunning = Object.values(jobs).some((j) => j.queueId === job.queueId);
  if (stillRunning || pendingRecipients(entry).length > 0) {
    return { jobs, queueEntries: { ...ctx.queueEntries, [entry.queueId]: entry }, rescan: false };
  }
  const now = ctx.env.now();
  const settled = settle(entry, now, ctx.queue);
  const { [entry.queueId]: _gone, ...rest } = ctx.queueEntries;
  let queueEntries: Record<string, QueueEntry> = rest;
  const notice = settled.failed.length > 0 ? bounce(ctx, entry, settled.failed) : undefined;
  if (notice) queueEntries = { ...queueEntries, [notice.queueId]: notice };
  if (!settled.deferred) {
    ctx.env.record({ kind: 'queue.remove', host: ctx.hostname, queueId: entry.queueId });
    return { jobs, queueEntries, rescan: notice !== undefined };
  }
  const d = settled.deferred;
  const retryAt = d.retryAt ?? now;
  ctx.env.record({
    kind: 'queue.defer',
    host: ctx.hostname,
    queueId: d.queueId,
    recipients: d.recipients.map((r) => r.address),
    reason: d.recipients[0]?.reason ?? 'deferred',
    retryAt,
  });
  return { jobs, queueEntries: { ...queueEntries, [d.queueId]: d }, retryInMs: retryAt - now, rescan: notice !== undefined };
}
