import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cleanup, RawClient, waitFor } from './helpers';

/** `npm run bridge` as a user runs it: a process, its output, a signal to end it. */
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const ROOT = resolve(__dirname, '../..');

function runBridge(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  // node with tsx's loader directly (not npx): the signal must reach the bridge itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bridge/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  cleanup.add(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, out: () => out, exited };
}

describe('npm run bridge', () => {
  it('serves the MX, prints the trace as it happens, writes .eml files, prints the mailboxes on SIGINT', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailpath-eml-'));
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    const run = runBridge(['--scenario', 'seed-basic', '--listen', 'mailserver.mydomain.com=0', '--no-inputs', '--eml', dir]);
    const port = Number((await waitFor(() => /listening on 127\.0\.0\.1:(\d+)/.exec(run.out()), 'the listening line', 15_000))[1]);
    expect(run.out()).toContain('=== mailserver.mydomain.com:25 (mx, SMTP) listening on 127.0.0.1:');
    const c = await RawClient.open(port, cleanup);
    expect((await c.reply()).code).toBe(220);
    expect((await c.command('HELO swaks.example')).code).toBe(250);
    // Printed while the session is still open, not at exit.
    await waitFor(() => run.out().includes(' -> HELO swaks.example'), 'the trace line', 5000);
    expect(run.out()).toMatch(/=== Connected localhost -> mailserver\.mydomain\.com:25 \(c1\)/);
    expect((await c.command('MAIL FROM:<plc@gandalf.example>')).code).toBe(250);
    expect((await c.command('RCPT TO:<pleclercq@mydomain.com>')).code).toBe(250);
    expect((await c.command('DATA')).code).toBe(354);
    expect((await c.command('Subject: from the real world\r\n\r\nhello\r\n.')).code).toBe(250);
    expect((await c.command('QUIT')).code).toBe(221);
    const files = await waitFor(() => {
      const f = readdirSync(dir);
      return f.length > 0 ? f : undefined;
    }, 'an .eml file', 5000);
    expect(files[0]).toMatch(/^pleclercq@mydomain\.com-1-[0-9A-F]+\.eml$/);
    const eml = readFileSync(join(dir, files[0]!), 'utf8');
    expect(eml).toMatch(/^Return-Path: <plc@gandalf\.example>\r\n/);
    expect(eml).toContain('Subject: from the real world\r\n\r\nhello\r\n');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('=== SIGINT: stopped after');
    expect(run.out()).toContain('=== Mailbox pleclercq@mydomain.com on mailserver.mydomain.com: 1 message(s)');
    expect(run.out()).toContain('Subject: from the real world');
  });

  it('stops on SIGTERM too, printing the mailboxes', { timeout: 20_000 }, async () => {
    const run = runBridge(['--scenario', 'seed-basic', '--listen', 'mailserver.mydomain.com=0', '--speed', '10']);
    await waitFor(() => run.out().includes('listening on 127.0.0.1:'), 'the listening line', 15_000);
    // At speed 10 the seed's own telnet session (5.4 s of virtual time) is over in about half a second.
    await waitFor(() => run.out().includes('=== Connection closed by mailserver.mydomain.com (c1)'), 'the scripted session', 10_000);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.out()).toContain('=== SIGTERM: stopped after');
    expect(run.out()).toContain('=== Mailbox pleclercq@mydomain.com on mailserver.mydomain.com: 1 message(s)');
    expect(run.out()).toContain('This is a test mail, typed by hand.');
  });

  it('explains a --listen it cannot serve', { timeout: 20_000 }, async () => {
    const run = runBridge(['--scenario', 'seed-basic', '--listen', 'mailserver.mydomain.com:587=0']);
    expect(await run.exited).toBe(1);
    expect(run.out()).toContain('mailserver.mydomain.com does not listen on 587; it listens on 25 (mx), 24 (mda)');
    const bad = runBridge(['--scenario', 'seed-basic', '--listen', 'nonsense']);
    expect(await bad.exited).toBe(2);
    expect(bad.out()).toContain('--listen nonsense: expected HOST=PORT');
  });

  it('refuses a --real that is not loopback', { timeout: 20_000 }, async () => {
    const run = runBridge(['--scenario', 'two-providers', '--real', 'recipient.example=192.0.2.1:25']);
    expect(await run.exited).toBe(2);
    expect(run.out()).toContain('realServers.recipient.example.host: a loopback address');
  });
});
