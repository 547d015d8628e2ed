import { describe, expect, it } from 'vitest';
import { fqdn, isAtOrAbove, isRoot, normalizeName, sameName } from '../../src/dns/names';

describe('names', () => {
  it('normalizes case and the trailing dot', () => {
    expect(normalizeName('MX1.Recipient.Example.')).toBe('mx1.recipient.example');
    expect(normalizeName('recipient.example')).toBe('recipient.example');
    expect(sameName('A.example.', 'a.EXAMPLE')).toBe(true);
  });

  it('keeps the root as "."', () => {
    expect(normalizeName('.')).toBe('.');
    expect(normalizeName('')).toBe('.');
    expect(isRoot('.')).toBe(true);
    expect(isRoot('example')).toBe(false);
    expect(fqdn('.')).toBe('.');
    expect(fqdn('Example')).toBe('example.');
  });

  it('knows a name sits at or above another', () => {
    expect(isAtOrAbove('example', 'mx.example')).toBe(true);
    expect(isAtOrAbove('example', 'example.')).toBe(true);
    expect(isAtOrAbove('example', 'badexample')).toBe(false);
    expect(isAtOrAbove('.', 'anything')).toBe(true);
  });
});
