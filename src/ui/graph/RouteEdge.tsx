import { BaseEdge, type Edge, EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { useSim } from '../state/sim-context';
import { type Curve, edgeCurve, type Side } from './path';
import { routeStatusOf } from './status';
import { type Token, tokensAt, flightsOnRoute } from './tokens';
import { type EdgeData, routeOfEvent } from './topology';
import { useGraphStatus, useReducedMotion } from './use-graph-status';

export type RouteEdgeType = Edge<{ route: EdgeData }>;

function TokenMark({ token, x, y, opacity }: { token: Token; x: number; y: number; opacity: number }) {
  const f = token.flight;
  if (f.kind === 'envelope') {
    return (
      <g className={`tok tok-${f.tone}`} transform={`translate(${x - 11},${y - 8})`} opacity={opacity}>
        <rect width="22" height="16" rx="2.5" className="tok-body" />
        <polyline points="1.5,2 11,9.5 20.5,2" className="tok-flap" />
      </g>
    );
  }
  const r = f.kind === 'reply' ? 7 : 6.5;
  return (
    <g className={`tok tok-${f.tone}`} opacity={opacity}>
      {f.kind === 'reply' || f.kind === 'dns-answer' ? (
        <circle cx={x} cy={y} r={r} className="tok-body" />
      ) : (
        <rect x={x - r} y={y - r} width={2 * r} height={2 * r} rx="2" className="tok-body" />
      )}
    </g>
  );
}

interface Placed {
  readonly token: Token;
  readonly x: number;
  readonly y: number;
  readonly opacity: number;
}

function place(curve: Curve, token: Token, reduced: boolean): Placed {
  const f = token.flight;
  // Reduced motion: no travel; the token fades in where it is going.
  const along = reduced ? 1 : token.progress;
  const p = curve.at(f.forward ? along : 1 - along);
  return { token, x: p.x, y: p.y, opacity: reduced ? 0.35 + 0.65 * token.progress : 1 };
}

function RouteEdgeView(props: EdgeProps<RouteEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd } = props;
  const route = data!.route;
  const curve = useMemo(
    () => edgeCurve({ x: sourceX, y: sourceY }, sourcePosition as Side, { x: targetX, y: targetY }, targetPosition as Side),
    [sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition],
  );
  const trace = useSim((v) => v.trace);
  const now = useSim((v) => v.now);
  const reduced = useReducedMotion();
  const status = routeStatusOf(useGraphStatus(), route.route);
  const flights = flightsOnRoute(trace, route.route);
  const tokens = useMemo(() => tokensAt(flights, now), [flights, now]);
  const placed = tokens.map((t) => place(curve, t, reduced));
  const busy = tokens.length > 0;
  // The event chosen in the event list lights the route it travelled.
  const selected = useSim((v) => routeOfEvent(v.trace, v.selectedSeq)) === route.route;
  const className = `route route-${route.kind} route-${status.state}${busy ? ' is-busy' : ''}${selected ? ' is-selected' : ''}`;
  const portAt = curve.at(0.5);
  const vertical = Math.abs(portAt.ty) > Math.abs(portAt.tx);

  return (
    <>
      <BaseEdge id={id} path={curve.d} className={className} markerEnd={markerEnd} interactionWidth={18} />
      {placed.map((p) => (
        <TokenMark key={p.token.flight.id} token={p.token} x={p.x} y={p.y} opacity={p.opacity} />
      ))}
      <EdgeLabelRenderer>
        <div
          className={`route-port route-port-${route.kind}${status.state === 'failed' ? ' is-failed' : ''}`}
          style={{ transform: `translate(${portAt.x}px, ${portAt.y}px) translate(${vertical ? '-110%' : '-50%'}, ${vertical ? '-50%' : '-130%'})` }}
          title={status.failure ?? route.title}
        >
          {route.label}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const RouteEdge = memo(RouteEdgeView);
