import { describe, expect, it } from 'vitest';
import { outcomesFromClient, outcomesFromRoute, shouldTryNextHost } from '../../src/agents/delivery-outcome';
import type { SmtpClientRecipientResult, SmtpClientResult, Stage } from '../../src/agents/smtp-client-outcome';

const unknown = { code: 550, dsn: '5.1.1', lines: ['<x@r.example>: Recipient address rejected: User unknown in local recipient table'] };
const queued = { code: 250, dsn: '2.0.0', lines: ['Ok: queued as 9A1'] };

const result = (...recipients: SmtpClientRecipientResult[]): SmtpClientResult => ({ connId: 'c3', toHost: 'mx.r.example', remoteIp: '192.0.2.25', recipients });
const deferredAt = (stage: Stage | undefined, address = 'x@r.example'): SmtpClientRecipientResult => ({
  address,
  outcome: 'deferred',
  reason: 'r',
  dsn: '4.4.2',
  ...(stage === undefined ? {} : { stage }),
});

describe('outcomesFromClient', () => {
  it('carries the reply, the remote MTA and what the reply answered, for the DSN', () => {
    const out = outcomesFromClient(
      result(
        { address: 'x@r.example', outcome: 'failed', reply: unknown, reason: 'host mx said: 550 ...', dsn: '5.1.1', stage: 'RCPT' },
        { address: 'y@r.example', outcome: 'sent', reply: queued, reason: '250 2.0.0 Ok: queued as 9A1', dsn: '2.0.0', stage: 'DOT' },
        { address: 'z@r.example', outcome: 'deferred', reason: 'connect to mx.r.example:25: Connection timed out', dsn: '4.4.1', stage: 'connect' },
      ),
    );
    expect(out).toEqual([
      { address: 'x@r.example', status: 'failed', reason: 'host mx said: 550 ...', dsn: '5.1.1', remoteMta: 'mx.r.example', remoteIp: '192.0.2.25', reply: unknown, inReplyTo: 'RCPT TO' },
      { address: 'y@r.example', status: 'sent', reason: '250 2.0.0 Ok: queued as 9A1', dsn: '2.0.0', remoteMta: 'mx.r.example', remoteIp: '192.0.2.25', reply: queued, inReplyTo: 'end of DATA' },
      { address: 'z@r.example', status: 'deferred', reason: 'connect to mx.r.example:25: Connection timed out', dsn: '4.4.1', remoteMta: 'mx.r.example', remoteIp: '192.0.2.25' },
    ]);
  });

  it('names MAIL FROM and the greeting as Postfix does in "in reply to"', () => {
    const [mail, greeting] = outcomesFromClient(result({ ...deferredAt('MAIL'), address: 'a@r' }, { ...deferredAt('greeting'), address: 'b@r' }));
    expect(mail?.inReplyTo).toBe('MAIL FROM');
    expect(greeting?.inReplyTo).toBe('initial server greeting');
  });
});

describe('outcomesFromRoute', () => {
  const steps: never[] = [];
  it('NXDOMAIN and null MX fail every recipient of the domain; SERVFAIL defers them', () => {
    expect(outcomesFromRoute(['a@d.example', 'b@d.example'], { ok: false, permanent: true, reason: 'Host or domain name not found', dsn: '5.4.4', steps })).toEqual([
      { address: 'a@d.example', status: 'failed', reason: 'Host or domain name not found', dsn: '5.4.4' },
      { address: 'b@d.example', status: 'failed', reason: 'Host or domain name not found', dsn: '5.4.4' },
    ]);
    expect(outcomesFromRoute(['a@d.example'], { ok: false, permanent: false, reason: 'try again', dsn: '4.4.3', steps })).toEqual([
      { address: 'a@d.example', status: 'deferred', reason: 'try again', dsn: '4.4.3' },
    ]);
  });
});

describe('shouldTryNextHost (RFC 5321 5.1)', () => {
  it('yes when the host could not be reached or turned us away before any recipient was discussed', () => {
    for (const stage of ['connect', 'greeting', 'EHLO', 'HELO', 'LHLO', undefined] as const) {
      expect(shouldTryNextHost(result(deferredAt(stage), deferredAt(stage, 'y@r.example')))).toBe(true);
    }
  });

  it('no once a recipient got an answer, or when anything failed for good, or with no recipients', () => {
    expect(shouldTryNextHost(result(deferredAt('RCPT')))).toBe(false);
    expect(shouldTryNextHost(result(deferredAt('MAIL')))).toBe(false);
    expect(shouldTryNextHost(result(deferredAt('DOT')))).toBe(false);
    expect(shouldTryNextHost(result(deferredAt('connect'), deferredAt('RCPT', 'y@r.example')))).toBe(false);
    expect(shouldTryNextHost(result({ address: 'x@r', outcome: 'failed', reason: 'r', dsn: '5.0.0', stage: 'EHLO' }))).toBe(false);
    expect(shouldTryNextHost(result())).toBe(false);
  });

  it('yes after a 5xx greeting, as Postfix smtp_skip_5xx_greeting does', () => {
    expect(shouldTryNextHost(result({ address: 'x@r', outcome: 'failed', reason: 'r', dsn: '5.0.0', stage: 'greeting' }))).toBe(true);
  });
});
