import { describe, expect, it } from 'vitest';
import { EMPTY_PROGRESS, parseProgress, withDone } from '../../../src/ui/exercises/progress';

describe('exercise progress', () => {
  it('reads what it wrote', () => {
    const p = withDone(EMPTY_PROGRESS, 'minimal-message', '2026-01-01T00:00:00.000Z');
    expect(parseProgress(JSON.stringify(p))).toEqual({ progress: p });
    expect(withDone(p, 'minimal-message', 'later')).toBe(p);
  });

  it('starts empty when nothing is stored', () => {
    expect(parseProgress(null)).toEqual({ progress: EMPTY_PROGRESS });
  });

  it('ignores a corrupt or foreign value with a notice, never a crash', () => {
    for (const raw of ['{not json', '42', 'null', '[]', '{"version":2,"done":{}}', '{"version":1}', '{"version":1,"done":[]}']) {
      const parsed = parseProgress(raw);
      expect(parsed.progress, raw).toEqual(EMPTY_PROGRESS);
      expect(parsed.notice, raw).toMatch(/could not be read/);
    }
  });

  it('keeps only well-formed entries', () => {
    const parsed = parseProgress(JSON.stringify({ version: 1, done: { 'recover-503': 'x', bad: 3, 'NO SPACES': 'x' } }));
    expect(parsed.progress.done).toEqual({ 'recover-503': 'x' });
    expect(parsed.notice).toBeUndefined();
  });
});
