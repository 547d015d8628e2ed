import { DEFAULT_MESSAGE_SIZE_LIMIT } from '../protocol/limits';
import type { Listener } from '../world/build-agents';
import type { Scenario } from '../world/scenario';
import { World } from '../world/world';
import type { ListenSpec } from './args';
import { BridgeServer, ConnectionLimiter } from './bridge-server';
import { EmlWriter } from './eml-writer';
import { Outbound, withRealDns } from './outbound';
import { RealTimeDriver } from './real-time-driver';
import { tracePrinter } from './trace-printer';

export interface BridgeOptions {
  readonly scenario: Scenario;
  readonly listen: readonly ListenSpec[];
  /** Default 127.0.0.1: the simulated servers accept mail from anyone who can reach them. */
  readonly bindHost?: string;
  readonly speed?: number;
  /** Virtual milliseconds; default the policies' own (300 s, Postfix's smtpd_timeout). */
  readonly idleTimeoutMs?: number;
  readonly maxMessageSize?: number;
  readonly maxConnections?: number;
  readonly emlDir?: string;
  /** Where trace lines and the bridge's own notes go; default stdout. */
  readonly log?: (line: string) => void;
  readonly states?: boolean;
  readonly tickMs?: number;
}

/** A listener of the world, served on a real address. */
export interface BoundListener {
  readonly listener: Listener;
  readonly address: string;
  readonly port: number;
}

export interface Bridge {
  readonly world: World;
  readonly bound: readonly BoundListener[];
  readonly driver: RealTimeDriver;
  /** Stops the clock, closes every socket and the world. */
  close(): Promise<void>;
}

/**
 * Finds the listener a `--listen` names; an error message lists what the host does offer. Without a port
 * it is the host's lowest SMTP port: an MX+MDA host listens on 24 (LMTP) too, but LMTP is for the MX on
 * the same host (Dovecot keeps it on a local socket), so it is served only when asked for by number.
 */
export function resolveListener(listeners: readonly Listener[], spec: ListenSpec): Listener | string {
  const rank = (l: Listener) => (l.protocol === 'LMTP' ? 100_000 : 0) + l.port;
  const ofHost = listeners.filter((l) => l.host.toLowerCase() === spec.host.toLowerCase()).sort((a, b) => rank(a) - rank(b));
  const all = [...new Set(listeners.map((l) => `${l.host}:${l.port} (${l.role})`))].join(', ');
  if (ofHost.length === 0) return `--listen: no server agent on ${spec.host} in this scenario; there are: ${all || 'none'}`;
  if (spec.agentPort === undefined) return ofHost[0]!;
  const l = ofHost.find((x) => x.port === spec.agentPort);
  return l ?? `--listen: ${spec.host} does not listen on ${spec.agentPort}; it listens on ${ofHost.map((x) => `${x.port} (${x.role})`).join(', ')}`;
}

/**
 * Runs a scenario headless on a clock that follows the wall clock, with chosen listeners of the world on
 * real TCP ports and the hosts the scenario marks real reached over real TCP.
 */
export async function startBridge(o: BridgeOptions): Promise<Bridge> {
  const log = o.log ?? ((line: string) => console.log(line));
  const maxMessageSize = o.maxMessageSize ?? DEFAULT_MESSAGE_SIZE_LIMIT;
  const scenario = withRealDns(o.scenario);
  // The driver needs the world and the world needs the outbound factory: input hooks bind late.
  let driver: RealTimeDriver | undefined;
  const beforeInput = () => driver?.sync();
  const afterInput = () => driver?.kick();
  const busy = () => driver?.behind ?? false;
  const whenCaughtUp = (fn: () => void) => (driver ? driver.whenCaughtUp(fn) : fn());
  const outbound = new Outbound(scenario, { beforeInput, afterInput, log });
  const world = new World(scenario, {
    externalServer: outbound.factory,
    serverLimits: { maxMessageSize, ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}) },
  });
  world.subscribe(tracePrinter({ startMs: world.startTime, states: o.states ?? false }, log));
  driver = new RealTimeDriver(world, {
    ...(o.speed !== undefined ? { speed: o.speed } : {}),
    ...(o.tickMs !== undefined ? { tickMs: o.tickMs } : {}),
    onError: (e) => log(`*** internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  });
  const limiter = new ConnectionLimiter(o.maxConnections ?? 20);
  const servers: BridgeServer[] = [];
  const bound: BoundListener[] = [];
  const shutdown = async () => {
    driver?.stop();
    await Promise.all(servers.map((s) => s.close()));
    outbound.closeAll();
    world.stop();
  };
  const listeners: Listener[] = [];
  try {
    if (o.emlDir) {
      const eml = new EmlWriter(world, o.emlDir, log);
      driver.onPass(() => eml.flush());
    }
    for (const spec of o.listen) {
      const l = resolveListener(world.listeners, spec);
      if (typeof l === 'string') throw new Error(l);
      listeners.push(l);
    }
    o.listen.forEach((spec, i) => {
      servers.push(new BridgeServer({ world, listener: listeners[i]!, bindHost: o.bindHost ?? '127.0.0.1', port: spec.port, limiter, maxMessageSize, beforeInput, afterInput, busy, whenCaughtUp, log }));
    });
    const addresses = await Promise.all(servers.map((s) => s.listen()));
    addresses.forEach((a, i) => {
      bound.push({ listener: listeners[i]!, address: a.address, port: a.port });
    });
  } catch (err) {
    await shutdown();
    throw err;
  }
  driver.start();
  let closing: Promise<void> | undefined;
  return {
    world,
    bound,
    driver,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
