import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { systemIds } from '../agents/env';
import { AUTH_LINE_MAX } from '../protocol/limits';
import { type FramedLine, LineFramer } from '../protocol/line-framing';
import type { Listener } from '../world/build-agents';
import type { World } from '../world/world';

export interface SocketSessionOptions {
  readonly world: World;
  readonly listener: Listener;
  readonly socket: Socket;
  /**
   * The message size limit the server enforces. The framer keeps at most this much of one line: a longer
   * line makes the message too big anyway (552), so nothing the server would accept is ever cut short,
   * and no peer can grow a line without bound.
   */
  readonly maxMessageSize: number;
  /** Brings virtual time up to the wall clock before input reaches the world. */
  readonly beforeInput: () => void;
  /** Asks for a pass of the clock soon after input reached the world. */
  readonly afterInput: () => void;
  /** Flow control: whether the world is behind the wall clock, and a call for when it has caught up. */
  readonly busy: () => boolean;
  readonly whenCaughtUp: (fn: () => void) => void;
  readonly log: (line: string) => void;
}

/**
 * A command line this long is refused (500 5.5.2) whatever its verb; AUTH allows the most. Outside DATA an
 * over-long line is cut to this before it reaches the world: the reply is the same, and the trace (and the
 * terminal) do not fill with megabytes of a line that was never going to be executed.
 */
const COMMAND_KEEP = AUTH_LINE_MAX + 1;

/** How long a half-closed client (nc after its input ended) still gets replies before the session is torn down. */
const HALF_CLOSE_GRACE_MS = 1000;

/** After our FIN, how long the peer may keep its side open before the socket is destroyed. */
const LINGER_MS = 2000;

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export const plainIp = (address: string | undefined): string => (address ?? '0.0.0.0').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

const isLoopback = (ip: string): boolean => ip === '::1' || ip.startsWith('127.');

/**
 * One real TCP client, attached to a listener's own machine: the world opens a connection from the
 * client's host to the agent exactly as for a console user, and this endpoint carries lines both ways.
 * Bytes become lines through the protocol's LineFramer (CRLF; a bare LF ends a line but flags it).
 */
export class SocketSession {
  readonly connId: string;
  readonly remoteIp: string;
  private readonly framer: LineFramer;
  private readonly decoder = new StringDecoder('utf8');
  private linger: ReturnType<typeof setTimeout> | undefined;
  private greeted = false;
  /** Reasons to stop reading (the world is behind; the client does not read): read again when none is left. */
  private holds = 0;

  constructor(private readonly o: SocketSessionOptions) {
    const { socket, world, listener } = o;
    this.remoteIp = plainIp(socket.remoteAddress);
    this.framer = new LineFramer({ maxRetained: o.maxMessageSize + 1 });
    o.beforeInput();
    // Postfix names a client by its reverse DNS: loopback is localhost, anything else unknown here.
    const clientHost = isLoopback(this.remoteIp) ? 'localhost' : 'unknown';
    this.connId = world.openConsole(
      clientHost,
      listener.host,
      listener.port,
      { remoteIp: this.remoteIp, line: (text) => this.write(text), closed: () => this.endSocket() },
      'external',
    );
    o.afterInput();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => this.peerFinished());
    socket.on('close', () => this.socketClosed());
    // ECONNRESET and friends: 'close' follows, which is all that matters here.
    socket.on('error', (err) => o.log(`*** ${listener.host}: socket from ${this.remoteIp} (${this.connId}): ${err.message}`));
  }

  private receive(chunk: Buffer): void {
    const lines = this.framer.push(this.decoder.write(chunk));
    if (lines.length === 0) return;
    const { world } = this.o;
    this.o.beforeInput();
    for (const line of lines) {
      if (!world.isOpen(this.connId)) break;
      world.typeLine(this.connId, this.textFor(line), line.bareLf);
    }
    this.o.afterInput();
    // A client sending faster than the world follows waits in TCP, as it would on a busy Postfix.
    if (this.o.busy()) {
      this.hold();
      this.o.whenCaughtUp(() => this.release());
    }
  }

  private textFor(line: FramedLine): string {
    if (line.text.length <= COMMAND_KEEP) return line.text;
    const state = (this.o.world.snapshotOf(systemIds.serverSession(this.connId)) as { value?: unknown } | undefined)?.value;
    return state === 'data' ? line.text : line.text.slice(0, COMMAND_KEEP);
  }

  private write(text: string): void {
    const { socket } = this.o;
    // Before any reply, a line that is not one is the world telling a console user why the connection
    // failed (the host is down in the scenario). A real client would read it as a broken greeting: it is
    // logged, and the client sees the connection close, as it would from a dead host.
    if (!this.greeted && !/^\d{3}/.test(text)) {
      this.o.log(`*** ${this.o.listener.host}: ${text} (${this.connId})`);
      return;
    }
    this.greeted = true;
    if (socket.destroyed || !socket.writable) return;
    // A client that does not read its replies stops being read from until it does.
    if (!socket.write(`${text}\r\n`)) {
      this.hold();
      socket.once('drain', () => this.release());
    }
  }

  private hold(): void {
    if (this.holds++ === 0) this.o.socket.pause();
  }

  private release(): void {
    if (--this.holds === 0) this.o.socket.resume();
  }

  /** The world closed the connection (QUIT, 421): our FIN follows the lines already written. */
  private endSocket(): void {
    const { socket } = this.o;
    if (socket.destroyed) return;
    socket.end();
    this.linger = setTimeout(() => socket.destroy(), LINGER_MS);
    this.linger.unref();
  }

  /**
   * The client sent FIN. What it sent before still gets its replies, as Postfix answers the commands it
   * has read before it sees the end of input; then the session ends. A fragment after the last line end
   * was never terminated, so it is logged, never executed.
   */
  private peerFinished(): void {
    const rest = this.framer.flush();
    if (rest) this.o.log(`*** ${this.o.listener.host}: ${this.remoteIp} closed mid-line; discarded ${rest.text.length} characters (${this.connId})`);
    const { world } = this.o;
    this.o.beforeInput();
    world.clock.setTimeout(() => {
      if (world.isOpen(this.connId)) world.hangUp(this.connId);
    }, HALF_CLOSE_GRACE_MS);
  }

  private socketClosed(): void {
    if (this.linger) clearTimeout(this.linger);
    const { world } = this.o;
    if (world.isOpen(this.connId)) {
      this.o.beforeInput();
      world.hangUp(this.connId);
      this.o.afterInput();
    }
  }
}
