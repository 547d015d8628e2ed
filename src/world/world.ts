import { type Actor, type AnyActorRef, createActor, type InspectionEvent } from 'xstate';
import type { AgentEnv, AgentRecord, ConnectRequest, MailRouteRequest, Side } from '../agents/env';
import { systemIds } from '../agents/env';
import type { Draft } from '../agents/mua';
import type { Mailbox } from '../agents/mda';
import { createDnsDb, type DnsDb, type DnsFault, describeAnswer, resolveMailRoute } from '../dns';
import type { FaultStage } from '../agents/server-policy';
import type { Reply } from '../protocol/reply';
import { type AgentSpec, agentSystem } from './agent-system';
import { buildAgents, type Listener } from './build-agents';
import type { Scenario } from './scenario';
import { OUTSIDE_IP } from './learner-host';
import { seededRandom } from './seeded-random';
import { TelnetScript } from './telnet-script';
import type { ClientKind, TraceBody, TraceEvent } from './trace';
import { VirtualClock } from './virtual-clock';

/** One end of a connection that is not an xstate actor: a person at the console, or a real socket. */
export interface ExternalEndpoint {
  /** A line arrived from the other side. */
  line(text: string): void;
  /** The other side closed. */
  closed(): void;
  /** The peer's real address when the endpoint is a socket (the bridge): the smtpd sees it as the client IP. */
  readonly remoteIp?: string;
}

interface Connection {
  readonly id: string;
  readonly clientHost: string;
  readonly serverHost: string;
  readonly port: number;
  readonly latencyMs: number;
  readonly clientKind: ClientKind;
  /** Set when the client side is not an agent's session. */
  readonly clientEndpoint?: ExternalEndpoint;
  /** Set when the server side is a real server outside the world (the bridge's outbound mode). */
  readonly serverEndpoint?: ExternalEndpoint & { send(line: string): void; close(): void };
  open: boolean;
}

/** A real SMTP server outside the world that a scenario routes a host name to (the bridge's outbound mode). */
export type ExternalServerFactory = (host: string, port: number, toClient: ExternalEndpoint) => (ExternalEndpoint & { send(line: string): void; close(): void }) | undefined;

/**
 * Limits that replace every SMTP server's defaults (MSA, MTA and MX; not the MDA, whose policy lives in
 * its machine), as `-o` overrides in Postfix's master.cf do. The bridge sets them from its command line.
 */
export interface ServerLimits {
  readonly idleTimeoutMs?: number;
  readonly maxMessageSize?: number;
}

export interface WorldOptions {
  /** Real servers that stand in for some hosts, by host name. */
  readonly externalServer?: ExternalServerFactory;
  readonly serverLimits?: ServerLimits;
}

/** Applies the limits that are set (an absent one keeps the policy's own value). */
function withLimits(agents: readonly AgentSpec[], limits: ServerLimits | undefined): AgentSpec[] {
  const set = {
    ...(limits?.idleTimeoutMs !== undefined ? { idleTimeoutMs: limits.idleTimeoutMs } : {}),
    ...(limits?.maxMessageSize !== undefined ? { maxMessageSize: limits.maxMessageSize } : {}),
  };
  if (Object.keys(set).length === 0) return [...agents];
  return agents.map((a) => (a.kind === 'mailServer' ? { ...a, input: { ...a.input, policy: { ...a.input.policy, ...set } } } : a));
}

/** Something breaks while the world runs. Connections already open are not cut; new ones see the fault. */
export type Fault =
  | { readonly kind: 'host'; readonly host: string; readonly down: boolean }
  | { readonly kind: 'dns'; readonly name: string; readonly fault: DnsFault | null }
  | {
      readonly kind: 'smtp';
      readonly host: string;
      readonly role: 'msa' | 'mta' | 'mx' | 'mda';
      readonly stage: FaultStage;
      readonly reply: Reply;
      readonly times: number;
      readonly recipient?: string;
    };

/** Everything from outside that can change a running world. */
export type Intent =
  | { readonly kind: 'line'; readonly connId: string; readonly text: string }
  | { readonly kind: 'compose'; readonly host: string; readonly draft: Draft }
  | { readonly kind: 'fault'; readonly fault: Fault };

