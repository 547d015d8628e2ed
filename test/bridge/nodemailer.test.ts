import { randomBytes } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import { getHeader, parseMessage } from '../../src/protocol/message/headers';
import { bridge, Cleanup, scenario, waitFor } from './helpers';

/**
 * Nodemailer, a real SMTP client, against our agents through the bridge: submission with AUTH PLAIN to
 * the MSA (which then relays through the simulated MTA, DNS and MX into Bob's mailbox), and delivery
 * straight to an MX.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function transport(port: number, auth?: { user: string; pass: string }, socketTimeout = 60_000) {
  const t = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    // STARTTLS is advertised but simulated: no real TLS handshake would follow it.
    ignoreTLS: true,
    name: 'client.example',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout,
    ...(auth ? { auth, authMethod: 'PLAIN' } : {}),
  });
  cleanup.add(() => t.close());
  return t;
}

/**
 * An envelope that makes nodemailer send BODY=8BITMIME: it copies extra envelope keys to its SMTP
 * connection, which reads `use8BitMime`; the type definitions do not list that key.
 */
const envelope8bit = (from: string, to: string): SendMailOptions['envelope'] => ({ from, to: [to], use8BitMime: true }) as SendMailOptions['envelope'];

/** The message as a mail client shows it: decoded headers, text and attachments. */
const parsed = (raw: string) => PostalMime.parse(raw);

const mailFromLines = (trace: readonly { kind: string; text?: string }[]) =>
  trace.filter((e) => e.kind === 'line' && e.text?.startsWith('MAIL FROM:')).map((e) => e.text!);

describe('nodemailer through our MSA (AUTH PLAIN, port 587)', () => {
  const MSA = { host: 'smtp.sender.example', agentPort: 587, port: 0 };
  const BOB = 'bob@recipient.example';

  it('submits a message that travels MSA -> MTA -> DNS -> MX -> MDA into the mailbox', { timeout: 30_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('two-providers'), listen: [MSA] });
    const info = await transport(b.port(), { user: 'alice@sender.example', pass: 'wonderland' }).sendMail({
      from: 'Alice Martin <alice@sender.example>',
      to: 'Bob Dupont <bob@recipient.example>',
      subject: 'Grüße aus Köln',
      text: 'Hi Bob,\n.\nThe line above is a single dot.\n..two dots\nÇa va ? 日本語\n',
    });
    expect(info.accepted).toEqual([BOB]);
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as/);
    const stored = await waitFor(() => b.world.mailbox(BOB)?.messages[0], 'delivery to Bob', 20_000);
    const headers = parseMessage(stored.raw).headers;
    expect(getHeader(headers, 'Return-Path')).toBe('<alice@sender.example>');
    expect(getHeader(headers, 'Delivered-To')).toBe(BOB);
    const mail = await parsed(stored.raw);
    expect(mail.subject).toBe('Grüße aus Köln');
    expect(mail.from).toMatchObject({ address: 'alice@sender.example', name: 'Alice Martin' });
    expect(mail.to).toEqual([{ address: BOB, name: 'Bob Dupont' }]);
    expect(mail.messageId).toBe(info.messageId);
    expect(mail.text).toBe('Hi Bob,\n.\nThe line above is a single dot.\n..two dots\nÇa va ? 日本語\n');
    // The MSA authenticated Alice; every hop's Received is there (MDA, MX, MTA, MSA).
    expect(stored.raw).toMatch(
      /Received: from client\.example \(localhost \[127\.0\.0\.1\]\)\r\n\t\(Authenticated sender: alice@sender\.example\)\r\n\tby smtp\.sender\.example \(Mailpath\) with ESMTPA/,
    );
    expect(stored.raw.match(/^Received:/gm)).toHaveLength(4);
    // The dot line went over the wire stuffed, between every pair of hops.
    const stuffed = b.world.trace.filter((e) => e.kind === 'line' && e.direction === 'c2s' && e.text === '..');
    expect(stuffed.length).toBeGreaterThanOrEqual(3);
  });

  it('relays UTF-8 8-bit text with BODY=8BITMIME, byte for byte', { timeout: 30_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('two-providers'), listen: [MSA] });
    const raw = [
      'From: Alice Martin <alice@sender.example>',
      'To: Bob Dupont <bob@recipient.example>',
      'Subject: =?UTF-8?Q?Cr=C3=A8me_br=C3=BBl=C3=A9e?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      'Crème brûlée, smørrebrød, Привет, 😀',
      '.',
      'end',
      '',
    ].join('\r\n');
    await transport(b.port(), { user: 'alice@sender.example', pass: 'wonderland' }).sendMail({
      envelope: envelope8bit('alice@sender.example', BOB),
      raw,
    });
    const stored = await waitFor(() => b.world.mailbox(BOB)?.messages[0], 'delivery to Bob', 20_000);
    expect(stored.raw).toContain('\r\n\r\nCrème brûlée, smørrebrød, Привет, 😀\r\n.\r\nend\r\n');
    const mail = await parsed(stored.raw);
    expect(mail.subject).toBe('Crème brûlée');
    // nodemailer declared it, and each of our client machines (MSA -> MTA -> MX) declared it again.
    const mailFrom = mailFromLines(b.world.trace);
    expect(mailFrom[0]).toMatch(/^MAIL FROM:<alice@sender\.example> BODY=8BITMIME/);
    expect(mailFrom.filter((l) => l.includes('BODY=8BITMIME')).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a wrong password with 535 and sends nothing', { timeout: 20_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('two-providers'), listen: [MSA] });
    await expect(
      transport(b.port(), { user: 'alice@sender.example', pass: 'wrong' }).sendMail({ from: 'alice@sender.example', to: BOB, subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 535 });
    expect(b.world.trace.some((e) => e.kind === 'queue.add')).toBe(false);
  });
});

