import { describe, expect, it } from 'vitest';
import { parseDsn } from '../../src/protocol/message/dsn';
import { parseMessage } from '../../src/protocol/message/headers';
import type { World } from '../../src/world/world';
import { connIds, dataLines, dialog, events, expectDelivered, hops, preset, queueAdds, queueIdAt, run } from '../helpers';

const MSA = 'smtp.sender.example';
const MTA = 'mta.sender.example';
const MX = 'mx.recipient.example';
const ehlo = (host: string, ...extra: string[]) => [
  `S: 250-${host}`,
  'S: 250-PIPELINING',
  'S: 250-SIZE 10240000',
  'S: 250-VRFY',
  'S: 250-STARTTLS',
  ...extra.map((e) => `S: 250-${e}`),
  'S: 250-ENHANCEDSTATUSCODES',
  'S: 250 8BITMIME',
];
const lhlo = (host: string) => [`S: 250-${host}`, 'S: 250-PIPELINING', 'S: 250-SIZE 10240000', 'S: 250-ENHANCEDSTATUSCODES', 'S: 250 8BITMIME'];
const MUA_HEADERS = ['Message-ID', 'Date', 'MIME-Version', 'User-Agent', 'From', 'To', 'Subject', 'Content-Type', 'Content-Transfer-Encoding'];

/** A relaying hop's dialog with its data collapsed: what changes between hops is names, sizes and ids. */
function relayDialog(server: string, client: string, from: string, to: string, size: number, lines: number, queued: string, extensions = ehlo(server)): string[] {
  return [
    `S: 220 ${server} ESMTP Mailpath`,
    `C: EHLO ${client}`,
    ...extensions,
    `C: MAIL FROM:<${from}> SIZE=${size}`,
    `C: RCPT TO:<${to}>`,
    'C: DATA',
    'S: 250 2.1.0 Ok',
    'S: 250 2.1.5 Ok',
    'S: 354 End data with <CR><LF>.<CR><LF>',
    `C: [${lines} lines]`,
    'C: .',
    `S: 250 2.0.0 Ok: queued as ${queued}`,
    'C: QUIT',
    'S: 221 2.0.0 Bye',
  ];
}

/** Each hop sends what it received with exactly one Received more on top, written by itself. */
function expectOneMoreReceived(world: World, before: string, after: string, by: string): void {
  const prev = dataLines(world, before);
  const next = dataLines(world, after);
  expect(next.slice(next.length - prev.length)).toEqual(prev);
  const added = next.slice(0, next.length - prev.length);
  expect(added[0]).toMatch(/^Received: /);
  expect(added.slice(1).every((l) => l.startsWith('\t'))).toBe(true);
  expect(hops(`${added.join('\r\n')}\r\n\r\n`)).toEqual([expect.objectContaining({ by })]);
}