/** Connecting to a host that is down waits for Postfix's smtp_connect_timeout. */
const CONNECT_TIMEOUT_MS = 30_000;
/** The pause between what a scripted person reads and what they type next. */
export const TYPING_DELAY_MS = 800;

/**
 * A scenario brought to life: one actor system on one virtual clock, a network of links between hosts,
 * a DNS resolver, and the trace of everything that happens. Everything is scheduled on the clock, so the
 * same scenario and the same inputs give the same trace, byte for byte.
 */
export class World {
  readonly clock = new VirtualClock();
  readonly trace: TraceEvent[] = [];
  readonly listeners: readonly Listener[];
  private readonly startMs: number;
  private readonly random: { next(): number };
  private dns: DnsDb;
  private dnsFaults: Record<string, DnsFault>;
  private readonly downHosts: Set<string>;
  private injected = 0;
  private readonly connections = new Map<string, Connection>();
  private readonly root: Actor<typeof agentSystem>;
  private readonly stateOf = new Map<string, string>();
  private readonly subscribers = new Set<(e: TraceEvent) => void>();
  private nextConn = 1;

  constructor(
    readonly scenario: Scenario,
    private readonly options: WorldOptions = {},
  ) {
    this.startMs = Date.parse(scenario.start);
    this.random = seededRandom(scenario.seed);
    this.dnsFaults = {};
    this.dns = createDnsDb(scenario.dns, scenario.dnsFaults);
    this.downHosts = new Set(scenario.hosts.filter((h) => h.down).map((h) => h.name.toLowerCase()));
    const { agents, listeners } = buildAgents(scenario, this.env);
    this.listeners = listeners;
    this.root = createActor(agentSystem, {
      input: { agents: withLimits(agents, options.serverLimits) },
      clock: this.clock,
      inspect: (e) => this.inspect(e),
    });
    this.root.start();
    for (const input of scenario.inputs) {
      this.clock.setTimeout(() => {
        if (input.kind === 'compose') this.compose(input.host, input);
        else new TelnetScript(this, input.from, input.to, input.port, input.lines).start();
      }, input.at);
    }
  }

  /** The port agents use; every method schedules, none re-enters an actor. */
  readonly env: AgentEnv = {
    now: () => this.startMs + this.clock.now,
    random: () => this.random.next(),
    newConnectionId: () => `c${this.nextConn++}`,
    connect: (req) => this.connect(req, 'agent'),
    transmit: (connId, side, line) => this.transmit(connId, side, line),
    close: (connId, side) => this.close(connId, side),
    resolveMailRoute: (req) => this.resolve(req),
    record: (event: AgentRecord) => this.record(event),
  };

  /** Virtual milliseconds since the world started. */
  get now(): number {
    return this.clock.now;
  }

  get startTime(): number {
    return this.startMs;
  }

