import { describe, expect, it } from 'vitest';
import { assign, createActor, setup, SimulatedClock } from 'xstate';
import type { AgentEnv } from '../../src/agents/env';
import { type SmtpClientResult, smtpClientSession } from '../../src/agents/smtp-client-session';
import { allStatePaths, IP, MESSAGE, MESSAGE_LINES, MX, PEER, startSession, visited } from './smtp-client-session.harness';

const EHLO_PLAIN = ['250-mx.example.com', '250-SIZE 10240000', '250 8BITMIME'];
const SIZE = MESSAGE.length; // ASCII, already CRLF

describe('smtp client session: connecting and greeting', () => {
  it('connects, and fails everyone temporarily when the world cannot connect', () => {
    const s = startSession();
    expect(s.calls).toEqual([`connect c1 mta.example.org -> ${MX}:25`]);
    s.actor.send({ type: 'net.failed', reason: `connect to ${MX}[${IP}]:25: Connection refused` });
    expect(s.result()).toEqual({
      connId: 'c1',
      toHost: MX,
      recipients: [
        { address: 'bob@example.com', outcome: 'deferred', dsn: '4.4.1', reason: `connect to ${MX}[${IP}]:25: Connection refused`, stage: 'connect' },
      ],
    });
    expect(s.sent).toEqual([]);
  });

  it('gives up after smtp_connect_timeout (30 s) on the simulated clock, and closes', () => {
    const s = startSession();
    s.clock.increment(29_999);
    expect(s.state()).toBe('connecting');
    s.clock.increment(1);
    expect(s.result().recipients[0]).toMatchObject({ outcome: 'deferred', reason: `connect to ${MX}:25: Connection timed out` });
    expect(s.calls).toContain('close c1 client');
  });

  it('421 greeting: QUIT, recipients deferred with the reply', () => {
    const s = startSession();
    s.connected();
    s.server('421 4.3.2 mx.example.com Service not available');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 2.0.0 Bye');
    const r = s.result();
    expect(r.remoteIp).toBe(IP);
    expect(r.recipients).toEqual([
      {
        address: 'bob@example.com',
        outcome: 'deferred',
        reply: { code: 421, dsn: '4.3.2', lines: ['mx.example.com Service not available'] },
        dsn: '4.3.2',
        reason: `host ${PEER} refused to talk to me: 421 4.3.2 mx.example.com Service not available`,
        stage: 'greeting',
      },
    ]);
    expect(s.calls).toEqual([`connect c1 mta.example.org -> ${MX}:25`, 'close c1 client']);
  });

  it('554 greeting is permanent', () => {
    const s = startSession();
    s.connected();
    s.server('554 5.7.1 No SMTP service here');
    expect(s.take()).toEqual(['QUIT']);
    s.actor.send({ type: 'net.closed' });
    expect(s.result().recipients[0]).toMatchObject({ outcome: 'failed', dsn: '5.7.1' });
  });

  it('assembles a multi-line greeting before answering', () => {
    const s = startSession();
    s.connected();
    s.server('220-mx.example.com ESMTP');
    expect(s.take()).toEqual([]);
    s.server('220 welcome');
    expect(s.take()).toEqual(['EHLO mta.example.org']);
  });
});

