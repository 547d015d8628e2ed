import { describe, expect, it } from 'vitest';
import { World } from '../../src/world/world';
import { quiet } from '../helpers';

const draft = { to: ['bob@recipient.example'], cc: [], bcc: [], subject: 'Injected', body: 'Hello\n' };

describe('faults injected while the world runs', () => {
  it('an MX taken down makes the MTA defer, and bringing it back lets the retry deliver', () => {
    const world = new World(quiet('two-providers'));
    world.inject({ kind: 'fault', fault: { kind: 'host', host: 'mx.recipient.example', down: true } });
    world.inject({ kind: 'compose', host: 'alice-laptop', draft });
    world.runUntilIdle({ untilMs: 60_000 });
    const defer = world.trace.find((e) => e.kind === 'queue.defer');
    expect(defer).toMatchObject({ host: 'mta.sender.example', recipients: ['bob@recipient.example'] });
    expect(defer && 'reason' in defer ? defer.reason : '').toContain('Connection timed out');
    expect(world.mailbox('bob@recipient.example')!.messages).toHaveLength(0);

    world.inject({ kind: 'fault', fault: { kind: 'host', host: 'mx.recipient.example', down: false } });
    world.runUntilIdle();
    expect(world.mailbox('bob@recipient.example')!.messages).toHaveLength(1);
  });

  it('a 550 injected at the MX for RCPT bounces the message back to the sender', () => {
    const world = new World(quiet('two-providers'));
    world.inject({
      kind: 'fault',
      fault: { kind: 'smtp', host: 'mx.recipient.example', role: 'mx', stage: 'RCPT', times: 1, reply: { code: 550, dsn: '5.7.1', lines: ['Go away'] } },
    });
    world.inject({ kind: 'compose', host: 'alice-laptop', draft });
    world.runUntilIdle();
    expect(world.trace.some((e) => e.kind === 'line' && e.text === '550 5.7.1 Go away')).toBe(true);
    expect(world.mailbox('bob@recipient.example')!.messages).toHaveLength(0);
    const notice = world.mailbox('alice@sender.example')!.messages;
    expect(notice).toHaveLength(1);
    expect(notice[0]!.envelopeFrom).toBe('');
  });

  it('a DNS SERVFAIL defers (temporary), and the same lookup succeeds once the fault is cleared', () => {
    const world = new World(quiet('two-providers'));
    world.inject({ kind: 'fault', fault: { kind: 'dns', name: 'recipient.example', fault: 'servfail' } });
    world.inject({ kind: 'compose', host: 'alice-laptop', draft });
    world.runUntilIdle({ untilMs: 10_000 });
    expect(world.trace.some((e) => e.kind === 'queue.defer')).toBe(true);
    world.inject({ kind: 'fault', fault: { kind: 'dns', name: 'recipient.example', fault: null } });
    world.runUntilIdle();
    expect(world.mailbox('bob@recipient.example')!.messages).toHaveLength(1);
  });

  it('every injection is visible in the trace as a note', () => {
    const world = new World(quiet('two-providers'));
    world.inject({ kind: 'fault', fault: { kind: 'host', host: 'mx.recipient.example', down: true } });
    expect(world.trace.at(-1)).toMatchObject({ kind: 'note', text: 'Fault injected: mx.recipient.example is down' });
  });
});
