import { BOX, boxFor, CHART_SIZE, SESSION_EDGES, SESSION_STATES } from './session-states';

/**
 * The server session's statechart with its current state lit: the learner sees which commands the
 * server will take now. The state comes from the machine itself (its `state` trace events).
 */
export function SessionChart({ state, protocol }: { state: string | undefined; protocol: 'SMTP' | 'LMTP' }) {
  const active = boxFor(state);
  const activeBox = SESSION_STATES.find((s) => s.id === active);
  const caption = activeBox ? `Server state: ${activeBox.id}: it ${activeBox.waits}` : 'Server state: no session yet.';
  return (
    <figure className="mp-con-chart">
      <svg
        viewBox={`0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}`}
        role="img"
        aria-label={`RFC 5321 session statechart: greeting, ready, mail, rcpt, data, queueing and back to ready; auth from ready; closed after QUIT. ${caption}`}
      >
        <defs>
          <marker id="mp-con-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0 L8 4 L0 8 z" className="mp-con-chart-arrowhead" />
          </marker>
        </defs>
        {SESSION_EDGES.map((e) => {
          const label = e.from === 'greeting' && e.to === 'ready' && protocol === 'LMTP' ? 'LHLO' : e.label;
          return (
            <g key={`${e.from}-${e.to}`} className="mp-con-chart-edge">
              <path d={e.d} markerEnd="url(#mp-con-arrow)" />
              <text x={e.lx} y={e.ly} textAnchor={e.anchor} className={label === '.' ? 'mp-con-chart-dot' : undefined}>
                {label}
              </text>
            </g>
          );
        })}
        {SESSION_STATES.map((s) => (
          <g key={s.id} className={s.id === active ? 'mp-con-chart-state mp-con-chart-active' : 'mp-con-chart-state'}>
            <rect x={s.x} y={s.y} width={BOX.w} height={BOX.h} rx={6} />
            <text x={s.x + BOX.w / 2} y={s.y + BOX.h / 2 + 4.5} textAnchor="middle">
              {s.id}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
