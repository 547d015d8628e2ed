import { describe, expect, it } from 'vitest';
import { findScenario } from '../../../src/scenarios';
import { eventRows, rowReader } from '../../../src/ui/events/rows';
import { Simulation } from '../../../src/world/simulation';

function runToEnd(id: string) {
  const sim = new Simulation(findScenario(id)!);
  sim.world.runUntilIdle();
  return sim;
}

describe('event rows', () => {
  const sim = runToEnd('two-providers');
  const rows = eventRows(sim.trace, sim.world.startTime);

  it('has one row per trace event, in order, with its time', () => {
    expect(rows).toHaveLength(sim.trace.length);
    expect(rows.map((r) => r.seq)).toEqual(sim.trace.map((e) => e.seq));
  });

  it('names the MX lookup and its answer as DNS rows from the MTA to the resolver and back', () => {
    const query = rows.find((r) => r.kind === 'DNS query' && r.summary === 'recipient.example MX?');
    expect(query).toMatchObject({ from: 'mta.sender.example', to: 'resolver', category: 'dns' });
    const answer = rows.find((r) => r.kind === 'DNS answer' && r.summary.includes('MX 10 mx.recipient.example'));
    expect(answer).toMatchObject({ from: 'resolver', to: 'mta.sender.example', category: 'dns' });
  });

  it('tells commands, replies and the lines of the message apart, and LMTP from SMTP', () => {
    expect(rows.find((r) => r.summary === 'EHLO alice-laptop')?.kind).toBe('SMTP command');
    expect(rows.find((r) => r.summary.startsWith('354 '))?.kind).toBe('SMTP reply');
    expect(rows.find((r) => r.summary === 'Hi Bob,')?.kind).toBe('message line');
    expect(rows.find((r) => r.kind === 'end of data')).toBeDefined();
    expect(rows.find((r) => r.summary === 'LHLO mx.recipient.example')?.kind).toBe('LMTP command');
  });

  it('shows the delivery into the mailbox as a delivery row', () => {
    const delivered = rows.filter((r) => r.category === 'delivery' && r.kind === 'delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ from: 'mx.recipient.example', to: 'bob@recipient.example' });
  });

  it('colours error replies and bounces', () => {
    const bounced = runToEnd('user-unknown');
    const r = eventRows(bounced.trace, bounced.world.startTime);
    expect(r.find((x) => x.summary.startsWith('550 5.1.1'))?.tone).toBe('reply-5xx');
    expect(r.find((x) => x.category === 'bounce')).toMatchObject({ kind: 'bounced', to: 'alice@sender.example', tone: 'bounce' });
  });
});

describe('rowReader', () => {
  it('converts only the new events while the trace grows, and starts over when it does not', () => {
    const sim = new Simulation(findScenario('two-providers')!);
    sim.world.runUntilIdle();
    const full = sim.trace.slice();
    const read = rowReader(sim.world.startTime);
    const first = read(full.slice(0, 100));
    const grown = read(full);
    expect(grown.slice(0, 100)).toEqual(first);
    // The first hundred rows are the very same objects: they were not made again.
    expect(grown[99]).toBe(first[99]);
    expect(read(full)).toBe(grown);
    expect(grown).toEqual(eventRows(full, sim.world.startTime));
    // Going back: a shorter trace is read afresh, with the same result as from scratch.
    expect(read(full.slice(0, 50))).toEqual(eventRows(full.slice(0, 50), sim.world.startTime));
  });
});
