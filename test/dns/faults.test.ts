import { describe, expect, it } from 'vitest';
import { faultAt } from '../../src/dns';

describe('faultAt', () => {
  it('matches names case-insensitively with or without the trailing dot', () => {
    const faults = { 'MX1.Example.': 'servfail', 'b.example': 'nxdomain' } as const;
    expect(faultAt(faults, 'mx1.example', 'A')).toBe('servfail');
    expect(faultAt(faults, 'B.EXAMPLE.', 'MX')).toBe('nxdomain');
    expect(faultAt(faults, 'c.example', 'A')).toBeUndefined();
  });

  it('can break only some query types of a name', () => {
    const faults = { 'mx.example': { AAAA: 'timeout' } } as const;
    expect(faultAt(faults, 'mx.example', 'AAAA')).toBe('timeout');
    expect(faultAt(faults, 'mx.example', 'A')).toBeUndefined();
  });

  it('is not fooled by names that are also object properties', () => {
    expect(faultAt({}, 'constructor', 'A')).toBeUndefined();
  });
});
