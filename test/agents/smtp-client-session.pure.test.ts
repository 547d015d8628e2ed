import { describe, expect, it } from 'vitest';
import { chooseMechanism, NO_CAPABILITIES, parseEhloReply } from '../../src/agents/smtp-client-capabilities';
import { phaseOf, replyText, statusOf, toResult } from '../../src/agents/smtp-client-outcome';
import { answerChallenge, authCommand, base64Utf8 } from '../../src/agents/smtp-client-sasl';
import { has8bit, mailFromLine, messageSize, readReplyLine } from '../../src/agents/smtp-client-transaction';
import { reply } from '../../src/protocol/reply';

describe('EHLO capabilities', () => {
  it('reads the keywords Postfix cares about', () => {
    const caps = parseEhloReply(
      reply(250, undefined, 'mx.example.com', 'PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'AUTH PLAIN LOGIN', 'AUTH=PLAIN LOGIN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'),
    );
    expect(caps).toEqual({
      esmtp: true,
      serverName: 'mx.example.com',
      pipelining: true,
      size: 10240000,
      eightBitMime: true,
      auth: ['PLAIN', 'LOGIN'],
      startTls: true,
      enhancedStatusCodes: true,
      smtpUtf8: true,
      dsn: true,
      keywords: ['PIPELINING', 'SIZE', 'VRFY', 'ETRN', 'STARTTLS', 'AUTH', 'AUTH', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'],
    });
  });

  it('is case-insensitive, reads the old AUTH= form, and takes a SIZE without a number as no limit', () => {
    const caps = parseEhloReply(reply(250, undefined, 'mx', 'pipelining', 'auth=login', 'size', ''));
    expect(caps.pipelining).toBe(true);
    expect(caps.auth).toEqual(['LOGIN']);
    expect(caps.size).toBe(0);
    expect(parseEhloReply(reply(250, undefined, 'mx', 'SIZE lots')).size).toBe(0);
  });

  it('a one-line EHLO reply offers nothing; HELO offers nothing at all', () => {
    expect(parseEhloReply(reply(250, undefined, 'mx.example.com Hello'))).toEqual({ ...NO_CAPABILITIES, esmtp: true, serverName: 'mx.example.com' });
    expect(parseEhloReply(reply(250, undefined)).serverName).toBeUndefined();
  });

  it('chooses the mechanism asked for, else PLAIN, else LOGIN', () => {
    expect(chooseMechanism(['LOGIN', 'PLAIN'])).toBe('PLAIN');
    expect(chooseMechanism(['LOGIN', 'CRAM-MD5'])).toBe('LOGIN');
    expect(chooseMechanism(['LOGIN', 'PLAIN'], 'LOGIN')).toBe('LOGIN');
    expect(chooseMechanism(['PLAIN'], 'LOGIN')).toBeUndefined();
    expect(chooseMechanism(['CRAM-MD5'])).toBeUndefined();
    expect(chooseMechanism(undefined)).toBeUndefined();
  });
});

describe('SASL client', () => {
  it('base64 over UTF-8 bytes', () => {
    expect(base64Utf8('Username:')).toBe('VXNlcm5hbWU6');
    expect(base64Utf8('\u00e9')).toBe('w6k=');
    expect(base64Utf8('\u{1f600}')).toBe('8J+YgA==');
  });

  it('PLAIN carries an initial response, LOGIN answers prompts, then cancels', () => {
    const c = { username: 'alice', password: 'secret' };
    expect(authCommand('PLAIN', c)).toBe('AUTH PLAIN AGFsaWNlAHNlY3JldA==');
    expect(authCommand('LOGIN', c)).toBe('AUTH LOGIN');
    expect([0, 1, 2].map((n) => answerChallenge('LOGIN', n, c))).toEqual(['YWxpY2U=', 'c2VjcmV0', '*']);
    expect([0, 1].map((n) => answerChallenge('PLAIN', n, c))).toEqual(['AGFsaWNlAHNlY3JldA==', '*']);
  });
});

describe('transaction helpers', () => {
  it('reads reply lines: partial, complete, garbage', () => {
    expect(readReplyLine([], '250-mx')).toEqual({ kind: 'partial', lines: ['250-mx'] });
    expect(readReplyLine(['250-mx'], '250 PIPELINING')).toEqual({ kind: 'reply', reply: reply(250, undefined, 'mx', 'PIPELINING') });
    expect(readReplyLine([], '550 5.1.1 <x>: no')).toEqual({ kind: 'reply', reply: reply(550, '5.1.1', '<x>: no') });
    expect(readReplyLine(['250-mx'], 'hello')).toEqual({ kind: 'garbage', text: 'hello' });
    expect(readReplyLine([], '699 no such class').kind).toBe('garbage');
    expect(readReplyLine([], '250').kind).toBe('reply');
  });

  it('measures the message in octets with CRLF line ends, and spots 8-bit text', () => {
    expect(messageSize('a\r\nb\r\n')).toBe(6);
    expect(messageSize('a\nb')).toBe(6);
    expect(messageSize('\u00e9\r\n')).toBe(4);
    expect(messageSize('')).toBe(0);
    expect(has8bit('plain ascii\r\n')).toBe(false);
    expect(has8bit('caf\u00e9')).toBe(true);
  });

  it('builds MAIL FROM with only the parameters the server offered, SIZE before BODY', () => {
    const caps = parseEhloReply(reply(250, undefined, 'mx', 'SIZE 1000', '8BITMIME'));
    expect(mailFromLine('a@b', caps, 42, true)).toBe('MAIL FROM:<a@b> SIZE=42 BODY=8BITMIME');
    expect(mailFromLine('', caps, 42, false)).toBe('MAIL FROM:<> SIZE=42');
    expect(mailFromLine('a@b', NO_CAPABILITIES, 42, true)).toBe('MAIL FROM:<a@b>');
  });
});

describe('outcome wording', () => {
  it('prints a multi-line reply on one line, as Postfix does', () => {
    const r = reply(550, '5.1.1', 'The email account that you tried to reach does not exist.', 'Please try again.');
    expect(replyText(r)).toBe('550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 Please try again.');
  });

  it('derives a status from the reply class when the enhanced code is missing or of another class', () => {
    expect(statusOf(reply(550, undefined, 'no'))).toBe('5.0.0');
    expect(statusOf(reply(450, '5.1.1', 'odd'))).toBe('4.0.0');
    expect(statusOf(reply(250, '2.0.0', 'ok'))).toBe('2.0.0');
  });

  it('names every phase', () => {
    expect(phaseOf('greeting')).toBe('receiving the initial server greeting');
    expect(phaseOf('LHLO')).toBe('performing the LHLO handshake');
    expect(phaseOf('DOT')).toBe('sending end of data -- message may be sent more than once');
    expect(phaseOf(undefined)).toBe('talking to the server');
  });

  it('never loses a recipient left open', () => {
    const r = toResult({ connId: 'c1', toHost: 'mx', remoteIp: '192.0.2.1', recipients: [{ address: 'a@b', state: 'accepted' }] });
    expect(r.recipients).toEqual([{ address: 'a@b', outcome: 'deferred', dsn: '4.3.0', reason: 'delivery to mx[192.0.2.1] did not complete' }]);
  });
});
