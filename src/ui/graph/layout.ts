import { Graph, layout } from '@dagrejs/dagre';
import { frameId, hostId, mdaId, RESOLVER_ID, type TopoNode, type Topology } from './topology';

/**
 * Places the journey left to right with dagre. Pure: the same topology always gives the same picture.
 * A host and its split MDA are laid out as one tall block (host above, MDA below, framed as one machine);
 * the resolver is put under the hosts that ask it, as a side trip off the main road.
 */

export const SIZES = {
  host: { width: 200, height: 146 },
  mda: { width: 200, height: 60 },
  /** Vertical room for the LMTP hop between a host and its MDA. */
  mdaGap: 50,
  framePad: 8,
  mailbox: { width: 160, height: 78 },
  resolver: { width: 196, height: 86 },
  resolverGap: 60,
} as const;

/** `mx.recipient.example` -> [`mx`, `.recipient.example`]: drawn on two lines, the first one large. */
export function splitHostName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/**
 * A host is as wide as its name needs (first label bold 16px, the domain 12.5px below it), within bounds:
 * a narrow graph can be drawn larger, which is what a projector needs.
 */
export function hostWidth(name: string): number {
  const [first, rest] = splitHostName(name);
  return Math.min(260, Math.max(152, Math.ceil(Math.max(first.length * 10.8, rest.length * 7.9) + 26)));
}

/** A mailbox shows its local part large and its domain below, with an icon on the left. */
export function mailboxWidth(address: string): number {
  const at = address.lastIndexOf('@');
  const local = at > 0 ? address.slice(0, at) : address;
  const domain = at > 0 ? address.slice(at) : '';
  return Math.min(250, Math.max(SIZES.mailbox.width, Math.ceil(Math.max(local.length * 10, domain.length * 7.9) + 62)));
}

export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly width: number;
  readonly height: number;
}

function sizeOf(node: TopoNode): { width: number; height: number } {
  switch (node.data.kind) {
    case 'host': {
      const width = hostWidth(node.data.host);
      return { width, height: node.data.splitMda ? SIZES.host.height + SIZES.mdaGap + SIZES.mda.height : SIZES.host.height };
    }
    case 'mailbox':
      return { width: mailboxWidth(node.data.address), height: SIZES.mailbox.height };
    case 'resolver':
      return SIZES.resolver;
    default:
      return SIZES.mda;
  }
}

/** Positions (top-left corners, React Flow's convention) for every node of the topology. */
export function layoutTopology(topology: Topology): GraphLayout {
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 26, ranksep: 54, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));

  /** The dagre block a node belongs to: a split MDA lives in its host's block. */
  const blockOf = new Map<string, string>();
  for (const n of topology.nodes) {
    if (n.data.kind === 'mda' || n.data.kind === 'frame') blockOf.set(n.id, hostId(n.data.host));
    else blockOf.set(n.id, n.id);
  }
  for (const n of topology.nodes) {
    if (n.data.kind === 'mda' || n.data.kind === 'frame' || n.id === RESOLVER_ID) continue;
    // dagre writes x and y into the label, so each node gets its own object.
    g.setNode(n.id, { ...sizeOf(n) });
  }
  for (const e of topology.edges) {
    if (e.data.kind === 'dns') continue;
    const s = blockOf.get(e.source);
    const t = blockOf.get(e.target);
    if (!s || !t || s === t || !g.hasNode(s) || !g.hasNode(t)) continue;
    g.setEdge(s, t);
  }
  layout(g);

  const placed = new Map<string, PlacedNode>();
  for (const n of topology.nodes) {
    if (!g.hasNode(n.id)) continue;
    const p = g.node(n.id);
    const { width, height } = sizeOf(n);
    const x = Math.round(p.x - width / 2);
    const y = Math.round(p.y - height / 2);
    if (n.data.kind === 'host' && n.data.splitMda) {
      const host = n.data.host;
      placed.set(n.id, { id: n.id, x, y, width, height: SIZES.host.height });
      placed.set(mdaId(host), { id: mdaId(host), x, y: y + SIZES.host.height + SIZES.mdaGap, width, height: SIZES.mda.height });
      const pad = SIZES.framePad;
      placed.set(frameId(host), { id: frameId(host), x: x - pad, y: y - pad, width: width + 2 * pad, height: height + 2 * pad });
    } else {
      placed.set(n.id, { id: n.id, x, y, width, height });
    }
  }

  const resolver = topology.nodes.find((n) => n.id === RESOLVER_ID);
  if (resolver) {
    const askers = topology.edges.filter((e) => e.target === RESOLVER_ID).map((e) => placed.get(e.source)).filter((p): p is PlacedNode => !!p);
    const { width, height } = SIZES.resolver;
    const cx = askers.length > 0 ? askers.reduce((sum, p) => sum + p.x + p.width / 2, 0) / askers.length : 0;
    const left = Math.round(cx - width / 2);
    // Below whatever already stands in that column, so the side trip never crosses a node.
    let bottom = askers.reduce((m, p) => Math.max(m, p.y + p.height), 0);
    for (const p of placed.values()) {
      if (p.x < left + width && p.x + p.width > left) bottom = Math.max(bottom, p.y + p.height);
    }
    placed.set(RESOLVER_ID, { id: RESOLVER_ID, x: left, y: bottom + SIZES.resolverGap, width, height });
  }

  // Ordered as the topology lists them, frames first so they are drawn behind their machine.
  const order = [...topology.nodes].sort((a, b) => Number(b.data.kind === 'frame') - Number(a.data.kind === 'frame'));
  const nodes = order.map((n) => placed.get(n.id)).filter((p): p is PlacedNode => !!p);
  const minX = Math.min(...nodes.map((n) => n.x));
  const minY = Math.min(...nodes.map((n) => n.y));
  const shifted = nodes.map((n) => ({ ...n, x: n.x - minX, y: n.y - minY }));
  return {
    nodes: shifted,
    width: Math.max(...shifted.map((n) => n.x + n.width)),
    height: Math.max(...shifted.map((n) => n.y + n.height)),
  };
}
