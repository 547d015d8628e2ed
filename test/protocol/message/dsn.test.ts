import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildDsn, type DsnInput, lineWrap, parseDsn } from '../../../src/protocol/message/dsn';

const ARRIVAL = Date.UTC(2026, 10, 28, 20, 52, 27);
const NOW = ARRIVAL + 2000;

const original =
  'Received: from gandalf (gandalf [192.168.1.10])\r\n' +
  '\tby mailserver.mydomain.com (Mailpath) with ESMTPSA id 4F2A1C8B3D\r\n' +
  '\tfor <bob@example.org>; Sat, 28 Nov 2026 20:52:27 +0000 (UTC)\r\n' +
  'From: Pierre Leclercq <pleclercq@mydomain.com>\r\n' +
  'To: bob@example.org\r\n' +
  'Subject: Lunch\r\n' +
  'Message-Id: <20261128205227.4F2A1C8B3D@mydomain.com>\r\n' +
  '\r\n' +
  'See you at noon.\r\n' +
  '.\r\n';

const input: DsnInput = {
  reportingMta: 'mailserver.mydomain.com',
  postmasterAddress: 'MAILER-DAEMON@mailserver.mydomain.com',
  to: 'pleclercq@mydomain.com',
  arrivalDateMs: ARRIVAL,
  dateMs: NOW,
  messageId: '<20261128205229.9C3E7A21B4@mailserver.mydomain.com>',
  queueId: '4F2A1C8B3D',
  noticeQueueId: '9C3E7A21B4',
  original,
  recipients: [
    {
      address: 'bob@example.org',
      action: 'failed',
      status: '5.1.1',
      remoteMta: 'mx.example.org',
      remoteIp: '203.0.113.25',
      inReplyTo: 'RCPT TO',
      diagnostic:
        'smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table',
    },
  ],
};

const BOUNDARY = '4F2A1C8B3D.1795899149/mailserver.mydomain.com';

const expected = [
  'Received: by mailserver.mydomain.com (Mailpath)',
  '\tid 9C3E7A21B4; Sat, 28 Nov 2026 20:52:29 +0000 (UTC)',
  'Date: Sat, 28 Nov 2026 20:52:29 +0000 (UTC)',
  'From: MAILER-DAEMON@mailserver.mydomain.com (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'To: pleclercq@mydomain.com',
  'Auto-Submitted: auto-replied',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  `\tboundary="${BOUNDARY}"`,
  'Content-Transfer-Encoding: 7bit',
  'Message-Id: <20261128205229.9C3E7A21B4@mailserver.mydomain.com>',
  '',
  'This is a MIME-encapsulated message.',
  '',
  `--${BOUNDARY}`,
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'This is the mail system at host mailserver.mydomain.com.',
  '',
  "I'm sorry to have to inform you that your message could not",
  "be delivered to one or more recipients. It's attached below.",
  '',
  'For further assistance, please send mail to <postmaster>',
  '',
  'If you do so, please include this problem report. You can',
  'delete your own text from the attached returned message.',
  '',
  '                   The mail system',
  '',
  '<bob@example.org>: host mx.example.org[203.0.113.25] said: 550 5.1.1',
  '    <bob@example.org>: Recipient address rejected: User unknown in local',
  '    recipient table (in reply to RCPT TO command)',
  '',
  `--${BOUNDARY}`,
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mailserver.mydomain.com',
  'X-Mailpath-Queue-ID: 4F2A1C8B3D',
  'X-Mailpath-Sender: rfc822; pleclercq@mydomain.com',
  'Arrival-Date: Sat, 28 Nov 2026 20:52:27 +0000 (UTC)',
  '',
  'Final-Recipient: rfc822; bob@example.org',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.org',
  'Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected:',
  '    User unknown in local recipient table',
  '',
  `--${BOUNDARY}`,
  'Content-Description: Undelivered Message Headers',
  'Content-Type: text/rfc822-headers',
  '',
  'Return-Path: <pleclercq@mydomain.com>',
  'Received: from gandalf (gandalf [192.168.1.10])',
  '\tby mailserver.mydomain.com (Mailpath) with ESMTPSA id 4F2A1C8B3D',
  '\tfor <bob@example.org>; Sat, 28 Nov 2026 20:52:27 +0000 (UTC)',
  'From: Pierre Leclercq <pleclercq@mydomain.com>',
  'To: bob@example.org',
  'Subject: Lunch',
  'Message-Id: <20261128205227.4F2A1C8B3D@mydomain.com>',
  '',
  `--${BOUNDARY}--`,
  '',
].join('\r\n');

