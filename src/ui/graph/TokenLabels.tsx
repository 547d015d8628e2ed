import { useStore, ViewportPortal } from '@xyflow/react';
import { useMemo } from 'react';
import { useSim } from '../state/sim-context';
import type { Flight } from './flights';
import { type LabelRequest, placeLabels, type Rect } from './label-layout';
import type { GraphLayout, PlacedNode } from './layout';
import { edgeCurve, type Point, type Side } from './path';
import { flightsByRoute, tokensAt } from './tokens';
import type { TopoEdge } from './topology';
import { useReducedMotion } from './use-graph-status';

const zoomOf = (s: { transform: [number, number, number] }) => s.transform[2];

const HANDLE_SIDE: Record<string, Side> = { out: 'right', down: 'bottom', in: 'left', top: 'top' };

/** Where an edge leaves or enters a node: the middle of the handle's side. */
export function handlePoint(n: PlacedNode, handle: string): Point {
  switch (HANDLE_SIDE[handle]) {
    case 'right':
      return { x: n.x + n.width, y: n.y + n.height / 2 };
    case 'bottom':
      return { x: n.x + n.width / 2, y: n.y + n.height };
    case 'top':
      return { x: n.x + n.width / 2, y: n.y };
    default:
      return { x: n.x, y: n.y + n.height / 2 };
  }
}

/**
 * The labels of every token on the wire, placed together so they never cover each other, in the layer
 * above the nodes. The tokens themselves are drawn by their edges.
 */
export function TokenLabels({ edges, layout }: { edges: readonly TopoEdge[]; layout: GraphLayout }) {
  const trace = useSim((v) => v.trace);
  const now = useSim((v) => v.now);
  const zoom = useStore(zoomOf);
  const reduced = useReducedMotion();
  const scale = zoom > 0 && zoom < 1 ? 1 / zoom : 1;

  const geometry = useMemo(() => {
    const nodes = new Map(layout.nodes.map((n) => [n.id, n]));
    const out = new Map<string, { source: Point; target: Point; mid: Point }>();
    for (const e of edges) {
      const s = nodes.get(e.source);
      const t = nodes.get(e.target);
      if (!s || !t) continue;
      const source = handlePoint(s, e.sourceHandle);
      const target = handlePoint(t, e.targetHandle);
      const mid = edgeCurve(source, HANDLE_SIDE[e.sourceHandle]!, target, HANDLE_SIDE[e.targetHandle]!).at(0.5);
      out.set(e.data.route, { source, target, mid });
    }
    return out;
  }, [edges, layout]);

  const obstacles = useMemo<Rect[]>(() => {
    const ids = new Set(layout.nodes.map((n) => n.id));
    return layout.nodes.filter((n) => ids.has(n.id) && !n.id.startsWith('frame:'));
  }, [layout]);

  const byRoute = flightsByRoute(trace);
  const requests: LabelRequest[] = [];
  const flights = new Map<string, { flight: Flight; progress: number }>();
  for (const [route, g] of geometry) {
    const list = byRoute.get(route);
    if (!list) continue;
    for (const token of tokensAt(list, now)) {
      const f = token.flight;
      flights.set(f.id, { flight: f, progress: token.progress });
      requests.push({
        id: f.id,
        text: f.label,
        seq: f.seq,
        forward: f.forward,
        from: f.forward ? g.source : g.target,
        to: f.forward ? g.target : g.source,
        mid: g.mid,
      });
    }
  }
  if (requests.length === 0) return null;
  // The graph's own box (fitView leaves a little room around it): labels stay inside, so none is cut off.
  const bounds = { x: -6, y: -30, width: layout.width + 12, height: layout.height + 60 };
  const placed = placeLabels(requests, obstacles, bounds, scale);

  return (
    <ViewportPortal>
      {placed.map((p) => {
        const entry = flights.get(p.id)!;
        const f = entry.flight;
        return (
          <div
            key={p.id}
            className={`tok-label tok-${f.tone}`}
            style={{
              transform: `translate(${p.x}px, ${p.y}px) scale(${scale})`,
              // Reduced motion: the mark fades in at its endpoint; the label stays fully readable.
              opacity: reduced ? 0.85 + 0.15 * entry.progress : 1,
            }}
            title={f.title}
            data-flight={f.id}
            data-kind={f.kind}
          >
            {f.label}
          </div>
        );
      })}
    </ViewportPortal>
  );
}