describe('smtp client session: a HELO-only server', () => {
  it('falls back from EHLO (502) to HELO and sends one command at a time', () => {
    const s = startSession();
    s.connected();
    s.server('220 old.example.com SMTP');
    expect(s.take()).toEqual(['EHLO mta.example.org']);
    s.server('502 5.5.2 Error: command not recognized');
    expect(s.take()).toEqual(['HELO mta.example.org']);
    s.server('250 old.example.com');
    // No extensions: no SIZE, no BODY.
    expect(s.take()).toEqual(['MAIL FROM:<alice@example.org>']);
    s.server('250 2.1.0 Ok');
    expect(s.take()).toEqual(['RCPT TO:<bob@example.com>']);
    s.server('250 2.1.5 Ok');
    expect(s.take()).toEqual(['DATA']);
    s.server('354 End data with <CR><LF>.<CR><LF>');
    expect(s.take()).toEqual(MESSAGE_LINES);
    s.server('250 2.0.0 Ok: queued as 4F2B1C');
    expect(s.take()).toEqual(['QUIT']);
    expect(s.done()).toBe(false);
    s.server('221 2.0.0 Bye');
    expect(s.calls.at(-1)).toBe('close c1 client');
    const queued = { code: 250, dsn: '2.0.0', lines: ['Ok: queued as 4F2B1C'] };
    expect(s.result()).toEqual({
      connId: 'c1',
      toHost: MX,
      remoteIp: IP,
      recipients: [{ address: 'bob@example.com', outcome: 'sent', reply: queued, dsn: '2.0.0', reason: '250 2.0.0 Ok: queued as 4F2B1C', stage: 'DOT' }],
      dataReply: queued,
    });
  });

  it('a 421 to EHLO is not a reason to try HELO', () => {
    const s = startSession();
    s.connected();
    s.server('220 mx');
    s.take();
    s.server('421 4.7.0 mx.example.com Error: too many connections');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({ outcome: 'deferred', reason: `host ${PEER} refused to talk to me: 421 4.7.0 mx.example.com Error: too many connections` });
  });

  it('a refused HELO decides everyone', () => {
    const s = startSession();
    s.connected();
    s.server('220 mx');
    s.server('500 no');
    expect(s.take()).toEqual(['EHLO mta.example.org', 'HELO mta.example.org']);
    s.server('550 5.7.1 go away');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({ outcome: 'failed', reason: `host ${PEER} refused to talk to me: 550 5.7.1 go away` });
  });
});

describe('smtp client session: PIPELINING (RFC 2920)', () => {
  it('sends MAIL, every RCPT and DATA as one batch and matches the replies in order', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['bob@example.com', 'nobody@example.com', 'carol@example.com'] } });
    s.handshake();
    expect(s.take()).toEqual([
      `MAIL FROM:<alice@example.org> SIZE=${SIZE}`,
      'RCPT TO:<bob@example.com>',
      'RCPT TO:<nobody@example.com>',
      'RCPT TO:<carol@example.com>',
      'DATA',
    ]);
    s.server('250 2.1.0 Ok', '250 2.1.5 Ok', '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table');
    expect(s.take()).toEqual([]);
    s.server('250 2.1.5 Ok', '354 End data with <CR><LF>.<CR><LF>');
    expect(s.take()).toEqual(MESSAGE_LINES);
    s.server('250 2.0.0 Ok: queued as 9A1');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 2.0.0 Bye');
    const r = s.result();
    expect(r.recipients.map((x) => [x.address, x.outcome])).toEqual([
      ['bob@example.com', 'sent'],
      ['nobody@example.com', 'failed'],
      ['carol@example.com', 'sent'],
    ]);
    expect(r.recipients[1]).toEqual({
      address: 'nobody@example.com',
      outcome: 'failed',
      reply: { code: 550, dsn: '5.1.1', lines: ['<nobody@example.com>: Recipient address rejected: User unknown in local recipient table'] },
      dsn: '5.1.1',
      reason: `host ${PEER} said: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)`,
      stage: 'RCPT',
    });
  });

  it('all recipients rejected: the DATA reply (554) is read, no message is sent', () => {
    const s = startSession({ envelope: { from: '', to: ['x@example.com', 'y@example.com'] } });
    s.handshake();
    expect(s.take()).toEqual([`MAIL FROM:<> SIZE=${SIZE}`, 'RCPT TO:<x@example.com>', 'RCPT TO:<y@example.com>', 'DATA']);
    s.server('250 2.1.0 Ok', '550 5.1.1 <x@example.com>: unknown', '450 4.2.0 <y@example.com>: greylisted');
    expect(s.take()).toEqual([]);
    s.server('554 5.5.1 Error: no valid recipients');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    const r = s.result();
    expect(r.recipients.map((x) => x.outcome)).toEqual(['failed', 'deferred']);
    expect(r.recipients[1]!.reason).toBe(`host ${PEER} said: 450 4.2.0 <y@example.com>: greylisted (in reply to RCPT TO command)`);
    expect(r.dataReply).toBeUndefined();
  });

  it('all recipients rejected but DATA got 354 anyway: sends only "." (RFC 2920 3.1)', () => {
    const s = startSession();
    s.handshake();
    s.take();
    s.server('250 Ok', '550 5.1.1 no', '354 go ahead');
    expect(s.take()).toEqual(['.']);
    s.server('554 5.5.1 no valid recipients');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('(in reply to RCPT TO command)') });
  });

  it('MAIL refused: the later RCPT and DATA replies are read and ignored', () => {
    const s = startSession();
    s.handshake();
    s.take();
    s.server('553 5.7.1 <alice@example.org>: Sender address rejected: not owned by user', '503 5.5.1 Error: need MAIL command');
    expect(s.take()).toEqual([]);
    s.server('503 5.5.1 Error: need RCPT command');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({
      outcome: 'failed',
      reason: `host ${PEER} said: 553 5.7.1 <alice@example.org>: Sender address rejected: not owned by user (in reply to MAIL FROM command)`,
    });
  });

  it('a DATA refusal decides the accepted recipients', () => {
    const s = startSession();
    s.handshake();
    s.take();
    s.server('250 Ok', '250 Ok', '451 4.3.0 Error: queue file write error');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({
      outcome: 'deferred',
      reason: `host ${PEER} said: 451 4.3.0 Error: queue file write error (in reply to DATA command)`,
    });
  });
});

