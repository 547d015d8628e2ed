import { describe, expect, it } from 'vitest';
import { SEED_ENVELOPE } from '../../src/scenarios/presets/seed-basic';
import { checkGoal, type GoalStep } from '../../src/world/exercise-check';
import { consoleConnIds, readSession } from '../../src/world/exercise-sessions';
import { Simulation } from '../../src/world/simulation';
import { preset, quiet, settle, typeAtConsole } from '../helpers';

/** A console-only world with one console session typed into it. */
function typed(scenarioId: string, to: string, port: number, lines: readonly string[], from = 'gandalf') {
  const sim = new Simulation(quiet(scenarioId));
  const connId = typeAtConsole(sim, { from, to, port }, lines);
  return { sim, connId };
}

describe('readSession', () => {
  it('pairs each command with its reply, the greeting first, multi-line replies whole', () => {
    const { sim, connId } = typed('seed-basic', 'mailserver.mydomain.com', 25, ['EHLO gandalf', 'MAIL FROM:<plc@gandalf>', 'HELP', 'QUIT']);
    const s = readSession(sim.trace, connId);
    expect(s.exchanges.map((x) => [x.verb, x.replies.map((r) => r.code)])).toEqual([
      ['GREETING', [220]],
      ['EHLO', [250]],
      ['MAIL', [250]],
      ['HELP', [214]],
      ['QUIT', [221]],
    ]);
    const ehlo = s.items.find((i) => i.kind === 'reply' && i.reply.code === 250 && i.lines.length > 1);
    expect(ehlo && ehlo.kind === 'reply' ? ehlo.lines[0] : '').toBe('250-mailserver.mydomain.com');
    expect(s.closed).toBe(true);
    expect(s.items[s.items.length - 1]).toMatchObject({ kind: 'closed', byServer: true });
    expect(s.serverState).toBe('closed');
    expect(s.client).toBe('console');
  });

  it('knows DATA mode from the 354 to the lone dot, and marks the body lines', () => {
    const { sim, connId } = typed('seed-basic', 'mailserver.mydomain.com', 25, [...SEED_ENVELOPE, 'Subject: x', '']);
    let s = readSession(sim.trace, connId);
    expect(s.inData).toBe(true);
    expect(s.serverState).toBe('data');
    expect(s.items.filter((i) => i.kind === 'sent' && i.body).map((i) => (i.kind === 'sent' ? i.text : ''))).toEqual(['Subject: x', '']);
    sim.apply({ kind: 'console.line', connId, text: '.' });
    settle(sim);
    s = readSession(sim.trace, connId);
    expect(s.inData).toBe(false);
    const end = s.exchanges[s.exchanges.length - 1]!;
    expect(end.verb).toBe('.');
    expect(end.replies[0]?.code).toBe(250);
    expect(s.serverState).toBe('ready');
  });

  it('follows an AUTH PLAIN without initial response through its 334 to the 235', () => {
    const b64 = btoa('\0alice@sender.example\0wonderland');
    const { sim, connId } = typed('two-providers', 'smtp.sender.example', 587, ['EHLO learner-pc', 'AUTH PLAIN'], 'learner-pc');
    let s = readSession(sim.trace, connId);
    expect(s.inAuth).toBe(true);
    expect(s.serverState).toBe('auth');
    sim.apply({ kind: 'console.line', connId, text: b64 });
    settle(sim);
    s = readSession(sim.trace, connId);
    expect(s.inAuth).toBe(false);
    expect(s.exchanges[s.exchanges.length - 1]).toMatchObject({ verb: 'AUTH-RESPONSE', mechanism: 'PLAIN', command: b64 });
    expect(s.exchanges[s.exchanges.length - 1]!.replies[0]?.code).toBe(235);
  });

  it('gives an LMTP end of data every per-recipient reply', () => {
    const { sim, connId } = typed('seed-basic', 'mailserver.mydomain.com', 24, [
      'LHLO gandalf',
      'MAIL FROM:<plc@gandalf>',
      'RCPT TO:<pleclercq@mydomain.com>',
      'DATA',
      'hi',
      '.',
    ], 'mailserver.mydomain.com');
    const end = readSession(sim.trace, connId).exchanges.at(-1)!;
    expect(end.verb).toBe('.');
    expect(end.replies.map((r) => r.code)).toEqual([250]);
    expect(end.replies[0]!.lines[0]).toMatch(/Saved/);
  });

  it('reports a refused connection as telnet would see it', () => {
    const { sim, connId } = typed('seed-basic', 'mailserver.mydomain.com', 2525, []);
    const s = readSession(sim.trace, connId);
    expect(s.connected).toBe(false);
    expect(s.failed).toMatch(/Connection refused/);
    expect(s.closed).toBe(true);
  });

  it('counts only console connections as the learner\'s', () => {
    const sim = new Simulation(preset('two-providers'));
    sim.world.runUntilIdle();
    expect(consoleConnIds(sim.trace)).toEqual([]);
    const { sim: typedSim, connId } = typed('seed-basic', 'mailserver.mydomain.com', 25, [...SEED_ENVELOPE, 'x', '.']);
    typedSim.world.runUntilIdle();
    expect(consoleConnIds(typedSim.trace)).toEqual([connId]);
  });
});

