import { findScenario, scenarios } from '../../scenarios';
import type { Scenario } from '../../world/scenario';
import { Simulation, type UserAction } from '../../world/simulation';
import type { TraceEvent } from '../../world/trace';

/** Speeds the playback bar offers, as multiples of real time. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

/**
 * Waits longer than this (virtual ms) with nothing happening are compressed while playing: a retry five
 * minutes away should not keep a class waiting five real minutes.
 */
export const IDLE_GAP_MS = 1500;

/** The side panel's tabs. */
export type PanelTab = 'events' | 'transcript' | 'message' | 'mailboxes' | 'compose' | 'console' | 'exercises';

/** What the UI reads. A new object after every change, as useSyncExternalStore needs. */
export interface SimView {
  readonly scenario: Scenario;
  readonly sim: Simulation;
  /** Bumped on every change; cheap to compare. */
  readonly version: number;
  /** Virtual ms since the scenario started. */
  readonly now: number;
  readonly trace: readonly TraceEvent[];
  readonly playing: boolean;
  readonly speed: number;
  /** True when nothing more will ever happen unless the user acts. */
  readonly finished: boolean;
  /** The furthest point known: the end of the run if played to idle from here. */
  readonly horizon: { readonly time: number; readonly events: number };
  readonly selectedSeq?: number;
  readonly selectedConnId?: string;
  readonly selectedMessage?: { readonly address: string; readonly uid: number };
  readonly tab: PanelTab;
  /** Set while playback skips an idle wait, to say so on screen. */
  readonly skipping?: { readonly from: number; readonly to: number };
}

type Listener = () => void;

/**
 * The one place the React layer touches the simulation. Components read a SimView through
 * `useSim(selector)` and call these methods; nothing else mutates the world.
 */
export class SimStore {
  private view: SimView;
  private listeners = new Set<Listener>();
  private frame: number | undefined;
  private lastFrameAt = 0;

  constructor(scenario: Scenario = scenarios[0]!) {
    this.view = this.fresh(new Simulation(scenario), { playing: false, speed: 1 });
  }

  getSnapshot = (): SimView => this.view;

  subscribe = (fn: Listener): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Loads a preset by id; returns false when there is no such scenario (the caller says so). */
  load(id: string): boolean {
    const scenario = findScenario(id);
    if (!scenario) return false;
    this.stopLoop();
    this.view = this.fresh(new Simulation(scenario), { playing: false, speed: this.view.speed });
    this.emit();
    return true;
  }

  play(): void {
    if (this.view.playing) return;
    this.update({ playing: true });
    this.lastFrameAt = performance.now();
    this.loop();
  }

  pause(): void {
    this.stopLoop();
    this.update({ playing: false, skipping: undefined });
  }

  setSpeed(speed: number): void {
    this.update({ speed });
  }

  /** To the next trace event. */
  step(): void {
    this.pause();
    this.view.sim.step();
    const last = this.view.sim.trace[this.view.sim.trace.length - 1];
    if (last) this.view.sim.world.clock.advanceTo(Math.max(this.view.sim.world.now, last.t));
    this.refresh();
  }

  /** To the previous trace event: replay from the start, exactly. */
  stepBack(): void {
    this.pause();
    const count = this.view.sim.trace.length;
    if (count === 0) return;
    this.view.sim.seekToEvent(count - 1);
    const last = this.view.sim.trace[count - 2];
    this.view.sim.world.clock.advanceTo(last?.t ?? 0);
    this.refresh();
  }

  restart(): void {
    this.pause();
    this.view.sim.rewind();
    this.refresh();
  }

  /** Scrubber: to a virtual time, replaying if it is in the past. */
  seekTime(ms: number): void {
    this.view.sim.seekToTime(ms);
    this.refresh();
  }

