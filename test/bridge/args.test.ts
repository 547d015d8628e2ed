import { describe, expect, it } from 'vitest';
import { parseArgs, parseListen, parseReal } from '../../src/bridge/args';
import { resolveListener } from '../../src/bridge/bridge';
import { World } from '../../src/world/world';
import { scenario } from './helpers';

describe('bridge command line', () => {
  it('reads --listen HOST=PORT and HOST:AGENTPORT=PORT, repeated', () => {
    const r = parseArgs(['--scenario', 'two-providers', '--listen', 'smtp.sender.example=2587', '--listen=mx.recipient.example:25=2525']);
    expect(r.ok).toBe(true);
    if (r.ok !== true) return;
    expect(r.args.listen).toEqual([
      { host: 'smtp.sender.example', port: 2587 },
      { host: 'mx.recipient.example', agentPort: 25, port: 2525 },
    ]);
    expect(r.args).toMatchObject({ scenario: 'two-providers', bindHost: '127.0.0.1', speed: 1, idleTimeoutMs: 300_000, maxConnections: 20, noInputs: false });
  });

  it('reads every option', () => {
    const r = parseArgs(['seed-basic', '--host', '0.0.0.0', '--speed', '2.5', '--idle-timeout', '1.5', '--max-connections', '3', '--max-size', '4096', '--eml', '/tmp/x', '--real', 'example.net=127.0.0.1:2526', '--no-inputs', '--states']);
    expect(r).toEqual({
      ok: true,
      args: {
        scenario: 'seed-basic',
        listen: [],
        real: [{ name: 'example.net', host: '127.0.0.1', port: 2526 }],
        bindHost: '0.0.0.0',
        speed: 2.5,
        idleTimeoutMs: 1500,
        maxConnections: 3,
        maxMessageSize: 4096,
        emlDir: '/tmp/x',
        noInputs: true,
        states: true,
      },
    });
  });

  it('names what is wrong', () => {
    expect(parseArgs([])).toEqual({ ok: false, error: '--scenario is required' });
    expect(parseArgs(['x', '--speed', '0'])).toEqual({ ok: false, error: '--speed: expected a positive number, got "0"' });
    expect(parseArgs(['x', '--max-connections', '2.5'])).toEqual({ ok: false, error: '--max-connections: expected a positive integer, got "2.5"' });
    expect(parseArgs(['x', '--idle-timeout'])).toEqual({ ok: false, error: '--idle-timeout: expected a positive number, got nothing' });
    expect(parseArgs(['x', '--frobnicate'])).toEqual({ ok: false, error: 'unknown option --frobnicate' });
    expect(parseArgs(['--help'])).toEqual({ ok: 'help' });
    expect(parseListen('host=99999')).toBe('--listen host=99999: "99999" is not a port (0-65535)');
    expect(parseListen('host:0=25')).toBe('--listen host:0=25: "host:0" is not HOST or HOST:AGENTPORT');
    expect(parseReal('example.net')).toBe('--real example.net: expected DOMAIN_OR_HOST=127.0.0.1:PORT');
    expect(parseReal('example.net=2526')).toEqual({ name: 'example.net', host: '127.0.0.1', port: 2526 });
    expect(parseReal('example.net=[::1]:2526')).toEqual({ name: 'example.net', host: '::1', port: 2526 });
  });

  it('picks the host lowest SMTP port by default, any listener by number', () => {
    const world = new World(scenario('seed-basic'));
    try {
      expect(resolveListener(world.listeners, { host: 'MAILSERVER.mydomain.com', port: 0 })).toMatchObject({ port: 25, role: 'mx' });
      expect(resolveListener(world.listeners, { host: 'mailserver.mydomain.com', agentPort: 24, port: 0 })).toMatchObject({ port: 24, role: 'mda', protocol: 'LMTP' });
      expect(resolveListener(world.listeners, { host: 'gandalf', port: 0 })).toMatch(/^--listen: no server agent on gandalf in this scenario; there are: mailserver\.mydomain\.com:25 \(mx\)/);
    } finally {
      world.stop();
    }
  });
});
