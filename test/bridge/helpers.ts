import { connect, type Socket } from 'node:net';
import { findScenario } from '../../src/scenarios';
import { parseScenario, type Scenario, type ScenarioInput } from '../../src/world/scenario';
import { type Bridge, type BridgeOptions, startBridge } from '../../src/bridge/bridge';

/** Everything a test opened, closed in afterEach whatever the test did. */
export class Cleanup {
  private readonly tasks: (() => unknown)[] = [];

  add(task: () => unknown): void {
    this.tasks.push(task);
  }

  async run(): Promise<void> {
    const tasks = this.tasks.splice(0).reverse();
    for (const t of tasks) {
      try {
        await t();
      } catch {
        // closing what is already closed is fine
      }
    }
  }
}

/** Polls until `check` returns a value, at most `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = check();
    if (v !== undefined && v !== null && v !== false) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A preset with its scripted inputs removed (so only the test talks to it), plus changes. */
export function scenario(id: string, patch: Partial<ScenarioInput> = {}): Scenario {
  const base = findScenario(id);
  if (!base) throw new Error(`no scenario ${id}`);
  const parsed = parseScenario({ ...base, inputs: [], ...patch });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.scenario;
}

/** A bridge on ephemeral ports, quiet unless `log` is given, closed by the cleanup. */
export async function bridge(cleanup: Cleanup, options: Partial<BridgeOptions> & Pick<BridgeOptions, 'scenario' | 'listen'>): Promise<Bridge & { port(i?: number): number; logged: string[] }> {
  const logged: string[] = [];
  const b = await startBridge({ log: (l) => logged.push(l), ...options });
  cleanup.add(() => b.close());
  return Object.assign(b, { port: (i = 0) => b.bound[i]!.port, logged });
}

export interface Reply {
  readonly code: number;
  readonly lines: readonly string[];
  readonly text: string;
}

/** An SMTP client over a raw socket: what telnet would do, with timeouts on every wait. */
export class RawClient {
  private buffer = '';
  private closedFlag = false;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.wake();
    });
    socket.on('close', () => {
      this.closedFlag = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number, cleanup: Cleanup): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const client = new RawClient(socket);
      cleanup.add(() => socket.destroy());
      socket.once('connect', () => resolve(client));
      socket.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  send(text: string | Buffer): void {
    this.socket.write(text);
  }

  /** Reads one complete reply (its last line is `ddd ` or `ddd`). */
  async reply(timeoutMs = 5000): Promise<Reply> {
    const got = await this.until(() => {
      const lines: string[] = [];
      let at = 0;
      for (;;) {
        const nl = this.buffer.indexOf('\r\n', at);
        if (nl === -1) return undefined;
        const line = this.buffer.slice(at, nl);
        lines.push(line);
        at = nl + 2;
        if (!/^\d{3}-/.test(line)) {
          this.buffer = this.buffer.slice(at);
          return lines;
        }
      }
    }, timeoutMs, 'a reply');
    return { code: Number(got[0]!.slice(0, 3)), lines: got, text: got.join('\n') };
  }

  /** Reads `n` replies, in order. */
  async replies(n: number, timeoutMs = 5000): Promise<Reply[]> {
    const out: Reply[] = [];
    for (let i = 0; i < n; i++) out.push(await this.reply(timeoutMs));
    return out;
  }

  /** Sends a command and reads its reply. */
  async command(line: string, timeoutMs = 5000): Promise<Reply> {
    this.send(`${line}\r\n`);
    return this.reply(timeoutMs);
  }

  waitClosed(timeoutMs = 5000): Promise<true> {
    return this.until(() => this.closedFlag || undefined, timeoutMs, 'the server to close');
  }

  /** What arrived and was not read as a reply yet. */
  get unread(): string {
    return this.buffer;
  }

  private until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const v = check();
        if (v !== undefined) {
          done();
          resolve(v);
        } else if (this.closedFlag) {
          done();
          reject(new Error(`connection closed while waiting for ${what}; unread: ${JSON.stringify(this.buffer)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; unread: ${JSON.stringify(this.buffer)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