describe('smtp client session: one command at a time', () => {
  it('partial acceptance: 550 for one recipient, 250 for the other, the message goes to the one', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['nobody@example.com', 'bob@example.com'] } });
    s.handshake(EHLO_PLAIN);
    expect(s.take()).toEqual([`MAIL FROM:<alice@example.org> SIZE=${SIZE}`]);
    s.server('250 2.1.0 Ok');
    expect(s.take()).toEqual(['RCPT TO:<nobody@example.com>']);
    s.server('550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown');
    expect(s.take()).toEqual(['RCPT TO:<bob@example.com>']);
    s.server('250 2.1.5 Ok');
    expect(s.take()).toEqual(['DATA']);
    s.server('354 go');
    expect(s.take()).toEqual(MESSAGE_LINES);
    s.server('250 2.0.0 Ok: queued as 77');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients.map((r) => [r.outcome, r.reason])).toEqual([
      ['failed', `host ${PEER} said: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)`],
      ['sent', '250 2.0.0 Ok: queued as 77'],
    ]);
  });

  it('all recipients rejected: no DATA, straight to QUIT', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['a@example.com', 'b@example.com'] } });
    s.handshake(EHLO_PLAIN);
    s.server('250 Ok');
    s.server('550 5.1.1 unknown a');
    s.server('550 5.1.1 unknown b');
    expect(s.take()).toEqual([`MAIL FROM:<alice@example.org> SIZE=${SIZE}`, 'RCPT TO:<a@example.com>', 'RCPT TO:<b@example.com>', 'QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients.map((r) => r.outcome)).toEqual(['failed', 'failed']);
  });

  it('4xx to MAIL defers everyone and sends no RCPT', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['a@example.com', 'b@example.com'] } });
    s.handshake(EHLO_PLAIN);
    s.take();
    s.server('451 4.3.0 Error: queue file write error');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    const r = s.result();
    expect(r.recipients.map((x) => x.outcome)).toEqual(['deferred', 'deferred']);
    expect(r.recipients[0]!.reason).toBe(`host ${PEER} said: 451 4.3.0 Error: queue file write error (in reply to MAIL FROM command)`);
  });

  it('530 to MAIL when credentials exist but the server offered no AUTH: reported with that reply', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret' } });
    s.handshake(EHLO_PLAIN);
    expect(s.take()).toEqual([`MAIL FROM:<alice@example.org> SIZE=${SIZE}`]);
    s.server('530 5.7.0 Authentication required');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({
      outcome: 'failed',
      reason: `host ${PEER} said: 530 5.7.0 Authentication required (in reply to MAIL FROM command)`,
    });
  });
});

