import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { findScenario } from '../../src/scenarios';
import { parseScenario } from '../../src/world/scenario';
import type { World } from '../../src/world/world';
import { bridge, Cleanup, scenario, waitFor } from './helpers';

/**
 * The MTA's client machine delivering to a real server: a domain the scenario marks real is reached over
 * real TCP on loopback, through the World's externalServer option.
 */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly data: Buffer;
}

async function realSmtpServer(): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks) });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanup.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

/** What the MTA holds in its queue, by queue id, seen on every trace event (an entry leaves once sent). */
function watchQueue(world: World, systemId: string): Map<string, string> {
  const seen = new Map<string, string>();
  world.subscribe(() => {
    const snap = world.snapshotOf(systemId) as { context?: { queueEntries?: Record<string, { data: string }> } } | undefined;
    for (const [id, entry] of Object.entries(snap?.context?.queueEntries ?? {})) seen.set(id, entry.data);
  });
  return seen;
}

const twoProvidersWithRealRecipient = (realServers: Record<string, { host?: string; port: number }>) =>
  scenario('two-providers', { inputs: findScenario('two-providers')!.inputs, realServers });

describe('outbound to a real server', () => {
  it('delivers to a real smtp-server, whose bytes match what our MTA queued', { timeout: 30_000 }, async () => {
    const real = await realSmtpServer();
    const b = await bridge(cleanup, { scenario: scenario('two-providers', { realServers: { 'recipient.example': { port: real.port } } }), listen: [] });
    const queued = watchQueue(b.world, 'mta:mta.sender.example');
    b.driver.sync();
    b.world.compose('alice-laptop', { to: ['Bob <bob@recipient.example>'], cc: [], bcc: [], subject: 'Déjà vu', body: 'Café ☕\n.\n..\nend\n' });
    const got = await waitFor(() => real.received[0], 'the real server to receive the message', 20_000);
    expect(got.from).toBe('alice@sender.example');
    expect(got.to).toEqual(['bob@recipient.example']);
    const sent = await waitFor(() => b.world.trace.find((e) => e.kind === 'queue.sent' && e.host === 'mta.sender.example'), 'queue.sent', 10_000);
    if (sent.kind !== 'queue.sent') throw new Error('unreachable');
    expect(sent.reply.code).toBe(250);
    const data = queued.get(sent.queueId);
    expect(data).toBeDefined();
    expect(got.data.equals(Buffer.from(data!, 'utf8'))).toBe(true);
    // A lone dot and a double dot survived stuffing and unstuffing; UTF-8 went through as UTF-8.
    expect(got.data.toString('utf8')).toMatch(/\r\n\r\nCafé ☕\r\n\.\r\n\.\.\r\nend\r\n$/);
    // smtp-server's EHLO reply is multi-line; the session read it whole and went on.
    const fromReal = b.world.trace.filter((e) => e.kind === 'line' && e.direction === 's2c' && e.from === 'mx.recipient.example').map((e) => (e.kind === 'line' ? e.text : ''));
    expect(fromReal[0]).toMatch(/^220 /);
    expect(fromReal.some((l) => /^250-/.test(l))).toBe(true);
    // Nothing reached the simulated MX that the real one replaced.
    expect(b.world.mailbox('bob@recipient.example')?.messages).toHaveLength(0);
  });

  it('reads a multi-line greeting and replies split across TCP segments; a domain without DNS gets an A record', { timeout: 30_000 }, async () => {
    const sockets = new Set<Socket>();
    const got: string[] = [];
    // A hand-written server that sends every reply in awkward pieces.
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.setEncoding('utf8');
      // Replies go out in order even when pipelined commands ask for several at once.
      let queue = Promise.resolve();
      const say = (text: string) => {
        queue = queue.then(async () => {
          for (let i = 0; i < text.length && !socket.destroyed; i += 7) {
            socket.write(text.slice(i, i + 7));
            await new Promise((r) => setTimeout(r, 2));
          }
        });
        return queue;
      };
      let buffer = '';
      let inData = false;
      const lines: string[] = [];
      void say('220-real.elsewhere.test ESMTP\r\n220-this greeting has\r\n220 three lines\r\n');
      socket.on('data', (d: string) => {
        buffer += d;
        for (let nl = buffer.indexOf('\r\n'); nl !== -1; nl = buffer.indexOf('\r\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 2);
          got.push(line);
          if (inData) {
            if (line === '.') {
              inData = false;
              void say('250 2.0.0 queued here\r\n');
            } else lines.push(line.startsWith('.') ? line.slice(1) : line);
          } else if (/^EHLO/i.test(line)) void say('250-real.elsewhere.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 100000\r\n');
          else if (/^DATA/i.test(line)) {
            inData = true;
            void say('354 go ahead\r\n');
          } else if (/^QUIT/i.test(line)) void say('221 bye\r\n').then(() => socket.end());
          else void say('250 ok\r\n');
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanup.add(() => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const port = (server.address() as AddressInfo).port;
    const b = await bridge(cleanup, { scenario: scenario('two-providers', { realServers: { 'elsewhere.test': { port } } }), listen: [] });
    b.driver.sync();
    b.world.compose('alice-laptop', { to: ['carol@elsewhere.test'], cc: [], bcc: [], subject: 'Hello Carol', body: 'Line one\n.\nLine three\n' });
    const sent = await waitFor(() => b.world.trace.find((e) => e.kind === 'queue.sent' && e.host === 'mta.sender.example'), 'queue.sent', 20_000);
    if (sent.kind !== 'queue.sent') throw new Error('unreachable');
    expect(sent.reply).toMatchObject({ code: 250, lines: ['queued here'] });
    expect(got[0]).toBe('EHLO mta.sender.example');
    expect(got.find((l) => l.startsWith('MAIL FROM:'))).toMatch(/^MAIL FROM:<alice@sender\.example> SIZE=\d+$/);
    expect(got).toContain('RCPT TO:<carol@elsewhere.test>');
    expect(got).toContain('..');
    expect(got.at(-1)).toBe('QUIT');
    expect(b.world.trace.some((e) => e.kind === 'dns.answer' && e.name === 'elsewhere.test' && e.type === 'A' && e.ok)).toBe(true);
  });

  it('defers, and keeps running, when the real server is down', { timeout: 20_000 }, async () => {
    // A port that was just free: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const b = await bridge(cleanup, { scenario: twoProvidersWithRealRecipient({ 'recipient.example': { port } }), listen: [] });
    const deferred = await waitFor(() => b.world.trace.find((e) => e.kind === 'queue.defer' && e.host === 'mta.sender.example'), 'queue.defer', 15_000);
    expect(deferred).toBeDefined();
    expect(b.logged.some((l) => l.includes('ECONNREFUSED'))).toBe(true);
  });

  it('accepts only loopback addresses for a real server (scenarios also come from files and URLs)', () => {
    const base = findScenario('two-providers')!;
    const bad = parseScenario({ ...base, realServers: { 'recipient.example': { host: '203.0.113.9', port: 25 } } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join()).toMatch(/realServers\.recipient\.example\.host: a loopback address/);
    const good = parseScenario({ ...base, realServers: { 'recipient.example': { port: 2526 } } });
    expect(good.ok && good.scenario.realServers['recipient.example']).toEqual({ host: '127.0.0.1', port: 2526 });
  });
});