  subscribe(fn: (e: TraceEvent) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Runs one scheduled task. False when nothing is left to do. */
  runNext(): boolean {
    return this.clock.runNext();
  }

  /** Runs tasks until the trace grows by at least one event, or nothing is left. Returns the new events. */
  step(): TraceEvent[] {
    const before = this.trace.length;
    while (this.trace.length === before && this.clock.runNext()) {
      // keep going: some tasks (timers that find nothing to do) leave no trace
    }
    return this.trace.slice(before);
  }

  /**
   * Runs until nothing is scheduled, or virtual time would pass `untilMs`, or `maxTasks` have run.
   * Retries are scheduled minutes or hours ahead, so "idle" includes them unless `untilMs` stops earlier.
   */
  runUntilIdle(limits: { untilMs?: number; maxTasks?: number } = {}): void {
    const until = limits.untilMs ?? Number.POSITIVE_INFINITY;
    const max = limits.maxTasks ?? 1_000_000;
    for (let n = 0; n < max; n++) {
      const next = this.clock.peek();
      if (next === undefined || next > until) {
        // Only a run that reached `untilMs` may move the clock there: stopping early on maxTasks must not
        // leave due tasks behind the clock.
        if (Number.isFinite(until)) this.clock.advanceTo(until);
        return;
      }
      this.clock.runNext();
    }
  }

  // ------------------------------------------------------------------ intents from outside

  /** One entry point for whatever a person (or a test) does to the world. */
  inject(intent: Intent): void {
    if (intent.kind === 'line') this.typeLine(intent.connId, intent.text);
    else if (intent.kind === 'compose') this.compose(intent.host, intent.draft);
    else this.injectFault(intent.fault);
  }

  injectFault(fault: Fault): void {
    const what =
      fault.kind === 'host'
        ? `${fault.host} is ${fault.down ? 'down' : 'back up'}`
        : fault.kind === 'dns'
          ? `DNS for ${fault.name}: ${fault.fault ?? 'answers normally again'}`
          : `${fault.host} (${fault.role}) will answer ${fault.stage} with ${fault.reply.code}${fault.reply.dsn ? ` ${fault.reply.dsn}` : ''}, ${fault.times} time(s)`;
    this.record({ kind: 'note', host: fault.kind === 'dns' ? this.scenario.resolver.name : fault.host, text: `Fault injected: ${what}` });
    if (fault.kind === 'host') {
      if (fault.down) this.downHosts.add(fault.host.toLowerCase());
      else this.downHosts.delete(fault.host.toLowerCase());
    } else if (fault.kind === 'dns') {
      if (fault.fault) this.dnsFaults[fault.name] = fault.fault;
      else delete this.dnsFaults[fault.name];
      this.dns = createDnsDb(this.scenario.dns, { ...this.scenario.dnsFaults, ...this.dnsFaults });
    } else {
      const { kind: _kind, host, role, ...rest } = fault;
      this.sendTo(systemIds.agent(role, host), { type: 'faults.add', fault: { id: `injected-${++this.injected}`, ...rest } });
    }
  }

  /** A person writes a message in the MUA on `host` and presses Send. */
  compose(host: string, draft: Draft): void {
    this.sendTo(systemIds.agent('mua', host), { type: 'mua.compose', ...draft });
  }

  /**
   * A person opens a telnet-like connection from `fromHost` to `toHost:port`. Replies arrive at the endpoint
   * and in the trace. Returns the connection id.
   */
  openConsole(fromHost: string, toHost: string, port: number, endpoint: ExternalEndpoint = { line() {}, closed() {} }, kind: ClientKind = 'console'): string {
    const connId = this.env.newConnectionId();
    this.connect({ connId, fromHost, toHost, port }, kind, endpoint);
    return connId;
  }

  /** A line typed (or received from a real socket) on the client side of a console connection. */
  typeLine(connId: string, text: string, bareLf = false): void {
    this.transmit(connId, 'client', text, bareLf);
  }

  hangUp(connId: string): void {
    this.close(connId, 'client');
  }

  isOpen(connId: string): boolean {
    return this.connections.get(connId)?.open ?? false;
  }

  // ------------------------------------------------------------------ reading the world

  /** Every mailbox of every MDA, as the recipients' clients would list them. */
  mailboxes(): { host: string; mailbox: Mailbox }[] {
    const out: { host: string; mailbox: Mailbox }[] = [];
    for (const l of this.listeners) {
      if (l.role !== 'mda') continue;
      const snap = this.root.system.get(l.systemId)?.getSnapshot() as { context?: { mailboxes?: Record<string, Mailbox> } } | undefined;
      for (const mailbox of Object.values(snap?.context?.mailboxes ?? {})) out.push({ host: l.host, mailbox });
    }
    return out;
  }

  mailbox(address: string): Mailbox | undefined {
    return this.mailboxes().find((m) => m.mailbox.address.toLowerCase() === address.toLowerCase())?.mailbox;
  }

  /** The snapshot of any actor by systemId, for the UI's selectors. */
  snapshotOf(systemId: string): unknown {
    return this.root.system.get(systemId)?.getSnapshot();
  }

  stop(): void {
    this.root.stop();
  }

  // ------------------------------------------------------------------ the network

  private host(name: string) {
    return this.scenario.hosts.find((h) => h.name.toLowerCase() === name.toLowerCase());
  }

  private ipOf(name: string): string {
    return this.host(name)?.ip ?? OUTSIDE_IP;
  }

  private latency(a: string, b: string): number {
    if (a.toLowerCase() === b.toLowerCase()) return 1;
    const link = this.scenario.links.find(
      (l) => (l.a.toLowerCase() === a.toLowerCase() && l.b.toLowerCase() === b.toLowerCase()) || (l.a.toLowerCase() === b.toLowerCase() && l.b.toLowerCase() === a.toLowerCase()),
    );
    return link?.latencyMs ?? this.scenario.defaultLatencyMs;
  }

  private connect(req: ConnectRequest, clientKind: ClientKind, clientEndpoint?: ExternalEndpoint): void {
    const latencyMs = this.latency(req.fromHost, req.toHost);
    const target = this.host(req.toHost);
    const listener = this.listeners.find((l) => l.host.toLowerCase() === req.toHost.toLowerCase() && l.port === req.port);
    const failed = (reason: string, after: number) => {
      this.clock.setTimeout(() => {
        this.record({ kind: 'connect.failed', connId: req.connId, from: req.fromHost, to: req.toHost, port: req.port, reason });
        if (clientEndpoint) {
          clientEndpoint.line(`(${reason})`);
          clientEndpoint.closed();
        } else this.sendTo(systemIds.clientSession(req.connId), { type: 'net.failed', reason });
      }, after);
    };
    const ip = target?.ip ?? '';
    const conn: Connection = { id: req.connId, clientHost: req.fromHost, serverHost: req.toHost, port: req.port, latencyMs, clientKind, ...(clientEndpoint ? { clientEndpoint } : {}), open: true };
    // The real server's callbacks must see the connection the world keeps (with its serverEndpoint), not this draft.
    let kept = conn;
    const external = this.options.externalServer?.(req.toHost, req.port, {
      line: (text) => this.deliverToClient(kept, text),
      closed: () => this.closedByServer(kept),
    });
    if (external) {
      kept = { ...conn, serverEndpoint: external };
      this.connections.set(req.connId, kept);
      this.record({ kind: 'connect', connId: req.connId, from: req.fromHost, to: req.toHost, port: req.port, client: clientKind });
      this.sendTo(systemIds.clientSession(req.connId), { type: 'net.connected', remoteIp: ip || '127.0.0.1' });
      return;
    }
    if (!target) {
      failed(`connect to ${req.toHost}:${req.port}: Host not found in this scenario`, latencyMs);
      return;
    }
    if (this.downHosts.has(target.name.toLowerCase())) {
      failed(`connect to ${target.name}[${ip}]:${req.port}: Connection timed out`, CONNECT_TIMEOUT_MS);
      return;
    }
    if (!listener) {
      failed(`connect to ${target.name}[${ip}]:${req.port}: Connection refused`, 2 * latencyMs);
      return;
    }
    this.connections.set(req.connId, conn);
    this.clock.setTimeout(() => {
      this.record({ kind: 'connect', connId: req.connId, from: req.fromHost, to: req.toHost, port: req.port, client: clientKind });
      this.sendTo(listener.systemId, { type: 'net.accept', connId: req.connId, port: req.port, clientHost: req.fromHost, clientIp: clientEndpoint?.remoteIp ?? this.ipOf(req.fromHost) });
      if (!clientEndpoint) this.sendTo(systemIds.clientSession(req.connId), { type: 'net.connected', remoteIp: ip });
    }, latencyMs);
  }

  private transmit(connId: string, side: Side, text: string, bareLf = false): void {
    const conn = this.connections.get(connId);
    if (!conn?.open) return;
    const c2s = side === 'client';
    const arrive = this.clock.now + (c2s && conn.serverEndpoint ? 0 : conn.latencyMs);
    this.record({ kind: 'line', connId, from: c2s ? conn.clientHost : conn.serverHost, to: c2s ? conn.serverHost : conn.clientHost, direction: c2s ? 'c2s' : 's2c', text, arrive });
    if (c2s && conn.serverEndpoint) {
      conn.serverEndpoint.send(text);
      return;
    }
    this.clock.setTimeout(() => {
      if (!conn.open) return;
      if (c2s) this.sendTo(systemIds.serverSession(connId), bareLf ? { type: 'smtp.line', text, bareLf } : { type: 'smtp.line', text });
      else this.deliverToClient(conn, text);
    }, conn.latencyMs);
  }

  private deliverToClient(conn: Connection, text: string): void {
    if (conn.serverEndpoint) {
      this.record({ kind: 'line', connId: conn.id, from: conn.serverHost, to: conn.clientHost, direction: 's2c', text, arrive: this.clock.now });
    }
    if (conn.clientEndpoint) conn.clientEndpoint.line(text);
    else this.sendTo(systemIds.clientSession(conn.id), { type: 'smtp.line', text });
  }

  private closedByServer(conn: Connection): void {
    if (!conn.open) return;
    conn.open = false;
    this.record({ kind: 'disconnect', connId: conn.id, from: conn.serverHost, to: conn.clientHost, by: conn.serverHost });
    if (conn.clientEndpoint) conn.clientEndpoint.closed();
    else this.sendTo(systemIds.clientSession(conn.id), { type: 'net.closed' });
  }

  private close(connId: string, side: Side): void {
    const conn = this.connections.get(connId);
    if (!conn?.open) return;
    if (conn.serverEndpoint && side === 'client') {
      conn.open = false;
      this.record({ kind: 'disconnect', connId, from: conn.clientHost, to: conn.serverHost, by: conn.clientHost });
      conn.serverEndpoint.close();
      return;
    }
    // Lines already on the wire arrive before the FIN does: the close travels with the same latency.
    this.clock.setTimeout(() => {
      if (!conn.open) return;
      conn.open = false;
      const by = side === 'client' ? conn.clientHost : conn.serverHost;
      this.record({ kind: 'disconnect', connId, from: by, to: side === 'client' ? conn.serverHost : conn.clientHost, by });
      if (side === 'server') {
        if (conn.clientEndpoint) conn.clientEndpoint.closed();
        else this.sendTo(systemIds.clientSession(connId), { type: 'net.closed' });
      } else this.sendTo(systemIds.serverSession(connId), { type: 'net.closed' });
    }, conn.latencyMs);
  }

  // ------------------------------------------------------------------ DNS

  /** Each question of the lookup is a round trip to the resolver, traced as a query and its answer. */
  private resolve(req: MailRouteRequest): void {
    const route = resolveMailRoute(this.dns, req.domain, this.random, { self: req.fromHost });
    const resolver = this.scenario.resolver;
    const rtt = resolver.latencyMs;
    let t = 0;
    for (const step of route.steps) {
      const wait = step.answer.kind === 'timeout' ? 5000 : rtt;
      const sent = t;
      this.clock.setTimeout(
        () => this.record({ kind: 'dns.query', requestId: req.requestId, from: req.fromHost, to: resolver.name, name: step.query.name, type: step.query.type, arrive: this.clock.now + rtt }),
        sent,
      );
      t += wait;
      // NODATA is a normal answer (no AAAA for this host), not a failure.
      const ok = step.answer.kind === 'answer' || step.answer.kind === 'nodata';
      this.clock.setTimeout(
        () => this.record({ kind: 'dns.answer', requestId: req.requestId, from: resolver.name, to: req.fromHost, name: step.query.name, type: step.query.type, answer: describeAnswer(step), ok, arrive: this.clock.now + rtt }),
        t,
      );
      t += rtt;
    }
    this.clock.setTimeout(() => this.sendTo(req.replyTo, { type: 'dns.answer', requestId: req.requestId, route }), t);
  }

  // ------------------------------------------------------------------ trace

  private record(body: TraceBody): void {
    const event = { ...body, seq: this.trace.length, t: this.clock.now } as TraceEvent;
    this.trace.push(event);
    for (const fn of this.subscribers) fn(event);
  }

  private sendTo(systemId: string, event: { readonly type: string; readonly [key: string]: unknown }): void {
    const actor = this.root.system.get(systemId);
    if (actor) actor.send(event as never);
  }

  /** Session state changes become `state` events: the statechart the UI lights up is the machine itself. */
  private inspect(e: InspectionEvent): void {
    if (e.type !== '@xstate.snapshot') return;
    const id = (e.actorRef as AnyActorRef).id;
    const isServer = id.startsWith('server:');
    if (!isServer && !id.startsWith('client:')) return;
    const value = (e.snapshot as { value?: unknown }).value;
    if (typeof value !== 'string') return;
    const before = this.stateOf.get(id);
    if (before === value) return;
    this.stateOf.set(id, value);
    const connId = id.slice(id.indexOf(':') + 1);
    const conn = this.connections.get(connId);
    // A connection that failed was never registered; the client session still knows where it runs.
    const host = conn ? (isServer ? conn.serverHost : conn.clientHost) : ((e.snapshot as { context?: { fromHost?: string } }).context?.fromHost ?? '');
    this.record({ kind: 'state', actor: id, host, machine: isServer ? 'smtpd' : 'smtp', connId, from: before ?? '', to: value });
  }
}
