import { describe, expect, it } from 'vitest';
import { seedSession } from '../../src/scenarios/presets/seed-basic';
import { Simulation } from '../../src/world/simulation';
import type { TraceEvent } from '../../src/world/trace';
import { dialog, quiet, settle, typeAtConsole } from '../helpers';

const SERVER = 'mailserver.mydomain.com';

/** A person at the console types the seed article's session, waiting for each reply. */
function typeSession(sim: Simulation): string {
  const connId = typeAtConsole(sim, { from: 'gandalf', to: SERVER, port: 25 }, seedSession('Typed at the console.'));
  sim.world.runUntilIdle();
  return connId;
}

const json = (trace: readonly TraceEvent[]): string => JSON.stringify(trace);

describe('Simulation.apply', () => {
  it('console lines reach the server\'s machine and its replies come back in the trace', () => {
    const sim = new Simulation(quiet('seed-basic'));
    const connId = typeSession(sim);
    expect(connId).toBe('c1');
    const queued = sim.trace.find((e) => e.kind === 'queue.add')!;
    expect(dialog(sim.world, connId)).toEqual([
      `S: 220 ${SERVER} ESMTP Mailpath`,
      'C: HELO gandalf',
      `S: 250 ${SERVER}`,
      'C: MAIL FROM:<plc@gandalf>',
      'S: 250 2.1.0 Ok',
      'C: RCPT TO:<pleclercq@mydomain.com>',
      'S: 250 2.1.5 Ok',
      'C: DATA',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: Typed at the console.',
      'C: .',
      `S: 250 2.0.0 Ok: queued as ${'queueId' in queued ? queued.queueId : ''}`,
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    expect(sim.world.isOpen(connId)).toBe(false);
    expect(sim.world.mailbox('pleclercq@mydomain.com')!.messages).toHaveLength(1);
    expect(sim.actions.map((a) => a.action.kind)).toEqual(['console.open', ...Array(7).fill('console.line')]);
  });

  it('compose: the MUA submits and the message travels to Bob', () => {
    const sim = new Simulation(quiet('two-providers'));
    sim.seekToTime(5000);
    sim.apply({ kind: 'compose', host: 'alice-laptop', draft: { to: ['bob@recipient.example'], cc: [], bcc: [], subject: 'From the UI', body: 'Hi\n' } });
    sim.world.runUntilIdle();
    const submit = sim.trace.find((e) => e.kind === 'submit')!;
    expect(submit).toMatchObject({ t: 5000, host: 'alice-laptop', subject: 'From the UI' });
    const [msg] = sim.world.mailbox('bob@recipient.example')!.messages;
    expect(msg!.raw).toContain('Subject: From the UI\r\n');
  });

  it('console.close hangs up from the client side', () => {
    const sim = new Simulation(quiet('seed-basic'));
    const connId = sim.apply({ kind: 'console.open', from: 'gandalf', to: SERVER, port: 25 })!;
    settle(sim);
    sim.apply({ kind: 'console.close', connId });
    settle(sim);
    expect(sim.world.isOpen(connId)).toBe(false);
    expect(sim.trace.filter((e) => e.kind === 'disconnect')).toEqual([expect.objectContaining({ connId, by: 'gandalf' })]);
  });
});

describe('Simulation: going back and forth replays exactly', () => {
  const played = () => {
    const sim = new Simulation(quiet('seed-basic'));
    typeSession(sim);
    return { sim, full: sim.trace.slice() };
  };

  it('seekToEvent back and forth lands on identical prefixes of the same trace', () => {
    const { sim, full } = played();
    const n = full.length;
    expect(n).toBeGreaterThan(60);
    for (const k of [Math.floor(n / 2), 5, n, 17, 1, n - 1, 0, 40, n]) {
      sim.seekToEvent(k);
      expect(sim.trace.length).toBeGreaterThanOrEqual(k);
      expect(json(sim.trace)).toBe(json(full.slice(0, sim.trace.length)));
    }
    expect(json(sim.trace)).toBe(json(full));
    expect(sim.world.mailbox('pleclercq@mydomain.com')!.messages).toHaveLength(1);
  });

  it('seekToTime runs exactly the events up to that time, and the clock shows it', () => {
    const { sim, full } = played();
    const end = full.at(-1)!.t;
    for (const ms of [end / 2, 100, end + 10, 1234, 0, end]) {
      sim.seekToTime(ms);
      expect(sim.world.now).toBe(ms);
      expect(json(sim.trace)).toBe(json(full.slice(0, sim.trace.length)));
      expect(sim.trace.every((e) => e.t <= ms)).toBe(true);
      const next = full[sim.trace.length];
      if (next) expect(next.t).toBeGreaterThan(ms);
    }
  });

  it('step moves one event at a time, and replays the logged actions on the way', () => {
    const { sim, full } = played();
    sim.rewind();
    expect(sim.trace).toEqual([]);
    while (sim.step()) {
      expect(json(sim.trace)).toBe(json(full.slice(0, sim.trace.length)));
    }
    expect(json(sim.trace)).toBe(json(full));
  });

  it('acting after going back rewrites the future: the replay shows what the person saw', () => {
    const { sim } = played();
    // Back to just after the greeting, then a different session from there.
    const greeting = sim.trace.findIndex((e) => e.kind === 'line' && e.text.startsWith('220 '));
    sim.seekToEvent(greeting + 1);
    sim.apply({ kind: 'console.line', connId: 'c1', text: 'EHLO somewhere-else' });
    settle(sim);
    sim.apply({ kind: 'console.line', connId: 'c1', text: 'QUIT' });
    sim.world.runUntilIdle();
    const seen = json(sim.trace);
    expect(dialog(sim.world, 'c1').filter((l) => l.startsWith('C: '))).toEqual(['C: EHLO somewhere-else', 'C: QUIT']);
    expect(sim.actions.map((a) => a.action.kind === 'console.line' && a.action.text)).toEqual([false, 'EHLO somewhere-else', 'QUIT']);

    sim.rewind();
    sim.seekToEvent(Number.MAX_SAFE_INTEGER);
    expect(json(sim.trace)).toBe(seen);
    expect(sim.world.mailbox('pleclercq@mydomain.com')!.messages).toEqual([]);
  });

  it('reset forgets the person\'s actions', () => {
    const { sim } = played();
    sim.reset();
    sim.seekToEvent(Number.MAX_SAFE_INTEGER);
    expect(sim.actions).toEqual([]);
    expect(sim.trace).toEqual([]);
  });
});
