import type { World } from '../world/world';

export interface RealTimeDriverOptions {
  /** Virtual milliseconds per wall-clock millisecond. */
  readonly speed?: number;
  /** How often the loop looks for due work. */
  readonly tickMs?: number;
  /**
   * Wall-clock milliseconds one pass may spend running tasks before it yields to socket I/O. A 1 MB
   * message is thousands of tasks; without a budget one pass would starve every other connection.
   */
  readonly budgetMs?: number;
  /** Monotonic milliseconds; injectable so tests need not wait. */
  readonly now?: () => number;
  /** Told about an exception a task threw, so one broken session cannot stop the clock for the others. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Makes the world's virtual clock follow the wall clock (times `speed`), so that timeouts, latency and
 * retries happen when a real client expects them. The world stays a plain discrete-event simulation: this
 * loop only runs the tasks that have fallen due, then moves virtual time up to "now".
 *
 * Not `world.runUntilIdle({untilMs})`: with a task budget it would advance the clock past tasks it did
 * not run, and time would then jump back when they run. Here time only advances once nothing earlier is due.
 */
export class RealTimeDriver {
  private readonly speed: number;
  private readonly tickMs: number;
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly startReal: number;
  private readonly startVirtual: number;
  private readonly afterPass = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private immediate: ReturnType<typeof setImmediate> | undefined;
  private running = false;
  private stopped = false;
  private lagging = false;
  private readonly caughtUp = new Set<() => void>();

  constructor(
    private readonly world: World,
    options: RealTimeDriverOptions = {},
  ) {
    this.speed = options.speed ?? 1;
    this.tickMs = options.tickMs ?? 5;
    this.budgetMs = options.budgetMs ?? 50;
    this.now = options.now ?? (() => performance.now());
    this.onError = options.onError ?? ((e) => console.error(e));
    this.startReal = this.now();
    this.startVirtual = world.now;
  }

  /** The virtual time that corresponds to the wall clock now. */
  get target(): number {
    return this.startVirtual + (this.now() - this.startReal) * this.speed;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.sync(), this.tickMs);
  }

  stop(): void {
    this.stopped = true;
    this.caughtUp.clear();
    if (this.timer) clearInterval(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  /** The last pass ran out of budget with work still due: input should wait (see whenCaughtUp). */
  get behind(): boolean {
    return this.lagging;
  }

  /**
   * Calls `fn` once, after the first pass that leaves nothing overdue. Sockets pause their reading until
   * then, so a client that sends faster than the world can follow is held back by TCP, not buffered here.
   */
  whenCaughtUp(fn: () => void): void {
    if (!this.lagging || this.stopped) fn();
    else this.caughtUp.add(fn);
  }

  /** Called after every pass that ran (writing .eml files, for example). */
  onPass(fn: () => void): () => void {
    this.afterPass.add(fn);
    return () => this.afterPass.delete(fn);
  }

  /**
   * Runs what is due up to the wall clock. Called before input from a socket reaches the world, so that
   * the input is stamped with the right virtual time, and from the timer.
   */
  sync(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const target = this.target;
      const deadline = this.now() + this.budgetMs;
      this.lagging = false;
      for (;;) {
        const next = this.world.clock.peek();
        if (next === undefined || next > target) {
          this.world.clock.advanceTo(target);
          break;
        }
        try {
          this.world.runNext();
        } catch (error) {
          this.onError(error);
        }
        if (this.now() >= deadline) {
          // More is due: carry on after pending socket events had their turn.
          this.lagging = true;
          this.kick();
          break;
        }
      }
    } finally {
      this.running = false;
    }
    const waiting = this.lagging ? [] : [...this.caughtUp];
    if (!this.lagging) this.caughtUp.clear();
    for (const fn of [...this.afterPass, ...waiting]) {
      try {
        fn();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Schedules a pass as soon as the event loop is free (once, however often it is asked). */
  kick(): void {
    if (this.immediate || this.stopped) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.sync();
    });
  }
}