  /** Event list: to just after the event with this seq, and select it. */
  seekEvent(seq: number): void {
    this.pause();
    this.view.sim.seekToEvent(seq + 1);
    const e = this.view.sim.trace[seq];
    if (e) this.view.sim.world.clock.advanceTo(Math.max(e.t, 'arrive' in e ? e.arrive : e.t));
    this.refresh({ selectedSeq: seq, ...(e && 'connId' in e && e.connId ? { selectedConnId: e.connId } : {}) });
  }

  select(patch: Partial<Pick<SimView, 'selectedSeq' | 'selectedConnId' | 'selectedMessage' | 'tab'>>): void {
    this.update(patch);
  }

  /** A person acts: compose, open a console, type a line. Returns the connection id for console.open. */
  apply(action: UserAction): string | undefined {
    const connId = this.view.sim.apply(action);
    this.refresh();
    return connId;
  }

  /**
   * Lets the world run until it has been quiet for a moment, without moving past a long wait: what a
   * console needs after each typed line, so the reply appears as it would in telnet.
   */
  settle(maxMs = 5000): void {
    const world = this.view.sim.world;
    const limit = world.now + maxMs;
    for (;;) {
      const next = world.clock.peek();
      if (next === undefined || next > limit || next > world.now + IDLE_GAP_MS) break;
      world.runNext();
    }
    this.refresh();
  }

  dispose(): void {
    this.stopLoop();
    this.listeners.clear();
  }

  // ---------------------------------------------------------------- internals

  private loop = (): void => {
    const t = performance.now();
    const dt = Math.min(250, t - this.lastFrameAt);
    this.lastFrameAt = t;
    this.advance(dt * this.view.speed);
    if (this.view.playing) this.frame = requestAnimationFrame(this.loop);
  };

  private advance(virtualMs: number): void {
    const world = this.view.sim.world;
    const next = world.clock.peek();
    if (next === undefined) {
      this.stopLoop();
      this.refresh({ playing: false, skipping: undefined });
      return;
    }
    let target = world.now + virtualMs;
    let skipping: SimView['skipping'];
    if (next > world.now + IDLE_GAP_MS) {
      // Nothing happens for a while: jump to just before it, and say so.
      skipping = { from: world.now, to: next };
      target = Math.max(target, next - IDLE_GAP_MS / 3);
    }
    this.view.sim.seekToTime(target);
    this.refresh({ skipping });
  }

  private stopLoop(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
  }

  private horizonOf(sim: Simulation): SimView['horizon'] {
    // A twin replays the same log to the end, so the scrubber knows how far the story goes.
    const twin = new Simulation(sim.scenario);
    for (const a of sim.actions) {
      twin.seekToTime(a.at);
      twin.apply(a.action);
    }
    twin.world.runUntilIdle({ maxTasks: 200_000 });
    const horizon = { time: twin.world.now, events: twin.trace.length };
    twin.world.stop();
    return horizon;
  }

  private fresh(sim: Simulation, keep: { playing: boolean; speed: number }): SimView {
    return {
      scenario: sim.scenario,
      sim,
      version: 0,
      now: sim.world.now,
      trace: sim.trace.slice(),
      playing: keep.playing,
      speed: keep.speed,
      tab: 'events',
      finished: sim.world.clock.peek() === undefined,
      horizon: this.horizonOf(sim),
    };
  }

  private refresh(patch: Partial<SimView> = {}): void {
    const sim = this.view.sim;
    const actionsChanged = sim.actions.length !== this.actionsSeen;
    this.actionsSeen = sim.actions.length;
    this.view = {
      ...this.view,
      ...patch,
      version: this.view.version + 1,
      now: sim.world.now,
      trace: sim.trace.length === this.view.trace.length && sim.trace[0] === this.view.trace[0] ? this.view.trace : sim.trace.slice(),
      finished: sim.world.clock.peek() === undefined,
      horizon: actionsChanged ? this.horizonOf(sim) : this.view.horizon,
    };
    this.emit();
  }

  private actionsSeen = 0;

  private update(patch: Partial<SimView>): void {
    this.view = { ...this.view, ...patch, version: this.view.version + 1 };
    this.emit();
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
