import { describe, expect, it } from 'vitest';
import { cleanup, withHeaderSeparator } from '../../src/agents/cleanup';
import { getHeaders, parseMessage } from '../../src/protocol/message/headers';

const NOW = Date.UTC(2023, 10, 5, 9, 30, 4);
const RECEIVED = [
  'Received: from gandalf (gandalf [192.168.1.10])',
  '\tby mailserver.mydomain.com (Mailpath) with SMTP id 08FF49B6F77',
  '\tfor <pleclercq@mydomain.com>; Sun, 05 Nov 2023 09:30:04 +0000 (UTC)',
].join('\r\n');
const DATE = 'Date: Sun, 05 Nov 2023 09:30:04 +0000';
const MESSAGE_ID = '<20231105093004.08FF49B6F77@mailserver.mydomain.com>';

const run = (data: string, addMissingHeaders: boolean, to = ['pleclercq@mydomain.com']) =>
  cleanup({
    data,
    envelope: { from: 'plc@gandalf', params: {}, to },
    facts: { helo: 'gandalf', clientHost: 'gandalf', clientIp: '192.168.1.10', protocol: 'SMTP' },
    hostname: 'mailserver.mydomain.com',
    queueId: '08FF49B6F77',
    now: NOW,
    addMissingHeaders,
  });

describe('cleanup', () => {
  it('puts this hop\'s Received on top of the headers the client wrote', () => {
    const out = run('Received: from older\r\nSubject: hi\r\n\r\nbody\r\n', false);
    expect(out.raw).toBe(`${RECEIVED}\r\nReceived: from older\r\nSubject: hi\r\n\r\nbody\r\n`);
    expect(getHeaders(parseMessage(out.raw).headers, 'Received')).toHaveLength(2);
  });

  it('data that starts with a body line gets the blank line, so the body stays the body (the seed article)', () => {
    const out = run('This is a test mail, typed by hand.\r\n', false);
    expect(out.raw).toBe(`${RECEIVED}\r\n\r\nThis is a test mail, typed by hand.\r\n`);
    expect(parseMessage(out.raw).body).toBe('This is a test mail, typed by hand.\r\n');
    expect(out.messageId).toBe('');
  });

  it('a line that only looks like a header (no name before the colon) is body', () => {
    expect(withHeaderSeparator(': not a header\r\n')).toBe('\r\n: not a header\r\n');
    expect(withHeaderSeparator('Subject: x\r\n')).toBe('Subject: x\r\n');
    expect(withHeaderSeparator('\r\nbody\r\n')).toBe('\r\nbody\r\n');
    expect(withHeaderSeparator('')).toBe('');
  });

  it('an MX (addMissingHeaders off) leaves Date and Message-ID alone', () => {
    const out = run('Subject: hi\r\n\r\nbody\r\n', false);
    expect(out.raw).not.toMatch(/^Date:/m);
    expect(out.raw).not.toMatch(/^Message-ID:/im);
  });

  it('an MSA adds Date and Message-ID at the end of the header section when they are missing', () => {
    const out = run('Subject: hi\r\n\r\nbody\r\n', true);
    expect(out.raw).toBe(`${RECEIVED}\r\nSubject: hi\r\n${DATE}\r\nMessage-ID: ${MESSAGE_ID}\r\n\r\nbody\r\n`);
    expect(out.messageId).toBe(MESSAGE_ID);
  });

  it('an MSA keeps the Date and Message-ID the client wrote (any case)', () => {
    const data = 'message-id: <mine@laptop>\r\nDATE: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n';
    const out = run(data, true);
    expect(out.raw).toBe(`${RECEIVED}\r\n${data}`);
    expect(out.messageId).toBe('<mine@laptop>');
  });

  it('an MSA completing a message typed without headers keeps the body out of the header section', () => {
    const out = run('just a body\r\n', true);
    expect(out.raw).toBe(`${RECEIVED}\r\n${DATE}\r\nMessage-ID: ${MESSAGE_ID}\r\n\r\njust a body\r\n`);
    expect(parseMessage(out.raw).body).toBe('just a body\r\n');
  });

  it('the Received names the recipient only when there is exactly one (Postfix)', () => {
    const out = run('Subject: x\r\n\r\n', false, ['a@mydomain.com', 'b@mydomain.com']);
    expect(out.raw.split('\r\n').slice(0, 3)).toEqual([
      'Received: from gandalf (gandalf [192.168.1.10])',
      '\tby mailserver.mydomain.com (Mailpath) with SMTP id 08FF49B6F77;',
      '\tSun, 05 Nov 2023 09:30:04 +0000 (UTC)',
    ]);
  });
});
