import { describe, expect, it } from 'vitest';
import { smtpServerSession } from '../../../src/agents/smtp-server-session';
import { verbsFor } from '../../../src/protocol/commands';
import { findScenario } from '../../../src/scenarios';
import { authPlainLine, base64Utf8, hexBytes, plainMessage, showNuls } from '../../../src/ui/console/auth-plain';
import { complete } from '../../../src/ui/console/complete';
import { boxFor, SESSION_STATES } from '../../../src/ui/console/session-states';
import { consoleTargets, knownAddresses, learnerHost } from '../../../src/ui/console/targets';
import { sessionText } from '../../../src/ui/console/transcript-text';
import { readSession } from '../../../src/world/exercise-sessions';
import { World } from '../../../src/world/world';

const seed = findScenario('seed-basic')!;
const two = findScenario('two-providers')!;
const listenersOf = (id: string) => new World(findScenario(id)!).listeners;

describe('console targets', () => {
  it('connects from gandalf in the seed scenarios, from a made-up learner machine elsewhere', () => {
    expect(learnerHost(seed)).toBe('gandalf');
    expect(learnerHost(two)).toBe('learner-pc');
    expect(learnerHost({ ...two, hosts: [...two.hosts.filter((h) => Object.values(h.roles).some(Boolean)), { ...two.hosts[0]!, name: 'learner-pc', roles: { mua: two.hosts[0]!.roles.mua } }] })).toBe('learner-pc-2');
  });

  it('offers every listener, each from the machine its usual client sits on', () => {
    const targets = consoleTargets(two, listenersOf('two-providers'));
    expect(targets.map((t) => [t.role, `${t.host}:${t.port}`, t.from])).toEqual([
      ['msa', 'smtp.sender.example:587', 'learner-pc'],
      ['mta', 'mta.sender.example:10025', 'smtp.sender.example'],
      ['mx', 'mx.recipient.example:25', 'learner-pc'],
      ['mx', 'mx.sender.example:25', 'learner-pc'],
      ['mda', 'mx.recipient.example:24', 'mx.recipient.example'],
      ['mda', 'mx.sender.example:24', 'mx.sender.example'],
    ]);
    expect(targets.find((t) => t.role === 'mda')?.protocol).toBe('LMTP');
    const seedTargets = consoleTargets(seed, listenersOf('seed-basic'));
    expect(seedTargets.map((t) => `${t.from} -> ${t.host}:${t.port}`)).toEqual(['gandalf -> mailserver.mydomain.com:25', 'mailserver.mydomain.com -> mailserver.mydomain.com:24']);
  });

  it('knows the scenario\'s addresses for completion', () => {
    expect(knownAddresses(seed)).toEqual(['pleclercq@mydomain.com']);
    expect(knownAddresses(two)).toEqual(['alice@sender.example', 'bob@recipient.example']);
  });
});

