/**
 * The events the world delivers to agents. Lowercase and dotted, as xstate v5 style asks:
 * `smtp.line` for a line off the wire, `net.*` for the connection, `dns.answer` for a lookup.
 */
import type { MailRoute } from '../dns';

/** One line off the wire. `bareLf` marks a line that ended in LF without CR (only real sockets produce it). */
export interface SmtpLineEvent {
  readonly type: 'smtp.line';
  readonly text: string;
  readonly bareLf?: boolean;
}

export interface NetConnectedEvent {
  readonly type: 'net.connected';
  readonly remoteIp: string;
}

export interface NetFailedEvent {
  readonly type: 'net.failed';
  /** As Postfix logs it: `connect to mx1.example[192.0.2.25]:25: Connection refused`. */
  readonly reason: string;
}

export interface NetClosedEvent {
  readonly type: 'net.closed';
}

/** To a listening agent: a client connected to its port; it spawns a server session for it. */
export interface NetAcceptEvent {
  readonly type: 'net.accept';
  readonly connId: string;
  readonly port: number;
  readonly clientHost: string;
  readonly clientIp: string;
}

export interface DnsAnswerEvent {
  readonly type: 'dns.answer';
  readonly requestId: string;
  readonly route: MailRoute;
}
