import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, saslStep } from '../../src/agents/sasl';

const ACCOUNTS = { 'alice@example.org': 'wonderland', 'j\u00fcrgen': 'p\u00e4ss' };

describe('base64 for SASL', () => {
  it('decodes RFC 4648, "=" as the empty response, and refuses what is not base64 or not UTF-8', () => {
    expect(decodeBase64('AGFsaWNlAHB3')).toBe('\0alice\0pw');
    expect(decodeBase64(' dXNlcg== ')).toBe('user');
    expect(decodeBase64('=')).toBe('');
    expect(decodeBase64('')).toBe('');
    expect(decodeBase64('abc')).toBeUndefined();
    expect(decodeBase64('!!!!')).toBeUndefined();
    expect(decodeBase64('/w==')).toBeUndefined();
  });

  it('round-trips any text through its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decodeBase64(encodeBase64(text))).toBe(text);
      }),
    );
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        decodeBase64(text);
      }),
    );
  });
});

describe('saslStep', () => {
  const start = (mechanism: string) => ({ mechanism, stage: 'start' as const });

  it('PLAIN with an initial response: success or 535', () => {
    expect(saslStep(start('PLAIN'), encodeBase64('\0alice@example.org\0wonderland'), ACCOUNTS)).toMatchObject({ kind: 'success', user: 'alice@example.org', reply: { code: 235 } });
    expect(saslStep(start('PLAIN'), encodeBase64('\0j\u00fcrgen\0p\u00e4ss'), ACCOUNTS)).toMatchObject({ kind: 'success', user: 'j\u00fcrgen' });
    expect(saslStep(start('PLAIN'), encodeBase64('\0alice@example.org\0guess'), ACCOUNTS)).toMatchObject({ kind: 'failure', reply: { code: 535, dsn: '5.7.8' } });
    expect(saslStep(start('PLAIN'), encodeBase64('alice@example.org wonderland'), ACCOUNTS)).toMatchObject({ kind: 'failure', reply: { code: 535 } });
    expect(saslStep(start('PLAIN'), encodeBase64('\0constructor\0x'), ACCOUNTS)).toMatchObject({ kind: 'failure' });
  });

  it('PLAIN without one: an empty challenge first', () => {
    expect(saslStep(start('PLAIN'), undefined, ACCOUNTS)).toEqual({ kind: 'challenge', challenge: '', next: { mechanism: 'PLAIN', stage: 'response' } });
  });

  it('LOGIN: Username:, then Password:, then the verdict', () => {
    const first = saslStep(start('LOGIN'), undefined, ACCOUNTS);
    expect(first).toEqual({ kind: 'challenge', challenge: 'VXNlcm5hbWU6', next: { mechanism: 'LOGIN', stage: 'username' } });
    const second = saslStep({ mechanism: 'LOGIN', stage: 'username' }, encodeBase64('alice@example.org'), ACCOUNTS);
    expect(second).toEqual({ kind: 'challenge', challenge: 'UGFzc3dvcmQ6', next: { mechanism: 'LOGIN', stage: 'password', username: 'alice@example.org' } });
    expect(saslStep({ mechanism: 'LOGIN', stage: 'password', username: 'alice@example.org' }, encodeBase64('wonderland'), ACCOUNTS)).toMatchObject({ kind: 'success' });
    expect(saslStep({ mechanism: 'LOGIN', stage: 'password', username: 'alice@example.org' }, encodeBase64('x'), ACCOUNTS)).toMatchObject({ kind: 'failure', reply: { code: 535 } });
  });

  it('LOGIN with the user name as initial response goes straight to Password:', () => {
    expect(saslStep(start('LOGIN'), encodeBase64('alice@example.org'), ACCOUNTS)).toMatchObject({ kind: 'challenge', challenge: 'UGFzc3dvcmQ6' });
  });

  it('"*" cancels (501), bad base64 is 501, an unknown mechanism is 504', () => {
    expect(saslStep({ mechanism: 'LOGIN', stage: 'password', username: 'a' }, '*', ACCOUNTS)).toMatchObject({ kind: 'failure', reply: { code: 501, dsn: '5.7.0' } });
    expect(saslStep(start('PLAIN'), 'not base64!', ACCOUNTS)).toMatchObject({ kind: 'failure', reply: { code: 501, dsn: '5.5.2' } });
    expect(saslStep(start('CRAM-MD5'), undefined, ACCOUNTS)).toMatchObject({ kind: 'failure', reply: { code: 504 } });
  });
});
