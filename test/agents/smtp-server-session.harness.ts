import { type AnyActorRef, createActor, setup, SimulatedClock, spawnChild } from 'xstate';
import type { AgentEnv, AgentRecord } from '../../src/agents/env';
import { defaultPolicy, type ServerPolicy } from '../../src/agents/server-policy';
import { type Envelope, type ServerSessionEvent, type ServerSessionInput, type ServerSessionOutput, smtpServerSession } from '../../src/agents/smtp-server-session';
import type { Reply } from '../../src/protocol/reply';
import * as R from '../../src/protocol/replies';

export const HOST = 'mx.example.com';
export const SESSION = 'server:c1';

type Handed = Extract<ServerSessionOutput, { type: 'smtpd.message' | 'lmtpd.message' }>;

export interface ServerOptions {
  readonly clientHost?: string;
  /** The MDA's verdicts for an LMTP message; by default every recipient is saved. */
  readonly lmtpReplies?: (envelope: Envelope) => readonly Reply[];
  /** Set to keep the session waiting in `queueing`, as a parent that never answers would. */
  readonly silentParent?: boolean;
}

/**
 * Every state value the server session went through in this test file, microsteps included, so the
 * transient states (`connected`, `refused`, `endOfData`) count too.
 */
export const visitedServerStates = new Set<string>();

/**
 * One server session on a simulated clock, spawned by a tiny parent that plays cleanup (for SMTP) or the
 * mailbox store (for LMTP), so the end-of-data path runs as it does in a world.
 */
export function startServer(overrides: Partial<ServerPolicy> = {}, options: ServerOptions = {}) {
  const sent: string[] = [];
  const calls: string[] = [];
  const records: AgentRecord[] = [];
  const handed: Handed[] = [];
  const faultsUsed: string[] = [];
  let queued = 0;
  const env: AgentEnv = {
    now: () => Date.UTC(2026, 2, 12, 8, 15),
    random: () => 0,
    newConnectionId: () => 'c2',
    connect: (r) => calls.push(`connect ${r.connId}`),
    transmit: (connId, side, line) => {
      if (connId !== 'c1' || side !== 'server') throw new Error(`unexpected transmit ${connId} ${side}`);
      sent.push(line);
    },
    close: (connId, side) => calls.push(`close ${connId} ${side}`),
    resolveMailRoute: () => undefined,
    record: (e) => records.push(e),
  };
  const input: ServerSessionInput = {
    env,
    connId: 'c1',
    policy: defaultPolicy(HOST, overrides),
    clientHost: options.clientHost ?? 'client.example.org',
    clientIp: '198.51.100.7',
  };
  const lmtpReplies = options.lmtpReplies ?? ((e: Envelope) => e.to.map((rcpt) => R.S250_LMTP_SAVED(rcpt, 'L1')));
  const parent = setup({
    types: { events: {} as ServerSessionOutput },
    actors: { smtpd: smtpServerSession },
  }).createMachine({
    entry: spawnChild('smtpd', { id: SESSION, systemId: SESSION, input }),
    on: {
      'smtpd.message': {
        actions: ({ event, system }) => {
          handed.push(event);
          if (!options.silentParent) system.get(SESSION)?.send({ type: 'smtpd.queued', queueId: `Q${++queued}` });
        },
      },
      'lmtpd.message': {
        actions: ({ event, system }) => {
          handed.push(event);
          if (!options.silentParent) system.get(SESSION)?.send({ type: 'lmtpd.results', replies: lmtpReplies(event.envelope) });
        },
      },
      'smtpd.fault.used': { actions: ({ event }) => faultsUsed.push(event.faultId) },
    },
  });
  const clock = new SimulatedClock();
  const actor = createActor(parent, {
    clock,
    inspect: (e) => {
      if ((e.type === '@xstate.microstep' || e.type === '@xstate.snapshot') && (e.actorRef as AnyActorRef).id === SESSION) {
        const value = (e.snapshot as { value?: unknown }).value;
        if (typeof value === 'string') visitedServerStates.add(value);
      }
    },
  });
  actor.start();
  // Held here: a session that reached its final state leaves the system, but its last snapshot stays readable.
  const session = actor.getSnapshot().children[SESSION] as AnyActorRef;
  let read = 0;
  const s = {
    actor,
    session,
    clock,
    sent,
    calls,
    records,
    handed,
    faultsUsed,
    /** The server's lines since the last call. */
    take(): string[] {
      const out = sent.slice(read);
      read = sent.length;
      return out;
    },
    /** The client sends lines; returns what the server answered to them. */
    say(...lines: string[]): string[] {
      for (const text of lines) session.send({ type: 'smtp.line', text });
      return s.take();
    },
    send(event: ServerSessionEvent): string[] {
      session.send(event);
      return s.take();
    },
    state(): unknown {
      return session.getSnapshot().value;
    },
    done(): boolean {
      return session.getSnapshot().status === 'done';
    },
    notes(): string[] {
      return records.flatMap((r) => (r.kind === 'note' ? [r.text] : []));
    },
  };
  return s;
}

/** The base64 of AUTH PLAIN's `\0user\0password`. */
export const plain = (user: string, password: string): string => btoa(`\0${user}\0${password}`);
