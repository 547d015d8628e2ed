/**
 * The curve of an edge, as an SVG path and as a function from "fraction of the way" to a point, so the
 * tokens ride exactly on the line that is drawn. Pure math: no DOM measuring, works in tests.
 */

export type Side = 'left' | 'right' | 'top' | 'bottom';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Curve {
  /** The SVG path (`M … C …`). */
  readonly d: string;
  /** The point at a fraction (0..1) of the curve's length, and the unit tangent there. */
  at(fraction: number): { x: number; y: number; tx: number; ty: number };
  readonly length: number;
}

const DIR: Record<Side, Point> = { left: { x: -1, y: 0 }, right: { x: 1, y: 0 }, top: { x: 0, y: -1 }, bottom: { x: 0, y: 1 } };

const SAMPLES = 48;

/** A cubic Bézier leaving `source` through `sourceSide` and entering `target` through `targetSide`. */
export function edgeCurve(source: Point, sourceSide: Side, target: Point, targetSide: Side): Curve {
  const dx = Math.abs(target.x - source.x);
  const dy = Math.abs(target.y - source.y);
  const reach = (side: Side) => Math.max(24, 0.5 * (side === 'left' || side === 'right' ? dx : dy));
  const s = DIR[sourceSide];
  const t = DIR[targetSide];
  const c1 = { x: source.x + s.x * reach(sourceSide), y: source.y + s.y * reach(sourceSide) };
  const c2 = { x: target.x + t.x * reach(targetSide), y: target.y + t.y * reach(targetSide) };
  const p0 = source;
  const p3 = target;
  const point = (u: number): Point => {
    const v = 1 - u;
    const a = v * v * v;
    const b = 3 * v * v * u;
    const c = 3 * v * u * u;
    const d = u * u * u;
    return { x: a * p0.x + b * c1.x + c * c2.x + d * p3.x, y: a * p0.y + b * c1.y + c * c2.y + d * p3.y };
  };
  const tangent = (u: number): Point => {
    const v = 1 - u;
    const x = 3 * v * v * (c1.x - p0.x) + 6 * v * u * (c2.x - c1.x) + 3 * u * u * (p3.x - c2.x);
    const y = 3 * v * v * (c1.y - p0.y) + 6 * v * u * (c2.y - c1.y) + 3 * u * u * (p3.y - c2.y);
    const n = Math.hypot(x, y) || 1;
    return { x: x / n, y: y / n };
  };
  // Arc-length table, so a token moves at an even pace along the curve.
  const lengths: number[] = [0];
  let prev = p0;
  for (let i = 1; i <= SAMPLES; i++) {
    const p = point(i / SAMPLES);
    lengths.push(lengths[i - 1]! + Math.hypot(p.x - prev.x, p.y - prev.y));
    prev = p;
  }
  const length = lengths[SAMPLES]!;
  const paramAt = (fraction: number): number => {
    const target = Math.min(1, Math.max(0, fraction)) * length;
    let lo = 0;
    let hi = SAMPLES;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (lengths[mid]! < target) lo = mid;
      else hi = mid;
    }
    const span = lengths[hi]! - lengths[lo]!;
    const within = span > 0 ? (target - lengths[lo]!) / span : 0;
    return (lo + within) / SAMPLES;
  };
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    d: `M ${r(p0.x)},${r(p0.y)} C ${r(c1.x)},${r(c1.y)} ${r(c2.x)},${r(c2.y)} ${r(p3.x)},${r(p3.y)}`,
    length,
    at(fraction) {
      const u = paramAt(fraction);
      const p = point(u);
      const tg = tangent(u);
      return { x: p.x, y: p.y, tx: tg.x, ty: tg.y };
    },
  };
}
