import { describe, expect, it } from 'vitest';
import { type Reply, reply, replyToString } from '../../src/protocol/reply';
import * as R from '../../src/protocol/replies';

const HOST = 'mail.example.com';
const BOB = 'bob@example.com';

describe('the catalogue words replies as Postfix and Dovecot do', () => {
  const cases: [Reply, string][] = [
    [R.S220_GREETING(HOST), '220 mail.example.com ESMTP Postfix'],
    [R.S220_LMTP_GREETING(HOST), '220 mail.example.com Dovecot ready.'],
    [R.S220_BANNER(HOST, 'ESMTP Mailpath'), '220 mail.example.com ESMTP Mailpath'],
    [R.S221_BYE, '221 2.0.0 Bye'],
    [R.S250_OK, '250 2.0.0 Ok'],
    [R.S250_SENDER_OK, '250 2.1.0 Ok'],
    [R.S250_RCPT_OK, '250 2.1.5 Ok'],
    [R.S250_QUEUED('4F2A1C'), '250 2.0.0 Ok: queued as 4F2A1C'],
    [R.S250_HELO(HOST), '250 mail.example.com'],
    [R.S250_EHLO(HOST, ['PIPELINING', 'SIZE 10240000']), '250-mail.example.com\n250-PIPELINING\n250 SIZE 10240000'],
    [R.S354_END_DATA, '354 End data with <CR><LF>.<CR><LF>'],
    [R.S503_HELO_FIRST, '503 5.5.1 Error: send HELO/EHLO first'],
    [R.S503_NEED_MAIL, '503 5.5.1 Error: need MAIL command'],
    [R.S503_NESTED_MAIL, '503 5.5.1 Error: nested MAIL command'],
    [R.S503_NEED_RCPT, '503 5.5.1 Error: need RCPT command'],
    [R.S503_TRANSACTION_IN_PROGRESS, '503 5.5.1 Error: MAIL transaction in progress'],
    [R.S502_NOT_RECOGNIZED, '502 5.5.2 Error: command not recognized'],
    [R.S502_NOT_IMPLEMENTED, '502 5.5.1 Error: command not implemented'],
    [R.S502_VRFY_DISABLED, '502 5.5.1 VRFY command is disabled'],
    [R.S500_LINE_TOO_LONG, '500 5.5.2 Line too long'],
    [R.S500_BAD_SYNTAX, '500 5.5.2 Error: bad syntax'],
    [R.S501_HELO_SYNTAX, '501 Syntax: HELO hostname'],
    [R.S501_EHLO_SYNTAX, '501 Syntax: EHLO hostname'],
    [R.S501_MAIL_SYNTAX, '501 5.5.4 Syntax: MAIL FROM:<address>'],
    [R.S501_BAD_SENDER, '501 5.1.7 Bad sender address syntax'],
    [R.S501_BAD_RCPT, '501 5.1.3 Bad recipient address syntax'],
    [R.S555_UNSUPPORTED_OPTION('FOO=BAR'), '555 5.5.4 Unsupported option: FOO=BAR'],
    [R.S550_USER_UNKNOWN(BOB), '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table'],
    [R.S550_USER_UNKNOWN(`<${BOB}>`), '550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table'],
    [R.S554_RELAY_DENIED(BOB), '554 5.7.1 <bob@example.com>: Relay access denied'],
    [R.S556_NULL_MX(BOB, 'example.com'), '556 5.1.10 <bob@example.com>: Recipient address rejected: Domain example.com does not accept mail (nullMX)'],
    [R.S530_AUTH_REQUIRED, '530 5.7.0 Authentication required'],
    [R.S535_AUTH_FAILED, '535 5.7.8 Error: authentication failed: authentication failure'],
    [R.S535_AUTH_BAD_MECH, '535 5.7.8 Error: authentication failed: Invalid authentication mechanism'],
    [R.S235_AUTH_OK, '235 2.7.0 Authentication successful'],
    [R.S334_CHALLENGE('VXNlcm5hbWU6'), '334 VXNlcm5hbWU6'],
    [R.S501_AUTH_CANCELLED, '501 5.7.0 Authentication aborted'],
    [R.S503_ALREADY_AUTH, '503 5.5.1 Error: already authenticated'],
    [R.S552_SIZE, '552 5.3.4 Message size exceeds fixed limit'],
    [R.S552_MESSAGE_TOO_BIG, '552 5.3.4 Error: message file too big'],
    [R.S452_TOO_MANY_RCPT, '452 4.5.3 Error: too many recipients'],
    [R.S421_TIMEOUT(HOST), '421 4.4.2 mail.example.com Error: timeout exceeded'],
    [R.S421_TOO_MANY_CONN(HOST, '192.0.2.9'), '421 4.7.0 mail.example.com Error: too many connections from 192.0.2.9'],
    [R.S451_GREYLISTED(BOB), '451 4.7.1 <bob@example.com>: Recipient address rejected: Greylisted, please try again later'],
    [R.S252_VRFY('bob'), '252 2.0.0 bob'],
    [R.S214_HELP(['HELO', 'QUIT']), '214-2.0.0 Commands:\n214-2.0.0     HELO QUIT\n214 2.0.0 End of HELP info'],
    [R.S220_TLS_READY, '220 2.0.0 Ready to start TLS'],
    [R.S554_NO_VALID_RCPT, '554 5.5.1 Error: no valid recipients'],
    [R.S250_LMTP_SAVED(BOB, 'kR7cNmXbWmYyAgAAzNMsWg'), '250 2.0.0 <bob@example.com> kR7cNmXbWmYyAgAAzNMsWg Saved'],
    [R.S552_QUOTA(BOB), '552 5.2.2 <bob@example.com> Quota exceeded (mailbox for user is full)'],
    [R.S452_QUOTA(BOB), '452 4.2.2 <bob@example.com> Quota exceeded (mailbox for user is full)'],
    [R.S550_LMTP_USER_UNKNOWN(BOB), "550 5.1.1 <bob@example.com> User doesn't exist: bob@example.com"],
    [R.S550_BARE_LF(HOST), '550 5.5.2 mail.example.com Error: bare <LF> received'],
    [R.S500_UNKNOWN_COMMAND, '500 5.5.1 Unknown command'],
  ];
  it.each(cases.map(([r, text]) => [text, r] as const))('%s', (text, r) => {
    expect(replyToString(r)).toBe(text);
  });

  it('HELP in a mode lists that mode\'s verbs', () => {
    expect(R.S214_HELP('lmtp').lines[1]).toContain('LHLO');
    expect(R.S214_HELP('lmtp').lines[1]).not.toContain('EHLO');
  });
});

