import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_LINE_MAX, TEXT_LINE_MAX } from '../../src/protocol/limits';
import { type FramedLine, isEndOfData, isTooLong, LineFramer } from '../../src/protocol/line-framing';

const clean = (text: string): FramedLine => ({ text, bareLf: false, tooLong: false });
const bare = (text: string): FramedLine => ({ text, bareLf: true, tooLong: false });

function frame(chunks: readonly string[], framer = new LineFramer()): FramedLine[] {
  return chunks.flatMap((chunk) => framer.push(chunk));
}

describe('LineFramer', () => {
  const session = 'EHLO client.example.org\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n';
  const lines = [clean('EHLO client.example.org'), clean('MAIL FROM:<a@b>'), clean('RCPT TO:<c@d>'), clean('DATA')];

  it('splits on CRLF', () => {
    expect(frame([session])).toEqual(lines);
  });

  it('gives the same lines wherever the network splits the stream', () => {
    for (let i = 0; i <= session.length; i++) {
      expect(frame([session.slice(0, i), session.slice(i)])).toEqual(lines);
    }
    for (let i = 0; i < session.length; i++) {
      for (let j = i; j <= session.length; j++) {
        expect(frame([session.slice(0, i), session.slice(i, j), session.slice(j)])).toEqual(lines);
      }
    }
    expect(frame([...session])).toEqual(lines);
  });

  it('keeps empty lines', () => {
    expect(frame(['\r\n\r\nx\r\n'])).toEqual([clean(''), clean(''), clean('x')]);
  });

  it('holds back a partial line until its CRLF arrives', () => {
    const framer = new LineFramer();
    expect(framer.push('QUI')).toEqual([]);
    expect(framer.push('T\r')).toEqual([]);
    expect(framer.push('\n')).toEqual([clean('QUIT')]);
  });

  it('ends a line at a bare LF but flags it, and the line after it', () => {
    expect(frame(['EHLO x\nMAIL FROM:<a@b>\r\nRSET\r\n'])).toEqual([bare('EHLO x'), bare('MAIL FROM:<a@b>'), clean('RSET')]);
  });

  it('never ends DATA on LF . LF, LF . CRLF or CRLF . LF (SMTP smuggling)', () => {
    for (const attack of ['hello\n.\nMAIL FROM:<x@evil>\r\n', 'hello\n.\r\nMAIL FROM:<x@evil>\r\n', 'hello\r\n.\nMAIL FROM:<x@evil>\r\n']) {
      const out = frame([attack]);
      expect(out.some((line) => isEndOfData(line))).toBe(false);
      expect(out.find((line) => line.text === '.')?.bareLf).toBe(true);
    }
    expect(frame(['hello\r\n.\r\n']).map(isEndOfData)).toEqual([false, true]);
  });

  it('keeps a bare CR inside the line and flags it', () => {
    expect(frame(['a\rb\r\n'])).toEqual([bare('a\rb')]);
    expect(frame(['a\r', 'b\r\n'])).toEqual([bare('a\rb')]);
    expect(frame(['a\r\r\n'])).toEqual([bare('a\r')]);
    expect(frame(['\r.\r\n'])).toEqual([bare('\r.')]);
    expect(frame(['a\r', '\r\n'])).toEqual([bare('a\r')]);
  });

  it('flags lines longer than the limit, CRLF included', () => {
    expect(frame([`${'x'.repeat(COMMAND_LINE_MAX - 2)}\r\n`])[0]?.tooLong).toBe(false);
    expect(frame([`${'x'.repeat(COMMAND_LINE_MAX - 1)}\r\n`])[0]?.tooLong).toBe(true);
    expect(frame([`${'é'.repeat(255)}\r\n`])[0]?.tooLong).toBe(false);
    expect(frame([`${'é'.repeat(256)}\r\n`])[0]?.tooLong).toBe(true);
  });

  it('takes the text-line limit during DATA', () => {
    const framer = new LineFramer();
    framer.setLimit(TEXT_LINE_MAX);
    expect(framer.push(`${'x'.repeat(998)}\r\n${'x'.repeat(999)}\r\n`).map((l) => l.tooLong)).toEqual([false, true]);
  });

  it('keeps at most maxRetained characters of a runaway line', () => {
    const framer = new LineFramer({ maxRetained: 10 });
    framer.push('x'.repeat(7));
    framer.push('y'.repeat(7));
    const [line] = framer.push('\r\n');
    expect(line).toEqual({ text: 'xxxxxxxyyy', bareLf: false, tooLong: false });
    const [long] = new LineFramer({ maxRetained: 4 }).push(`${'z'.repeat(600)}\r\n`);
    expect(long).toEqual({ text: 'zzzz', bareLf: false, tooLong: true });
  });

  it('flush returns the unterminated fragment once', () => {
    const framer = new LineFramer();
    expect(framer.flush()).toBeUndefined();
    framer.push('QUIT\r\nMAIL FR');
    expect(framer.flush()).toEqual(clean('MAIL FR'));
    expect(framer.flush()).toBeUndefined();
    framer.push('x\r');
    expect(framer.flush()).toEqual(bare('x\r'));
  });

  it('frames any text the same, whatever the chunking (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '.', ' ', '\r', '\n', '\r\n'), maxLength: 80 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(80), { maxLength: 6 }), (t, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(t.slice(from, p));
          from = p;
        }
        chunks.push(t.slice(from));
        const whole = new LineFramer();
        const split = new LineFramer();
        expect(frame(chunks, split)).toEqual(frame([t], whole));
        expect(split.flush()).toEqual(whole.flush());
      }),
    );
  });
});

describe('isEndOfData and isTooLong', () => {
  it('recognises exactly "."', () => {
    expect(isEndOfData('.')).toBe(true);
    expect(isEndOfData('..')).toBe(false);
    expect(isEndOfData(' .')).toBe(false);
    expect(isEndOfData(clean('.'))).toBe(true);
    expect(isEndOfData(bare('.'))).toBe(false);
  });

  it('measures octets with the CRLF', () => {
    expect(isTooLong('x'.repeat(510))).toBe(false);
    expect(isTooLong('x'.repeat(511))).toBe(true);
    expect(isTooLong('x'.repeat(998), TEXT_LINE_MAX)).toBe(false);
    expect(isTooLong('x'.repeat(999), TEXT_LINE_MAX)).toBe(true);
  });
});
