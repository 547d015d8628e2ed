import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { analyzeMessage, describeWith, type MessageOrigin, messageOfConnection } from '../../../src/ui/inspector/analysis';
import { Simulation } from '../../../src/world/simulation';

function run(id: string, act?: (sim: Simulation) => void) {
  const sim = new Simulation(findScenario(id)!);
  act?.(sim);
  sim.world.runUntilIdle();
  return sim;
}

function mailboxMessage(sim: Simulation, address: string, index = 0) {
  const box = sim.world.mailboxes().find((b) => b.mailbox.address === address)!;
  const m = box.mailbox.messages[index]!;
  const origin: MessageOrigin = { kind: 'mailbox', address, uid: m.uid, host: box.host, queueId: m.queueId, envelopeFrom: m.envelopeFrom };
  return analyzeMessage(m.raw, origin, sim.trace);
}

describe('message analysis', () => {
  it('recovers the envelope of the first hop from the trace, and finds that it agrees with the headers', () => {
    const a = mailboxMessage(run('two-providers'), 'bob@recipient.example');
    expect(a.envelope).toMatchObject({ mailFrom: 'alice@sender.example', firstHop: true, fromTrace: true, connId: 'c1' });
    expect(a.envelope?.rcpts).toEqual([expect.objectContaining({ address: 'bob@recipient.example', accepted: true })]);
    expect(a.thisCopy).toBe('bob@recipient.example');
    expect(a.headers).toMatchObject({ subject: 'Lunch on Friday?', from: 'Alice Martin <alice@sender.example>' });
    expect(a.notes.map((n) => n.title)).toEqual(['Envelope and headers agree']);
  });

  it('lays the Received chain out as a journey, first hop first, with the delays the trace shows', () => {
    const a = mailboxMessage(run('two-providers'), 'bob@recipient.example');
    expect(a.hops.map((h) => `${h.from} > ${h.by}`)).toEqual([
      'alice-laptop > smtp.sender.example',
      'smtp.sender.example > mta.sender.example',
      'mta.sender.example > mx.recipient.example',
      'mx.recipient.example > mx.recipient.example',
    ]);
    expect(a.hops[0]?.delayMs).toBeUndefined();
    for (const h of a.hops.slice(1)) {
      expect(h.delayFrom).toBe('trace');
      expect(h.delayMs).toBeGreaterThan(0);
    }
    expect(a.hops[3]?.with).toBe('LMTP');
    expect(describeWith('ESMTPA')).toBe('ESMTP (the client said EHLO), after logging in (AUTH)');
    expect(describeWith('ESMTPSA')).toContain('over TLS');
  });

  it('explains a Bcc recipient and a From that differs from MAIL FROM', () => {
    const sim = run('two-providers', (s) => {
      s.world.runUntilIdle();
      s.apply({
        kind: 'compose',
        host: 'alice-laptop',
        draft: { to: ['Bob Dupont <bob@recipient.example>'], cc: [], bcc: ['alice@sender.example'], subject: 'Urgent', body: 'Pay now.\n', fromHeader: 'The Boss <ceo@bank.example>' },
      });
    });
    const alice = mailboxMessage(sim, 'alice@sender.example');
    const titles = alice.notes.map((n) => n.title);
    expect(titles).toContain('The From header differs from MAIL FROM');
    expect(titles).toContain('Bcc: <alice@sender.example> is in RCPT TO but in no header');
    expect(alice.notes.find((n) => n.title.startsWith('Bcc'))?.text).toContain("You are reading alice@sender.example's own copy");
    expect(alice.envelope?.rcpts.map((r) => r.address)).toEqual(['bob@recipient.example', 'alice@sender.example']);
    // Bob's copy says the same about the sender, and about alice, whom he cannot see.
    const bob = mailboxMessage(sim, 'bob@recipient.example', 1);
    expect(bob.notes.find((n) => n.title.startsWith('Bcc'))?.text).not.toContain('own copy');
    expect(bob.headers.fromList[0]?.address).toBe('ceo@bank.example');
  });

  it('says the mail client has little to show when From, To and Subject are missing (the seed article)', () => {
    const a = mailboxMessage(run('seed-basic'), 'pleclercq@mydomain.com');
    const missing = a.notes.find((n) => n.title === 'No From, To and Subject header');
    expect(missing?.text).toContain('The mail client has little to show');
    expect(a.envelope).toMatchObject({ mailFrom: 'plc@gandalf', connId: 'c1', firstHop: true });
    expect(a.notes.some((n) => n.title === 'No Date and Message-ID')).toBe(true);
  });

  it('reads a bounce: the null sender, and a delivery status notification', () => {
    const a = mailboxMessage(run('user-unknown'), 'alice@sender.example');
    expect(a.envelope?.mailFrom).toBe('');
    expect(a.notes.map((n) => n.title)).toEqual(expect.arrayContaining(['Empty envelope sender: MAIL FROM:<>', 'A bounce: a delivery status notification']));
    expect(a.dsn?.recipients[0]).toMatchObject({ action: 'failed', status: '5.1.1' });
    // The bounce was made on the MTA: its first Received has no sending client.
    expect(a.hops[0]).toMatchObject({ by: 'mta.sender.example' });
    expect(a.hops[0]?.from).toBeUndefined();
  });

  it('falls back to Return-Path and Delivered-To when the trace does not show the hops', () => {
    const sim = run('two-providers');
    const box = sim.world.mailboxes().find((b) => b.mailbox.address === 'bob@recipient.example')!;
    const m = box.mailbox.messages[0]!;
    const a = analyzeMessage(m.raw, { kind: 'mailbox', address: 'bob@recipient.example', uid: m.uid, host: box.host, queueId: m.queueId, envelopeFrom: m.envelopeFrom }, []);
    expect(a.envelope).toMatchObject({ mailFrom: 'alice@sender.example', fromTrace: false, rcpts: [{ address: 'bob@recipient.example' }] });
    expect(a.envelope?.source).toContain('Return-Path and Delivered-To');
  });

  it("reads the message a connection's DATA carried, with that connection's envelope", () => {
    const sim = run('two-providers');
    const raw = messageOfConnection(sim.trace, 'c3')!;
    expect(raw.startsWith('Received: from smtp.sender.example')).toBe(true);
    const a = analyzeMessage(raw, { kind: 'connection', connId: 'c3' }, sim.trace);
    expect(a.envelope).toMatchObject({ mailFrom: 'alice@sender.example', connId: 'c3', firstHop: false });
    expect(a.thisCopy).toBeUndefined();
  });
});
