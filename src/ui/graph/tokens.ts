import type { TraceEvent } from '../../world/trace';
import { type Flight, flightsOf } from './flights';

/** A flight on screen at one instant: how far along it is, and which label lane it uses. */
export interface Token {
  readonly flight: Flight;
  /** 0 at the sending end, 1 at the receiving end. */
  readonly progress: number;
  /** Label lane away from the edge (0 nearest); -1 when the label is hidden to keep the others readable. */
  readonly lane: number;
}

/** Labels closer than this (in fractions of the edge) are stacked in separate lanes. */
export const LANE_GAP = 0.24;
export const MAX_LANES = 3;

/**
 * Where a flight stands at virtual time `now`, or undefined when it is not on the wire. A flight that has
 * just arrived is gone: paused on a step, only what is still travelling (or just leaving) is drawn.
 */
export function progressAt(f: Flight, now: number): number | undefined {
  if (now < f.appear || now > f.arrive || (now === f.arrive && f.arrive > f.depart)) return undefined;
  if (now <= f.depart) return 0;
  if (f.arrive <= f.depart) return 1;
  return Math.min(1, (now - f.depart) / (f.arrive - f.depart));
}

/**
 * The tokens of one edge at `now`. Tokens going the same way that would overlap get label lanes, newest
 * first, so the latest line is always readable; beyond MAX_LANES the older labels are hidden.
 */
export function tokensAt(flights: readonly Flight[], now: number): Token[] {
  const visible: { flight: Flight; progress: number }[] = [];
  for (const flight of flights) {
    const progress = progressAt(flight, now);
    if (progress !== undefined) visible.push({ flight, progress });
  }
  const lanes = new Map<string, number>();
  for (const forward of [true, false]) {
    const used: number[][] = [];
    const newestFirst = visible.filter((v) => v.flight.forward === forward).sort((a, b) => b.flight.seq - a.flight.seq);
    for (const v of newestFirst) {
      let lane = -1;
      for (let l = 0; l < MAX_LANES; l++) {
        const taken = used[l] ?? [];
        if (taken.every((p) => Math.abs(p - v.progress) >= LANE_GAP)) {
          lane = l;
          used[l] = [...taken, v.progress];
          break;
        }
      }
      lanes.set(v.flight.id, lane);
    }
  }
  return visible.sort((a, b) => a.flight.seq - b.flight.seq).map((v) => ({ ...v, lane: lanes.get(v.flight.id) ?? -1 }));
}

/** Flights grouped by route, computed once per trace array and shared by every edge. */
const byRouteCache = new WeakMap<readonly TraceEvent[], ReadonlyMap<string, readonly Flight[]>>();

export function flightsByRoute(trace: readonly TraceEvent[]): ReadonlyMap<string, readonly Flight[]> {
  const cached = byRouteCache.get(trace);
  if (cached) return cached;
  const map = new Map<string, Flight[]>();
  for (const f of flightsOf(trace)) {
    const list = map.get(f.route);
    if (list) list.push(f);
    else map.set(f.route, [f]);
  }
  byRouteCache.set(trace, map);
  return map;
}

const NONE: readonly Flight[] = [];

export function flightsOnRoute(trace: readonly TraceEvent[], route: string): readonly Flight[] {
  return flightsByRoute(trace).get(route) ?? NONE;
}
