import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dotStuff,
  dotStuffLine,
  dotUnstuff,
  dotUnstuffLine,
  isDataTerminator,
  normalizeLineEndings,
  splitLines,
  toDataLines,
} from '../../../src/protocol/message/dot-stuffing';

describe('line endings', () => {
  it('turns LF, CR and CRLF alike into CRLF', () => {
    expect(normalizeLineEndings('a\nb\rc\r\nd')).toBe('a\r\nb\r\nc\r\nd');
  });
  it('splits lines without inventing an empty last one', () => {
    expect(splitLines('a\r\n\r\nb\r\n')).toEqual(['a', '', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('dot-stuffing', () => {
  it('doubles a leading dot', () => {
    expect(dotStuff('.\r\n..x\r\na.b\r\n.hidden')).toBe('..\r\n...x\r\na.b\r\n..hidden');
    expect(dotStuffLine('.')).toBe('..');
    expect(dotUnstuffLine('..')).toBe('.');
    expect(dotUnstuffLine('plain')).toBe('plain');
  });

  it('gives the lines a client sends after 354, ending with "."', () => {
    expect(toDataLines('Subject: x\n\n.\n..two\nlast')).toEqual(['Subject: x', '', '..', '...two', 'last', '.']);
    expect(toDataLines('')).toEqual(['.']);
  });

  it('rebuilds the message a server stores, stopping at the terminator', () => {
    expect(dotUnstuff(['Subject: x', '', '..', '...two', '.', 'after'])).toBe('Subject: x\r\n\r\n.\r\n..two\r\n');
    expect(isDataTerminator('.')).toBe(true);
    expect(isDataTerminator('..')).toBe(false);
  });
});

const line = fc.oneof(
  fc.constantFrom('', '.', '..', '...', '. ', '.x', 'x.', ' .'),
  fc.string({ unit: fc.constantFrom('.', 'a', ' ', '\t', ':'), maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);
/** Bodies that end in CRLF, as every stored message does. */
const body = fc.array(line, { maxLength: 30 }).map((lines) => lines.map((l) => `${l}\r\n`).join(''));
const anyText = fc.string({ unit: fc.constantFrom('.', 'a', '\r', '\n', ' '), maxLength: 60 });

describe('properties', () => {
  it('toDataLines then dotUnstuff is the identity on CRLF-terminated bodies', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(dotUnstuff(toDataLines(b))).toBe(b);
      }),
    );
  });

  it('dotStuff then dotUnstuff is the identity', () => {
    fc.assert(
      fc.property(body, (b) => {
        expect(dotUnstuff(splitLines(dotStuff(b)))).toBe(b);
      }),
    );
  });

  it('any text comes back normalised, with the CRLF a terminator needs', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const n = normalizeLineEndings(t);
        const expected = n === '' || n.endsWith('\r\n') ? n : `${n}\r\n`;
        expect(dotUnstuff(toDataLines(t))).toBe(expected);
      }),
    );
  });

  it('no line before the terminator is a lone "."', () => {
    fc.assert(
      fc.property(fc.oneof(body, anyText), (b) => {
        const lines = toDataLines(b);
        expect(lines[lines.length - 1]).toBe('.');
        expect(lines.slice(0, -1)).not.toContain('.');
      }),
    );
  });
});
