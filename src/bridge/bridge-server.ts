import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { S421_TOO_MANY_CONN } from '../protocol/replies';
import { formatReply } from '../protocol/reply';
import { plainIp, SocketSession, type SocketSessionOptions } from './socket-endpoint';

/**
 * Concurrent connections across the whole bridge, as Postfix's anvil counts them. On loopback every client
 * has the same address, so this is also the per-client limit whose reply names the client.
 */
export class ConnectionLimiter {
  private active = 0;

  constructor(readonly max: number) {}

  get count(): number {
    return this.active;
  }

  tryAcquire(): boolean {
    if (this.active >= this.max) return false;
    this.active++;
    return true;
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
  }
}

/** What each accepted client's SocketSession needs, and where to listen. */
export interface BridgeServerOptions extends Omit<SocketSessionOptions, 'socket'> {
  readonly bindHost: string;
  readonly port: number;
  readonly limiter: ConnectionLimiter;
}

/** A refused client may not hold its socket open: it gets this long to read the 421 and go. */
const REFUSED_LINGER_MS = 2000;

/** One real TCP port in front of one listener of the world. */
export class BridgeServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly o: BridgeServerOptions) {
    // Half-open: a client that shuts down its sending side still reads the replies to what it sent.
    this.server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    // A listen error after startup (rare) must not take the process down.
    this.server.on('error', (err) => o.log(`*** bridge ${o.listener.host}:${o.listener.port}: ${err.message}`));
  }

  /** Binds the port; rejects with the system's reason (EADDRINUSE, EACCES). */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.o.port, this.o.bindHost, () => {
        this.server.off('error', onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting and drops every open connection. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const { o } = this;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    if (!o.limiter.tryAcquire()) {
      this.refuse(socket);
      return;
    }
    socket.on('close', () => o.limiter.release());
    try {
      new SocketSession({ ...o, socket });
    } catch (err) {
      o.log(`*** ${o.listener.host}: could not attach a client: ${(err as Error).message}`);
      socket.destroy();
    }
  }

  /** Over the cap: Postfix's smtpd answers 421 4.7.0 instead of the greeting, and hangs up. */
  private refuse(socket: Socket): void {
    const { o } = this;
    const ip = plainIp(socket.remoteAddress);
    o.log(`*** ${o.listener.host}: too many connections from ${ip} (${o.limiter.count} open, limit ${o.limiter.max}): refused with 421`);
    socket.on('error', () => {});
    // Whatever the client sends meanwhile is read and dropped, so its writes cannot stall.
    socket.resume();
    socket.end(formatReply(S421_TOO_MANY_CONN(o.listener.host, ip)).map((l) => `${l}\r\n`).join(''));
    const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    linger.unref();
    socket.on('close', () => clearTimeout(linger));
  }
}
