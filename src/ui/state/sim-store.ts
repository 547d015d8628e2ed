import { findScenario, scenarios } from '../../scenarios';
import type { Scenario } from '../../world/scenario';
import { Simulation, type UserAction } from '../../world/simulation';
import type { TraceEvent } from '../../world/trace';

/** How long after a person's action the horizon is recomputed. */
const HORIZON_DELAY_MS = 200;

/** Speeds the playback bar offers, as multiples of real time. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8] as const;

/**
 * Waits longer than this (virtual ms) with nothing happening are compressed while playing: a retry five
 * minutes away should not keep a class waiting five real minutes.
 */
export const IDLE_GAP_MS = 1500;

/**
 * Wall ms a line or DNS message at least takes on screen at 1x. Links are a few virtual ms long, so without
 * this a command would cross its edge in one frame: while something is on the wire, playback slows down.
 */
export const MIN_FLIGHT_WALL_MS = 900;

/**
 * Wall ms an idle wait takes on screen at 1x while playback fast-forwards over it (less at higher speeds,
 * but not proportionally: the class should still see the clock race and the retry countdown run out).
 */
export const SKIP_WALL_MS = 2000;

/** How far back (virtual ms) to look for a line or DNS message still on the wire. */
const FLIGHT_LOOKBACK_MS = 120_000;

/** The shortest flight (virtual ms) on the wire at `now`, or undefined when nothing is travelling. */
export function shortestFlightAt(trace: readonly TraceEvent[], now: number): number | undefined {
  let shortest: number | undefined;
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.t < now - FLIGHT_LOOKBACK_MS) break;
    if (!('arrive' in e) || e.t > now || e.arrive <= now || e.arrive <= e.t) continue;
    const d = e.arrive - e.t;
    if (shortest === undefined || d < shortest) shortest = d;
  }
  return shortest;
}

/** A moment of the whole run worth marking on the scrubber. */
export interface HorizonMark {
  readonly t: number;
  readonly kind: 'deliver' | 'queue.defer' | 'bounce' | 'connect.failed';
}

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
  readonly horizon: {
    readonly time: number;
    readonly events: number;
    /** Waits longer than IDLE_GAP_MS where nothing happens (the scrubber draws them short). */
    readonly idle?: readonly { readonly from: number; readonly to: number }[];
    /** Deliveries, deferrals, bounces and failed connections of the whole run, for the scrubber. */
    readonly marks?: readonly HorizonMark[];
  };
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
    this.loadScenario(scenario);
    return true;
  }

  /** Loads a scenario given as data, e.g. a preset without its scripted inputs (the console's "console only" start). */
  loadScenario(scenario: Scenario): void {
    this.stopLoop();
    this.view = this.fresh(new Simulation(scenario), { playing: false, speed: this.view.speed });
    this.emit();
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

  /**
   * Back to where the previous `step` would have stopped: replay from the start, exactly. One task can add
   * several events (a reply and a state change), so the stops are found by stepping the replay.
   */
  stepBack(): void {
    this.pause();
    const sim = this.view.sim;
    const count = sim.trace.length;
    const now = sim.world.now;
    if (count === 0 && now === 0) return;
    sim.rewind();
    let target = { events: 0, time: 0 };
    while (sim.trace.length < count && sim.step()) {
      const t = sim.trace[sim.trace.length - 1]!.t;
      const stop = { events: sim.trace.length, time: Math.max(sim.world.now, t) };
      if (stop.events < count || stop.time < now) target = stop;
    }
    sim.rewind();
    sim.seekToEvent(target.events);
    sim.world.clock.advanceTo(target.time);
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
    if (this.horizonTimer !== undefined) clearTimeout(this.horizonTimer);
    this.listeners.clear();
  }

  // ---------------------------------------------------------------- internals

  private loop = (): void => {
    const t = performance.now();
    const dt = Math.min(250, t - this.lastFrameAt);
    this.lastFrameAt = t;
    this.advance(dt);
    if (this.view.playing) this.frame = requestAnimationFrame(this.loop);
  };

  /**
   * Moves virtual time on by `wallMs` of playback. The rate is the speed, except that it slows down while a
   * line is on the wire (so each one can be followed) and fast-forwards over idle waits (and says so). It
   * never jumps past the next scheduled task, so no flight is skipped over.
   */
  private advance(wallMs: number): void {
    const sim = this.view.sim;
    const world = sim.world;
    const now = world.now;
    const next = world.clock.peek();
    const flight = shortestFlightAt(sim.trace, now);
    if (next === undefined && flight === undefined) {
      this.stopLoop();
      this.refresh({ playing: false, skipping: undefined });
      return;
    }
    const speed = this.view.speed;
    let rate = speed;
    let skipping: SimView['skipping'];
    if (flight !== undefined) {
      rate = speed * Math.min(1, flight / MIN_FLIGHT_WALL_MS);
    } else if (next !== undefined && next - now > IDLE_GAP_MS) {
      // Nothing happens for a while: fast-forward to it, and say so.
      const current = this.view.skipping;
      skipping = current && current.to === next ? current : { from: now, to: next };
      rate = Math.max(speed, ((skipping.to - skipping.from) / SKIP_WALL_MS) * Math.sqrt(speed));
    }
    let target = now + wallMs * rate;
    if (next !== undefined) target = Math.min(target, next);
    sim.seekToTime(target);
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
    const idle: { from: number; to: number }[] = [];
    const marks: HorizonMark[] = [];
    let busyUntil = 0;
    for (const e of twin.trace) {
      if (e.t - busyUntil > IDLE_GAP_MS) idle.push({ from: busyUntil, to: e.t });
      busyUntil = Math.max(busyUntil, e.t, 'arrive' in e ? e.arrive : e.t);
      if (e.kind === 'deliver' || e.kind === 'queue.defer' || e.kind === 'bounce' || e.kind === 'connect.failed') marks.push({ t: e.t, kind: e.kind });
    }
    const horizon = { time: Math.max(twin.world.now, busyUntil), events: twin.trace.length, idle, marks };
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
      horizon: this.view.horizon.time >= sim.world.now ? this.view.horizon : { ...this.view.horizon, time: sim.world.now },
    };
    if (actionsChanged) this.scheduleHorizon();
    this.emit();
  }

  private horizonTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Recomputing the horizon replays the whole run in a twin; after a person acts it is done a moment later,
   * once, so typing in the console stays instant however long the scenario is.
   */
  private scheduleHorizon(): void {
    if (this.horizonTimer !== undefined) clearTimeout(this.horizonTimer);
    this.horizonTimer = setTimeout(() => {
      this.horizonTimer = undefined;
      const sim = this.view.sim;
      this.view = { ...this.view, horizon: this.horizonOf(sim), version: this.view.version + 1 };
      this.emit();
    }, HORIZON_DELAY_MS);
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
