import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../src/dns');
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('src/dns stays pure', () => {
  it.each(files)('%s imports only from src/dns and uses no clock, timer or global randomness', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const specifiers = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    for (const s of specifiers) expect(s).toMatch(/^\.\/[\w-]+$/);
    expect(text).not.toMatch(/\b(Math\.random|Date\.now|new Date|setTimeout|setInterval|performance\.now)\b/);
  });
});
