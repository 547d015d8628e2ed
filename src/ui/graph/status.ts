import type { Scenario } from '../../world/scenario';
import type { TraceEvent } from '../../world/trace';
import { boxRoute, connRoute, dnsRoute, hostId, serverNodeId } from './topology';

/**
 * What each node and edge of the graph shows at the current point of the run, read from the trace so far.
 * Pure and computed once per trace array.
 */

/** States after which a session is over and no longer shown. */
const FINAL_STATES = new Set(['closed', 'done', 'failed', 'stopped', 'aborted']);

export interface SessionView {
  readonly actor: string;
  readonly machine: string;
  readonly connId: string;
  readonly state: string;
  /** The other end: who connected (server side) or where to (client side). */
  readonly peer: string;
  readonly side: 'server' | 'client';
}

export interface DeferView {
  readonly queueId: string;
  /** Virtual ms at which the retry is due. */
  readonly retryAt: number;
  readonly reason: string;
}

export interface NodeStatus {
  readonly sessions: readonly SessionView[];
  /** queue.add minus queue.remove on this host. */
  readonly queue: number;
  readonly deferred: readonly DeferView[];
  readonly bounces: number;
  readonly delivered: number;
  /** The last connection to this node that failed: who tried, and why. */
  readonly refused?: { readonly from: string; readonly reason: string };
  /** Open connections typed by a person from this host (telnet, the console). */
  readonly consoles: readonly { readonly connId: string; readonly to: string; readonly port: number }[];
}

export type RouteState = 'idle' | 'open' | 'used' | 'failed';

export interface RouteStatus {
  readonly state: RouteState;
  /** The latest connection on this route, to open its transcript. */
  readonly connId?: string;
  readonly failure?: string;
}

export interface ResolverStatus {
  readonly asked: number;
  readonly last?: string;
}

export interface GraphStatus {
  readonly nodes: ReadonlyMap<string, NodeStatus>;
  readonly routes: ReadonlyMap<string, RouteStatus>;
  /** Messages per mailbox address (lower case). */
  readonly mailboxes: ReadonlyMap<string, number>;
  readonly resolver: ResolverStatus;
}

const EMPTY_NODE: NodeStatus = { sessions: [], queue: 0, deferred: [], bounces: 0, delivered: 0, consoles: [] };
const IDLE_ROUTE: RouteStatus = { state: 'idle' };

export const nodeStatusOf = (s: GraphStatus, id: string): NodeStatus => s.nodes.get(id) ?? EMPTY_NODE;
export const routeStatusOf = (s: GraphStatus, route: string): RouteStatus => s.routes.get(route) ?? IDLE_ROUTE;

interface MutableNode {
  sessions: Map<string, SessionView>;
  queued: Set<string>;
  deferred: Map<string, DeferView>;
  bounces: number;
  delivered: number;
  consoles: Map<string, { connId: string; to: string; port: number }>;
  refused?: { from: string; reason: string };
}