/** Sample arguments for the catalogue's functions, so that every entry can be exercised. */
const SAMPLES: Record<string, () => Reply> = {
  S220_BANNER: () => R.S220_BANNER(HOST, 'at your service'),
  S220_GREETING: () => R.S220_GREETING(HOST),
  S220_LMTP_GREETING: () => R.S220_LMTP_GREETING(HOST),
  S421_TIMEOUT: () => R.S421_TIMEOUT(HOST),
  S421_TOO_MANY_CONN: () => R.S421_TOO_MANY_CONN(HOST, '192.0.2.9'),
  S421_TOO_MANY_ERRORS: () => R.S421_TOO_MANY_ERRORS(HOST),
  S421_UNAVAILABLE: () => R.S421_UNAVAILABLE(HOST),
  S554_NOT_ACCEPTING: () => R.S554_NOT_ACCEPTING(HOST),
  S503_ACCESS_DENIED: () => R.S503_ACCESS_DENIED('unknown[192.0.2.9]'),
  S250_HELO: () => R.S250_HELO(HOST),
  S250_EHLO: () => R.S250_EHLO(HOST, ['PIPELINING']),
  S250_QUEUED: () => R.S250_QUEUED('4F2A1C'),
  S252_VRFY: () => R.S252_VRFY('bob'),
  S214_HELP: () => R.S214_HELP('smtp'),
  S501_SYNTAX: () => R.S501_SYNTAX('DATA'),
  S555_UNSUPPORTED_OPTION: () => R.S555_UNSUPPORTED_OPTION('FOO=1'),
  S550_USER_UNKNOWN: () => R.S550_USER_UNKNOWN(BOB),
  S550_USER_UNKNOWN_VIRTUAL: () => R.S550_USER_UNKNOWN_VIRTUAL(BOB),
  S554_RELAY_DENIED: () => R.S554_RELAY_DENIED(BOB),
  S450_RCPT_DOMAIN_NOT_FOUND: () => R.S450_RCPT_DOMAIN_NOT_FOUND(BOB),
  S450_SENDER_DOMAIN_NOT_FOUND: () => R.S450_SENDER_DOMAIN_NOT_FOUND(BOB),
  S556_NULL_MX: () => R.S556_NULL_MX(BOB, 'example.com'),
  S451_GREYLISTED: () => R.S451_GREYLISTED(BOB),
  S553_SENDER_NOT_OWNED: () => R.S553_SENDER_NOT_OWNED(BOB, 'alice'),
  S550_BARE_LF: () => R.S550_BARE_LF(HOST),
  S521_BARE_LF: () => R.S521_BARE_LF(HOST),
  S334_CHALLENGE: () => R.S334_CHALLENGE(''),
  S535_AUTH_ERROR: () => R.S535_AUTH_ERROR('generic failure'),
  S250_LMTP_SAVED: () => R.S250_LMTP_SAVED(BOB, 'abc'),
  S552_QUOTA: () => R.S552_QUOTA(BOB),
  S452_QUOTA: () => R.S452_QUOTA(BOB),
  S550_LMTP_USER_UNKNOWN: () => R.S550_LMTP_USER_UNKNOWN(BOB),
};