describe('buildDsn', () => {
  it('writes the bounce Postfix writes, headers of the original only', () => {
    expect(buildDsn(input)).toBe(expected);
  });

  it('is deterministic', () => {
    expect(buildDsn({ ...input })).toBe(buildDsn(input));
  });

  it('returns the full message as message/rfc822 on request', () => {
    const raw = buildDsn({ ...input, returnFullMessage: true });
    expect(raw).toContain(
      'Content-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\nReturn-Path: <pleclercq@mydomain.com>\r\n',
    );
    expect(raw).toContain(
      `Message-Id: <20261128205227.4F2A1C8B3D@mydomain.com>\r\n\r\nSee you at noon.\r\n.\r\n\r\n--${BOUNDARY}--\r\n`,
    );
  });

  it('writes a delay warning with Will-Retry-Until', () => {
    const raw = buildDsn({
      ...input,
      dateMs: ARRIVAL + 4 * 3_600_000,
      noticeQueueId: undefined,
      recipients: [
        {
          address: 'bob@example.org',
          action: 'delayed',
          status: '4.4.1',
          reason: 'connect to mx.example.org[203.0.113.25]:25: Connection timed out',
        },
      ],
    });
    expect(raw.startsWith('Date: Sun, 29 Nov 2026 00:52:27 +0000 (UTC)\r\n')).toBe(true);
    expect(raw).toContain('Subject: Delayed Mail (still being retried)\r\n');
    expect(raw).toContain(
      '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\r\n' +
        '####################################################################\r\n\r\n' +
        'Your message could not be delivered for more than 4 hour(s).\r\n' +
        'It will be retried until it is 5 day(s) old.\r\n',
    );
    expect(raw).toContain(
      '<bob@example.org>: connect to mx.example.org[203.0.113.25]:25: Connection timed\r\n    out\r\n',
    );
    expect(raw).toContain(
      'Final-Recipient: rfc822; bob@example.org\r\n' +
        'Action: delayed\r\n' +
        'Status: 4.4.1\r\n' +
        'Diagnostic-Code: X-Mailpath; connect to mx.example.org[203.0.113.25]:25:\r\n' +
        '    Connection timed out\r\n' +
        'Will-Retry-Until: Thu, 03 Dec 2026 20:52:27 +0000 (UTC)\r\n',
    );
    expect(raw).toContain('Content-Description: Undelivered Message Headers\r\n');
  });

  it('reports several recipients, with Original-Recipient and Last-Attempt-Date', () => {
    const raw = buildDsn({
      ...input,
      recipients: [
        ...input.recipients,
        {
          address: 'carol@example.org',
          originalRecipient: 'sales@example.org',
          action: 'failed',
          status: '5.2.2',
          remoteMta: 'mx.example.org',
          diagnostic: 'smtp; 552 5.2.2 Mailbox full',
          lastAttemptMs: NOW - 1000,
        },
      ],
    });
    expect(raw).toContain(
      '\r\nFinal-Recipient: rfc822; carol@example.org\r\n' +
        'Original-Recipient: rfc822; sales@example.org\r\n' +
        'Action: failed\r\n' +
        'Status: 5.2.2\r\n' +
        'Remote-MTA: dns; mx.example.org\r\n' +
        'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n' +
        'Last-Attempt-Date: Sat, 28 Nov 2026 20:52:28 +0000 (UTC)\r\n',
    );
    expect(raw).toContain('\r\n<carol@example.org>: host mx.example.org said: 552 5.2.2 Mailbox full\r\n');
  });

  it('marks 8-bit content and keeps the boundary out of the original', () => {
    const tricky = `Subject: Café\r\n\r\n--${BOUNDARY}\r\n`;
    const raw = buildDsn({ ...input, original: tricky, returnFullMessage: true });
    expect(raw).toContain('Content-Transfer-Encoding: 8bit\r\nMessage-Id:');
    expect(raw).toContain(`boundary="${BOUNDARY}/1"`);
    expect(raw).toContain('Content-Type: message/rfc822\r\nContent-Transfer-Encoding: 8bit\r\n');
  });
});

