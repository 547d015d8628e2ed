import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Path } from '../../src/protocol/address';
import type { Command, ProtocolMode } from '../../src/protocol/command';
import { VERBS } from '../../src/protocol/commands';
import { parseCommand } from '../../src/protocol/parse-command';
import { formatReply } from '../../src/protocol/reply';

const path = (mailbox: string, local: string, domain: string, isPostmaster = false): Path => ({
  mailbox,
  local,
  domain,
  isNull: false,
  isPostmaster,
});
const NULL: Path = { mailbox: '', local: '', domain: '', isNull: true, isPostmaster: false };
const ALICE = path('alice@example.com', 'alice', 'example.com');
const BOB = path('bob@example.com', 'bob', 'example.com');

function accepted(line: string, mode: ProtocolMode = 'smtp'): Command {
  const parsed = parseCommand(line, mode);
  if (!parsed.ok) throw new Error(`${JSON.stringify(line)} was rejected: ${formatReply(parsed.reply).join(' | ')} (${parsed.error})`);
  return parsed.command;
}

function rejected(line: string, mode: ProtocolMode = 'smtp'): string {
  const parsed = parseCommand(line, mode);
  if (parsed.ok) throw new Error(`${JSON.stringify(line)} was accepted as ${JSON.stringify(parsed.command)}`);
  expect(parsed.error.length).toBeGreaterThan(0);
  return formatReply(parsed.reply).join('\n');
}

