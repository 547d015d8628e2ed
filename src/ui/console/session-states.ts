/**
 * The RFC 5321 session as the server's statechart has it (src/agents/smtp-server-session.ts, whose
 * `state` trace events name these states), drawn as boxes on two rows so that it stays legible in a
 * narrow side panel:
 *
 *   greeting → ready → mail → rcpt
 *      ↓ QUIT    ↕ AUTH ↖ 250      ↓ DATA
 *   closed     auth   queueing ← data
 *
 * connected, refused and endOfData are passed through within one step and never rest, so they are
 * shown through their neighbours.
 */
export type SessionStateId = 'greeting' | 'ready' | 'auth' | 'mail' | 'rcpt' | 'data' | 'queueing' | 'closed';

export interface SessionStateBox {
  readonly id: SessionStateId;
  readonly x: number;
  readonly y: number;
  /** What the server does or waits for here, a short phrase after its name. */
  readonly waits: string;
}

const W = 84;
const H = 26;
const GAP = 28;
const ROW1 = 16;
const ROW2 = 74;
const col = (i: number): number => 4 + i * (W + GAP);

export const BOX = { w: W, h: H } as const;

export const SESSION_STATES: readonly SessionStateBox[] = [
  { id: 'greeting', x: col(0), y: ROW1, waits: 'waits for HELO or EHLO (LHLO in LMTP).' },
  { id: 'ready', x: col(1), y: ROW1, waits: 'waits for MAIL FROM (or AUTH).' },
  { id: 'mail', x: col(2), y: ROW1, waits: 'has the sender, waits for RCPT TO.' },
  { id: 'rcpt', x: col(3), y: ROW1, waits: 'has a recipient: more RCPT TO, or DATA.' },
  { id: 'closed', x: col(0), y: ROW2, waits: 'the session is over.' },
  { id: 'auth', x: col(1), y: ROW2, waits: 'mid-AUTH: waits for a base64 line (or *).' },
  { id: 'queueing', x: col(2), y: ROW2, waits: 'hands the message over (queue or mailbox).' },
  { id: 'data', x: col(3), y: ROW2, waits: 'reads the message until a lone dot.' },
];

export interface SessionEdge {
  readonly from: SessionStateId;
  readonly to: SessionStateId;
  /** The command (or reply) that takes it. */
  readonly label: string;
  readonly d: string;
  readonly lx: number;
  readonly ly: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

const mid = (i: number): number => col(i) + W / 2;
const y1 = ROW1 + H / 2;
const y2 = ROW2 + H / 2;
const across = (from: number, to: number, y: number): string => `M${col(from) + W} ${y} H${col(to) - 3}`;

/** The transitions drawn, each with its path and where its label goes. */
export const SESSION_EDGES: readonly SessionEdge[] = [
  { from: 'greeting', to: 'ready', label: 'HELO', d: across(0, 1, y1), lx: col(1) - GAP / 2, ly: ROW1 - 4, anchor: 'middle' },
  { from: 'ready', to: 'mail', label: 'MAIL', d: across(1, 2, y1), lx: col(2) - GAP / 2, ly: ROW1 - 4, anchor: 'middle' },
  { from: 'mail', to: 'rcpt', label: 'RCPT', d: across(2, 3, y1), lx: col(3) - GAP / 2, ly: ROW1 - 4, anchor: 'middle' },
  { from: 'rcpt', to: 'data', label: 'DATA', d: `M${mid(3)} ${ROW1 + H} V${ROW2 - 3}`, lx: mid(3) + 5, ly: (ROW1 + H + ROW2) / 2 + 4, anchor: 'start' },
  { from: 'data', to: 'queueing', label: '.', d: `M${col(3)} ${y2} H${col(2) + W + 3}`, lx: col(3) - GAP / 2, ly: ROW2 - 2, anchor: 'middle' },
  {
    from: 'queueing',
    to: 'ready',
    label: '250',
    d: `M${col(2) + 16} ${ROW2} L${col(1) + W - 12} ${ROW1 + H + 3}`,
    lx: col(2) + 8,
    ly: (ROW1 + H + ROW2) / 2 + 2,
    anchor: 'start',
  },
  { from: 'ready', to: 'auth', label: 'AUTH', d: `M${mid(1) - 12} ${ROW1 + H} V${ROW2 - 3}`, lx: mid(1) - 17, ly: (ROW1 + H + ROW2) / 2 + 4, anchor: 'end' },
  { from: 'auth', to: 'ready', label: '235', d: `M${mid(1) + 8} ${ROW2} V${ROW1 + H + 3}`, lx: mid(1) + 13, ly: (ROW1 + H + ROW2) / 2 + 4, anchor: 'start' },
  { from: 'greeting', to: 'closed', label: 'QUIT', d: `M${col(0) + 14} ${ROW1 + H} V${ROW2 - 3}`, lx: col(0) + 19, ly: (ROW1 + H + ROW2) / 2 + 4, anchor: 'start' },
];

export const CHART_SIZE = { width: col(4) - GAP + 4, height: ROW2 + H + 4 } as const;

/** The box lit for a state the machine reported; the transient states are shown as where they lead. */
export function boxFor(state: string | undefined): SessionStateId | undefined {
  switch (state) {
    case undefined:
    case '':
      return undefined;
    case 'connected':
      return 'greeting';
    case 'refused':
      return 'closed';
    case 'endOfData':
      return 'queueing';
    default:
      return SESSION_STATES.some((s) => s.id === state) ? (state as SessionStateId) : undefined;
  }
}
