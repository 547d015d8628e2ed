import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendHeaderIfMissing,
  getHeader,
  getHeaders,
  parseMessage,
  prependHeader,
  serializeHeader,
} from '../../../src/protocol/message/headers';

describe('parseMessage', () => {
  it('unfolds values and keeps the folded form in raw', () => {
    const raw = 'Subject: a long\r\n  subject\r\nTo: bob@x\r\n\r\nHello\r\n';
    const { headers, body } = parseMessage(raw);
    expect(headers).toEqual([
      { name: 'Subject', value: 'a long  subject', raw: 'Subject: a long\r\n  subject' },
      { name: 'To', value: 'bob@x', raw: 'To: bob@x' },
    ]);
    expect(body).toBe('Hello\r\n');
  });

  it('accepts LF-only input and returns CRLF', () => {
    const { headers, body } = parseMessage('Subject: hi\n\tthere\nFrom: a@b\n\nline 1\nline 2\n');
    expect(headers.map((h) => [h.name, h.value, h.raw])).toEqual([
      ['Subject', 'hi\tthere', 'Subject: hi\r\n\tthere'],
      ['From', 'a@b', 'From: a@b'],
    ]);
    expect(body).toBe('line 1\r\nline 2\r\n');
  });

  it('drops only the one blank after the colon, and tolerates blanks before it', () => {
    expect(parseMessage('X:   spaced\r\n\r\n').headers[0]?.value).toBe('  spaced');
    expect(parseMessage('X:tight\r\n\r\n').headers[0]?.value).toBe('tight');
    expect(parseMessage('Subject : obs\r\n\r\n').headers[0]).toMatchObject({ name: 'Subject', value: 'obs' });
  });

  it('ends the header at a line that is not a field, keeping it in the body', () => {
    const { headers, body } = parseMessage('From: a@b\r\nnot a header\r\nmore\r\n');
    expect(headers.map((h) => h.name)).toEqual(['From']);
    expect(body).toBe('not a header\r\nmore\r\n');
  });

  it('treats content that starts with a blank as body only', () => {
    expect(parseMessage(' indented\r\n')).toEqual({ headers: [], body: ' indented\r\n' });
  });

  it('handles a header without body or final CRLF', () => {
    expect(parseMessage('A: 1\r\nB: 2')).toEqual({
      headers: [
        { name: 'A', value: '1', raw: 'A: 1' },
        { name: 'B', value: '2', raw: 'B: 2' },
      ],
      body: '',
    });
  });
});

describe('getHeader / getHeaders', () => {
  const { headers } = parseMessage('Received: one\r\nreceived: two\r\nSUBJECT: s\r\n\r\n');
  it('match names case-insensitively', () => {
    expect(getHeader(headers, 'subject')).toBe('s');
    expect(getHeader(headers, 'Date')).toBeUndefined();
  });
  it('return every value in message order', () => {
    expect(getHeaders(headers, 'RECEIVED')).toEqual(['one', 'two']);
  });
});

describe('serializeHeader', () => {
  it('writes a short field on one line', () => {
    expect(serializeHeader('Subject', 'Hello')).toBe('Subject: Hello');
  });

  it('folds a long Subject at blanks, each line at most 78 characters', () => {
    const value =
      'Quarterly report for the mail infrastructure team, including queue statistics, bounce rates and the migration plan';
    expect(serializeHeader('Subject', value)).toBe(
      'Subject: Quarterly report for the mail infrastructure team, including queue\r\n' +
        ' statistics, bounce rates and the migration plan',
    );
  });

  it('runs past 78 only where no blank allows a fold', () => {
    const word = 'x'.repeat(100);
    expect(serializeHeader('X-Long', `${word} tail`)).toBe(`X-Long: ${word}\r\n tail`);
  });

  it('keeps a value that carries its own folding', () => {
    expect(serializeHeader('Received', 'from a (a [1.2.3.4])\r\n\tby b')).toBe('Received: from a (a [1.2.3.4])\r\n\tby b');
  });

  it('turns a bare line break into a fold, so a value cannot inject a field', () => {
    expect(serializeHeader('Subject', 'hi\nBcc: evil@x')).toBe('Subject: hi\r\n Bcc: evil@x');
  });
});

describe('prependHeader / appendHeaderIfMissing', () => {
  it('puts a trace field on top', () => {
    expect(prependHeader('From: a@b\n\nbody\n', 'Received', 'from x')).toBe(
      'Received: from x\r\nFrom: a@b\r\n\r\nbody\r\n',
    );
  });

  it('adds a separator when the content starts with a blank', () => {
    expect(prependHeader(' body\r\n', 'Return-Path', '<>')).toBe('Return-Path: <>\r\n\r\n body\r\n');
  });

  it('appends at the end of the header section', () => {
    expect(appendHeaderIfMissing('From: a@b\r\n\r\nbody\r\n', 'Date', 'Sat, 28 Nov 2026 20:52:27 +0000')).toBe(
      'From: a@b\r\nDate: Sat, 28 Nov 2026 20:52:27 +0000\r\n\r\nbody\r\n',
    );
  });

  it('leaves the message alone when the field exists in any case', () => {
    const raw = 'message-id: <1@x>\r\n\r\nbody\r\n';
    expect(appendHeaderIfMissing(raw, 'Message-ID', '<2@x>')).toBe(raw);
  });

  it('copes with a header that has no final CRLF, and with a missing separator', () => {
    expect(appendHeaderIfMissing('From: a@b', 'Date', 'd')).toBe('From: a@b\r\nDate: d\r\n');
    expect(appendHeaderIfMissing('From: a@b\r\nbody line\r\n', 'Date', 'd')).toBe(
      'From: a@b\r\nDate: d\r\n\r\nbody line\r\n',
    );
  });
});

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,24}$/);
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const wordy = fc
  .array(fc.tuple(fc.stringMatching(/^[!-~]{1,30}$/), fc.constantFrom(' ', '  ', '\t', ' \t ')), { maxLength: 30 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
const value = fc.oneof(printable, wordy, fc.string({ unit: fc.constantFrom(' ', 'a', ':', '\t'), maxLength: 200 }));

describe('properties', () => {
  it('serialise then parse gives back the name and the unfolded value', () => {
    fc.assert(
      fc.property(name, value, (n, v) => {
        const { headers, body } = parseMessage(`${serializeHeader(n, v)}\r\n\r\n`);
        expect(headers).toHaveLength(1);
        expect(headers[0]?.name).toBe(n);
        expect(headers[0]?.value).toBe(v);
        expect(body).toBe('');
      }),
    );
  });

  it('a list of fields survives the trip in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 8 }), (fields) => {
        const raw = fields.map(([n, v]) => `${serializeHeader(n, v)}\r\n`).join('');
        const parsed = parseMessage(`${raw}\r\nbody`);
        expect(parsed.headers.map((h) => [h.name, h.value])).toEqual(fields);
        expect(parsed.body).toBe('body');
      }),
    );
  });

  it('folds to 78 columns whenever the words are short enough', () => {
    const short = fc
      .array(fc.stringMatching(/^[!-~]{1,40}$/), { minLength: 1, maxLength: 40 })
      .map((ws) => ws.join(' '));
    fc.assert(
      fc.property(name, short, (n, v) => {
        for (const line of serializeHeader(n, v).split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
      }),
    );
  });

  it('never writes a folded line made only of blanks', () => {
    fc.assert(
      fc.property(name, value, (n, v) => {
        const lines = serializeHeader(n, v).split('\r\n');
        for (const line of lines.slice(1)) expect(line.trim()).not.toBe('');
      }),
    );
  });
});
