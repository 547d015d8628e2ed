import type { Reply } from '../protocol/reply';

/**
 * What an agent may ask of the world it lives in. Agents never import the world (it sits above them);
 * the world hands each agent this port in its input. Every call only *schedules* work on the virtual
 * clock, so an action that calls it never re-enters another actor during its own transition.
 */
export interface AgentEnv {
  /** Wall-clock milliseconds since the epoch, in virtual time. */
  now(): number;
  /** The world's seeded random source, in [0, 1). */
  random(): number;
  /** A connection id unique in this world, e.g. `c7`. */
  newConnectionId(): string;
  /**
   * Open a TCP-like connection. The world answers later by sending `net.connected` or `net.failed`
   * to the actor whose systemId is `clientSessionId(connId)`.
   */
  connect(request: ConnectRequest): void;
  /** Put one line (without CRLF) on the wire from one side of a connection. */
  transmit(connId: string, side: Side, line: string): void;
  /** Close the connection from one side; the other side receives `net.closed`. */
  close(connId: string, side: Side): void;
  /** Resolve where mail for a domain goes (RFC 5321 5.1). The answer arrives as `dns.answer` at `replyTo`. */
  resolveMailRoute(request: MailRouteRequest): void;
  /** Record something only the agent knows about (queue moves, deliveries, bounces) in the world's trace. */
  record(event: AgentRecord): void;
}

export type Side = 'client' | 'server';

export interface ConnectRequest {
  readonly connId: string;
  readonly fromHost: string;
  readonly toHost: string;
  readonly port: number;
}

export interface MailRouteRequest {
  readonly requestId: string;
  readonly fromHost: string;
  readonly domain: string;
  /** systemId of the actor that receives `dns.answer`. */
  readonly replyTo: string;
}

/** Facts an agent reports, that no wire line shows. */
export type AgentRecord =
  | { readonly kind: 'queue.add'; readonly host: string; readonly queueId: string; readonly from: string; readonly to: readonly string[]; readonly size: number }
  | { readonly kind: 'queue.defer'; readonly host: string; readonly queueId: string; readonly recipients: readonly string[]; readonly reason: string; readonly retryAt: number }
  | { readonly kind: 'queue.sent'; readonly host: string; readonly queueId: string; readonly recipient: string; readonly relay: string; readonly reply: Reply }
  | { readonly kind: 'queue.remove'; readonly host: string; readonly queueId: string }
  | { readonly kind: 'deliver'; readonly host: string; readonly mailbox: string; readonly queueId: string; readonly messageId: string; readonly size: number }
  | { readonly kind: 'bounce'; readonly host: string; readonly queueId: string; readonly recipients: readonly string[]; readonly to: string; readonly reason: string; readonly bounceQueueId?: string }
  | { readonly kind: 'submit'; readonly host: string; readonly from: string; readonly to: readonly string[]; readonly subject: string }
  | { readonly kind: 'note'; readonly host: string; readonly text: string; readonly connId?: string };

/** Where the world finds each kind of actor. One naming scheme, so nothing hard-codes a string twice. */
export const systemIds = {
  agent: (role: string, host: string): string => `${role}:${host}`,
  clientSession: (connId: string): string => `client:${connId}`,
  serverSession: (connId: string): string => `server:${connId}`,
} as const;
