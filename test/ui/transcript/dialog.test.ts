import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { connectionsOf, describeConnection, dialogOf, transcriptText } from '../../../src/ui/transcript/dialog';
import { Simulation } from '../../../src/world/simulation';

function traceOf(id: string) {
  const sim = new Simulation(findScenario(id)!);
  sim.world.runUntilIdle();
  return sim.trace;
}

describe('reading a connection back out of the trace', () => {
  const trace = traceOf('two-providers');

  it('lists every connection with its ends and port', () => {
    const conns = connectionsOf(trace);
    expect(conns.map((c) => c.connId)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(describeConnection(conns[0]!)).toBe('c1: alice-laptop → smtp.sender.example:587 (submission)');
    expect(conns[3]).toMatchObject({ port: 24, closedBy: 'mx.recipient.example' });
  });

  it('groups multi-line replies, and keeps the message between 354 and the dot as one block', () => {
    const d = dialogOf(trace, 'c1');
    const ehlo = d.items.find((i) => i.kind === 'reply' && i.lines.length > 1);
    expect(ehlo?.kind === 'reply' && ehlo.reply?.lines[0]).toBe('smtp.sender.example');
    const data = d.items.find((i) => i.kind === 'data');
    expect(data?.kind).toBe('data');
    if (data?.kind !== 'data') return;
    expect(data.lines.map((l) => l.text)).toContain('Subject: Lunch on Friday?');
    expect(data.lines.map((l) => l.text)).toContain('Hi Bob,');
    expect(data.end?.text).toBe('.');
    // No command was taken for a line of the message.
    expect(d.items.filter((i) => i.kind === 'command').map((i) => (i.kind === 'command' ? i.line.text : ''))).not.toContain('Hi Bob,');
  });

  it('pairs the envelope commands with their replies, even pipelined', () => {
    const [tx] = dialogOf(trace, 'c1').transactions;
    expect(tx?.mailFrom).toBe('alice@sender.example');
    expect(tx?.mailFromReply?.code).toBe(250);
    expect(tx?.rcpts).toEqual([{ address: 'bob@recipient.example', reply: expect.objectContaining({ code: 250, dsn: '2.1.5' }) }]);
    expect(tx?.results[0]?.lines[0]).toMatch(/^Ok: queued as /);
    expect(tx?.message).toMatch(/^Message-ID: .*\r\n/);
    expect(tx?.message).toContain('\r\n\r\nHi Bob,\r\n');
  });

  it('reads LMTP: one reply per accepted recipient after the dot', () => {
    const [tx] = dialogOf(trace, 'c4').transactions;
    expect(tx?.results).toHaveLength(1);
    expect(tx?.results[0]?.lines[0]).toMatch(/Saved$/);
  });

  it('prints the dialog with swaks markers: client, server, and error replies', () => {
    const text = transcriptText(dialogOf(trace, 'c1'));
    expect(text).toContain('=== Connected alice-laptop -> smtp.sender.example:587 (c1)\n');
    expect(text).toContain('\n -> EHLO alice-laptop\n');
    expect(text).toContain('\n<-  220 smtp.sender.example ESMTP Mailpath\n');
    expect(text).toContain('\n -> Hi Bob,\n');
    expect(text).toContain('\n -> .\n');
    const bounced = transcriptText(dialogOf(traceOf('user-unknown'), 'c3'));
    expect(bounced).toContain('\n<** 550 5.1.1 <bobby@recipient.example>: Recipient address rejected: User unknown in local recipient table\n');
    expect(bounced).toContain('\n<** 554 5.5.1 Error: no valid recipients\n');
  });

  it('marks a refused recipient in the transaction', () => {
    const [tx] = dialogOf(traceOf('user-unknown'), 'c3').transactions;
    expect(tx?.rcpts[0]?.reply?.code).toBe(550);
  });
});
