import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioIds } from '../../src/scenarios';

describe('scenario tests', () => {
  it('every preset has its dialog and delivered bytes checked by a test in this folder', () => {
    const sources = readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(__dirname, f), 'utf8'))
      .join('\n');
    const covered = scenarioIds.filter((id) => sources.includes(`preset('${id}')`));
    expect(covered).toEqual(scenarioIds);
  });
});
