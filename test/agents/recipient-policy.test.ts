import { describe, expect, it } from 'vitest';
import { recipientVerdict } from '../../src/agents/recipient-policy';
import { defaultPolicy } from '../../src/agents/server-policy';
import { type Path, parsePath } from '../../src/protocol/address';

const path = (text: string): Path => {
  const p = parsePath(text, { kind: 'forward' });
  if (!p.ok) throw new Error(p.error);
  return p.path;
};

const MX = defaultPolicy('mx.example.com', {
  localDomains: ['Example.com'],
  localRecipients: ['bob', 'carol@example.com'],
  relayDomains: ['backup.example'],
  trustedClients: ['smtp.example.org'],
});
const stranger = { host: 'mallory.example', authenticated: false };

describe('recipientVerdict: Postfix smtpd_recipient_restrictions in order', () => {
  it('local domain: listed users by local part or full address, case-insensitive', () => {
    expect(recipientVerdict(MX, path('<BOB@example.COM>'), stranger)).toEqual({ accept: true, why: 'local' });
    expect(recipientVerdict(MX, path('<Carol@Example.com>'), stranger)).toEqual({ accept: true, why: 'local' });
    expect(recipientVerdict(MX, path('<nobody@example.com>'), stranger)).toEqual({ accept: false, why: 'unknown-user' });
  });

  it('an unknown local user is refused even to a trusted or authenticated client', () => {
    expect(recipientVerdict(MX, path('<nobody@example.com>'), { host: 'smtp.example.org', authenticated: true })).toEqual({ accept: false, why: 'unknown-user' });
  });

  it('an empty recipient list accepts every local part', () => {
    const open = { ...MX, localRecipients: [] };
    expect(recipientVerdict(open, path('<anyone@example.com>'), stranger)).toEqual({ accept: true, why: 'local' });
  });

  it('postmaster is always accepted (RFC 5321 4.5.1)', () => {
    expect(recipientVerdict(MX, path('<postmaster>'), stranger)).toEqual({ accept: true, why: 'local' });
  });

  it('other domains: trusted client, then authenticated, then relay domain, else relay denied', () => {
    expect(recipientVerdict(MX, path('<x@far.example>'), { host: 'SMTP.example.org', authenticated: false })).toEqual({ accept: true, why: 'relay-trusted' });
    expect(recipientVerdict(MX, path('<x@far.example>'), { host: 'laptop', authenticated: true })).toEqual({ accept: true, why: 'relay-authenticated' });
    expect(recipientVerdict(MX, path('<x@Backup.Example>'), stranger)).toEqual({ accept: true, why: 'relay-domain' });
    expect(recipientVerdict(MX, path('<x@far.example>'), stranger)).toEqual({ accept: false, why: 'relay-denied' });
  });
});
