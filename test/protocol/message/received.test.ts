import { describe, expect, it } from 'vitest';
import { parseMessage, prependHeader } from '../../../src/protocol/message/headers';
import {
  parseReceived,
  type ReceivedInput,
  receivedHeader,
  returnPathHeader,
  withProtocol,
} from '../../../src/protocol/message/received';

const T = Date.UTC(2026, 10, 28, 20, 52, 27);
const base: ReceivedInput = {
  fromHelo: 'gandalf',
  fromHost: 'gandalf',
  fromIp: '192.168.1.10',
  byHost: 'mailserver.mydomain.com',
  with: 'SMTP',
  id: '4F2A1C8B3D',
  for: 'pleclercq@mydomain.com',
  dateMs: T,
};

describe('receivedHeader', () => {
  it('lays the field out as Postfix smtpd does, for one recipient', () => {
    expect(receivedHeader(base)).toBe(
      'from gandalf (gandalf [192.168.1.10])\r\n' +
        '\tby mailserver.mydomain.com (Mailpath) with SMTP id 4F2A1C8B3D\r\n' +
        '\tfor <pleclercq@mydomain.com>; Sat, 28 Nov 2026 20:52:27 +0000 (UTC)',
    );
  });

  it('puts the date on its own line when there is no single recipient', () => {
    const { for: _omit, ...many } = base;
    expect(receivedHeader({ ...many, with: 'ESMTP', tzOffsetMinutes: 60 })).toBe(
      'from gandalf (gandalf [192.168.1.10])\r\n' +
        '\tby mailserver.mydomain.com (Mailpath) with ESMTP id 4F2A1C8B3D;\r\n' +
        '\tSat, 28 Nov 2026 21:52:27 +0100',
    );
  });

  it('writes "unknown" for a client without reverse DNS and tags IPv6 literals', () => {
    expect(receivedHeader({ ...base, fromHost: undefined, fromIp: '2001:db8::25', fromHelo: '[2001:db8::25]' })).toMatch(
      /^from \[2001:db8::25\] \(unknown \[IPv6:2001:db8::25\]\)\r\n/,
    );
  });

  it('adds the TLS and authenticated-sender comments when asked', () => {
    const value = receivedHeader({
      ...base,
      with: 'ESMTPSA',
      tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', usedBits: 256, algBits: 256 },
      authenticatedSender: 'pleclercq',
    });
    expect(value).toBe(
      'from gandalf (gandalf [192.168.1.10])\r\n' +
        '\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n' +
        '\t(No client certificate requested)\r\n' +
        '\t(Authenticated sender: pleclercq)\r\n' +
        '\tby mailserver.mydomain.com (Mailpath) with ESMTPSA id 4F2A1C8B3D\r\n' +
        '\tfor <pleclercq@mydomain.com>; Sat, 28 Nov 2026 20:52:27 +0000 (UTC)',
    );
  });

  it('keeps its layout when prepended to a message', () => {
    const raw = prependHeader('Subject: hi\r\n\r\nbody\r\n', 'Received', receivedHeader(base));
    expect(raw).toBe(
      'Received: from gandalf (gandalf [192.168.1.10])\r\n' +
        '\tby mailserver.mydomain.com (Mailpath) with SMTP id 4F2A1C8B3D\r\n' +
        '\tfor <pleclercq@mydomain.com>; Sat, 28 Nov 2026 20:52:27 +0000 (UTC)\r\n' +
        'Subject: hi\r\n\r\nbody\r\n',
    );
  });
});

describe('parseReceived', () => {
  it('reads back every clause and the date', () => {
    const { headers } = parseMessage(`Received: ${receivedHeader(base)}\r\n\r\n`);
    expect(parseReceived(headers[0]?.value ?? '')).toEqual({
      from: 'gandalf',
      fromHost: 'gandalf',
      fromIp: '192.168.1.10',
      by: 'mailserver.mydomain.com',
      with: 'SMTP',
      id: '4F2A1C8B3D',
      for: 'pleclercq@mydomain.com',
      date: 'Sat, 28 Nov 2026 20:52:27 +0000 (UTC)',
      dateMs: T,
    });
  });

  it('reads fields written by other servers', () => {
    expect(
      parseReceived(
        'from mail-wr1-f41.google.com (mail-wr1-f41.google.com [209.85.221.41]) by mx.example.org ' +
          'with ESMTPS id x12si3456wrb.2 for <bob@example.org> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); ' +
          'Tue, 03 Mar 2026 09:15:02 -0800 (PST)',
      ),
    ).toEqual({
      from: 'mail-wr1-f41.google.com',
      fromHost: 'mail-wr1-f41.google.com',
      fromIp: '209.85.221.41',
      by: 'mx.example.org',
      with: 'ESMTPS',
      id: 'x12si3456wrb.2',
      for: 'bob@example.org',
      date: 'Tue, 03 Mar 2026 09:15:02 -0800 (PST)',
      dateMs: Date.UTC(2026, 2, 3, 17, 15, 2),
    });
  });

  it('reads the local "by ... id" form of post_mail and IPv6 literals', () => {
    expect(parseReceived('by mail.example (Postfix)\r\n\tid 4CkXPY10M8z4w4l; Sun, 29 Nov 2020 15:30:41 +0000 (UTC)')).toEqual({
      by: 'mail.example',
      id: '4CkXPY10M8z4w4l',
      date: 'Sun, 29 Nov 2020 15:30:41 +0000 (UTC)',
      dateMs: Date.UTC(2020, 10, 29, 15, 30, 41),
    });
    expect(parseReceived('from x (unknown [IPv6:2001:db8::25]) by y with LMTP id 1; bad date')).toMatchObject({
      fromHost: 'unknown',
      fromIp: '2001:db8::25',
      date: 'bad date',
    });
  });
});

describe('returnPathHeader', () => {
  it('wraps the reverse-path in angle brackets, null sender included', () => {
    expect(returnPathHeader('x@y')).toBe('<x@y>');
    expect(returnPathHeader('<x@y>')).toBe('<x@y>');
    expect(returnPathHeader('')).toBe('<>');
    expect(returnPathHeader('<>')).toBe('<>');
  });
});

describe('withProtocol (RFC 3848)', () => {
  const t = (esmtp: boolean, auth: boolean, tls: boolean, lmtp = false) => withProtocol({ esmtp, auth, tls, lmtp });
  it('names each combination', () => {
    expect(t(false, false, false)).toBe('SMTP');
    expect(t(true, false, false)).toBe('ESMTP');
    expect(t(true, true, false)).toBe('ESMTPA');
    expect(t(true, false, true)).toBe('ESMTPS');
    expect(t(true, true, true)).toBe('ESMTPSA');
    expect(t(true, false, false, true)).toBe('LMTP');
    expect(t(true, true, true, true)).toBe('LMTPSA');
  });
  it('says SMTP for HELO whatever else is claimed, since HELO has no extensions', () => {
    expect(t(false, true, true)).toBe('SMTP');
  });
});