describe('two-providers: Alice to Bob', () => {
  const world = run(preset('two-providers'));
  const msaQ = queueIdAt(world, MSA);
  const mtaQ = queueIdAt(world, MTA);
  const mxQ = queueIdAt(world, MX);
  const [c1] = connIds(world, 'alice-laptop', MSA, 587);
  const [c2] = connIds(world, MSA, MTA, 10025);
  const [c3] = connIds(world, MTA, MX, 25);
  const [c4] = connIds(world, MX, MX, 24);

  it('one connection per hop, in order', () => {
    expect([c1, c2, c3, c4]).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('MUA -> MSA: EHLO, AUTH PLAIN, pipelined envelope, the message', () => {
    expect(dialog(world, c1!)).toEqual([
      `S: 220 ${MSA} ESMTP Mailpath`,
      'C: EHLO alice-laptop',
      ...ehlo(MSA, 'AUTH PLAIN LOGIN'),
      `C: AUTH PLAIN ${btoa('\0alice@sender.example\0wonderland')}`,
      'S: 235 2.7.0 Authentication successful',
      'C: MAIL FROM:<alice@sender.example> SIZE=422',
      'C: RCPT TO:<bob@recipient.example>',
      'C: DATA',
      'S: 250 2.1.0 Ok',
      'S: 250 2.1.5 Ok',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: Message-ID: <20260312081500.08FF49B6F77@sender.example>',
      'C: Date: Thu, 12 Mar 2026 08:15:00 +0000',
      'C: MIME-Version: 1.0',
      'C: User-Agent: Mailpath MUA',
      'C: From: Alice Martin <alice@sender.example>',
      'C: To: Bob Dupont <bob@recipient.example>',
      'C: Subject: Lunch on Friday?',
      'C: Content-Type: text/plain; charset=UTF-8; format=flowed',
      'C: Content-Transfer-Encoding: 7bit',
      'C: ',
      'C: Hi Bob,',
      'C: ',
      'C: Are you free for lunch on Friday? The usual place at noon.',
      'C: ',
      'C: Alice',
      'C: .',
      `S: 250 2.0.0 Ok: queued as ${msaQ}`,
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
  });

  it('MSA -> MTA, MTA -> MX, MX -> MDA: the same transaction, one hop further each time', () => {
    expect(dialog(world, c2!, { collapseData: true })).toEqual(relayDialog(MTA, MSA, 'alice@sender.example', 'bob@recipient.example', 659, 19, mtaQ));
    expect(dialog(world, c3!, { collapseData: true })).toEqual(relayDialog(MX, MTA, 'alice@sender.example', 'bob@recipient.example', 863, 22, mxQ));
    const mdaId = events(world, 'deliver')[0]!.queueId;
    expect(dialog(world, c4!, { collapseData: true })).toEqual([
      `S: 220 ${MX} LMTP Mailpath ready`,
      `C: LHLO ${MX}`,
      ...lhlo(MX),
      'C: MAIL FROM:<alice@sender.example> SIZE=1068',
      'C: RCPT TO:<bob@recipient.example>',
      'C: DATA',
      'S: 250 2.1.0 Ok',
      'S: 250 2.1.5 Ok',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: [25 lines]',
      'C: .',
      `S: 250 2.0.0 <bob@recipient.example> ${mdaId} Saved`,
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    expectOneMoreReceived(world, c1!, c2!, MSA);
    expectOneMoreReceived(world, c2!, c3!, MTA);
    expectOneMoreReceived(world, c3!, c4!, MX);
  });

  it('the MTA asks DNS for the MX of recipient.example, then its address', () => {
    expect(events(world, 'dns.query').map((e) => `${e.from}: ${e.name} ${e.type}`)).toEqual([
      `${MTA}: recipient.example MX`,
      `${MTA}: ${MX} A`,
      `${MTA}: ${MX} AAAA`,
    ]);
  });

  it('Bob\'s mailbox: the trace fields of four hops on top of what Alice\'s client wrote, body intact', () => {
    const [msg] = world.mailbox('bob@recipient.example')!.messages;
    expectDelivered(msg!.raw, {
      returnPath: 'alice@sender.example',
      deliveredTo: 'bob@recipient.example',
      hops: [
        { by: MX, with: 'LMTP', id: events(world, 'deliver')[0]!.queueId },
        { by: MX, with: 'ESMTP', id: mxQ },
        { by: MTA, with: 'ESMTP', id: mtaQ },
        { by: MSA, with: 'ESMTPA', id: msaQ },
      ],
      original: MUA_HEADERS,
      body: 'Hi Bob,\r\n\r\nAre you free for lunch on Friday? The usual place at noon.\r\n\r\nAlice\r\n',
    });
    expect(world.mailbox('alice@sender.example')!.messages).toEqual([]);
  });

  it('every queue hands the message on once and lets it go', () => {
    expect(events(world, 'queue.sent').map((e) => [e.host, e.queueId])).toEqual([
      [MSA, msaQ],
      [MX, mxQ],
      [MTA, mtaQ],
    ]);
    expect(events(world, 'queue.remove').map((e) => e.queueId).sort()).toEqual([msaQ, mtaQ, mxQ].sort());
    expect(events(world, 'queue.defer')).toEqual([]);
    expect(events(world, 'bounce')).toEqual([]);
  });
});

describe('mx-failover: the primary MX is down', () => {
  const world = run(preset('mx-failover'));

  it('the connection to mx1 times out after 30 s; mx2 is tried next and accepts', () => {
    const [attempt] = connIds(world, MTA, 'mx1.recipient.example', 25);
    const started = events(world, 'state').find((e) => e.actor === `client:${attempt}` && e.to === 'connecting')!;
    const failed = events(world, 'connect.failed').find((e) => e.connId === attempt)!;
    expect(failed.reason).toBe('connect to mx1.recipient.example[192.0.2.25]:25: Connection timed out');
    expect(failed.t - started.t).toBe(30_000);
    const [second] = connIds(world, MTA, 'mx2.recipient.example', 25);
    expect(events(world, 'connect').find((e) => e.connId === second)!.t).toBe(failed.t + 20);
    expect(dialog(world, second!, { collapseData: true })).toEqual(
      relayDialog('mx2.recipient.example', MTA, 'alice@sender.example', 'bob@recipient.example', 846, 18, queueIdAt(world, 'mx2.recipient.example')),
    );
  });

  it('the message reaches the shared store with one Received per hop', () => {
    const [msg] = world.mailbox('bob@recipient.example')!.messages;
    expect(hops(msg!.raw).map((h) => `${h.by} ${h.with}`)).toEqual([
      'store.recipient.example LMTP',
      'mx2.recipient.example ESMTP',
      `${MTA} ESMTP`,
      `${MSA} ESMTPA`,
    ]);
    expect(parseMessage(msg!.raw).body).toBe('Bob, your primary mail server seems to be down. This should still reach you.\r\n');
    expect(events(world, 'bounce')).toEqual([]);
  });
});

describe('user-unknown: a bounce comes back', () => {
  const world = run(preset('user-unknown'));
  const mtaQ = queueIdAt(world, MTA);

  it('the MX refuses the recipient at RCPT; with PIPELINING the DATA that followed gets 554', () => {
    const [c3] = connIds(world, MTA, MX, 25);
    expect(dialog(world, c3!)).toEqual([
      `S: 220 ${MX} ESMTP Mailpath`,
      `C: EHLO ${MTA}`,
      ...ehlo(MX),
      'C: MAIL FROM:<alice@sender.example> SIZE=804',
      'C: RCPT TO:<bobby@recipient.example>',
      'C: DATA',
      'S: 250 2.1.0 Ok',
      'S: 550 5.1.1 <bobby@recipient.example>: Recipient address rejected: User unknown in local recipient table',
      'S: 554 5.5.1 Error: no valid recipients',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
  });

  it('the MTA bounces once, to the envelope sender, with the null sender', () => {
    const bounces = events(world, 'bounce');
    expect(bounces).toHaveLength(1);
    expect(bounces[0]).toMatchObject({ host: MTA, queueId: mtaQ, recipients: ['bobby@recipient.example'], to: 'alice@sender.example' });
    const notice = queueAdds(world, MTA)[1]!;
    expect(notice).toMatchObject({ queueId: bounces[0]!.bounceQueueId, from: '', to: ['alice@sender.example'] });
  });

  it('the DSN lands in Alice\'s mailbox and parses back: 5.1.1, failed, the MX that said so', () => {
    const [msg] = world.mailbox('alice@sender.example')!.messages;
    expect(world.mailbox('alice@sender.example')!.messages).toHaveLength(1);
    expect(msg!.envelopeFrom).toBe('');
    expect(parseMessage(msg!.raw).headers[0]).toMatchObject({ name: 'Return-Path', value: '<>' });
    expect(hops(msg!.raw).map((h) => `${h.by} ${h.with}`)).toEqual(['mx.sender.example LMTP', 'mx.sender.example ESMTP', `${MTA} `]);
    const dsn = parseDsn(msg!.raw)!;
    expect(dsn.reportingMta).toBe(MTA);
    expect(dsn.queueId).toBe(mtaQ);
    expect(dsn.recipients).toEqual([
      expect.objectContaining({
        finalRecipient: 'bobby@recipient.example',
        action: 'failed',
        status: '5.1.1',
        remoteMta: MX,
        diagnostic: 'smtp; 550 5.1.1 <bobby@recipient.example>: Recipient address rejected: User unknown in local recipient table',
      }),
    ]);
    expect(dsn.returned).toContain('Subject: Hello Bob');
    expect(world.mailbox('bob@recipient.example')!.messages).toEqual([]);
  });
});

describe('greylisting: 451, then accepted on retry', () => {
  const world = run(preset('greylisting'));
  const attempts = connIds(world, MTA, MX, 25);

  it('the first attempt gets 451 4.7.1 at RCPT and the message is deferred for 300 s', () => {
    expect(attempts).toHaveLength(2);
    expect(dialog(world, attempts[0]!).slice(-5)).toEqual([
      'S: 250 2.1.0 Ok',
      'S: 451 4.7.1 <bob@recipient.example>: Recipient address rejected: Greylisted, try again in 5 minutes',
      'S: 554 5.5.1 Error: no valid recipients',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    const [defer] = events(world, 'queue.defer');
    expect(defer).toMatchObject({ host: MTA, queueId: queueIdAt(world, MTA), recipients: ['bob@recipient.example'] });
    expect(defer!.retryAt).toBe(world.startTime + defer!.t + 300_000);
  });

  it('the retry starts 300 s later and is accepted', () => {
    const [defer] = events(world, 'queue.defer');
    const retryQuery = events(world, 'dns.query').find((e) => e.t > defer!.t)!;
    expect(retryQuery.t).toBe(defer!.t + 300_000);
    expect(dialog(world, attempts[1]!, { collapseData: true })).toEqual(
      relayDialog(MX, MTA, 'alice@sender.example', 'bob@recipient.example', 801, 18, queueIdAt(world, MX)),
    );
    const [msg] = world.mailbox('bob@recipient.example')!.messages;
    expect(hops(msg!.raw)).toHaveLength(4);
    expect(events(world, 'bounce')).toEqual([]);
  });
});
