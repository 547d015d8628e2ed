import type { Point } from './path';

/**
 * Where the labels of the tokens on the wire go. Each label wants to sit beside its edge (commands above,
 * replies below, or beside an edge that runs down), reaching from the sender toward the receiver; labels
 * must not cover each other, and should stay inside the graph. Newest first, so the latest line always
 * gets the best place. Pure: tested without a browser.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LabelRequest {
  readonly id: string;
  readonly text: string;
  /** Later flights are placed first. */
  readonly seq: number;
  /** Commands and questions (true) above or right of the edge; replies and answers below or left. */
  readonly forward: boolean;
  /** Where the token set off, where it goes, and the edge's midpoint. */
  readonly from: Point;
  readonly to: Point;
  readonly mid: Point;
}

export interface PlacedLabel extends Rect {
  readonly id: string;
}

/** Screen px of a label: monospace 13.5px is 8.1px a character, plus padding and border. */
export const LABEL_CHAR = 8.1;
export const LABEL_PAD = 22;
export const LABEL_HEIGHT = 27;
const NEAR = 12;
const STEP = 30;

export const labelWidth = (text: string): number => text.length * LABEL_CHAR + LABEL_PAD;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function outside(r: Rect, bounds: Rect): number {
  const left = Math.max(0, bounds.x - r.x);
  const right = Math.max(0, r.x + r.width - (bounds.x + bounds.width));
  const top = Math.max(0, bounds.y - r.y);
  const bottom = Math.max(0, r.y + r.height - (bounds.y + bounds.height));
  return (left + right) * r.height + (top + bottom) * r.width;
}

function candidates(req: LabelRequest, w: number, h: number, s: number): Rect[] {
  const out: Rect[] = [];
  const dx = req.to.x - req.from.x;
  const dy = req.to.y - req.from.y;
  const vertical = Math.abs(dy) > Math.abs(dx) * 1.5;
  if (vertical) {
    const pref = req.forward ? 1 : -1;
    for (const side of [pref, -pref]) {
      const x = side > 0 ? req.mid.x + NEAR * s : req.mid.x - NEAR * s - w;
      for (const k of [0, 1, -1, 2, -2, 3]) out.push({ x, y: req.mid.y - h / 2 + k * STEP * s, width: w, height: h });
    }
    return out;
  }
  const rightward = dx >= 0;
  const xs = [
    rightward ? req.from.x + 6 * s : req.from.x - 6 * s - w, // from the sender toward the receiver
    req.mid.x - w / 2, // centred on the edge
    rightward ? req.to.x - w : req.to.x, // ending at the receiver
    rightward ? req.from.x - w + 30 * s : req.from.x - 30 * s, // reaching back over the sender
  ];
  const pref = req.forward ? -1 : 1;
  for (const side of [pref, -pref]) {
    for (let k = 0; k < 4; k++) {
      const off = (NEAR + k * STEP) * s;
      const y = side < 0 ? req.mid.y - off - h : req.mid.y + off;
      for (const x of xs) out.push({ x, y, width: w, height: h });
    }
  }
  return out;
}

/**
 * Places every label. `scale` is how much a screen px is in graph units (1/zoom when zoomed out), since
 * labels keep their size on screen. Obstacles (the nodes) are avoided a little; other labels strongly.
 */
export function placeLabels(requests: readonly LabelRequest[], obstacles: readonly Rect[], bounds: Rect, scale: number, max = 10): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const ordered = [...requests].sort((a, b) => b.seq - a.seq).slice(0, max);
  const h = LABEL_HEIGHT * scale;
  for (const req of ordered) {
    const w = labelWidth(req.text) * scale;
    let best: Rect | undefined;
    let bestScore = Number.POSITIVE_INFINITY;
    candidates(req, w, h, scale).forEach((c, index) => {
      let clash = 0;
      for (const p of placed) clash += overlap(c, p);
      let covered = 0;
      for (const o of obstacles) covered += overlap(c, o);
      const score = clash * 1000 + outside(c, bounds) * 60 + covered * 0.05 + index * 30 * scale * scale;
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    });
    if (best) placed.push({ id: req.id, ...best });
  }
  return placed;
}
