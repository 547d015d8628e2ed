import { createActor, SimulatedClock } from 'xstate';
import type { AgentEnv } from '../../src/agents/env';
import { type SmtpClientInput, type SmtpClientResult, smtpClientSession } from '../../src/agents/smtp-client-session';

export const MX = 'mx.example.com';
export const IP = '192.0.2.25';
export const PEER = `${MX}[${IP}]`;

export const EHLO_PIPELINING = [
  '250-mx.example.com',
  '250-PIPELINING',
  '250-SIZE 10240000',
  '250-8BITMIME',
  '250-ENHANCEDSTATUSCODES',
  '250 SMTPUTF8',
];

export const MESSAGE = 'From: alice@example.org\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nHello Bob\r\n';
export const MESSAGE_LINES = ['From: alice@example.org', 'To: bob@example.com', 'Subject: hi', '', 'Hello Bob', '.'];

/** Every state value a session went through, across the whole test file: checked at the end. */
export const visited = new Set<string>();

const flatten = (value: unknown, prefix = ''): string[] =>
  typeof value === 'string'
    ? [prefix + value]
    : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [prefix + k, ...flatten(v, `${prefix}${k}.`)]);

/** A session on a simulated clock, with a fake world that records what the client does. */
export function startSession(overrides: Partial<SmtpClientInput> = {}) {
  const sent: string[] = [];
  const calls: string[] = [];
  const env: AgentEnv = {
    now: () => 0,
    random: () => 0,
    newConnectionId: () => 'c1',
    connect: (r) => calls.push(`connect ${r.connId} ${r.fromHost} -> ${r.toHost}:${r.port}`),
    transmit: (connId, side, line) => {
      if (connId !== 'c1' || side !== 'client') throw new Error(`unexpected transmit ${connId} ${side}`);
      sent.push(line);
    },
    close: (connId, side) => calls.push(`close ${connId} ${side}`),
    resolveMailRoute: () => undefined,
    record: () => undefined,
  };
  const input: SmtpClientInput = {
    env,
    connId: 'c1',
    fromHost: 'mta.example.org',
    toHost: MX,
    port: 25,
    lmtp: false,
    envelope: { from: 'alice@example.org', to: ['bob@example.com'] },
    data: MESSAGE,
    ...overrides,
  };
  const clock = new SimulatedClock();
  const actor = createActor(smtpClientSession, {
    input,
    clock,
    // Microsteps too, so that the transient `ready` state counts as visited.
    inspect: (e) => {
      if (e.type === '@xstate.microstep' || e.type === '@xstate.snapshot') {
        const value = (e.snapshot as { value?: unknown }).value;
        if (value !== undefined) for (const v of flatten(value)) visited.add(v);
      }
    },
  });
  actor.start();
  let read = 0;
  const session = {
    actor,
    clock,
    calls,
    sent,
    /** The lines the client sent since the last call. */
    take(): string[] {
      const out = sent.slice(read);
      read = sent.length;
      return out;
    },
    /** The server speaks: one `smtp.line` per line. */
    server(...lines: string[]): void {
      for (const text of lines) actor.send({ type: 'smtp.line', text });
    },
    connected(): void {
      actor.send({ type: 'net.connected', remoteIp: IP });
    },
    state(): unknown {
      return actor.getSnapshot().value;
    },
    done(): boolean {
      return actor.getSnapshot().status === 'done';
    },
    result(): SmtpClientResult {
      const snap = actor.getSnapshot();
      if (snap.status !== 'done') throw new Error(`session not done, in ${JSON.stringify(snap.value)}`);
      return snap.output!;
    },
    /** Connect, greet, and answer EHLO with `ehlo` (lines). Leaves the client's lines since EHLO unread. */
    handshake(ehlo: readonly string[] = EHLO_PIPELINING): void {
      session.connected();
      session.server('220 mx.example.com ESMTP Postfix');
      session.take();
      session.server(...ehlo);
    },
  };
  return session;
}

/** Every state node of the machine, as paths like `envelope.waiting`. */
export function allStatePaths(): string[] {
  const out: string[] = [];
  const walk = (node: { states: Record<string, unknown> }, prefix: string): void => {
    for (const [key, child] of Object.entries(node.states)) {
      out.push(prefix + key);
      walk(child as { states: Record<string, unknown> }, `${prefix}${key}.`);
    }
  };
  walk(smtpClientSession.root as unknown as { states: Record<string, unknown> }, '');
  return out;
}
