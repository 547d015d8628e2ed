import { learnerHost, OUTSIDE_IP } from '../../world/learner-host';
import type { HostSpec, Scenario } from '../../world/scenario';
import type { TraceEvent } from '../../world/trace';

/**
 * The journey graph as data, derived only from the scenario: which machines exist, what they run, and
 * which routes a message can take between them. Pure, so it is tested without a browser.
 */

export type RoleName = 'mua' | 'msa' | 'mta' | 'mx' | 'mda';

export const ROLE_ORDER: readonly RoleName[] = ['mua', 'msa', 'mta', 'mx', 'mda'];

export interface PortInfo {
  readonly port: number;
  readonly role: Exclude<RoleName, 'mua'>;
  readonly protocol: 'SMTP' | 'LMTP';
}

export interface HostNodeData {
  readonly kind: 'host';
  readonly host: string;
  readonly ip: string;
  readonly roles: readonly RoleName[];
  readonly ports: readonly PortInfo[];
  readonly down: boolean;
  /** A plain machine with no mail roles, where a person types (gandalf in the seed article). */
  readonly client: boolean;
  /** Its MDA is drawn as a node of its own just below it (same machine). */
  readonly splitMda: boolean;
  /** Asks the resolver where mail goes (an MTA, or an MX that relays). */
  readonly usesDns: boolean;
}

/** The MDA of a host that also runs other roles: drawn apart so the LMTP hop is visible. */
export interface MdaNodeData {
  readonly kind: 'mda';
  readonly host: string;
  readonly port: number;
  readonly mailboxes: readonly string[];
}

export interface ResolverNodeData {
  readonly kind: 'resolver';
  readonly name: string;
  readonly ip: string;
}

export interface MailboxNodeData {
  readonly kind: 'mailbox';
  readonly address: string;
  readonly host: string;
}

/** The outline of one machine around a host and its split MDA. */
export interface FrameNodeData {
  readonly kind: 'frame';
  readonly host: string;
}

export type GraphNodeData = HostNodeData | MdaNodeData | ResolverNodeData | MailboxNodeData | FrameNodeData;

export interface TopoNode {
  readonly id: string;
  readonly data: GraphNodeData;
}

export type EdgeKind = 'submission' | 'relay' | 'smtp' | 'lmtp' | 'telnet' | 'dns' | 'store' | 'adhoc';
export type SourceHandle = 'out' | 'down';
export type TargetHandle = 'in' | 'top';

export interface EdgeData {
  readonly kind: EdgeKind;
  /** Which traffic this edge carries: `conn:client>server:port`, `dns:host` or `box:address`. */
  readonly route: string;
  readonly port?: number;
  /** What the edge says on its own, e.g. `587 submission`. */
  readonly label: string;
  /** A longer explanation for a tooltip. */
  readonly title: string;
}

export interface TopoEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly sourceHandle: SourceHandle;
  readonly targetHandle: TargetHandle;
  readonly data: EdgeData;
}

export interface Topology {
  readonly nodes: readonly TopoNode[];
  readonly edges: readonly TopoEdge[];
}

export const RESOLVER_ID = 'resolver';
export const hostId = (host: string): string => `host:${host.toLowerCase()}`;
export const mdaId = (host: string): string => `mda:${host.toLowerCase()}`;
export const frameId = (host: string): string => `frame:${host.toLowerCase()}`;
export const mailboxId = (address: string): string => `mailbox:${address.toLowerCase()}`;

export const connRoute = (client: string, server: string, port: number): string => `conn:${client.toLowerCase()}>${server.toLowerCase()}:${port}`;
export const dnsRoute = (host: string): string => `dns:${host.toLowerCase()}`;
export const boxRoute = (address: string): string => `box:${address.toLowerCase()}`;

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function rolesOf(h: HostSpec): RoleName[] {
  return ROLE_ORDER.filter((r) => h.roles[r] !== undefined);
}

function portsOf(h: HostSpec): PortInfo[] {
  const ports: PortInfo[] = [];
  const { msa, mta, mx, mda } = h.roles;
  if (mx) ports.push({ port: mx.port, role: 'mx', protocol: 'SMTP' });
  if (msa) ports.push({ port: msa.port, role: 'msa', protocol: 'SMTP' });
  if (mta) ports.push({ port: mta.port, role: 'mta', protocol: 'SMTP' });
  if (mda) ports.push({ port: mda.port, role: 'mda', protocol: 'LMTP' });
  return ports;
}

/** A host whose MDA shares the machine with other roles gets its MDA drawn as a node of its own. */
const splitsMda = (h: HostSpec): boolean => h.roles.mda !== undefined && rolesOf(h).length > 1;

const usesDns = (h: HostSpec): boolean => h.roles.mta !== undefined || (h.roles.mx?.relayDomains.length ?? 0) > 0;

