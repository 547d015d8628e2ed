import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMailDate, formatRfc5322Date, parseRfc5322Date } from '../../../src/protocol/message/date';

const T = Date.UTC(2026, 10, 28, 20, 52, 27);

describe('formatRfc5322Date', () => {
  it('writes UTC by default', () => {
    expect(formatRfc5322Date(T)).toBe('Sat, 28 Nov 2026 20:52:27 +0000');
  });
  it('writes the wall clock at the offset, crossing the day when it must', () => {
    expect(formatRfc5322Date(T, 60)).toBe('Sat, 28 Nov 2026 21:52:27 +0100');
    expect(formatRfc5322Date(T, 5 * 60 + 30)).toBe('Sun, 29 Nov 2026 02:22:27 +0530');
    expect(formatRfc5322Date(T, -8 * 60)).toBe('Sat, 28 Nov 2026 12:52:27 -0800');
  });
  it('pads the day to two digits and drops milliseconds', () => {
    expect(formatRfc5322Date(Date.UTC(2026, 0, 5, 3, 4, 5) + 999)).toBe('Mon, 05 Jan 2026 03:04:05 +0000');
  });
});

describe('formatMailDate', () => {
  it('adds the zone comment as Postfix does', () => {
    expect(formatMailDate(T)).toBe('Sat, 28 Nov 2026 20:52:27 +0000 (UTC)');
    expect(formatMailDate(T, 60, 'CET')).toBe('Sat, 28 Nov 2026 21:52:27 +0100 (CET)');
    expect(formatMailDate(T, 60)).toBe('Sat, 28 Nov 2026 21:52:27 +0100');
  });
});

describe('parseRfc5322Date', () => {
  it('reads what it writes, comment included', () => {
    expect(parseRfc5322Date('Sat, 28 Nov 2026 21:52:27 +0100 (CET)')).toEqual({ epochMs: T, tzOffsetMinutes: 60 });
  });
  it('accepts obsolete forms', () => {
    expect(parseRfc5322Date('28 Nov 26 20:52 GMT')?.epochMs).toBe(Date.UTC(2026, 10, 28, 20, 52));
    expect(parseRfc5322Date('Sat,  5 Dec 2026 15:52:27 EST')?.epochMs).toBe(Date.UTC(2026, 11, 5, 20, 52, 27));
    expect(parseRfc5322Date('Thu, 1 Jan 98 00:00:00 -0000')?.epochMs).toBe(Date.UTC(1998, 0, 1));
  });
  it('rejects what is not a date', () => {
    expect(parseRfc5322Date('yesterday')).toBeUndefined();
    expect(parseRfc5322Date('31 Feb 2026 10:00:00 +0000')).toBeUndefined();
    expect(parseRfc5322Date('28 Nov 2026 24:00:00 +0000')).toBeUndefined();
    expect(parseRfc5322Date('28 Nov 2026 10:00:00 +0075')).toBeUndefined();
  });
  it('round-trips any second and offset', () => {
    fc.assert(
      fc.property(
        // Up to the last day of year 9999 anywhere on Earth: the format has four year digits.
        fc.integer({ min: 0, max: 253_402_200_000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (seconds, tz) => {
          expect(parseRfc5322Date(formatRfc5322Date(seconds * 1000, tz))).toEqual({
            epochMs: seconds * 1000,
            tzOffsetMinutes: tz,
          });
        },
      ),
    );
  });
});
