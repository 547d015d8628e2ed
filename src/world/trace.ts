import type { AgentRecord } from '../agents/env';

/**
 * The typed, append-only record of everything observable in a world. The UI animates it, the tests assert
 * on it, the CLI prints it. `t` is virtual milliseconds since the world started; `seq` orders events that
 * share a time.
 */
export type TraceBody =
  | { readonly kind: 'connect'; readonly connId: string; readonly from: string; readonly to: string; readonly port: number; readonly client: ClientKind }
  | { readonly kind: 'connect.failed'; readonly connId: string; readonly from: string; readonly to: string; readonly port: number; readonly reason: string }
  | { readonly kind: 'line'; readonly connId: string; readonly from: string; readonly to: string; readonly direction: 'c2s' | 's2c'; readonly text: string; readonly arrive: number }
  | { readonly kind: 'disconnect'; readonly connId: string; readonly from: string; readonly to: string; readonly by: string }
  | { readonly kind: 'dns.query'; readonly requestId: string; readonly from: string; readonly to: string; readonly name: string; readonly type: string; readonly arrive: number }
  | { readonly kind: 'dns.answer'; readonly requestId: string; readonly from: string; readonly to: string; readonly name: string; readonly type: string; readonly answer: string; readonly ok: boolean; readonly arrive: number }
  | { readonly kind: 'state'; readonly actor: string; readonly host: string; readonly machine: string; readonly connId?: string; readonly from: string; readonly to: string }
  | AgentRecord;

/** `arrive` on line and DNS events: the virtual ms at which the message reaches the other end, for animation. */
export type ClientKind = 'agent' | 'console' | 'external';

export type TraceEvent = TraceBody & { readonly seq: number; readonly t: number };

export type TraceKind = TraceEvent['kind'];

/** The hosts an event concerns, for filtering by host. */
export function hostsOf(e: TraceBody): string[] {
  return 'host' in e ? [e.host] : [e.from, e.to];
}

/** Virtual milliseconds as the CLI and the event list print them: `12.345s`. */
export function formatTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}