/** The node that answers a connection to `host:port`: the split MDA for its LMTP port, else the host. */
export function serverNodeId(scenario: Scenario, host: string, port: number): string | undefined {
  const h = scenario.hosts.find((x) => same(x.name, host));
  if (!h) return undefined;
  if (splitsMda(h) && h.roles.mda?.port === port) return mdaId(h.name);
  return hostId(h.name);
}

/** What an edge says on its own: the port it goes to (short, edges between columns are short). */
function portWord(kind: EdgeKind, port: number): string {
  return kind === 'lmtp' ? `LMTP ${port}` : `:${port}`;
}

/** Every host, the resolver, each mailbox, and the routes between them. */
export function buildTopology(scenario: Scenario): Topology {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const seenEdges = new Set<string>();
  // The console types from the learner's machine; when the scenario has no plain host for it, it is drawn
  // too, so what a person types at the console travels on the graph like everything else.
  const learner = learnerHost(scenario);
  const hosts: readonly HostSpec[] = learner.inScenario
    ? scenario.hosts
    : [...scenario.hosts, { name: learner.name, ip: OUTSIDE_IP, down: false, roles: {}, faults: [] }];
  const find = (name: string) => hosts.find((h) => same(h.name, name));

  const addEdge = (source: string, target: string, sourceHandle: SourceHandle, targetHandle: TargetHandle, data: EdgeData) => {
    const id = `e:${data.route}`;
    if (seenEdges.has(id)) return;
    seenEdges.add(id);
    edges.push({ id, source, target, sourceHandle, targetHandle, data });
  };

  /** A connection route from a client host to a server's port, if that server is in the scenario. */
  const connect = (client: HostSpec, serverName: string, port: number, kind: EdgeKind, why: string) => {
    const server = find(serverName);
    if (!server) return;
    const target = serverNodeId(scenario, server.name, port)!;
    const internal = same(client.name, server.name) && target === mdaId(server.name);
    addEdge(hostId(client.name), target, internal ? 'down' : 'out', internal ? 'top' : 'in', {
      kind,
      route: connRoute(client.name, server.name, port),
      port,
      label: portWord(kind, port),
      title: `${client.name} → ${server.name} port ${port}: ${why}`,
    });
  };

  for (const h of hosts) {
    nodes.push({
      id: hostId(h.name),
      data: {
        kind: 'host',
        host: h.name,
        ip: h.ip,
        roles: rolesOf(h),
        ports: portsOf(h),
        down: h.down,
        client: rolesOf(h).length === 0,
        splitMda: splitsMda(h),
        usesDns: usesDns(h),
      },
    });
    if (splitsMda(h)) {
      const mda = h.roles.mda!;
      nodes.push({ id: mdaId(h.name), data: { kind: 'mda', host: h.name, port: mda.port, mailboxes: mda.mailboxes.map((m) => m.address) } });
      nodes.push({ id: frameId(h.name), data: { kind: 'frame', host: h.name } });
    }
  }

  const mxTargets = (domains: readonly string[] | undefined, self: string): string[] => {
    const out: string[] = [];
    for (const [name, records] of Object.entries(scenario.dns)) {
      if (domains && !domains.some((d) => same(d, name))) continue;
      const sorted = [...(records.mx ?? [])].sort((a, b) => a.preference - b.preference);
      for (const mx of sorted) {
        const exchange = mx.exchange.replace(/\.$/, '');
        const target = find(exchange);
        if (target && !same(target.name, self) && !out.some((o) => same(o, target.name))) out.push(target.name);
      }
    }
    return out;
  };
  const mxDomainsOf = (exchange: string): string[] =>
    Object.entries(scenario.dns)
      .filter(([, r]) => (r.mx ?? []).some((m) => same(m.exchange.replace(/\.$/, ''), exchange)))
      .map(([name]) => name);

  for (const h of hosts) {
    const { mua, msa, mta, mx } = h.roles;
    if (mua) connect(h, mua.msa, mua.port, 'submission', 'the mail client submits with AUTH (RFC 6409)');
    if (msa) connect(h, msa.relayHost, msa.relayPort, 'relay', 'the MSA hands accepted mail to its MTA');
    if (mta) {
      for (const target of mxTargets(undefined, h.name)) {
        connect(h, target, 25, 'smtp', `the MTA delivers to the MX of ${mxDomainsOf(target).join(', ')} found in DNS`);
      }
    }
    if (mx && mx.relayDomains.length > 0) {
      for (const target of mxTargets(mx.relayDomains, h.name)) connect(h, target, 25, 'smtp', `relays for ${mx.relayDomains.join(', ')}`);
    }
    if (mx) connect(h, mx.mda.host, mx.mda.port, 'lmtp', 'the MX hands local mail to the MDA over LMTP (RFC 2033)');
  }

  for (const input of scenario.inputs) {
    if (input.kind !== 'telnet') continue;
    const from = find(input.from);
    if (from) connect(from, input.to, input.port, 'telnet', 'a person types SMTP commands by hand (telnet)');
  }
  // A plain client machine with no scripted session (the console's start) can still reach every MX on
  // port 25, as gandalf does in the seed article, and every MSA on 587 as a mail client would: drawn, so the
  // layout does not change when it happens. The made-up learner machine gets its edges only when used
  // (adhocEdges), so it does not criss-cross the journey the scenario is about.
  for (const h of scenario.hosts) {
    if (rolesOf(h).length > 0) continue;
    if (scenario.inputs.some((i) => i.kind === 'telnet' && same(i.from, h.name))) continue;
    for (const server of hosts) {
      if (same(server.name, h.name)) continue;
      if (server.roles.msa) connect(h, server.name, server.roles.msa.port, 'telnet', 'a person can type what a mail client sends (telnet)');
      if (server.roles.mx) connect(h, server.name, server.roles.mx.port, 'telnet', 'a person can type SMTP commands by hand here (telnet)');
    }
  }

  const dnsUsers = hosts.filter(usesDns);
  if (dnsUsers.length > 0) {
    nodes.push({ id: RESOLVER_ID, data: { kind: 'resolver', name: scenario.resolver.name, ip: scenario.resolver.ip } });
    for (const h of dnsUsers) {
      addEdge(hostId(h.name), RESOLVER_ID, 'down', 'top', {
        kind: 'dns',
        route: dnsRoute(h.name),
        label: 'DNS',
        title: `${h.name} asks the resolver for MX and A records`,
      });
    }
  }

  for (const h of hosts) {
    const mda = h.roles.mda;
    if (!mda) continue;
    const from = splitsMda(h) ? mdaId(h.name) : hostId(h.name);
    for (const box of mda.mailboxes) {
      nodes.push({ id: mailboxId(box.address), data: { kind: 'mailbox', address: box.address, host: h.name } });
      addEdge(from, mailboxId(box.address), 'out', 'in', {
        kind: 'store',
        route: boxRoute(box.address),
        label: 'store',
        title: `the MDA stores mail for ${box.address} in its mailbox`,
      });
    }
  }

  return { nodes, edges };
}

