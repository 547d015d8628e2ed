import { describe, expect, it } from 'vitest';
import { formatPath, isIPv4, isIPv6, parsePath, unquoteLocalPart } from '../../src/protocol/address';

describe('parsePath', () => {
  it('accepts the null path only as a reverse-path', () => {
    expect(parsePath('<>', { kind: 'reverse' })).toEqual({
      ok: true,
      path: { mailbox: '', local: '', domain: '', isNull: true, isPostmaster: false },
    });
    const forward = parsePath('<>', { kind: 'forward' });
    expect(forward.ok).toBe(false);
  });

  it('accepts the bare <Postmaster> only as a forward-path, in any case', () => {
    for (const name of ['Postmaster', 'postmaster', 'POSTMASTER']) {
      const parsed = parsePath(`<${name}>`, { kind: 'forward' });
      expect(parsed).toEqual({ ok: true, path: { mailbox: name, local: name, domain: '', isNull: false, isPostmaster: true } });
    }
    expect(parsePath('<Postmaster>', { kind: 'reverse' }).ok).toBe(false);
  });

  it('marks postmaster@domain as the postmaster too', () => {
    const parsed = parsePath('<"postmaster"@example.com>', { kind: 'forward' });
    expect(parsed.ok && parsed.path.isPostmaster).toBe(true);
  });

  it('drops a source route and keeps the mailbox', () => {
    const parsed = parsePath('<@a.example,@b.example:user@d.example>', { kind: 'forward' });
    expect(parsed.ok && parsed.path.mailbox).toBe('user@d.example');
    expect(parsePath('<@a.example,b.example:user@d.example>', { kind: 'forward' }).ok).toBe(false);
    expect(parsePath('<@-bad:user@d.example>', { kind: 'forward' }).ok).toBe(false);
  });

  it('keeps quoted local parts as written', () => {
    const parsed = parsePath('<"john doe"@example.com>', { kind: 'forward' });
    expect(parsed.ok && parsed.path).toMatchObject({ mailbox: '"john doe"@example.com', local: '"john doe"', domain: 'example.com' });
    expect(parsePath('<"bad\u0001char"@example.com>', { kind: 'forward' }).ok).toBe(false);
  });

  it('reports lenient forms with the strict one', () => {
    expect(parsePath(' plc@gandalf', { kind: 'reverse' })).toMatchObject({
      ok: true,
      lenient: 'a space after the colon and no angle brackets; the strict RFC 5321 form is MAIL FROM:<plc@gandalf>',
    });
    expect(parsePath('bob@x', { kind: 'forward' })).toMatchObject({
      ok: true,
      lenient: 'no angle brackets; the strict RFC 5321 form is RCPT TO:<bob@x>',
    });
  });

  it.each([
    ['', 'no address'],
    ['<', 'no closing'],
    ['a@b>', 'no opening'],
    ['<a@b> x', 'unexpected text'],
    ['<a>', 'no "@domain"'],
    ['<@b>', 'source route'],
    ['<a@>', 'domain after "@" is empty'],
    ['<a.@b>', 'dot'],
    ['<a@b.>', 'empty label'],
    ['<a@b-.c>', 'inner hyphens'],
    ['<a@[1.2.3]>', 'IPv4'],
    ['<a@[IPv6:::1::2]>', 'IPv6'],
    ['<a@[x-y:]>', 'tagged'],
    ['<a@[1.2.3.4>', 'closing "]"'],
  ])('names the fault in %j', (text, fragment) => {
    const parsed = parsePath(text, { kind: 'forward' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(fragment);
  });

  it('accepts a general address literal', () => {
    expect(parsePath('<a@[x-tag:some.thing]>', { kind: 'forward' }).ok).toBe(true);
  });
});

describe('address literals', () => {
  it.each(['0.0.0.0', '192.0.2.1', '255.255.255.255'])('IPv4 %s', (ip) => expect(isIPv4(ip)).toBe(true));
  it.each(['256.0.0.1', '1.2.3', '1.2.3.4.5', '01234.1.1.1', 'a.b.c.d', ''])('not IPv4 %j', (ip) => expect(isIPv4(ip)).toBe(false));
  it.each(['2001:db8:0:0:0:0:0:1', '2001:db8::1', '::', '::1', 'fe80::', '::ffff:192.0.2.1', '1:2:3:4:5:6:192.0.2.1', '1:2:3:4:5:6::'])(
    'IPv6 %s',
    (ip) => expect(isIPv6(ip)).toBe(true),
  );
  it.each(['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7::', '1:2:3:4:5::1.2.3.4', ':1:2:3:4:5:6:7', ''])(
    'not IPv6 %j',
    (ip) => expect(isIPv6(ip)).toBe(false),
  );
});

describe('formatPath and unquoteLocalPart', () => {
  it('formats paths in angle brackets', () => {
    const parse = (t: string, kind: 'reverse' | 'forward') => {
      const p = parsePath(t, { kind });
      if (!p.ok) throw new Error(p.error);
      return p.path;
    };
    expect(formatPath(parse('<>', 'reverse'))).toBe('<>');
    expect(formatPath(parse('x@y', 'forward'))).toBe('<x@y>');
    expect(formatPath(parse('<Postmaster>', 'forward'))).toBe('<Postmaster>');
    expect(formatPath(parse('<@r:x@y>', 'forward'))).toBe('<x@y>');
  });

  it('unquotes', () => {
    expect(unquoteLocalPart('"john doe"')).toBe('john doe');
    expect(unquoteLocalPart('"a\\"b"')).toBe('a"b');
    expect(unquoteLocalPart('plain')).toBe('plain');
  });
});