describe('Tab completion', () => {
  const ctx = { verbs: verbsFor('smtp'), addresses: ['pleclercq@mydomain.com', 'plc@gandalf', 'bob@recipient.example'], clientHost: 'gandalf' };

  it('completes verbs of the connected protocol, with what follows them', () => {
    expect(complete('MA', ctx).text).toBe('MAIL FROM:<');
    expect(complete('rc', ctx).text).toBe('RCPT TO:<');
    expect(complete('DA', ctx).text).toBe('DATA');
    expect(complete('HEL', ctx)).toEqual({ text: 'HEL', candidates: ['HELO', 'HELP'] });
    expect(complete('helo', ctx).text).toBe('HELO ');
    expect(complete('LH', ctx).text).toBe('LH');
    expect(complete('LH', { ...ctx, verbs: verbsFor('lmtp') }).text).toBe('LHLO ');
    expect(complete('E', ctx)).toEqual({ text: 'E', candidates: ['EHLO', 'EXPN'] });
    expect(complete('HEL', { ...ctx, verbs: verbsFor('lmtp') }).text).toBe('HELP ');
  });

  it('completes known addresses after MAIL FROM: and RCPT TO:', () => {
    expect(complete('RCPT TO:<ple', ctx).text).toBe('RCPT TO:<pleclercq@mydomain.com>');
    expect(complete('rcpt to:ple', ctx).text).toBe('rcpt to:<pleclercq@mydomain.com>');
    expect(complete('RCPT TO:<pl', ctx)).toEqual({ text: 'RCPT TO:<pl', candidates: ['pleclercq@mydomain.com', 'plc@gandalf'] });
    expect(complete('MAIL FROM:<b', ctx).text).toBe('MAIL FROM:<bob@recipient.example>');
    expect(complete('RCPT TO:<zz', ctx)).toEqual({ text: 'RCPT TO:<zz', candidates: [] });
    expect(complete('MAIL F', ctx).text).toBe('MAIL FROM:<');
    expect(complete('RCPT ', ctx).text).toBe('RCPT TO:<');
  });

  it('completes AUTH mechanisms and the client\'s own name after HELO', () => {
    expect(complete('AUTH P', ctx).text).toBe('AUTH PLAIN ');
    expect(complete('AUTH ', ctx).candidates).toEqual(['PLAIN', 'LOGIN']);
    expect(complete('HELO ', ctx).text).toBe('HELO gandalf');
    expect(complete('EHLO g', ctx).text).toBe('EHLO gandalf');
    expect(complete('QUIT now', ctx).text).toBe('QUIT now');
  });
});

describe('AUTH PLAIN helper', () => {
  it('builds \\0user\\0password and its base64 over UTF-8 bytes', () => {
    const m = plainMessage('alice@sender.example', 'wonderland');
    expect(showNuls(m)).toBe('\\0alice@sender.example\\0wonderland');
    expect(base64Utf8(m)).toBe('AGFsaWNlQHNlbmRlci5leGFtcGxlAHdvbmRlcmxhbmQ=');
    expect(authPlainLine('alice@sender.example', 'wonderland')).toBe('AUTH PLAIN AGFsaWNlQHNlbmRlci5leGFtcGxlAHdvbmRlcmxhbmQ=');
    expect(base64Utf8(plainMessage('zoé', 'mot-de-passé'))).toBe(Buffer.from('\0zoé\0mot-de-passé', 'utf8').toString('base64'));
    expect(hexBytes(plainMessage('a', 'b'))).toBe('00 61 00 62');
  });
});

describe('the session statechart', () => {
  const machineStates = Object.keys(smtpServerSession.config.states ?? {});

  it('draws only states the server machine has', () => {
    for (const s of SESSION_STATES) expect(machineStates).toContain(s.id);
  });

  it('lights a box for every state the machine can report', () => {
    for (const s of machineStates) expect(boxFor(s), s).toBeDefined();
    expect(boxFor(undefined)).toBeUndefined();
    expect(boxFor('')).toBeUndefined();
  });
});

describe('copying a session', () => {
  it('reads as a terminal would', () => {
    const world = new World({ ...seed, inputs: [] });
    const connId = world.openConsole('gandalf', 'mailserver.mydomain.com', 25);
    world.runUntilIdle({ untilMs: 100 });
    world.typeLine(connId, 'QUIT');
    world.runUntilIdle({ untilMs: 200 });
    const text = sessionText({ from: 'gandalf', host: 'mailserver.mydomain.com', port: 25, ip: '192.168.1.20' }, readSession(world.trace, connId).items);
    expect(text).toBe(
      [
        'gandalf$ telnet mailserver.mydomain.com 25',
        'Trying 192.168.1.20...',
        'Connected to mailserver.mydomain.com.',
        "Escape character is '^]'.",
        '220 mailserver.mydomain.com ESMTP Mailpath',
        'QUIT',
        '221 2.0.0 Bye',
        'Connection closed by foreign host.',
        '',
      ].join('\n'),
    );
  });
});