describe('smtp client session: message', () => {
  it('dot-stuffs a body with a lone "." line and lines starting with "."', () => {
    const data = 'Subject: dots\r\n\r\nbefore\r\n.\r\n..two\r\n.hidden\r\nafter\r\n';
    const s = startSession({ data });
    s.handshake(['250-mx', '250 PIPELINING']);
    s.take();
    s.server('250 Ok', '250 Ok', '354 go');
    expect(s.take()).toEqual(['Subject: dots', '', 'before', '..', '...two', '..hidden', 'after', '.']);
  });

  it('BODY=8BITMIME when the data is 8-bit and the server offers 8BITMIME, SIZE in octets', () => {
    const data = 'Subject: caf\u00e9\r\n\r\nd\u00e9j\u00e0 vu\r\n';
    const s = startSession({ data });
    s.handshake(EHLO_PLAIN);
    expect(s.take()).toEqual([`MAIL FROM:<alice@example.org> SIZE=${data.length + 3} BODY=8BITMIME`]);
  });

  it('no BODY=8BITMIME when the server does not offer 8BITMIME; SIZE without a limit still gets SIZE=', () => {
    const s = startSession({ data: 'Subject: caf\u00e9\r\n\r\nx\r\n' });
    s.handshake(['250-mx', '250 SIZE']);
    expect(s.take()).toEqual(['MAIL FROM:<alice@example.org> SIZE=21']);
  });

  it('SIZE exceeded: no MAIL, a permanent failure worded as Postfix does', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['a@example.com', 'b@example.com'] } });
    s.handshake(['250-mx.example.com', '250-PIPELINING', '250 SIZE 20']);
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    const r = s.result();
    expect(r.recipients).toEqual(
      ['a@example.com', 'b@example.com'].map((address) => ({
        address,
        outcome: 'failed',
        dsn: '5.3.4',
        reason: `message size ${SIZE} exceeds size limit 20 of server ${PEER}`,
      })),
    );
  });
});

