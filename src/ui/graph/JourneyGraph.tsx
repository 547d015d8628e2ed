import { Background, Controls, type Edge, type EdgeMouseHandler, MarkerType, type NodeMouseHandler, ReactFlow, useReactFlow, useStore } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import type { TraceEvent } from '../../world/trace';
import { useSim, useSimStore } from '../state/sim-context';
import { layoutTopology } from './layout';
import { FrameNode, type GraphNode, HostNode, MailboxNode, MdaNode, ResolverNode } from './nodes';
import { RouteEdge, type RouteEdgeType } from './RouteEdge';
import { TokenLabels } from './TokenLabels';
import { routeStatusOf } from './status';
import { adhocEdges, buildTopology, type SeenConnection, type TopoEdge } from './topology';
import { useGraphStatus } from './use-graph-status';
import './graph.css';

/** At module scope, so React Flow sees the same objects on every render. */
const nodeTypes = { host: HostNode, mda: MdaNode, resolver: ResolverNode, mailbox: MailboxNode, frame: FrameNode };
const edgeTypes = { route: RouteEdge };

const FIT = { padding: 0.06, maxZoom: 1.5 } as const;

/** A fresh canvas (and a fresh fit) for every scenario object, even one loaded under a known id. */
const canvasKeys = new WeakMap<object, number>();
let nextCanvasKey = 1;
function canvasKey(scenario: object): number {
  let k = canvasKeys.get(scenario);
  if (k === undefined) {
    k = nextCanvasKey++;
    canvasKeys.set(scenario, k);
  }
  return k;
}

function toFlowEdge(e: TopoEdge): RouteEdgeType {
  return {
    id: e.id,
    type: 'route',
    source: e.source,
    target: e.target,
    sourceHandle: e.sourceHandle,
    targetHandle: e.targetHandle,
    data: { route: e.data },
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    focusable: e.data.kind !== 'store',
    ariaLabel: e.data.title,
  };
}

/** Routes the scenario did not foresee, as a stable string so the edge list only changes when one appears. */
function seenKey(trace: readonly TraceEvent[]): string {
  const keys = new Set<string>();
  for (const e of trace) if (e.kind === 'connect' || e.kind === 'connect.failed') keys.add(`${e.from}|${e.to}|${e.port}`);
  return [...keys].join('\n');
}

/** Refits the graph when the canvas changes size (the window, the side panel). */
function FitOnResize() {
  const { fitView } = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  useEffect(() => {
    if (width > 0 && height > 0) void fitView(FIT);
  }, [width, height, fitView]);
  return null;
}

export function JourneyGraph({ colorMode = 'light' }: { colorMode?: 'light' | 'dark' }) {
  const store = useSimStore();
  const scenario = useSim((v) => v.scenario);
  const trace = useSim((v) => v.trace);
  const status = useGraphStatus();
  const topology = useMemo(() => buildTopology(scenario), [scenario]);
  const layout = useMemo(() => layoutTopology(topology), [topology]);

  const nodes = useMemo<GraphNode[]>(() => {
    const byId = new Map(topology.nodes.map((n) => [n.id, n]));
    return layout.nodes.map((p) => {
      const info = byId.get(p.id)!.data;
      const frame = info.kind === 'frame';
      return {
        id: p.id,
        type: info.kind,
        position: { x: p.x, y: p.y },
        width: p.width,
        height: p.height,
        style: { width: p.width, height: p.height },
        data: { info },
        draggable: false,
        connectable: false,
        selectable: !frame,
        focusable: !frame,
        zIndex: frame ? -1 : 0,
        ariaLabel: info.kind === 'host' ? `host ${info.host}` : info.kind === 'mailbox' ? `mailbox ${info.address}` : info.kind === 'resolver' ? 'DNS resolver' : info.kind === 'mda' ? `MDA on ${info.host}` : undefined,
      } as GraphNode;
    });
  }, [layout, topology]);

  const seen = useMemo(() => seenKey(trace), [trace]);
  const allEdges = useMemo<TopoEdge[]>(() => {
    const extra: SeenConnection[] = seen
      ? seen.split('\n').map((k) => {
          const [from, to, port] = k.split('|');
          return { from: from!, to: to!, port: Number(port) };
        })
      : [];
    return [...topology.edges, ...adhocEdges(scenario, topology, extra)];
  }, [topology, scenario, seen]);
  const edges = useMemo<Edge[]>(() => allEdges.map(toFlowEdge), [allEdges]);

  const onEdgeClick: EdgeMouseHandler = (_, edge) => {
    const route = (edge.data as { route?: { route: string } } | undefined)?.route?.route;
    const connId = route ? routeStatusOf(status, route).connId : undefined;
    if (connId) store.select({ selectedConnId: connId, tab: 'transcript' });
  };
  const onNodeClick: NodeMouseHandler = (_, node) => {
    const info = (node.data as GraphNode['data']).info;
    if (info.kind === 'mailbox') store.select({ tab: 'mailboxes' });
  };

  return (
    <div className="journey" data-scenario={scenario.id}>
      <ReactFlow
        key={canvasKey(scenario)}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={colorMode}
        fitView
        fitViewOptions={FIT}
        minZoom={0.3}
        maxZoom={2.5}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesReconnectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        panActivationKeyCode={null}
        onEdgeClick={onEdgeClick}
        onNodeClick={onNodeClick}
        aria-label="Journey graph: hosts, routes and the messages travelling between them"
      >
        <Background gap={24} size={1.2} />
        <Controls showInteractive={false} position="top-left" />
        <FitOnResize />
        <TokenLabels edges={allEdges} layout={layout} />
      </ReactFlow>
    </div>
  );
}
