import { afterEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenarios';
import { bridge, Cleanup, RawClient, scenario, waitFor } from './helpers';

/**
 * Real sockets against the MX of seed-basic, served by the bridge: what telnet or a misbehaving client
 * would send, and the limits a real server holds to.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const MX = { host: 'mailserver.mydomain.com', port: 0 };
const RCPT = 'pleclercq@mydomain.com';

async function greeted(port: number): Promise<RawClient> {
  const c = await RawClient.open(port, cleanup);
  const greeting = await c.reply();
  expect(greeting.text).toBe('220 mailserver.mydomain.com ESMTP Mailpath');
  return c;
}

describe('bridge over raw sockets', () => {
  it('answers pipelined commands in order (MAIL, RCPT and DATA in one write)', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const c = await greeted(b.port());
    const ehlo = await c.command('EHLO client.example');
    expect(ehlo.lines).toContain('250-PIPELINING');
    c.send(`MAIL FROM:<a@client.example>\r\nRCPT TO:<${RCPT}>\r\nRCPT TO:<nobody@mydomain.com>\r\nDATA\r\n`);
    const [mail, rcpt, bad, data] = await c.replies(4);
    expect(mail!.text).toBe('250 2.1.0 Ok');
    expect(rcpt!.text).toBe('250 2.1.5 Ok');
    expect(bad!.code).toBe(550);
    expect(data!.code).toBe(354);
    c.send('Subject: pipelined\r\n\r\nbody\r\n.\r\nQUIT\r\n');
    const [queued, bye] = await c.replies(2);
    expect(queued!.text).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
    expect(bye!.text).toBe('221 2.0.0 Bye');
    await c.waitClosed();
    const box = await waitFor(() => b.world.mailbox(RCPT)?.messages.find((m) => m.raw.includes('Subject: pipelined')), 'delivery');
    expect(box.raw).toContain('Received: from client.example (localhost [127.0.0.1])');
  });

  it('refuses a command line over 512 octets with 500 5.5.2 and keeps the connection', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const c = await greeted(b.port());
    expect((await c.command('EHLO client.example')).code).toBe(250);
    // 'NOOP ' plus 506 octets plus CRLF is 513 octets: one too many.
    expect((await c.command(`NOOP ${'x'.repeat(506)}`)).text).toBe('500 5.5.2 Line too long');
    expect((await c.command(`NOOP ${'x'.repeat(505)}`)).text).toBe('250 2.0.0 Ok');
    expect((await c.command('NOOP')).text).toBe('250 2.0.0 Ok');
  });

  it('bounds an absurdly long line: 8 MB without a line end gets one 500 5.5.2, then NOOP works', { timeout: 30_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const c = await greeted(b.port());
    const chunk = 'A'.repeat(1 << 20);
    for (let i = 0; i < 8; i++) c.send(chunk);
    c.send('\r\n');
    expect((await c.reply(15_000)).text).toBe('500 5.5.2 Line too long');
    expect((await c.command('NOOP')).text).toBe('250 2.0.0 Ok');
    // What reached the world (and the trace) was cut short: the reply is the same, the memory is not.
    const longest = Math.max(...b.world.trace.map((e) => (e.kind === 'line' ? e.text.length : 0)));
    expect(longest).toBeLessThan(20_000);
  });

  it('answers 552 for a declared SIZE over the limit, and for data over it', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX], maxMessageSize: 2000 });
    const c = await greeted(b.port());
    const ehlo = await c.command('EHLO client.example');
    expect(ehlo.lines).toContain('250-SIZE 2000');
    expect((await c.command('MAIL FROM:<a@client.example> SIZE=5000')).text).toBe('552 5.3.4 Message size exceeds fixed limit');
    expect((await c.command('MAIL FROM:<a@client.example>')).code).toBe(250);
    expect((await c.command(`RCPT TO:<${RCPT}>`)).code).toBe(250);
    expect((await c.command('DATA')).code).toBe(354);
    const body = Array.from({ length: 40 }, (_, i) => `line ${i} ${'z'.repeat(70)}`).join('\r\n');
    c.send(`Subject: big\r\n\r\n${body}\r\n.\r\n`);
    expect((await c.reply()).code).toBe(552);
    // The session survives: a small message still goes through.
    expect((await c.command('MAIL FROM:<a@client.example>')).code).toBe(250);
    expect((await c.command(`RCPT TO:<${RCPT}>`)).code).toBe(250);
    expect((await c.command('DATA')).code).toBe(354);
    expect((await c.command('Subject: small\r\n\r\nok\r\n.')).code).toBe(250);
  });

  it('closes an idle client with 421 4.4.2', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX], idleTimeoutMs: 400 });
    const c = await greeted(b.port());
    expect((await c.command('EHLO client.example')).code).toBe(250);
    const started = Date.now();
    expect((await c.reply(5000)).text).toBe('421 4.4.2 mailserver.mydomain.com Error: timeout exceeded');
    await c.waitClosed();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('refuses connections over the cap with 421 4.7.0 and serves again once one closes', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX], maxConnections: 2 });
    const first = await greeted(b.port());
    await greeted(b.port());
    const third = await RawClient.open(b.port(), cleanup);
    expect((await third.reply()).text).toBe('421 4.7.0 mailserver.mydomain.com Error: too many connections from 127.0.0.1');
    await third.waitClosed();
    expect((await first.command('QUIT')).code).toBe(221);
    await first.waitClosed();
    expect(b.logged.some((l) => l.includes('too many connections from 127.0.0.1'))).toBe(true);
    // The server sees the close a moment after the client does; until then a new client may still be refused.
    let code = 0;
    for (let attempt = 0; attempt < 20 && code !== 220; attempt++) {
      const again = await RawClient.open(b.port(), cleanup);
      code = (await again.reply()).code;
      if (code !== 220) await new Promise((r) => setTimeout(r, 50));
    }
    expect(code).toBe(220);
  });

  it('never ends DATA on a dot ended by a bare LF (Postfix 3.9 smtpd_forbid_bare_newline = normalize)', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const c = await greeted(b.port());
    expect((await c.command('HELO client.example')).code).toBe(250);
    expect((await c.command('MAIL FROM:<a@client.example>')).code).toBe(250);
    expect((await c.command(`RCPT TO:<${RCPT}>`)).code).toBe(250);
    expect((await c.command('DATA')).code).toBe(354);
    // A smuggling attempt: LF "." LF, then a second message's commands, then the real end.
    c.send('Subject: smuggle\r\n\r\nfirst part\n.\nMAIL FROM:<evil@client.example>\r\nlast line\r\n.\r\n');
    const end = await c.reply();
    expect(end.text).toMatch(/^250 2\.0\.0 Ok: queued as/);
    expect(c.unread).toBe('');
    const msg = await waitFor(() => b.world.mailbox(RCPT)?.messages.find((m) => m.raw.includes('Subject: smuggle')), 'delivery');
    // One message, the would-be commands inside it as text.
    expect(msg.raw).toContain('first part\r\n');
    expect(msg.raw).toContain('MAIL FROM:<evil@client.example>\r\nlast line\r\n');
    expect(b.world.mailbox(RCPT)!.messages).toHaveLength(1);
  });

  it('answers promptly: the clock follows the wall clock, not a coarse tick', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const c = await greeted(b.port());
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      expect((await c.command('NOOP')).code).toBe(250);
      times.push(performance.now() - t0);
    }
    // Two crossings of the simulated 20 ms link; the median leaves room for a loaded machine.
    times.sort((x, y) => x - y);
    expect(times[2]).toBeGreaterThanOrEqual(35);
    expect(times[2]).toBeLessThan(500);
  });

  it('closes without a word when the host is down in the scenario, as a dead host would', { timeout: 15_000 }, async () => {
    const hosts = findScenario('seed-basic')!.hosts.map((h) => (h.name === MX.host ? { ...h, down: true } : h));
    // At speed 100 the 30 s connect timeout of a dead host passes in 0.3 s.
    const b = await bridge(cleanup, { scenario: scenario('seed-basic', { hosts }), listen: [MX], speed: 100 });
    const c = await RawClient.open(b.port(), cleanup);
    await c.waitClosed();
    expect(c.unread).toBe('');
    expect(b.logged.some((l) => l.includes('Connection timed out'))).toBe(true);
  });

  it('takes bare-LF command lines as telnet users type them', { timeout: 15_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX] });
    const c = await greeted(b.port());
    c.send('HELO client.example\n');
    expect((await c.reply()).text).toBe('250 mailserver.mydomain.com');
  });

  it('survives random bytes: no crash, and the next client is served', { timeout: 30_000 }, async () => {
    const b = await bridge(cleanup, { scenario: scenario('seed-basic'), listen: [MX], maxConnections: 50 });
    // A small deterministic generator, so a failure can be replayed.
    let seed = 0x2545f491;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 4294967296;
    };
    const alphabet = [0x0d, 0x0a, 0x2e, 0x00, 0xff, 0xc3, 0x20, 0x3a, 0x3c, 0x3e];
    const words = ['EHLO x', 'MAIL FROM:<a@b>', `RCPT TO:<${RCPT}>`, 'DATA', '.', 'RSET', 'AUTH PLAIN', 'STARTTLS', 'BDAT 10', 'QUIT'];
    for (let round = 0; round < 20; round++) {
      const c = await RawClient.open(b.port(), cleanup);
      for (let w = 0; w < 10; w++) {
        const bytes = Buffer.alloc(1 + Math.floor(rand() * 600));
        for (let i = 0; i < bytes.length; i++) {
          const r = rand();
          bytes[i] = r < 0.3 ? alphabet[Math.floor(rand() * alphabet.length)]! : Math.floor(rand() * 256);
        }
        c.send(rand() < 0.3 ? `${words[Math.floor(rand() * words.length)]}\r\n` : bytes);
      }
      if (rand() < 0.5) c.socket.destroy();
      else c.socket.end();
    }
    await new Promise((r) => setTimeout(r, 300));
    const c = await greeted(b.port());
    expect((await c.command('EHLO after.fuzz')).code).toBe(250);
    expect((await c.command('NOOP')).code).toBe(250);
    expect(b.logged.filter((l) => l.includes('internal error'))).toEqual([]);
  });
});