describe('smtp client session: AUTH (RFC 4954)', () => {
  const EHLO_AUTH = ['250-mx.example.com', '250-PIPELINING', '250-AUTH PLAIN LOGIN', '250 8BITMIME'];

  it('AUTH PLAIN with the initial response, then the transaction', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret' } });
    s.handshake(EHLO_AUTH);
    expect(s.take()).toEqual([`AUTH PLAIN ${btoa('\0alice\0secret')}`]);
    expect(btoa('\0alice\0secret')).toBe('AGFsaWNlAHNlY3JldA==');
    s.server('235 2.7.0 Authentication successful');
    expect(s.take()).toEqual(['MAIL FROM:<alice@example.org>', 'RCPT TO:<bob@example.com>', 'DATA']);
  });

  it('AUTH PLAIN encodes UTF-8 credentials byte by byte', () => {
    const s = startSession({ auth: { username: 'j\u00fcrgen', password: 'p\u00e4ss\u20ac' } });
    s.handshake(EHLO_AUTH);
    // \0 j ü(c3 bc) r g e n \0 p ä(c3 a4) s s €(e2 82 ac)
    expect(s.take()).toEqual(['AUTH PLAIN AGrDvHJnZW4AcMOkc3Pigqw=']);
  });

  it('535: every recipient fails, QUIT', () => {
    const s = startSession({ auth: { username: 'alice', password: 'wrong' } });
    s.handshake(EHLO_AUTH);
    s.take();
    s.server('535 5.7.8 Error: authentication failed: authentication failure');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 2.0.0 Bye');
    expect(s.result().recipients[0]).toEqual({
      address: 'bob@example.com',
      outcome: 'failed',
      reply: { code: 535, dsn: '5.7.8', lines: ['Error: authentication failed: authentication failure'] },
      dsn: '5.7.8',
      reason: `SASL authentication failed; server ${PEER} said: 535 5.7.8 Error: authentication failed: authentication failure`,
      stage: 'AUTH',
    });
  });

  it('4xx to AUTH defers', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret' } });
    s.handshake(EHLO_AUTH);
    s.server('454 4.7.0 Temporary authentication failure');
    expect(s.take()).toEqual([`AUTH PLAIN ${btoa('\0alice\0secret')}`, 'QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]!.outcome).toBe('deferred');
  });

  it('AUTH LOGIN answers the 334 prompts with the user name, then the password', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret', mechanism: 'LOGIN' } });
    s.handshake(EHLO_AUTH);
    expect(s.take()).toEqual(['AUTH LOGIN']);
    s.server('334 VXNlcm5hbWU6');
    expect(s.take()).toEqual([btoa('alice')]);
    s.server('334 UGFzc3dvcmQ6');
    expect(s.take()).toEqual([btoa('secret')]);
    s.server('235 2.7.0 Authentication successful');
    expect(s.take()).toEqual(['MAIL FROM:<alice@example.org>', 'RCPT TO:<bob@example.com>', 'DATA']);
  });

  it('a server that keeps challenging gets "*" (cancel) after the password', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret', mechanism: 'LOGIN' } });
    s.handshake(EHLO_AUTH);
    s.server('334 VXNlcm5hbWU6', '334 UGFzc3dvcmQ6', '334 UGFzc3dvcmQ6');
    expect(s.take()).toEqual(['AUTH LOGIN', btoa('alice'), btoa('secret'), '*']);
    s.server('501 5.7.0 Authentication aborted');
    expect(s.take()).toEqual(['QUIT']);
  });

  it('LOGIN is used when PLAIN is not offered', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret' } });
    s.handshake(['250-mx', '250 AUTH=LOGIN']);
    expect(s.take()).toEqual(['AUTH LOGIN']);
  });

  it('no compatible mechanism: deferred (4.7.0), no MAIL', () => {
    const s = startSession({ auth: { username: 'alice', password: 'secret' } });
    s.handshake(['250-mx', '250 AUTH CRAM-MD5']);
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({
      outcome: 'deferred',
      dsn: '4.7.0',
      reason: `SASL authentication failed: server ${PEER} offered no compatible authentication mechanisms for this type of connection security`,
    });
  });

  it('no credentials: AUTH offered is simply not used', () => {
    const s = startSession();
    s.handshake(EHLO_AUTH);
    expect(s.take()[0]).toBe('MAIL FROM:<alice@example.org>');
  });
});

describe('smtp client session: LMTP (RFC 2033)', () => {
  it('LHLO, then one reply per accepted recipient after the data, in RCPT order', () => {
    const s = startSession({ lmtp: true, port: 24, envelope: { from: 'alice@example.org', to: ['bob@example.com', 'nobody@example.com', 'carol@example.com'] } });
    s.connected();
    s.server('220 mailstore.example.com Dovecot ready.');
    expect(s.take()).toEqual(['LHLO mta.example.org']);
    s.server('250-mailstore.example.com', '250-8BITMIME', '250-ENHANCEDSTATUSCODES', '250 PIPELINING');
    expect(s.take()).toEqual([
      'MAIL FROM:<alice@example.org>',
      'RCPT TO:<bob@example.com>',
      'RCPT TO:<nobody@example.com>',
      'RCPT TO:<carol@example.com>',
      'DATA',
    ]);
    s.server('250 2.1.0 OK', '250 2.1.5 OK', '550 5.1.1 <nobody@example.com> User doesn\'t exist: nobody@example.com', '250 2.1.5 OK', '354 OK');
    expect(s.take()).toEqual(MESSAGE_LINES);
    s.server('250 2.0.0 <bob@example.com> nV4kAb8Q Saved');
    expect(s.take()).toEqual([]);
    expect(s.done()).toBe(false);
    s.server('552 5.2.2 <carol@example.com> Quota exceeded (mailbox for user is full)');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 2.0.0 Bye');
    const r = s.result();
    expect(r.recipients.map((x) => [x.address, x.outcome, x.reason])).toEqual([
      ['bob@example.com', 'sent', '250 2.0.0 <bob@example.com> nV4kAb8Q Saved'],
      ['nobody@example.com', 'failed', `host ${PEER} said: 550 5.1.1 <nobody@example.com> User doesn't exist: nobody@example.com (in reply to RCPT TO command)`],
      ['carol@example.com', 'failed', `host ${PEER} said: 552 5.2.2 <carol@example.com> Quota exceeded (mailbox for user is full) (in reply to end of DATA command)`],
    ]);
    expect(r.dataReply).toEqual({ code: 552, dsn: '5.2.2', lines: ['<carol@example.com> Quota exceeded (mailbox for user is full)'] });
  });

  it('a refused LHLO does not fall back to HELO', () => {
    const s = startSession({ lmtp: true });
    s.connected();
    s.server('220 lmtp');
    s.server('500 5.5.1 unknown command');
    expect(s.take()).toEqual(['LHLO mta.example.org', 'QUIT']);
  });
});

