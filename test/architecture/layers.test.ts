import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of ARCHITECTURE.md, enforced by reading every import in src/.
 * Ranks: a layer may import its own rank or below. bridge/ is Node-only and nothing imports it.
 */
const RANK: Record<string, number> = { protocol: 0, dns: 1, agents: 2, world: 3, scenarios: 4, ui: 5, app: 6, bridge: 7 };
/** Exceptions to "lower rank is fine": the UI reads the world, never a machine directly. */
const FORBIDDEN: Record<string, string[]> = { ui: ['agents', 'bridge'], app: ['bridge'] };
/** Packages a pure layer may use: protocol and dns stay plain TypeScript that runs anywhere. */
const PACKAGES: Record<string, RegExp> = {
  protocol: /^postal-mime$/,
  dns: /^$/,
  agents: /^xstate(\/.*)?$/,
  world: /^(xstate(\/.*)?|zod)$/,
  scenarios: /^zod$/,
  ui: /^(react|react-dom(\/.*)?|@xyflow\/react.*|@xstate\/react|@dagrejs\/dagre|@tanstack\/react-virtual|postal-mime|xstate)$/,
  app: /./,
  bridge: /./,
};

const SRC = resolve(__dirname, '../../src');

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) found.push((m[1] ?? m[2] ?? m[3])!);
  return found;
}

const layerOf = (file: string): string => relative(SRC, file).split(sep)[0]!;

describe('layer rule', () => {
  const violations: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = layerOf(file);
    if (!(layer in RANK)) continue;
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const where = relative(SRC, file);
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(file, '..', spec));
        if (!(target in RANK)) continue;
        const tooHigh = RANK[target]! > RANK[layer]!;
        if (tooHigh || FORBIDDEN[layer]?.includes(target) || (target === 'bridge' && layer !== 'bridge')) {
          violations.push(`${where} imports ${spec} (${layer} -> ${target})`);
        }
      } else if (spec.startsWith('node:')) {
        if (layer !== 'bridge') violations.push(`${where} imports ${spec}: Node APIs belong to bridge/ only`);
      } else if (!PACKAGES[layer]!.test(spec)) {
        violations.push(`${where} imports package ${spec}, which ${layer}/ may not use`);
      }
    }
  }

  it('protocol/ and dns/ import nothing above them, and no layer imports upward', () => {
    expect(violations).toEqual([]);
  });

  it('the checker itself sees an upward import', () => {
    expect(importsOf("import { x } from '../world/trace';\nimport React from 'react';")).toEqual(['../world/trace', 'react']);
  });
});