describe('checkGoal', () => {
  const delivered = (extra: Partial<Extract<GoalStep['when'], { kind: 'delivered' }>>): GoalStep[] => [
    { label: 'delivered', when: { kind: 'delivered', mailbox: 'pleclercq@mydomain.com', ...extra } },
  ];
  const judge = (steps: GoalStep[], lines: readonly string[], answers: Record<string, string> = {}) => {
    const { sim } = typed('seed-basic', 'mailserver.mydomain.com', 25, lines);
    sim.world.runUntilIdle();
    return checkGoal(steps, { trace: sim.trace, mailboxes: sim.world.mailboxes(), answers });
  };

  it('says which header fields a delivered message lacks', () => {
    const r = judge(delivered({ headers: ['From', 'To', 'Subject'] }), [...SEED_ENVELOPE, 'Subject: only', '', 'x', '.']);
    expect(r.done).toBe(false);
    expect(r.steps[0]!.note).toMatch(/without From, To/);
  });

  it('explains a From: without a display name, and a forged address', () => {
    const steps = delivered({ fromName: 'alice', fromAddressNot: 'alice@sender.example' });
    expect(judge(steps, [...SEED_ENVELOPE, 'From: x@y.example', '', 'x', '.']).steps[0]!.note).toMatch(/no display name/);
    expect(judge(steps, [...SEED_ENVELOPE, 'From: Alice <alice@sender.example>', '', 'x', '.']).steps[0]!.note).toMatch(/forges the address/);
    expect(judge(steps, [...SEED_ENVELOPE, 'From: "Alice Martin" <m@evil.example>', '', 'x', '.']).done).toBe(true);
  });

  it('notices a 503 and whether the session recovered from it', () => {
    const steps: GoalStep[] = [{ label: 'r', when: { kind: 'recovered', code: 503 } }];
    expect(judge(steps, ['HELO gandalf', 'DATA']).steps[0]).toMatchObject({ done: false, note: expect.stringMatching(/You met 503/) });
    expect(judge(steps, ['HELO gandalf', 'DATA', 'MAIL FROM:<a@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'x', '.']).done).toBe(true);
    // A message accepted before the 503 does not count as recovering from it.
    expect(judge(steps, [...SEED_ENVELOPE, 'x', '.', 'DATA']).done).toBe(false);
  });

  it('needs one refused and one accepted recipient in the same transaction', () => {
    const steps: GoalStep[] = [{ label: 'm', when: { kind: 'mixedRecipients' } }];
    const base = ['HELO gandalf', 'MAIL FROM:<plc@gandalf>'];
    expect(judge(steps, [...base, 'RCPT TO:<nobody@mydomain.com>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'x', '.']).done).toBe(true);
    expect(judge(steps, [...base, 'RCPT TO:<nobody@mydomain.com>', 'RSET', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA', 'x', '.']).done).toBe(false);
  });

  it('checks an answer only against the option the exercise names', () => {
    const steps: GoalStep[] = [{ label: 'a', when: { kind: 'answer', question: 'q', correct: 'b' } }];
    expect(judge(steps, [], {}).steps[0]!.done).toBe(false);
    expect(judge(steps, [], { q: 'a' }).steps[0]).toMatchObject({ done: false, note: expect.any(String) });
    expect(judge(steps, [], { q: 'b' }).done).toBe(true);
  });

  it('filters replies by code, enhanced code, verb and port', () => {
    const lines = ['EHLO gandalf', 'MAIL FROM:<a@gandalf>', 'RCPT TO:<v@elsewhere.example>'];
    const step = (when: GoalStep['when']) => judge([{ label: 'x', when }], lines).done;
    expect(step({ kind: 'reply', code: 554, dsn: '5.7.1', verb: 'RCPT' })).toBe(true);
    expect(step({ kind: 'reply', code: 554, dsn: '5.7.1', verb: 'MAIL' })).toBe(false);
    expect(step({ kind: 'reply', code: 554, dsn: '5.1.1' })).toBe(false);
    expect(step({ kind: 'reply', code: 554, port: 587 })).toBe(false);
  });

  it('an empty goal is never done', () => {
    expect(checkGoal([], { trace: [], mailboxes: [] }).done).toBe(false);
  });
});