describe('smtp client session: trouble', () => {
  it('net.closed mid-dialog: outstanding recipients deferred as "lost connection ... while sending RCPT TO"', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['a@example.com', 'b@example.com'] } });
    s.handshake(EHLO_PLAIN);
    s.server('250 Ok', '550 5.1.1 unknown a');
    expect(s.take()).toEqual([`MAIL FROM:<alice@example.org> SIZE=${SIZE}`, 'RCPT TO:<a@example.com>', 'RCPT TO:<b@example.com>']);
    s.actor.send({ type: 'net.closed' });
    const r = s.result();
    expect(r.recipients.map((x) => [x.outcome, x.reason])).toEqual([
      ['failed', `host ${PEER} said: 550 5.1.1 unknown a (in reply to RCPT TO command)`],
      ['deferred', `lost connection with ${PEER} while sending RCPT TO`],
    ]);
    // The server already closed: the client does not close again, nor send QUIT.
    expect(s.calls).not.toContain('close c1 client');
    expect(s.sent.at(-1)).toBe('RCPT TO:<b@example.com>');
  });

  it('net.closed after the data: "message may be sent more than once"', () => {
    const s = startSession();
    s.handshake();
    s.take();
    s.server('250 Ok', '250 Ok', '354 go');
    s.actor.send({ type: 'net.closed' });
    expect(s.result().recipients[0]).toMatchObject({
      outcome: 'deferred',
      dsn: '4.4.2',
      reason: `lost connection with ${PEER} while sending end of data -- message may be sent more than once`,
    });
  });

  it('net.closed while waiting for the greeting', () => {
    const s = startSession();
    s.connected();
    s.actor.send({ type: 'net.closed' });
    expect(s.result().recipients[0]!.reason).toBe(`lost connection with ${PEER} while receiving the initial server greeting`);
  });

  it('smtp_data_done_timeout (600 s): deferred, the connection closed, on the simulated clock', () => {
    const s = startSession();
    s.handshake();
    s.take();
    s.server('250 Ok', '250 Ok', '354 go');
    expect(s.take()).toEqual(MESSAGE_LINES);
    s.clock.increment(599_999);
    expect(s.done()).toBe(false);
    s.clock.increment(1);
    expect(s.result().recipients[0]).toMatchObject({
      outcome: 'deferred',
      reason: `conversation with ${PEER} timed out while sending end of data -- message may be sent more than once`,
    });
    expect(s.calls.at(-1)).toBe('close c1 client');
  });

  it('the RCPT timeout restarts with each reply and names the command it waits for', () => {
    const s = startSession({
      envelope: { from: 'alice@example.org', to: ['a@example.com', 'b@example.com'] },
      timeouts: { rcpt: 1000, mail: 5000 },
    });
    s.handshake(EHLO_PLAIN);
    s.clock.increment(4000);
    s.server('250 Ok');
    s.clock.increment(900);
    s.server('250 Ok');
    s.clock.increment(900);
    expect(s.done()).toBe(false);
    s.clock.increment(100);
    expect(s.result().recipients.map((r) => [r.outcome, r.reason])).toEqual([
      ['deferred', `conversation with ${PEER} timed out while sending RCPT TO`],
      ['deferred', `conversation with ${PEER} timed out while sending RCPT TO`],
    ]);
  });

  it('greeting timeout (smtp_helo_timeout, 300 s)', () => {
    const s = startSession();
    s.connected();
    s.clock.increment(300_000);
    expect(s.result().recipients[0]!.reason).toBe(`conversation with ${PEER} timed out while receiving the initial server greeting`);
  });

  it('QUIT unanswered: closes after smtp_quit_timeout, outcomes kept', () => {
    const s = startSession();
    s.handshake();
    s.take();
    s.server('250 Ok', '250 Ok', '354 go', '250 2.0.0 Ok: queued as 1');
    expect(s.take().at(-1)).toBe('QUIT');
    s.clock.increment(300_000);
    expect(s.result().recipients[0]!.outcome).toBe('sent');
    expect(s.calls.at(-1)).toBe('close c1 client');
  });

  it('a garbage line is a protocol error: deferred "(unexpected reply)", QUIT, close', () => {
    const s = startSession({ envelope: { from: 'alice@example.org', to: ['a@example.com', 'b@example.com'] } });
    s.handshake(EHLO_PLAIN);
    s.server('250 Ok', '250 Ok');
    s.take();
    s.server('hello there, I am not SMTP');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients.map((r) => [r.outcome, r.reason])).toEqual([
      ['deferred', `host ${PEER} said: hello there, I am not SMTP (unexpected reply)`],
      ['deferred', `host ${PEER} said: hello there, I am not SMTP (unexpected reply)`],
    ]);
    expect(s.calls.at(-1)).toBe('close c1 client');
  });

  it('garbage as the greeting, and garbage after QUIT, never throw', () => {
    const s = startSession();
    s.connected();
    s.server('');
    expect(s.take()).toEqual(['QUIT']);
    s.server('\u0000\u00ff!!');
    expect(s.done()).toBe(true);
    expect(s.result().recipients[0]!.reason).toBe(`host ${PEER} said:  (unexpected reply)`);
  });

  it('lines arriving when nothing was asked are ignored', () => {
    const s = startSession();
    s.server('220 too early');
    expect(s.state()).toBe('connecting');
    expect(s.take()).toEqual([]);
  });

  it('an unexpected positive reply where a refusal was due still decides the recipient', () => {
    const s = startSession();
    s.connected();
    s.server('250 not a greeting');
    expect(s.take()).toEqual(['QUIT']);
    s.server('221 Bye');
    expect(s.result().recipients[0]).toMatchObject({ outcome: 'deferred', dsn: '4.0.0' });
  });
});