export function graphStatus(scenario: Scenario, trace: readonly TraceEvent[]): GraphStatus {
  const startMs = Date.parse(scenario.start);
  const nodes = new Map<string, MutableNode>();
  const node = (id: string): MutableNode => {
    let n = nodes.get(id);
    if (!n) {
      n = { sessions: new Map(), queued: new Set(), deferred: new Map(), bounces: 0, delivered: 0, consoles: new Map() };
      nodes.set(id, n);
    }
    return n;
  };
  const conns = new Map<string, { from: string; to: string; port: number; route: string }>();
  const routes = new Map<string, RouteStatus>();
  const mailboxes = new Map<string, number>();
  let asked = 0;
  let last: string | undefined;
  const openDns = new Map<string, number>();

  for (const e of trace) {
    switch (e.kind) {
      case 'connect': {
        const route = connRoute(e.from, e.to, e.port);
        conns.set(e.connId, { from: e.from, to: e.to, port: e.port, route });
        routes.set(route, { state: 'open', connId: e.connId });
        if (e.client !== 'agent') node(hostId(e.from)).consoles.set(e.connId, { connId: e.connId, to: e.to, port: e.port });
        break;
      }
      case 'connect.failed': {
        const route = connRoute(e.from, e.to, e.port);
        routes.set(route, { state: 'failed', connId: e.connId, failure: e.reason });
        node(serverNodeId(scenario, e.to, e.port) ?? hostId(e.to)).refused = { from: e.from, reason: e.reason };
        break;
      }
      case 'disconnect': {
        const c = conns.get(e.connId);
        if (c && routes.get(c.route)?.connId === e.connId) routes.set(c.route, { state: 'used', connId: e.connId });
        if (c) node(hostId(c.from)).consoles.delete(e.connId);
        break;
      }
      case 'state': {
        const c = conns.get(e.connId ?? '');
        const server = e.machine === 'smtpd';
        const host = e.host || (c ? (server ? c.to : c.from) : '');
        if (!host) break;
        const id = server && c ? (serverNodeId(scenario, host, c.port) ?? hostId(host)) : hostId(host);
        const n = node(id);
        if (FINAL_STATES.has(e.to)) n.sessions.delete(e.actor);
        else
          n.sessions.set(e.actor, {
            actor: e.actor,
            machine: e.machine,
            connId: e.connId ?? '',
            state: e.to,
            peer: c ? (server ? c.from : `${c.to}:${c.port}`) : '',
            side: server ? 'server' : 'client',
          });
        break;
      }
      case 'queue.add':
        node(hostId(e.host)).queued.add(e.queueId);
        break;
      case 'queue.remove': {
        const n = node(hostId(e.host));
        n.queued.delete(e.queueId);
        n.deferred.delete(e.queueId);
        break;
      }
      case 'queue.defer':
        node(hostId(e.host)).deferred.set(e.queueId, { queueId: e.queueId, retryAt: e.retryAt - startMs, reason: e.reason });
        break;
      case 'queue.sent':
        node(hostId(e.host)).deferred.delete(e.queueId);
        break;
      case 'bounce':
        node(hostId(e.host)).bounces++;
        break;
      case 'deliver': {
        const key = e.mailbox.toLowerCase();
        mailboxes.set(key, (mailboxes.get(key) ?? 0) + 1);
        routes.set(boxRoute(e.mailbox), { state: 'used' });
        const mdaHost = scenario.hosts.find((h) => h.name.toLowerCase() === e.host.toLowerCase());
        const id = mdaHost?.roles.mda ? (serverNodeId(scenario, e.host, mdaHost.roles.mda.port) ?? hostId(e.host)) : hostId(e.host);
        node(id).delivered++;
        break;
      }
      case 'dns.query':
        asked++;
        last = `${e.type}? ${e.name}`;
        openDns.set(e.requestId, (openDns.get(e.requestId) ?? 0) + 1);
        routes.set(dnsRoute(e.from), { state: 'open' });
        break;
      case 'dns.answer': {
        const left = (openDns.get(e.requestId) ?? 1) - 1;
        openDns.set(e.requestId, left);
        routes.set(dnsRoute(e.to), { state: left > 0 ? 'open' : 'used' });
        break;
      }
      default:
        break;
    }
  }

  const frozen = new Map<string, NodeStatus>();
  for (const [id, n] of nodes) {
    frozen.set(id, {
      sessions: [...n.sessions.values()],
      queue: n.queued.size,
      deferred: [...n.deferred.values()],
      bounces: n.bounces,
      delivered: n.delivered,
      consoles: [...n.consoles.values()],
      ...(n.refused ? { refused: n.refused } : {}),
    });
  }
  return { nodes: frozen, routes, mailboxes, resolver: { asked, ...(last ? { last } : {}) } };
}

const cache = new WeakMap<readonly TraceEvent[], GraphStatus>();

/** graphStatus, computed once per trace array (the store hands out a new array only when it grows). */
export function cachedGraphStatus(scenario: Scenario, trace: readonly TraceEvent[]): GraphStatus {
  let s = cache.get(trace);
  if (!s) {
    s = graphStatus(scenario, trace);
    cache.set(trace, s);
  }
  return s;
}
