/**
 * The scrubber's scale. Virtual time runs from 0 to the horizon, but a greylisted retry leaves five idle
 * minutes next to one busy second: drawn to scale, the busy part would be a sliver. Each idle wait is
 * drawn short instead, and marked as skipped. Pure: maps time to a position (0..1) and back.
 */

export interface Span {
  readonly from: number;
  readonly to: number;
}

export interface Segment {
  readonly from: number;
  readonly to: number;
  readonly start: number;
  readonly end: number;
  readonly idle: boolean;
}

export interface Timeline {
  readonly total: number;
  readonly segments: readonly Segment[];
  toPosition(ms: number): number;
  toTime(position: number): number;
}

/** The share of the bar an idle wait takes, relative to all the busy time together. */
const IDLE_SHARE = 0.12;

export function makeTimeline(total: number, idle: readonly Span[] = []): Timeline {
  const end = Math.max(0, total);
  const gaps = idle
    .filter((g) => g.to > g.from && g.from >= 0 && g.to <= end)
    .slice()
    .sort((a, b) => a.from - b.from);
  const idleTotal = gaps.reduce((s, g) => s + (g.to - g.from), 0);
  const busy = end - idleTotal;
  const gapWeight = (g: Span) => (busy > 0 ? Math.min(g.to - g.from, busy * IDLE_SHARE) : g.to - g.from);
  const pieces: { from: number; to: number; weight: number; idle: boolean }[] = [];
  let cursor = 0;
  for (const g of gaps) {
    if (g.from < cursor) continue;
    if (g.from > cursor) pieces.push({ from: cursor, to: g.from, weight: g.from - cursor, idle: false });
    pieces.push({ from: g.from, to: g.to, weight: gapWeight(g), idle: true });
    cursor = g.to;
  }
  if (end > cursor || pieces.length === 0) pieces.push({ from: cursor, to: end, weight: end - cursor, idle: false });
  const weight = pieces.reduce((s, p) => s + p.weight, 0);
  let at = 0;
  const segments: Segment[] = pieces.map((p) => {
    const start = weight > 0 ? at / weight : 0;
    at += p.weight;
    return { from: p.from, to: p.to, start, end: weight > 0 ? at / weight : 1, idle: p.idle };
  });

  return {
    total: end,
    segments,
    toPosition(ms) {
      if (end <= 0) return 0;
      if (ms <= 0) return 0;
      if (ms >= end) return 1;
      const s = segments.find((x) => ms >= x.from && ms <= x.to) ?? segments[segments.length - 1]!;
      const span = s.to - s.from;
      return span > 0 ? s.start + ((ms - s.from) / span) * (s.end - s.start) : s.start;
    },
    toTime(position) {
      if (end <= 0) return 0;
      const p = Math.min(1, Math.max(0, position));
      const s = segments.find((x) => p >= x.start && p <= x.end) ?? segments[segments.length - 1]!;
      const width = s.end - s.start;
      return width > 0 ? s.from + ((p - s.start) / width) * (s.to - s.from) : s.from;
    },
  };
}

/** `12.345 s`, or minutes past a minute: `5 min 02.345 s`. Fixed width digits keep the bar still. */
export function formatClock(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(3)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${(s - m * 60).toFixed(3).padStart(6, '0')} s`;
}

/** The scenario's wall clock at a virtual time: `09:30:04.520 UTC`. */
export function formatWallClock(startIso: string, ms: number): string {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) return '';
  const d = new Date(start + ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} UTC`;
}