describe('smtp client session: as a child actor', () => {
  it('sends smtp.client.done to its parent', () => {
    const sent: string[] = [];
    const env: AgentEnv = {
      now: () => 0,
      random: () => 0,
      newConnectionId: () => 'c9',
      connect: () => undefined,
      transmit: (_c, _s, line) => sent.push(line),
      close: () => undefined,
      resolveMailRoute: () => undefined,
      record: () => undefined,
    };
    const parent = setup({
      types: { context: {} as { result?: SmtpClientResult }, events: {} as { type: 'smtp.client.done'; result: SmtpClientResult } },
      actors: { smtp: smtpClientSession },
    }).createMachine({
      context: {},
      invoke: {
        id: 'client',
        src: 'smtp',
        input: { env, connId: 'c9', fromHost: 'a.example', toHost: MX, port: 25, lmtp: false, envelope: { from: 'a@a.example', to: ['b@example.com'] }, data: MESSAGE },
      },
      on: { 'smtp.client.done': { actions: assign({ result: ({ event }) => event.result }) } },
    });
    const actor = createActor(parent, { clock: new SimulatedClock() }).start();
    const child = actor.getSnapshot().children.client!;
    child.send({ type: 'net.failed', reason: 'connect to mx.example.com[192.0.2.25]:25: Connection refused' });
    expect(actor.getSnapshot().context.result?.recipients[0]?.outcome).toBe('deferred');
    expect(sent).toEqual([]);
  });
});

describe('smtp client session: coverage', () => {
  it('the scenarios above visit every state of the machine', () => {
    expect(allStatePaths().filter((p) => !visited.has(p))).toEqual([]);
  });
});
