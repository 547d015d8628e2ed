import { describe, expect, it } from 'vitest';
import { formatTrace } from '../../src/world/swaks-format';
import { connIds, dialog, events, expectDelivered, preset, queueAdds, queueIdAt, run } from '../helpers';

const SERVER = 'mailserver.mydomain.com';
const EHLO = [`S: 250-${SERVER}`, 'S: 250-PIPELINING', 'S: 250-SIZE 10240000', 'S: 250-VRFY', 'S: 250-STARTTLS', 'S: 250-ENHANCEDSTATUSCODES', 'S: 250 8BITMIME'];

describe('seed-basic: the article\'s telnet session', () => {
  const world = run(preset('seed-basic'));
  const qid = queueIdAt(world, SERVER);

  it('shows exactly the article\'s dialog', () => {
    expect(connIds(world, 'gandalf', SERVER, 25)).toEqual(['c1']);
    expect(dialog(world, 'c1')).toEqual([
      `S: 220 ${SERVER} ESMTP Mailpath`,
      'C: HELO gandalf',
      `S: 250 ${SERVER}`,
      'C: MAIL FROM:<plc@gandalf>',
      'S: 250 2.1.0 Ok',
      'C: RCPT TO:<pleclercq@mydomain.com>',
      'S: 250 2.1.5 Ok',
      'C: DATA',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: This is a test mail, typed by hand.',
      'C: .',
      `S: 250 2.0.0 Ok: queued as ${qid}`,
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
  });

  it('hands the message to the MDA over LMTP on the same host', () => {
    const [lmtp] = connIds(world, SERVER, SERVER, 24);
    expect(dialog(world, lmtp!, { collapseData: true })).toEqual([
      `S: 220 ${SERVER} LMTP Mailpath ready`,
      `C: LHLO ${SERVER}`,
      `S: 250-${SERVER}`,
      'S: 250-PIPELINING',
      'S: 250-SIZE 10240000',
      'S: 250-ENHANCEDSTATUSCODES',
      'S: 250 8BITMIME',
      'C: MAIL FROM:<plc@gandalf> SIZE=223',
      'C: RCPT TO:<pleclercq@mydomain.com>',
      'C: DATA',
      'S: 250 2.1.0 Ok',
      'S: 250 2.1.5 Ok',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: [5 lines]',
      'C: .',
      `S: 250 2.0.0 <pleclercq@mydomain.com> ${events(world, 'deliver')[0]!.queueId} Saved`,
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
  });

  it('stores the bytes: Return-Path, Delivered-To, one Received per hop, the blank line, the body', () => {
    const box = world.mailbox('pleclercq@mydomain.com')!;
    expect(box.messages).toHaveLength(1);
    const [msg] = box.messages;
    expect(msg!.envelopeFrom).toBe('plc@gandalf');
    const mdaId = events(world, 'deliver')[0]!.queueId;
    expectDelivered(msg!.raw, {
      returnPath: 'plc@gandalf',
      deliveredTo: 'pleclercq@mydomain.com',
      hops: [
        { by: SERVER, with: 'LMTP', id: mdaId },
        { by: SERVER, with: 'SMTP', id: qid },
      ],
      original: [],
      body: 'This is a test mail, typed by hand.\r\n',
    });
  });

  it('the queue entry leaves once the MDA saved it', () => {
    expect(events(world, 'queue.sent').map((e) => [e.host, e.queueId, e.recipient])).toEqual([[SERVER, qid, 'pleclercq@mydomain.com']]);
    expect(events(world, 'queue.remove').map((e) => e.queueId)).toEqual([qid]);
  });

  it('prints as swaks would', () => {
    const out = formatTrace(world.trace, { startMs: world.startTime });
    expect(out.slice(0, 5)).toEqual([
      `[   0.020s] === Connected gandalf -> ${SERVER}:25 (c1)`,
      `[   0.020s] <-  220 ${SERVER} ESMTP Mailpath`,
      '[   0.840s]  -> HELO gandalf',
      `[   0.860s] <-  250 ${SERVER}`,
      '[   1.680s]  -> MAIL FROM:<plc@gandalf>',
    ]);
    expect(out).toContain(`[   4.530s] === ${SERVER}: ${qid}: to=<pleclercq@mydomain.com> relay=${SERVER} status=sent (250 2.0.0 <pleclercq@mydomain.com> ${events(world, 'deliver')[0]!.queueId} Saved)`);
  });
});

describe('seed-headers: From, To and Subject typed by hand', () => {
  const world = run(preset('seed-headers'));

  it('the dialog carries the header lines inside DATA', () => {
    expect(dialog(world, 'c1').slice(7)).toEqual([
      'C: DATA',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: From: plc@gandalf',
      'C: To: pleclercq@mydomain.com',
      'C: Subject: A test mail with headers',
      'C: ',
      'C: This time the mail client can show the sender, the recipient and the subject.',
      'C: .',
      `S: 250 2.0.0 Ok: queued as ${queueIdAt(world, SERVER)}`,
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
  });

  it('the typed headers come after the trace fields, in the order typed', () => {
    const [msg] = world.mailbox('pleclercq@mydomain.com')!.messages;
    expectDelivered(msg!.raw, {
      returnPath: 'plc@gandalf',
      deliveredTo: 'pleclercq@mydomain.com',
      hops: [
        { by: SERVER, with: 'LMTP', id: events(world, 'deliver')[0]!.queueId },
        { by: SERVER, with: 'SMTP', id: queueIdAt(world, SERVER) },
      ],
      original: ['From', 'To', 'Subject'],
      body: 'This time the mail client can show the sender, the recipient and the subject.\r\n',
    });
  });
});

describe('relay-denied', () => {
  const world = run(preset('relay-denied'));

  it('554 5.7.1 for a domain the server is not responsible for, and nothing is queued', () => {
    expect(dialog(world, 'c1')).toEqual([
      `S: 220 ${SERVER} ESMTP Mailpath`,
      'C: EHLO mallory.example',
      ...EHLO,
      'C: MAIL FROM:<offers@mallory.example>',
      'S: 250 2.1.0 Ok',
      'C: RCPT TO:<victim@elsewhere.example>',
      'S: 554 5.7.1 <victim@elsewhere.example>: Relay access denied',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    expect(queueAdds(world)).toEqual([]);
    expect(world.mailboxes().flatMap((m) => m.mailbox.messages)).toEqual([]);
    expect(events(world, 'disconnect').map((e) => e.by)).toEqual([SERVER]);
  });
});
