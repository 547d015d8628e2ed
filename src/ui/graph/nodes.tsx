import { Handle, type Node, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { Icon } from '../shell/icons';
import { useSim } from '../state/sim-context';
import { splitHostName } from './layout';
import { nodeStatusOf, type SessionView } from './status';
import type { FrameNodeData, GraphNodeData, HostNodeData, MailboxNodeData, MdaNodeData, ResolverNodeData, RoleName } from './topology';
import { useGraphStatus } from './use-graph-status';

/** React Flow wants node data to be a record: the topology's data rides in `info`. */
export type GraphNode = Node<{ info: GraphNodeData }>;

const ROLE_TITLE: Record<RoleName, string> = {
  mua: 'Mail User Agent: the mail client that writes and submits',
  msa: 'Mail Submission Agent: accepts mail from its own users, with AUTH (port 587)',
  mta: 'Mail Transfer Agent: queues mail and delivers it to the MX found in DNS',
  mx: 'Mail eXchanger: receives mail for its domains on port 25',
  mda: 'Mail Delivery Agent: stores mail into mailboxes (LMTP)',
};

function RoleBadge({ name: role }: { name: RoleName }) {
  return (
    <span className={`gn-badge role-${role}`} title={ROLE_TITLE[role]}>
      {role.toUpperCase()}
    </span>
  );
}

/** Invisible anchor points: edges leave on the right (or bottom) and arrive on the left (or top). */
function Anchors({ out = true, down = false, top = false, inbound = true }: { out?: boolean; down?: boolean; top?: boolean; inbound?: boolean }) {
  return (
    <>
      {inbound && <Handle type="target" position={Position.Left} id="in" isConnectable={false} className="gn-handle" />}
      {top && <Handle type="target" position={Position.Top} id="top" isConnectable={false} className="gn-handle" />}
      {out && <Handle type="source" position={Position.Right} id="out" isConnectable={false} className="gn-handle" />}
      {down && <Handle type="source" position={Position.Bottom} id="down" isConnectable={false} className="gn-handle" />}
    </>
  );
}

function SessionLine({ s }: { s: SessionView }) {
  const arrow = s.side === 'server' ? '◂' : '▸';
  const title = `${s.machine} session ${s.connId}, ${s.side === 'server' ? `client ${s.peer}` : `to ${s.peer}`}: state ${s.state}`;
  return (
    <div className="gn-session" title={title}>
      <span className="gn-machine">{s.machine}</span>
      <span className="gn-peer">
        {arrow} {s.peer}
      </span>
      <span className="gn-state">{s.state}</span>
    </div>
  );
}

function Sessions({ sessions, idle, max = 2 }: { sessions: readonly SessionView[]; idle: string; max?: number }) {
  if (sessions.length === 0) return <div className="gn-session gn-idle">{idle}</div>;
  const shown = sessions.slice(-max);
  const more = sessions.length - shown.length;
  return (
    <>
      {shown.map((s) => (
        <SessionLine key={s.actor} s={s} />
      ))}
      {more > 0 && <div className="gn-more">+{more} more</div>}
    </>
  );
}

function formatWait(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The deferred-queue clock: its own component, so only it re-renders as time passes. */
function RetryLine({ queueId, retryAt, reason }: { queueId: string; retryAt: number; reason: string }) {
  const now = useSim((v) => v.now);
  const wait = retryAt - now;
  return (
    <div className="gn-defer" title={`${queueId} deferred: ${reason}`}>
      <Icon name="clock" size={15} className="gn-clock" />
      <span className="num">{wait > 0 ? `retry in ${formatWait(wait)}` : 'retrying now'}</span>
    </div>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function HostName({ name, ip }: { name: string; ip: string }) {
  const [first, rest] = splitHostName(name);
  return (
    <div className="gn-name" title={`${name} (${ip})`}>
      <span className="gn-name-first">{first}</span>
      <span className="gn-name-rest">{rest || ip}</span>
    </div>
  );
}

function HostNodeView({ id, data }: NodeProps<GraphNode>) {
  const info = data.info as HostNodeData;
  const status = nodeStatusOf(useGraphStatus(), id);
  const ports = info.ports.filter((p) => !(info.splitMda && p.role === 'mda'));
  const className = ['gn', 'gn-host', info.down ? 'is-down' : '', info.client ? 'is-client' : '', status.sessions.length > 0 || status.consoles.length > 0 ? 'is-busy' : '']
    .filter(Boolean)
    .join(' ');
  const idle = info.down ? 'host is down' : info.client ? 'a person types here' : 'idle';
  const alert = status.refused ? (
    <div className="gn-alert gn-refused" title={`${status.refused.from}: ${status.refused.reason}`}>
      <Icon name="cross" size={14} />
      <span>{/timed out/i.test(status.refused.reason) ? 'connection timed out' : 'connection refused'}</span>
    </div>
  ) : status.bounces > 0 ? (
    <div key={status.bounces} className="gn-alert gn-bounce" title="This host gave up on a recipient and sent a bounce (DSN) back to the sender">
      <Icon name="bounce" size={14} />
      <span>sent {plural(status.bounces, 'bounce')}</span>
    </div>
  ) : undefined;
  return (
    <div className={className} data-host={info.host}>
      <Anchors down={info.splitMda || info.usesDns} inbound={!info.client} />
      <HostName name={info.host} ip={info.ip} />
      <div className="gn-row">
        {info.roles.map((r) => (
          <RoleBadge key={r} name={r} />
        ))}
        {info.client && (
          <span className="gn-badge role-client" title="A plain machine: a person types SMTP commands here with telnet">
            TELNET
          </span>
        )}
        {info.down && <span className="gn-badge gn-down-badge">DOWN</span>}
        <span className="gn-ports" title="Ports this host listens on">
          {ports.map((p) => (p.protocol === 'LMTP' ? `LMTP ${p.port}` : `:${p.port}`)).join(' ')}
        </span>
      </div>
      <div className="gn-sessions">
        {info.client && status.consoles.length > 0 ? (
          status.consoles.slice(-2).map((c) => (
            <div className="gn-session" key={c.connId} title={`${c.connId}: typing to ${c.to} port ${c.port}`}>
              <span className="gn-machine">telnet</span>
              <span className="gn-peer">▸ port {c.port}</span>
              <span className="gn-state">open</span>
            </div>
          ))
        ) : status.deferred.length > 0 || alert ? (
          <>
            <Sessions sessions={status.sessions} idle={idle} max={1} />
            {status.deferred.length > 0 ? <RetryLine {...status.deferred[0]!} /> : alert}
          </>
        ) : (
          <Sessions sessions={status.sessions} idle={idle} />
        )}
      </div>
      <div className="gn-foot">
        {!info.client && !info.roles.every((r) => r === 'mua') && (
          <span className={`gn-chip gn-queue${status.queue > 0 ? ' has-mail' : ''}`} title="Messages in this host's queue (queue.add minus queue.remove)">
            queue <b className="num">{status.queue}</b>
          </span>
        )}
      </div>
    </div>
  );
}

function MdaNodeView({ id, data }: NodeProps<GraphNode>) {
  const info = data.info as MdaNodeData;
  const status = nodeStatusOf(useGraphStatus(), id);
  return (
    <div className={`gn gn-mda${status.sessions.length > 0 ? ' is-busy' : ''}`} data-host={info.host}>
      <Anchors top inbound={false} />
      <div className="gn-row">
        <RoleBadge name="mda" />
        <span className="gn-mda-title">LMTP {info.port}</span>
      </div>
      <div className="gn-sessions">
        <Sessions sessions={status.sessions} idle={status.delivered > 0 ? `stored ${plural(status.delivered, 'message')}` : 'waiting for LMTP'} max={1} />
      </div>
    </div>
  );
}

function ResolverNodeView({ data }: NodeProps<GraphNode>) {
  const info = data.info as ResolverNodeData;
  const { resolver } = useGraphStatus();
  return (
    <div className="gn gn-resolver">
      <Handle type="target" position={Position.Top} id="top" isConnectable={false} className="gn-handle" />
      <div className="gn-row">
        <span className="gn-badge role-dns">DNS</span>
        <span className="gn-title gn-inline">{info.name}</span>
      </div>
      <div className="gn-ip">{info.ip} port 53</div>
      <div className="gn-session" title="The last question asked">
        {resolver.last ? <span className="gn-state gn-question">{resolver.last}</span> : <span className="gn-idle">no question yet</span>}
      </div>
    </div>
  );
}

function MailboxNodeView({ data }: NodeProps<GraphNode>) {
  const info = data.info as MailboxNodeData;
  const count = useGraphStatus().mailboxes.get(info.address.toLowerCase()) ?? 0;
  const at = info.address.lastIndexOf('@');
  const local = at > 0 ? info.address.slice(0, at) : info.address;
  const domain = at > 0 ? info.address.slice(at) : '';
  return (
    <div className={`gn gn-mailbox${count > 0 ? ' has-mail' : ''}`} data-mailbox={info.address} data-count={count} title={`Mailbox of ${info.address} on ${info.host}`}>
      <Anchors out={false} />
      <div className="gn-box-head">
        <Icon name="mailbox" size={22} className="gn-box-icon" />
        <div className="gn-box-name">
          <span className="gn-box-local">{local}</span>
          <span className="gn-box-domain">{domain}</span>
        </div>
      </div>
      <div className="gn-count" key={count}>
        <b className="num">{count}</b> {count === 1 ? 'message' : 'messages'}
      </div>
    </div>
  );
}

function FrameNodeView({ data }: NodeProps<GraphNode>) {
  const info = data.info as FrameNodeData;
  return (
    <div className="gn-frame" title={`One machine: ${info.host} runs the MX and the MDA`}>
      <span className="gn-frame-caption">one machine</span>
    </div>
  );
}

export const HostNode = memo(HostNodeView);
export const MdaNode = memo(MdaNodeView);
export const ResolverNode = memo(ResolverNodeView);
export const MailboxNode = memo(MailboxNodeView);
export const FrameNode = memo(FrameNodeView);