/** Names that build the same reply as a more general entry. */
const SAME_AS: Record<string, string> = {
  S501_MAIL_SYNTAX: 'S501_SYNTAX',
  S501_RCPT_SYNTAX: 'S501_SYNTAX',
  S501_DATA_SYNTAX: 'S501_SYNTAX',
  S501_RSET_SYNTAX: 'S501_SYNTAX',
  S501_STARTTLS_SYNTAX: 'S501_SYNTAX',
  S501_VRFY_SYNTAX: 'S501_SYNTAX',
  S501_EXPN_SYNTAX: 'S501_SYNTAX',
  S501_AUTH_SYNTAX: 'S501_SYNTAX',
  S334_LOGIN_USERNAME: 'S334_CHALLENGE',
  S334_LOGIN_PASSWORD: 'S334_CHALLENGE',
  S535_AUTH_ERROR: 'S535_AUTH_FAILED',
};

describe('explainReply', () => {
  const names = Object.keys(R).filter((name) => /^S\d{3}_/.test(name));

  it('has an explanation for every reply in the catalogue', () => {
    for (const name of names) {
      const value = (R as Record<string, unknown>)[name];
      const sample = typeof value === 'function' ? SAMPLES[name]?.() : (value as Reply);
      expect(sample, `no sample for ${name}`).toBeDefined();
      if (!sample) continue;
      const explained = R.explainReply(sample);
      expect(explained.key, name).toBe(SAME_AS[name] ?? name);
      expect(explained.summary).toMatch(/\.\)?$/);
      expect(explained.rfc).toMatch(/^RFC \d+/);
      expect(explained.next.length).toBeGreaterThan(0);
    }
  });

  it('only explains names the catalogue exports', () => {
    for (const key of Object.keys(R.REPLY_EXPLANATIONS)) expect(names).toContain(key);
  });

  it('falls back on the reply code and the RFC 3463 enhanced code', () => {
    expect(R.explainReply(reply(550, '5.7.1', 'Message rejected as spam'))).toEqual({
      summary: 'Requested action not taken: mailbox unavailable (Security or policy status: Delivery not authorized, message refused).',
      rfc: 'RFC 5321 §4.2.2; RFC 3463 §3.8',
      next: 'Do not retry as is: fix the command, or bounce the message to its sender.',
    });
    expect(R.explainReply(reply(421, '4.3.2', 'System shutting down')).summary).toBe(
      'Service not available, closing transmission channel (Mail system status: System not accepting network messages). The server is closing the connection.',
    );
    expect(R.explainReply(reply(250, '2.6.99', 'Fine')).summary).toBe(
      'Requested mail action okay, completed (Message content or media status: detail not registered).',
    );
    expect(R.explainReply(reply(299, undefined, 'odd')).summary).toBe('Success.');
    expect(R.explainReply(reply(451, undefined, 'Try later')).next).toContain('temporary');
    expect(R.explainReply(reply(650, undefined, 'nonsense')).next).toContain('protocol error');
  });

  it('describes enhanced codes', () => {
    expect(R.describeEnhancedCode('5.1.10')).toEqual({ subject: 'Addressing status', detail: 'Recipient address has null MX (RFC 7505)', rfc: 'RFC 3463 §3.2' });
    expect(R.describeEnhancedCode('4.7.99')).toEqual({ subject: 'Security or policy status', rfc: 'RFC 3463 §3.8' });
    expect(R.describeEnhancedCode('3.0.0')).toBeUndefined();
    expect(R.describeEnhancedCode('5.9.0')).toBeUndefined();
  });
});
