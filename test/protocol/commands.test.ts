import { describe, expect, it } from 'vitest';
import { commandTable, isVerb, VERBS, verbAllowedIn, verbsFor } from '../../src/protocol/commands';
import { parseCommand } from '../../src/protocol/parse-command';
import { formatReply } from '../../src/protocol/reply';

describe('the command table', () => {
  it('has one row per verb', () => {
    expect([...VERBS].sort()).toEqual(['AUTH', 'DATA', 'EHLO', 'EXPN', 'HELO', 'HELP', 'LHLO', 'MAIL', 'NOOP', 'QUIT', 'RCPT', 'RSET', 'STARTTLS', 'VRFY']);
    for (const verb of VERBS) expect(commandTable[verb].verb).toBe(verb);
  });

  it('keeps needsAuth the negation of allowedBeforeAuth', () => {
    for (const verb of VERBS) expect(commandTable[verb].needsAuth).toBe(!commandTable[verb].allowedBeforeAuth);
  });

  it('carries the flags Postfix applies before dispatch', () => {
    const having = (flag: 'needsHelo' | 'needsMail' | 'needsRcpt' | 'notInMail' | 'needsAuth' | 'allowedBeforeTls') =>
      VERBS.filter((v) => commandTable[v][flag]).sort();
    expect(having('needsHelo')).toEqual(['AUTH', 'MAIL']);
    expect(having('needsMail')).toEqual(['RCPT']);
    expect(having('needsRcpt')).toEqual(['DATA']);
    expect(having('notInMail')).toEqual(['AUTH', 'MAIL']);
    expect(having('needsAuth')).toEqual(['MAIL']);
    // RFC 3207 4: before STARTTLS only NOOP, EHLO, STARTTLS and QUIT (Postfix adds HELO; LMTP's LHLO).
    expect(having('allowedBeforeTls')).toEqual(['EHLO', 'HELO', 'LHLO', 'NOOP', 'QUIT', 'STARTTLS']);
  });

  it('separates SMTP and LMTP greetings', () => {
    expect(verbsFor('smtp')).not.toContain('LHLO');
    expect(verbsFor('lmtp')).not.toContain('EHLO');
    expect(verbsFor('lmtp')).not.toContain('HELO');
    expect(verbAllowedIn('MAIL', 'lmtp')).toBe(true);
  });

  it('recognises only upper-case verbs (parseCommand upper-cases first)', () => {
    expect(isVerb('MAIL')).toBe(true);
    expect(isVerb('mail')).toBe(false);
    expect(isVerb('constructor')).toBe(false);
  });

  it('gives the usage that the 501 replies quote', () => {
    for (const verb of ['MAIL', 'RCPT', 'DATA', 'RSET', 'STARTTLS', 'VRFY', 'EXPN', 'AUTH'] as const) {
      const line = verb === 'DATA' || verb === 'RSET' || verb === 'STARTTLS' ? `${verb} extra` : verb;
      const parsed = parseCommand(line, 'smtp');
      expect(!parsed.ok && formatReply(parsed.reply)[0]).toBe(`501 5.5.4 Syntax: ${commandTable[verb].usage}`);
    }
  });
});