describe('parseDsn', () => {
  it('reads back action, status and diagnostic per recipient', () => {
    expect(parseDsn(expected)).toEqual({
      subject: 'Undelivered Mail Returned to Sender',
      reportingMta: 'mailserver.mydomain.com',
      arrivalDate: 'Sat, 28 Nov 2026 20:52:27 +0000 (UTC)',
      queueId: '4F2A1C8B3D',
      recipients: [
        {
          finalRecipient: 'bob@example.org',
          action: 'failed',
          status: '5.1.1',
          remoteMta: 'mx.example.org',
          diagnostic:
            'smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table',
        },
      ],
      notification: expect.stringContaining('<bob@example.org>: host mx.example.org[203.0.113.25] said:'),
      returned: expect.stringMatching(/^Return-Path: <pleclercq@mydomain.com>\r\n[\s\S]*Subject: Lunch\r\n/),
      returnedContentType: 'text/rfc822-headers',
    });
  });

  it('reads a notice from another MTA, LF-only', () => {
    const raw = [
      'From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example>',
      'Content-Type: multipart/report; report-type=delivery-status; boundary=XYZ',
      '',
      '--XYZ',
      '',
      'Delivery failed.',
      '--XYZ',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns;relay.example',
      '',
      'Final-Recipient: RFC822; a@b.example',
      'Action: failed',
      'Status: 5.0.0',
      'Diagnostic-Code: smtp;',
      '  550 no such user',
      '--XYZ--',
      '',
    ].join('\n');
    expect(parseDsn(raw)).toMatchObject({
      reportingMta: 'relay.example',
      recipients: [{ finalRecipient: 'a@b.example', action: 'failed', status: '5.0.0', diagnostic: 'smtp; 550 no such user' }],
    });
  });

  it('says undefined for a message that is not a report', () => {
    expect(parseDsn('Subject: hi\r\n\r\nbody\r\n')).toBeUndefined();
  });
});

describe('what a real MIME parser sees', () => {
  it('three parts with the right content types', async () => {
    const email = await PostalMime.parse(expected, { attachmentEncoding: 'utf8' });
    expect(email.subject).toBe('Undelivered Mail Returned to Sender');
    expect(email.from).toEqual({ name: 'Mail Delivery System', address: 'MAILER-DAEMON@mailserver.mydomain.com' });
    expect(email.text).toContain("I'm sorry to have to inform you");
    expect(email.attachments.map((a) => a.mimeType)).toEqual(['message/delivery-status', 'text/rfc822-headers']);
    expect(email.attachments[0]?.content).toContain('Final-Recipient: rfc822; bob@example.org');
    expect(email.attachments[1]?.content).toContain('Subject: Lunch');
  });

  it('the full message as message/rfc822', async () => {
    const email = await PostalMime.parse(buildDsn({ ...input, returnFullMessage: true }), {
      attachmentEncoding: 'utf8',
      forceRfc822Attachments: true,
    });
    expect(email.attachments.map((a) => a.mimeType)).toEqual(['message/delivery-status', 'message/rfc822']);
    expect(email.attachments[1]?.content).toContain('See you at noon.');
  });
});

describe('lineWrap', () => {
  it('wraps at 79 columns with a 4-space hanging indent, like Postfix line_wrap', () => {
    const lines = lineWrap(`${'word '.repeat(40)}end`);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(79);
    expect(lines.slice(1).every((l) => l.startsWith('    ') && !l.startsWith('     '))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(`${'word '.repeat(40)}end`);
  });
  it('leaves an unbreakable word whole', () => {
    expect(lineWrap(`a ${'x'.repeat(100)} b`)).toEqual(['a', `    ${'x'.repeat(100)}`, '    b']);
  });
});