describe('nodemailer straight to our MX (port 25)', () => {
  const MX = { host: 'mailserver.mydomain.com', port: 0 };
  const RCPT = 'pleclercq@mydomain.com';

  it('delivers 8-bit UTF-8 text with a lone dot line', { timeout: 20_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const raw = ['From: <plc@gandalf.example>', `To: <${RCPT}>`, 'Subject: dots', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'première', '.', 'dernière', ''].join('\r\n');
    const info = await transport(b.port()).sendMail({ envelope: envelope8bit('plc@gandalf.example', RCPT), raw });
    expect(info.accepted).toEqual([RCPT]);
    const stored = await waitFor(() => b.world.mailbox(RCPT)?.messages[0], 'delivery', 10_000);
    expect(stored.envelopeFrom).toBe('plc@gandalf.example');
    expect(stored.raw.endsWith('\r\n\r\npremière\r\n.\r\ndernière\r\n')).toBe(true);
    expect(stored.raw).toMatch(/^Return-Path: <plc@gandalf\.example>\r\nDelivered-To: pleclercq@mydomain\.com\r\n/);
    expect(stored.raw).toContain('Received: from client.example (localhost [127.0.0.1])\r\n\tby mailserver.mydomain.com (Mailpath) with ESMTP');
    expect(mailFromLines(b.world.trace)[0]).toMatch(/BODY=8BITMIME/);
  });

  it('delivers a 1 MB attachment intact', { timeout: 120_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const blob = randomBytes(1 << 20);
    // Generous: the ~18 000 lines of the attachment cross two simulated hops (SMTP, then LMTP), and the
    // test run may be sharing the machine.
    const info = await transport(b.port(), undefined, 100_000).sendMail({
      from: 'Gandalf <plc@gandalf.example>',
      to: RCPT,
      subject: 'the big one',
      text: 'See the attachment.\n',
      attachments: [{ filename: 'blob.bin', content: blob, contentType: 'application/octet-stream' }],
    });
    expect(info.accepted).toEqual([RCPT]);
    const stored = await waitFor(() => b.world.mailbox(RCPT)?.messages[0], 'delivery', 100_000, 50);
    const mail = await parsed(stored.raw);
    expect(mail.subject).toBe('the big one');
    expect(mail.text?.trimEnd()).toBe('See the attachment.');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('blob.bin');
    const content = mail.attachments[0]!.content;
    expect(Buffer.from(typeof content === 'string' ? Buffer.from(content, 'base64') : new Uint8Array(content)).equals(blob)).toBe(true);
  });
});
