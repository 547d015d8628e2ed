import type { SimStore } from '../state/sim-store';
import type { Simulation } from '../../world/simulation';
import { panelMemory } from '../state/panel-memory';

/** The console's one connection: which simulation it belongs to, and where it goes. */
export interface ConsoleSession {
  readonly sim: Simulation;
  readonly connId: string;
  readonly from: string;
  readonly host: string;
  readonly port: number;
  readonly protocol: 'SMTP' | 'LMTP';
}

export interface ConsoleMemory {
  readonly session?: ConsoleSession;
  /** Clear hides what came before this trace seq (the trace itself keeps everything). */
  readonly clearedThrough?: number;
  /** Lines typed, oldest first, across connections, as a shell keeps them. */
  readonly history: readonly string[];
  /** The picker's choice: `host:port`. */
  readonly targetKey?: string;
  /** The client machine chosen for the picker's target (defaults to the target's own). */
  readonly fromHost?: string;
  /** Set by "Open the console" elsewhere: the input takes focus when the panel shows. */
  readonly focusRequested?: boolean;
  /** What goes into the input next (the AUTH PLAIN helper, an exercise). */
  readonly draft?: string;
}

export const consoleMemory = panelMemory<ConsoleMemory>(() => ({ history: [] }));

/** Points the console at a server, e.g. the one an exercise is about; the next Connect goes there. */
export function aimConsole(store: SimStore, target: { host: string; port: number; from?: string }, focus = true): void {
  consoleMemory(store).set({ targetKey: `${target.host}:${target.port}`, fromHost: target.from, focusRequested: focus });
}
