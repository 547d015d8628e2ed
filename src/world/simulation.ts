import type { Draft } from '../agents/mua';
import type { Scenario } from './scenario';
import type { TraceEvent } from './trace';
import { type Fault, World, type WorldOptions } from './world';

/** What a person does to a running world. Logged, so the run can be replayed exactly. */
export type UserAction =
  | { readonly kind: 'compose'; readonly host: string; readonly draft: Draft }
  | { readonly kind: 'console.open'; readonly from: string; readonly to: string; readonly port: number }
  | { readonly kind: 'console.line'; readonly connId: string; readonly text: string }
  | { readonly kind: 'console.close'; readonly connId: string }
  | { readonly kind: 'fault'; readonly fault: Fault };

/** An action with the exact point of the run it happened at: after `tasksRun` tasks, at virtual time `at`. */
export interface LoggedAction {
  readonly action: UserAction;
  readonly at: number;
  readonly tasksRun: number;
}

/**
 * A scenario plus everything the user did to it. Going back in time is replaying from the start up to the
 * wanted event: the world is deterministic, so the replay is exact.
 */
export class Simulation {
  private current: World;
  private readonly log: LoggedAction[] = [];

  constructor(
    readonly scenario: Scenario,
    private readonly options: WorldOptions = {},
  ) {
    this.current = new World(scenario, options);
  }

  get world(): World {
    return this.current;
  }

  get trace(): readonly TraceEvent[] {
    return this.current.trace;
  }

  get actions(): readonly LoggedAction[] {
    return this.log;
  }

  /** Does something now, at the current point of the run. Returns the connection id for console.open. */
  apply(action: UserAction): string | undefined {
    // After going back, the actions not yet replayed belong to a future this one replaces.
    this.log.length = this.replayed;
    this.log.push({ action, at: this.current.now, tasksRun: this.current.clock.tasksRun });
    this.replayed = this.log.length;
    return this.perform(this.current, action);
  }

  /** Back to the start of the scenario, with the log kept: what the user did will happen again. */
  rewind(): void {
    this.current.stop();
    this.current = new World(this.scenario, this.options);
    this.replayed = 0;
  }

  /** Forgets what the user did and starts over. */
  reset(): void {
    this.log.length = 0;
    this.rewind();
  }

  /** Replays from the start until the trace holds `count` events (or the run ends). */
  seekToEvent(count: number): void {
    if (count < this.current.trace.length) this.rewind();
    while (this.current.trace.length < count && this.advanceOne()) {
      // each pass runs one task or one logged action
    }
  }

  /** Runs until virtual time `ms` (replaying if that is in the past). */
  seekToTime(ms: number): void {
    if (ms < this.current.now) this.rewind();
    for (;;) {
      const nextAction = this.pendingAction();
      const nextTask = this.current.clock.peek();
      if (nextAction && nextAction.at <= ms && (nextTask === undefined || this.actionIsDue(nextAction))) {
        this.runPendingAction();
        continue;
      }
      if (nextTask === undefined || nextTask > ms) break;
      this.current.runNext();
    }
    this.current.clock.advanceTo(ms);
  }

  /** Runs to the next trace event, replaying logged actions on the way. Returns false when nothing is left. */
  step(): boolean {
    const before = this.current.trace.length;
    while (this.current.trace.length === before) {
      if (!this.advanceOne()) return false;
    }
    return true;
  }

  /** How many logged actions the current world has performed; less than the log's length while replaying. */
  private replayed = 0;

  private pendingAction(): LoggedAction | undefined {
    return this.log[this.replayed];
  }

  /** An action is due once as many tasks have run as had run when the person did it. */
  private actionIsDue(a: LoggedAction): boolean {
    return this.current.clock.tasksRun >= a.tasksRun;
  }

  private runPendingAction(): void {
    const a = this.log[this.replayed++]!;
    this.current.clock.advanceTo(a.at);
    this.perform(this.current, a.action);
  }

  private advanceOne(): boolean {
    const nextAction = this.pendingAction();
    const nextTask = this.current.clock.peek();
    if (nextAction && (nextTask === undefined || this.actionIsDue(nextAction))) {
      this.runPendingAction();
      return true;
    }
    return this.current.runNext();
  }

  private perform(world: World, action: UserAction): string | undefined {
    switch (action.kind) {
      case 'compose':
        world.compose(action.host, action.draft);
        return undefined;
      case 'console.open':
        // What the console shows is read from the trace, so it stays right when the run is replayed.
        return world.openConsole(action.from, action.to, action.port);
      case 'console.line':
        world.typeLine(action.connId, action.text);
        return undefined;
      case 'console.close':
        world.hangUp(action.connId);
        return undefined;
      case 'fault':
        world.injectFault(action.fault);
        return undefined;
    }
  }
}