/** A connection seen in the trace, as the graph needs it. */
export interface SeenConnection {
  readonly from: string;
  readonly to: string;
  readonly port: number;
}

/**
 * Connections the scenario's routes do not cover (a person at the console telnets somewhere new): each
 * gets a dashed edge between the nodes already laid out, so the graph never moves.
 */
export function adhocEdges(scenario: Scenario, topology: Topology, seen: readonly SeenConnection[]): TopoEdge[] {
  const known = new Set(topology.edges.map((e) => e.data.route));
  const nodeIds = new Set(topology.nodes.map((n) => n.id));
  const out: TopoEdge[] = [];
  for (const c of seen) {
    const route = connRoute(c.from, c.to, c.port);
    if (known.has(route)) continue;
    known.add(route);
    const source = hostId(c.from);
    const target = serverNodeId(scenario, c.to, c.port);
    if (!target || !nodeIds.has(source) || !nodeIds.has(target) || source === target) continue;
    const internal = same(c.from, c.to);
    out.push({
      id: `e:${route}`,
      source,
      target,
      sourceHandle: internal ? 'down' : 'out',
      targetHandle: internal ? 'top' : 'in',
      data: { kind: 'adhoc', route, port: c.port, label: `port ${c.port}`, title: `${c.from} → ${c.to} port ${c.port}, opened by hand` },
    });
  }
  return out;
}

/**
 * The route a trace event travelled: the connection of a line, the resolver side trip of a DNS message.
 * Undefined for events that happen inside one host (queue, delivery).
 */
export function routeOfEvent(trace: readonly TraceEvent[], seq: number | undefined): string | undefined {
  // Every edge asks on every frame: answer once per (trace, seq) rather than scanning the trace per edge.
  if (lastRoute.trace === trace && lastRoute.seq === seq) return lastRoute.route;
  const route = findRouteOfEvent(trace, seq);
  lastRoute = { trace, seq, route };
  return route;
}

let lastRoute: { trace?: readonly TraceEvent[]; seq?: number; route?: string } = {};

function findRouteOfEvent(trace: readonly TraceEvent[], seq: number | undefined): string | undefined {
  const e = seq === undefined ? undefined : trace[seq];
  if (!e) return undefined;
  if (e.kind === 'dns.query') return dnsRoute(e.from);
  if (e.kind === 'dns.answer') return dnsRoute(e.to);
  if (e.kind === 'connect' || e.kind === 'connect.failed') return connRoute(e.from, e.to, e.port);
  if (!('connId' in e) || !e.connId) return undefined;
  const opened = trace.find((c) => (c.kind === 'connect' || c.kind === 'connect.failed') && c.connId === e.connId);
  return opened && (opened.kind === 'connect' || opened.kind === 'connect.failed') ? connRoute(opened.from, opened.to, opened.port) : undefined;
}
