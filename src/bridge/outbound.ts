import { connect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { LineFramer } from '../protocol/line-framing';
import type { Scenario } from '../world/scenario';
import type { ExternalServerFactory } from '../world/world';

/** Where a host name of the world really is. */
export interface RealTarget {
  /** The name the scenario marked (a domain or a host). */
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/**
 * The host names a real server stands for: each name marked real, and, for a marked domain, the
 * exchanges its MX records name, since the MTA connects to the MX host, never to the domain.
 */
export function realTargets(scenario: Scenario): Map<string, RealTarget> {
  const targets = new Map<string, RealTarget>();
  for (const [name, server] of Object.entries(scenario.realServers)) {
    const target = { name, host: server.host, port: server.port };
    targets.set(name.toLowerCase(), target);
    const dnsEntry = Object.entries(scenario.dns).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
    for (const mx of dnsEntry?.mx ?? []) targets.set(mx.exchange.toLowerCase().replace(/\.$/, ''), target);
  }
  return targets;
}

/**
 * A marked name the scenario's DNS knows nothing about gets an A record, so the MTA's lookup succeeds:
 * with no MX the domain's own address is used (RFC 5321 5.1), and the connection goes to that name.
 */
export function withRealDns(scenario: Scenario): Scenario {
  const known = new Set(Object.keys(scenario.dns).map((n) => n.toLowerCase()));
  const dns = { ...scenario.dns };
  for (const [name, server] of Object.entries(scenario.realServers)) {
    if (known.has(name.toLowerCase())) continue;
    dns[name] = { a: [/^127\./.test(server.host) ? server.host : '127.0.0.1'] };
  }
  return { ...scenario, dns };
}

export interface OutboundOptions {
  readonly beforeInput: () => void;
  readonly afterInput: () => void;
  readonly log: (line: string) => void;
}

/** After our FIN, how long the real server may keep its side open. */
const LINGER_MS = 2000;

/** Replies are short (512 octets); a misbehaving server's endless line is kept to this much. */
const REPLY_KEEP = 65536;

/**
 * The bridge's outbound side: when an agent's client machine connects to a host a real server stands for,
 * the connection is a real TCP socket. Lines the client session transmits are written with CRLF; what the
 * server sends is framed into lines and handed to the session one by one, so a multi-line reply (EHLO, or
 * a `220-` greeting) is assembled by the session exactly as it would be from a simulated server.
 */
export class Outbound {
  private readonly targets: Map<string, RealTarget>;
  private readonly sockets = new Set<Socket>();

  constructor(
    scenario: Scenario,
    private readonly o: OutboundOptions,
  ) {
    this.targets = realTargets(scenario);
  }

  readonly factory: ExternalServerFactory = (host, port, toClient) => {
    const target = this.targets.get(host.toLowerCase());
    if (!target) return undefined;
    const { o } = this;
    o.log(`=== ${host}:${port} is real (${target.name}): connecting to ${target.host}:${target.port}`);
    const socket = connect({ host: target.host, port: target.port });
    this.sockets.add(socket);
    const framer = new LineFramer({ maxRetained: REPLY_KEEP });
    const decoder = new StringDecoder('utf8');
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      const lines = framer.push(decoder.write(chunk));
      if (lines.length === 0 || done) return;
      o.beforeInput();
      for (const line of lines) toClient.line(line.text);
      o.afterInput();
    });
    // A refused or reset connection: 'close' follows, and the session treats it as a lost connection (4xx, retry).
    socket.on('error', (err) => o.log(`*** ${host}: real server ${target.host}:${target.port}: ${err.message}`));
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (done) return;
      done = true;
      o.beforeInput();
      toClient.closed();
      o.afterInput();
    });
    return {
      // The world talks to a real server only through send and close; these two belong to the client side.
      line() {},
      closed() {},
      send: (line: string) => {
        if (!socket.destroyed && socket.writable) socket.write(`${line}\r\n`);
      },
      close: () => {
        done = true;
        socket.end();
        setTimeout(() => socket.destroy(), LINGER_MS).unref();
      },
    };
  };

  /** Drops every open connection to a real server. */
  closeAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
