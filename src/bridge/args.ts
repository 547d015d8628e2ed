/**
 * The bridge's command line, parsed into plain options. Kept apart from startup so that every flag and
 * every error message can be tested without opening a socket.
 */

/** `--listen HOST[:AGENTPORT]=PORT`: expose one listener of a simulated host on a real port. */
export interface ListenSpec {
  readonly host: string;
  /** Which of the host's listeners (25, 587, 10025, 24); undefined means the host's lowest port. */
  readonly agentPort?: number;
  /** The real TCP port; 0 lets the system choose one. */
  readonly port: number;
}

/** `--real NAME=HOST:PORT`: a domain or host of the scenario served by a real SMTP server. */
export interface RealSpec {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export interface BridgeArgs {
  readonly scenario: string;
  readonly listen: readonly ListenSpec[];
  readonly real: readonly RealSpec[];
  readonly bindHost: string;
  readonly speed: number;
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxMessageSize?: number;
  readonly emlDir?: string;
  readonly noInputs: boolean;
  readonly states: boolean;
}

export type ParsedArgs = { readonly ok: true; readonly args: BridgeArgs } | { readonly ok: false; readonly error: string } | { readonly ok: 'help' };

export const USAGE = `usage: npm run bridge -- --scenario ID [options]

  --scenario ID                 the scenario to run (see npm run sim)
  --listen HOST=PORT            serve the simulated HOST's lowest listening port on real PORT (repeatable)
  --listen HOST:AGENTPORT=PORT  pick which of HOST's listeners (25, 587, 10025, 24)
  --host ADDR                   address to bind (default 127.0.0.1, loopback only)
  --real NAME=127.0.0.1:PORT    a domain or host of the scenario is a real SMTP server on loopback (repeatable)
  --speed N                     virtual seconds per wall-clock second (default 1)
  --idle-timeout SECONDS        close a silent client with 421 4.4.2 (default 300)
  --max-connections N           concurrent connections before 421 4.7.0 (default 20)
  --max-size BYTES              the message size limit the servers advertise (default 10240000)
  --eml DIR                     write each delivered message into DIR as an .eml file
  --no-inputs                   do not play the scenario's own scripted inputs
  --states                      print state changes of the session machines too`;

const PORT_RE = /^\d{1,5}$/;

function port(text: string, allowZero: boolean): number | undefined {
  if (!PORT_RE.test(text)) return undefined;
  const n = Number(text);
  return n <= 65535 && (allowZero || n > 0) ? n : undefined;
}

export function parseListen(text: string): ListenSpec | string {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) return `--listen ${text}: expected HOST=PORT or HOST:AGENTPORT=PORT`;
  const real = port(text.slice(eq + 1), true);
  if (real === undefined) return `--listen ${text}: "${text.slice(eq + 1)}" is not a port (0-65535)`;
  const left = text.slice(0, eq);
  const colon = left.lastIndexOf(':');
  if (colon === -1) return { host: left, port: real };
  const agentPort = port(left.slice(colon + 1), false);
  if (agentPort === undefined || colon === 0) return `--listen ${text}: "${left}" is not HOST or HOST:AGENTPORT`;
  return { host: left.slice(0, colon), agentPort, port: real };
}

/** `NAME=HOST:PORT`, or `NAME=PORT` for 127.0.0.1. The scenario schema checks that HOST is loopback. */
export function parseReal(text: string): RealSpec | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--real ${text}: expected DOMAIN_OR_HOST=127.0.0.1:PORT`;
  const name = text.slice(0, eq);
  const target = text.slice(eq + 1);
  const colon = target.lastIndexOf(':');
  const host = colon === -1 ? '127.0.0.1' : target.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const p = port(colon === -1 ? target : target.slice(colon + 1), false);
  if (p === undefined || host === '') return `--real ${text}: "${target}" is not HOST:PORT`;
  return { name, host, port: p };
}

function positive(flag: string, text: string | undefined, integer: boolean): number | string {
  const n = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    return `${flag}: expected a positive ${integer ? 'integer' : 'number'}, got ${text === undefined ? 'nothing' : `"${text}"`}`;
  }
  return n;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let scenario: string | undefined;
  const listen: ListenSpec[] = [];
  const real: RealSpec[] = [];
  let bindHost = '127.0.0.1';
  let speed = 1;
  let idleTimeoutMs = 300_000;
  let maxConnections = 20;
  let maxMessageSize: number | undefined;
  let emlDir: string | undefined;
  let noInputs = false;
  let states = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    // Both `--flag value` and `--flag=value`, as most command lines accept.
    const eq = flag.startsWith('--') ? flag.indexOf('=') : -1;
    const name = eq === -1 ? flag : flag.slice(0, eq);
    const value = (): string | undefined => (eq === -1 ? argv[++i] : flag.slice(eq + 1));
    switch (name) {
      case '--help':
      case '-h':
        return { ok: 'help' };
      case '--no-inputs':
        noInputs = true;
        break;
      case '--states':
        states = true;
        break;
      case '--scenario':
        scenario = value();
        break;
      case '--host': {
        const v = value();
        if (!v) return { ok: false, error: '--host: expected an address' };
        bindHost = v;
        break;
      }
      case '--eml': {
        const v = value();
        if (!v) return { ok: false, error: '--eml: expected a directory' };
        emlDir = v;
        break;
      }
      case '--listen': {
        const spec = parseListen(value() ?? '');
        if (typeof spec === 'string') return { ok: false, error: spec };
        listen.push(spec);
        break;
      }
      case '--real': {
        const spec = parseReal(value() ?? '');
        if (typeof spec === 'string') return { ok: false, error: spec };
        real.push(spec);
        break;
      }
      case '--speed': {
        const n = positive(name, value(), false);
        if (typeof n === 'string') return { ok: false, error: n };
        speed = n;
        break;
      }
      case '--idle-timeout': {
        const n = positive(name, value(), false);
        if (typeof n === 'string') return { ok: false, error: n };
        idleTimeoutMs = Math.round(n * 1000);
        break;
      }
      case '--max-connections': {
        const n = positive(name, value(), true);
        if (typeof n === 'string') return { ok: false, error: n };
        maxConnections = n;
        break;
      }
      case '--max-size': {
        const n = positive(name, value(), true);
        if (typeof n === 'string') return { ok: false, error: n };
        maxMessageSize = n;
        break;
      }
      default:
        // The scenario may also be given bare, as `npm run sim -- seed-basic` takes it.
        if (!flag.startsWith('-') && scenario === undefined) scenario = flag;
        else return { ok: false, error: `unknown option ${flag}` };
    }
  }
  if (!scenario) return { ok: false, error: '--scenario is required' };
  const args: BridgeArgs = {
    scenario,
    listen,
    real,
    bindHost,
    speed,
    idleTimeoutMs,
    maxConnections,
    noInputs,
    states,
    ...(maxMessageSize !== undefined ? { maxMessageSize } : {}),
    ...(emlDir !== undefined ? { emlDir } : {}),
  };
  return { ok: true, args };
}
