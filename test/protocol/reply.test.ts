import { describe, expect, it } from 'vitest';
import { assembleReply, formatReply, parseReplyLine, type Reply, reply, replyLine } from '../../src/protocol/reply';
import * as R from '../../src/protocol/replies';

describe('formatReply', () => {
  it('writes continuation lines with "-" and the last one with " "', () => {
    expect(formatReply(R.S250_EHLO('mail.example.com', ['PIPELINING', 'SIZE 10240000', 'ENHANCEDSTATUSCODES']))).toEqual([
      '250-mail.example.com',
      '250-PIPELINING',
      '250-SIZE 10240000',
      '250 ENHANCEDSTATUSCODES',
    ]);
  });

  it('repeats the enhanced status code on every line (RFC 2034)', () => {
    expect(formatReply(reply(550, '5.7.1', 'first', 'second'))).toEqual(['550-5.7.1 first', '550 5.7.1 second']);
  });

  it('writes a single line without a dash', () => {
    expect(formatReply(R.S250_OK)).toEqual(['250 2.0.0 Ok']);
  });
});

describe('assembleReply round-trips formatReply', () => {
  const samples: Reply[] = [
    R.S220_GREETING('mail.example.com'),
    R.S250_EHLO('mail.example.com', ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'AUTH PLAIN LOGIN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN']),
    R.S250_HELO('mail.example.com'),
    R.S214_HELP('smtp'),
    R.S250_QUEUED('4F2A1C'),
    R.S354_END_DATA,
    R.S334_CHALLENGE(''),
    R.S334_LOGIN_USERNAME,
    R.S550_USER_UNKNOWN('bob@example.com'),
    reply(550, '5.7.1', 'line one', 'line two', 'line three'),
    reply(451, undefined, 'no enhanced code', 'on either line'),
  ];
  it.each(samples.map((r) => [formatReply(r).join(' / '), r] as const))('%s', (_, r) => {
    const lines = formatReply(r);
    expect(assembleReply(lines)).toEqual(r);
    for (let i = 0; i < lines.length - 1; i++) expect(assembleReply(lines.slice(0, i + 1))).toBeUndefined();
  });

  it('keeps the text when the enhanced codes of the lines differ', () => {
    expect(assembleReply(['550-5.1.1 a', '550 5.7.1 b'])).toEqual(reply(550, undefined, '5.1.1 a', '5.7.1 b'));
  });
});

describe('parseReplyLine', () => {
  it('reads continuation and final lines', () => {
    expect(parseReplyLine('250-PIPELINING')).toEqual({ ok: true, code: 250, last: false, text: 'PIPELINING' });
    expect(parseReplyLine('250 2.0.0 Ok')).toEqual({ ok: true, code: 250, last: true, text: '2.0.0 Ok' });
    expect(parseReplyLine('334')).toEqual({ ok: true, code: 334, last: true, text: '' });
    expect(parseReplyLine('hello').ok).toBe(false);
  });
});

describe('replyLine', () => {
  it('puts code, enhanced code and every text line on one line, as logs and DSNs quote a reply', () => {
    expect(replyLine(reply(550, '5.1.1', '<x@y>: Recipient address rejected'))).toBe('550 5.1.1 <x@y>: Recipient address rejected');
    expect(replyLine(reply(220, undefined, 'mx.example ESMTP'))).toBe('220 mx.example ESMTP');
    expect(replyLine(reply(250, '2.0.0', 'first', 'second'))).toBe('250 2.0.0 first second');
  });
});
