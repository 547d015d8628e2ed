import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../../src/ui/graph/label-layout';
import { edgeCurve } from '../../../src/ui/graph/path';

describe('edge curves', () => {
  it('starts and ends at the handles, and the SVG path says the same', () => {
    const c = edgeCurve({ x: 0, y: 0 }, 'right', { x: 200, y: 100 }, 'left');
    expect(c.at(0)).toMatchObject({ x: 0, y: 0 });
    const end = c.at(1);
    expect(end.x).toBeCloseTo(200);
    expect(end.y).toBeCloseTo(100);
    expect(c.d.startsWith('M 0,0 C')).toBe(true);
    expect(c.d.endsWith('200,100')).toBe(true);
  });

  it('moves at an even pace: half the time is half the length', () => {
    const c = edgeCurve({ x: 0, y: 0 }, 'right', { x: 300, y: 200 }, 'left');
    const steps = 10;
    const pts = Array.from({ length: steps + 1 }, (_, i) => c.at(i / steps));
    const seg = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y));
    const mean = seg.reduce((a, b) => a + b) / seg.length;
    for (const s of seg) expect(Math.abs(s - mean) / mean).toBeLessThan(0.05);
  });

  it('leaves downward for a vertical hop (the LMTP step into the MDA)', () => {
    const c = edgeCurve({ x: 50, y: 0 }, 'bottom', { x: 50, y: 60 }, 'top');
    expect(c.at(0.5).x).toBeCloseTo(50);
    expect(c.at(0.5).ty).toBeCloseTo(1);
  });
});

describe('token labels', () => {
  const bounds = { x: -50, y: -50, width: 1000, height: 1000 };
  const req = (id: string, seq: number, forward = true) => ({ id, text: `label ${id}`, seq, forward, from: { x: 100, y: 100 }, to: { x: 300, y: 100 }, mid: { x: 200, y: 100 } });

  it('commands above the edge, replies below', () => {
    const [cmd] = placeLabels([req('c', 1)], [], bounds, 1);
    const [rep] = placeLabels([req('r', 1, false)], [], bounds, 1);
    expect(cmd!.y + cmd!.height).toBeLessThanOrEqual(100);
    expect(rep!.y).toBeGreaterThanOrEqual(100);
  });

  it('never lets two labels cover each other, and keeps at most ten', () => {
    const many = Array.from({ length: 14 }, (_, i) => req(`l${i}`, i, i % 2 === 0));
    const placed = placeLabels(many, [], bounds, 1);
    expect(placed).toHaveLength(10);
    // the newest are kept
    expect(placed.map((p) => p.id)).toContain('l13');
    expect(placed.map((p) => p.id)).not.toContain('l0');
    for (const a of placed)
      for (const b of placed) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap, `${a.id} / ${b.id}`).toBe(false);
      }
  });

  it('keeps its size on screen: a zoomed-out graph gets larger labels in graph units', () => {
    const [small] = placeLabels([req('c', 1)], [], bounds, 1);
    const [large] = placeLabels([req('c', 1)], [], bounds, 2);
    expect(large!.width).toBeCloseTo(small!.width * 2);
  });
});