describe('parseCommand accepts every verb, in any case', () => {
  const cases: [string, Command, ProtocolMode?][] = [
    ['HELO client.example.org', { verb: 'HELO', domain: 'client.example.org' }],
    ['helo client.example.org', { verb: 'HELO', domain: 'client.example.org' }],
    ['EHLO client.example.org', { verb: 'EHLO', domain: 'client.example.org' }],
    ['eHlO   client.example.org  ', { verb: 'EHLO', domain: 'client.example.org' }],
    ['EHLO [192.0.2.7]', { verb: 'EHLO', domain: '[192.0.2.7]' }],
    ['HELO two\t words', { verb: 'HELO', domain: 'two words' }],
    ['LHLO mx.example.com', { verb: 'LHLO', domain: 'mx.example.com' }, 'lmtp'],
    ['lhlo mx.example.com', { verb: 'LHLO', domain: 'mx.example.com' }, 'lmtp'],
    ['MAIL FROM:<alice@example.com>', { verb: 'MAIL', path: ALICE, params: {} }],
    ['mail from:<alice@example.com>', { verb: 'MAIL', path: ALICE, params: {} }],
    ['Mail From:<alice@example.com>', { verb: 'MAIL', path: ALICE, params: {} }],
    ['  MAIL FROM:<alice@example.com>', { verb: 'MAIL', path: ALICE, params: {} }],
    ['MAIL\tFROM:<alice@example.com>', { verb: 'MAIL', path: ALICE, params: {} }],
    ['MAIL FROM:<>', { verb: 'MAIL', path: NULL, params: {} }],
    ['RCPT TO:<bob@example.com>', { verb: 'RCPT', path: BOB, params: {} }],
    ['rcpt to:<bob@example.com>', { verb: 'RCPT', path: BOB, params: {} }],
    ['MAIL FROM:<alice@example.com> SIZE=1024 BODY=8BITMIME', { verb: 'MAIL', path: ALICE, params: { SIZE: '1024', BODY: '8BITMIME' } }],
    ['MAIL FROM:<alice@example.com> body=7bit', { verb: 'MAIL', path: ALICE, params: { BODY: '7BIT' } }],
    ['MAIL FROM:<alice@example.com>   SIZE=0', { verb: 'MAIL', path: ALICE, params: { SIZE: '0' } }],
    ['MAIL FROM:<alice@example.com> SMTPUTF8', { verb: 'MAIL', path: ALICE, params: { SMTPUTF8: true } }],
    ['MAIL FROM:<alice@example.com> RET=hdrs ENVID=QQ314159', { verb: 'MAIL', path: ALICE, params: { RET: 'HDRS', ENVID: 'QQ314159' } }],
    ['MAIL FROM:<alice@example.com> ENVID=a+2Bb', { verb: 'MAIL', path: ALICE, params: { ENVID: 'a+2Bb' } }],
    ['MAIL FROM:<alice@example.com> AUTH=<>', { verb: 'MAIL', path: ALICE, params: { AUTH: '<>' } }],
    ['MAIL FROM:<> SIZE=1024', { verb: 'MAIL', path: NULL, params: { SIZE: '1024' } }],
    [
      'RCPT TO:<bob@example.com> NOTIFY=success,FAILURE ORCPT=rfc822;bob@example.com',
      { verb: 'RCPT', path: BOB, params: { NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;bob@example.com' } },
    ],
    ['RCPT TO:<bob@example.com> NOTIFY=NEVER', { verb: 'RCPT', path: BOB, params: { NOTIFY: 'NEVER' } }],
    ['DATA', { verb: 'DATA' }],
    ['data', { verb: 'DATA' }],
    ['DATA  ', { verb: 'DATA' }],
    ['RSET', { verb: 'RSET' }],
    ['STARTTLS', { verb: 'STARTTLS' }],
    ['starttls', { verb: 'STARTTLS' }],
    ['QUIT', { verb: 'QUIT' }],
    ['QUIT right now', { verb: 'QUIT' }],
    ['NOOP', { verb: 'NOOP' }],
    ['NOOP are you there', { verb: 'NOOP', arg: 'are you there' }],
    ['HELP', { verb: 'HELP' }],
    ['help mail', { verb: 'HELP', arg: 'mail' }],
    ['VRFY bob', { verb: 'VRFY', arg: 'bob' }],
    ['VRFY <bob@example.com>', { verb: 'VRFY', arg: '<bob@example.com>' }],
    ['EXPN staff', { verb: 'EXPN', arg: 'staff' }],
    ['AUTH plain', { verb: 'AUTH', mechanism: 'PLAIN' }],
    ['AUTH PLAIN AGFsaWNlAHNlY3JldA==', { verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGFsaWNlAHNlY3JldA==' }],
    ['AUTH PLAIN =', { verb: 'AUTH', mechanism: 'PLAIN', initialResponse: '=' }],
    ['auth login', { verb: 'AUTH', mechanism: 'LOGIN' }],
    ['MAIL FROM:<alice@example.com>', { verb: 'MAIL', path: ALICE, params: {} }, 'lmtp'],
    ['DATA', { verb: 'DATA' }, 'lmtp'],
  ];
  it.each(cases)('%s', (line, command, mode) => {
    expect(accepted(line, mode)).toEqual(command);
  });
});

describe('parseCommand reads RFC 5321 4.1.2 paths', () => {
  const cases: [string, Path][] = [
    ['RCPT TO:<Postmaster>', path('Postmaster', 'Postmaster', '', true)],
    ['RCPT TO:<postmaster>', path('postmaster', 'postmaster', '', true)],
    ['RCPT TO:<POSTMASTER>', path('POSTMASTER', 'POSTMASTER', '', true)],
    ['RCPT TO:<PostMaster@example.com>', path('PostMaster@example.com', 'PostMaster', 'example.com', true)],
    ['RCPT TO:<@relay.example,@hub.example:bob@example.com>', BOB],
    ['RCPT TO:<@relay.example:bob@example.com>', BOB],
    ['RCPT TO:<"john doe"@example.com>', path('"john doe"@example.com', '"john doe"', 'example.com')],
    ['RCPT TO:<"odd\\"quote"@example.com>', path('"odd\\"quote"@example.com', '"odd\\"quote"', 'example.com')],
    ['RCPT TO:<"a@b"@example.com>', path('"a@b"@example.com', '"a@b"', 'example.com')],
    ['RCPT TO:<root@[192.0.2.1]>', path('root@[192.0.2.1]', 'root', '[192.0.2.1]')],
    ['RCPT TO:<root@[IPv6:2001:db8::1]>', path('root@[IPv6:2001:db8::1]', 'root', '[IPv6:2001:db8::1]')],
    ['RCPT TO:<root@[ipv6:::ffff:192.0.2.1]>', path('root@[ipv6:::ffff:192.0.2.1]', 'root', '[ipv6:::ffff:192.0.2.1]')],
    ['RCPT TO:<root@[IPv6:2001:db8:0:0:0:0:0:1]>', path('root@[IPv6:2001:db8:0:0:0:0:0:1]', 'root', '[IPv6:2001:db8:0:0:0:0:0:1]')],
    ['RCPT TO:<plc@gandalf>', path('plc@gandalf', 'plc', 'gandalf')],
    ['RCPT TO:<first.last+tag@sub-domain.example.com>', path('first.last+tag@sub-domain.example.com', 'first.last+tag', 'sub-domain.example.com')],
    ['RCPT TO:<x@1.2.3.example>', path('x@1.2.3.example', 'x', '1.2.3.example')],
    ['RCPT TO:<élodie@exemple.fr>', path('élodie@exemple.fr', 'élodie', 'exemple.fr')],
  ];
  it.each(cases)('%s', (line, expected) => {
    const command = accepted(line);
    expect(command.verb === 'RCPT' && command.path).toEqual(expected);
    expect(command.verb === 'RCPT' && command.lenient).toBeUndefined();
  });
});

describe('parseCommand accepts what Postfix accepts, and says what the strict form is', () => {
  const cases: [string, string, string][] = [
    ['MAIL FROM: <alice@example.com>', 'alice@example.com', 'a space after the colon; the strict RFC 5321 form is MAIL FROM:<alice@example.com>'],
    ['MAIL FROM:alice@example.com', 'alice@example.com', 'no angle brackets; the strict RFC 5321 form is MAIL FROM:<alice@example.com>'],
    ['MAIL FROM: plc@gandalf', 'plc@gandalf', 'a space after the colon and no angle brackets; the strict RFC 5321 form is MAIL FROM:<plc@gandalf>'],
    ['MAIL FROM: <>', '', 'a space after the colon; the strict RFC 5321 form is MAIL FROM:<>'],
    ['RCPT TO: bob@example.com', 'bob@example.com', 'a space after the colon and no angle brackets; the strict RFC 5321 form is RCPT TO:<bob@example.com>'],
    ['RCPT TO:Postmaster', 'Postmaster', 'no angle brackets; the strict RFC 5321 form is RCPT TO:<Postmaster>'],
    ['MAIL FROM: alice@example.com SIZE=10', 'alice@example.com', 'a space after the colon and no angle brackets; the strict RFC 5321 form is MAIL FROM:<alice@example.com>'],
  ];
  it.each(cases)('%s', (line, mailbox, lenient) => {
    const command = accepted(line);
    if (command.verb !== 'MAIL' && command.verb !== 'RCPT') throw new Error('not a transaction command');
    expect(command.path.mailbox).toBe(mailbox);
    expect(command.lenient).toBe(lenient);
  });
});

describe('parseCommand answers bad lines with the exact Postfix (SMTP) or Dovecot (LMTP) reply', () => {
  const cases: [string, string, ProtocolMode?][] = [
    ['', '500 5.5.2 Error: bad syntax'],
    ['   ', '500 5.5.2 Error: bad syntax'],
    ['', '500 5.5.2 Invalid command syntax', 'lmtp'],
    ['FOO', '502 5.5.2 Error: command not recognized'],
    ['MAILFROM:<alice@example.com>', '502 5.5.2 Error: command not recognized'],
    ['TURN', '502 5.5.2 Error: command not recognized'],
    ['LHLO client.example.org', '502 5.5.2 Error: command not recognized'],
    ['EHLO client.example.org', '500 5.5.1 Unknown command', 'lmtp'],
    ['HELO client.example.org', '500 5.5.1 Unknown command', 'lmtp'],
    ['FOO', '500 5.5.1 Unknown command', 'lmtp'],
    ['HELO', '501 Syntax: HELO hostname'],
    ['EHLO', '501 Syntax: EHLO hostname'],
    ['ehlo   ', '501 Syntax: EHLO hostname'],
    ['LHLO', '501 5.5.4 Missing hostname', 'lmtp'],
    ['MAIL', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM:', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM:   ', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM <alice@example.com>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM :<alice@example.com>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL TO:<alice@example.com>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['RCPT', '501 5.5.4 Syntax: RCPT TO:<address>'],
    ['RCPT TO:', '501 5.5.4 Syntax: RCPT TO:<address>'],
    ['RCPT FROM:<bob@example.com>', '501 5.5.4 Syntax: RCPT TO:<address>'],
    ['MAIL FROM:<alice@example.com', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:alice@example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<@example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<.alice@example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<al..ice@example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@-example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@example-.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@example..com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@exa_mple.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@[300.1.1.1]>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@[192.0.2]>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@[IPv6:2001:db8::g]>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@[IPv6:1:2:3:4:5:6:7::]>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@[192.0.2.1>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<Postmaster>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<"unterminated@example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<a b@example.com>', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<alice@example.com>junk', '501 5.1.7 Bad sender address syntax'],
    ['MAIL FROM:<@relay.example>', '501 5.1.7 Bad sender address syntax'],
    ['RCPT TO:<>', '501 5.1.3 Bad recipient address syntax'],
    ['RCPT TO:<bob>', '501 5.1.3 Bad recipient address syntax'],
    ['RCPT TO:<bob@example.com', '501 5.1.3 Bad recipient address syntax'],
    ['RCPT TO:<relay.example:bob@example.com>', '501 5.1.3 Bad recipient address syntax'],
    ['MAIL FROM:<alice@example.com> SIZE=12x', '501 5.5.4 Bad message size syntax'],
    ['MAIL FROM:<alice@example.com> SIZE=', '501 5.5.4 Bad message size syntax'],
    ['MAIL FROM:<alice@example.com> SIZE=-1', '501 5.5.4 Bad message size syntax'],
    ['MAIL FROM:<alice@example.com> SIZE', '555 5.5.4 Unsupported option: SIZE'],
    ['MAIL FROM:<alice@example.com> SIZE=99999999999999999999', '552 5.3.4 Message size exceeds file system imposed limit'],
    ['MAIL FROM:<alice@example.com> BODY=BINARYMIME', '555 5.5.4 Unsupported option: BODY=BINARYMIME'],
    ['MAIL FROM:<alice@example.com> BODY', '555 5.5.4 Unsupported option: BODY'],
    ['MAIL FROM:<alice@example.com> FOO=BAR', '555 5.5.4 Unsupported option: FOO=BAR'],
    ['MAIL FROM:<alice@example.com> junk', '555 5.5.4 Unsupported option: junk'],
    ['MAIL FROM:<alice@example.com> NOTIFY=NEVER', '555 5.5.4 Unsupported option: NOTIFY=NEVER'],
    ['MAIL FROM:<alice@example.com> SMTPUTF8=yes', '555 5.5.4 Unsupported option: SMTPUTF8=yes'],
    ['MAIL FROM:<alice@example.com> RET=NONE', '501 5.5.4 Bad RET parameter syntax'],
    ['MAIL FROM:<alice@example.com> RET=FULL RET=HDRS', '501 5.5.4 Bad RET parameter syntax'],
    ['MAIL FROM:<alice@example.com> ENVID=a+2', '501 5.5.4 Bad ENVID parameter syntax'],
    ['MAIL FROM:<alice@example.com> ENVID=a=b', '501 5.5.4 Bad ENVID parameter syntax'],
    ['MAIL FROM:<alice@example.com> ENVID=+00', '501 5.5.4 Bad ENVID parameter syntax'],
    ['MAIL FROM:<alice@example.com> AUTH', '555 5.5.4 Unsupported option: AUTH'],
    ['MAIL FROM:<alice@example.com> AUTH=<> AUTH=<>', '503 5.5.4 Error: multiple AUTH= options'],
    ['RCPT TO:<bob@example.com> NOTIFY=SOMETIMES', '501 5.5.4 Error: Bad NOTIFY parameter syntax'],
    ['RCPT TO:<bob@example.com> NOTIFY=NEVER,SUCCESS', '501 5.5.4 Error: Bad NOTIFY parameter syntax'],
    ['RCPT TO:<bob@example.com> NOTIFY=SUCCESS,SUCCESS', '501 5.5.4 Error: Bad NOTIFY parameter syntax'],
    ['RCPT TO:<bob@example.com> NOTIFY', '501 5.5.4 Error: Bad NOTIFY parameter syntax'],
    ['RCPT TO:<bob@example.com> ORCPT=bob@example.com', '501 5.5.4 Error: Bad ORCPT parameter syntax'],
    ['RCPT TO:<bob@example.com> ORCPT=;bob@example.com', '501 5.5.4 Error: Bad ORCPT parameter syntax'],
    ['RCPT TO:<bob@example.com> SIZE=10', '555 5.5.4 Unsupported option: SIZE=10'],
    ['DATA now', '501 5.5.4 Syntax: DATA'],
    ['RSET everything', '501 5.5.4 Syntax: RSET'],
    ['STARTTLS please', '501 5.5.4 Syntax: STARTTLS'],
    ['VRFY', '501 5.5.4 Syntax: VRFY address'],
    ['EXPN', '501 5.5.4 Syntax: EXPN mailing-list'],
    ['AUTH', '501 5.5.4 Syntax: AUTH mechanism'],
    ['AUTH PLAIN abc def', '501 5.5.4 Syntax: AUTH mechanism'],
  ];
  it.each(cases)('%j', (line, reply, mode) => {
    expect(rejected(line, mode)).toBe(reply);
  });

  it('names what is wrong', () => {
    const check = (line: string, fragment: string) => {
      const parsed = parseCommand(line, 'smtp');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain(fragment);
    };
    check('RCPT TO:<>', 'only as a reverse-path');
    check('MAIL FROM:<alice>', 'has no "@domain"');
    check('MAIL FROM:<alice@[300.1.1.1]>', 'IPv4');
    check('MAIL FROM:<al..ice@example.com>', 'dot');
    check('MAIL FROM:<alice@example.com> SIZE=12x', 'digits only');
    check('LHLO x', 'LMTP greeting');
    check('MAIL FROM :<alice@example.com>', 'no space before the colon');
  });

  it('reports the verb when only the arguments are wrong, so state checks can run first', () => {
    const bad = parseCommand('MAIL', 'smtp');
    expect(!bad.ok && bad.verb).toBe('MAIL');
    const unknown = parseCommand('FOO', 'smtp');
    expect(!unknown.ok && unknown.verb).toBeUndefined();
    const lhlo = parseCommand('LHLO x', 'smtp');
    expect(!lhlo.ok && lhlo.verb).toBeUndefined();
  });
});

describe('parseCommand enforces the 512-octet command line (RFC 5321 4.5.3.1.4)', () => {
  const noop = (n: number) => `NOOP ${'x'.repeat(n - 5)}`;

  it('accepts exactly 510 octets plus CRLF', () => {
    expect(noop(510)).toHaveLength(510);
    expect(accepted(noop(510)).verb).toBe('NOOP');
  });

  it('rejects 511 octets plus CRLF', () => {
    expect(rejected(noop(511))).toBe('500 5.5.2 Line too long');
    expect(rejected(noop(511), 'lmtp')).toBe('500 5.5.2 Line too long');
  });

  it('counts UTF-8 octets, not characters', () => {
    expect(accepted(`NOOP ${'é'.repeat(252)}`).verb).toBe('NOOP'); // 5 + 504 = 509 octets
    expect(rejected(`NOOP ${'é'.repeat(253)}`)).toBe('500 5.5.2 Line too long'); // 5 + 506 = 511 octets
  });

  it('checks the length before anything else', () => {
    expect(rejected(`FOO ${'x'.repeat(600)}`)).toBe('500 5.5.2 Line too long');
    expect(rejected(`MAIL FROM:<${'a'.repeat(600)}@example.com>`)).toBe('500 5.5.2 Line too long');
  });

  it('gives AUTH the 12288 octets of RFC 4954 4 for its initial response', () => {
    const auth = (n: number) => `AUTH PLAIN ${'A'.repeat(n - 11)}`;
    expect(accepted(auth(12286)).verb).toBe('AUTH');
    expect(rejected(auth(12287))).toBe('500 5.5.2 Line too long');
  });
});

describe('parseCommand never throws', () => {
  const isProtocolError = (code: number) => (code >= 500 && code <= 504) || (code >= 550 && code <= 559);

  function holds(line: string): boolean {
    for (const mode of ['smtp', 'lmtp'] as const) {
      const parsed = parseCommand(line, mode);
      if (!parsed.ok && !isProtocolError(parsed.reply.code)) return false;
    }
    return true;
  }

  it('on arbitrary ASCII strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 700 }), holds), { numRuns: 2000 });
  });

  it('on arbitrary full-Unicode strings (fast-check 4 spells fullUnicodeString as unit "binary")', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 700 }), holds), { numRuns: 2000 });
  });

  it('on strings that start like real commands', () => {
    const prefix = fc.constantFrom(...VERBS, 'MAIL FROM:', 'RCPT TO:', 'MAIL FROM:<', 'RCPT TO:<', 'mail from: <a@b> ', 'AUTH PLAIN ');
    const tail = fc.string({ unit: fc.constantFrom('<', '>', '@', '"', '\\', ':', ',', '[', ']', '.', '=', '+', ' ', '\t', 'a', '1', 'é', 'IPv6:'), maxLength: 60 });
    fc.assert(fc.property(prefix, fc.constantFrom('', ' '), tail, (p, sep, t) => holds(`${p}${sep}${t}`)), { numRuns: 3000 });
  });
});
