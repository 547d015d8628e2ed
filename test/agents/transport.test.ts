import { describe, expect, it } from 'vitest';
import { domainOf, routeFor, routeKey, type Transport } from '../../src/agents/transport';

const LMTP = { host: 'store.example.com', port: 24, lmtp: true };
const RELAY = { host: 'mta.example.org', port: 10025, lmtp: false };

describe('transport', () => {
  it('domainOf: after the last @, lower case; none for a bare name', () => {
    expect(domainOf('Bob@Example.COM')).toBe('example.com');
    expect(domainOf('"a@b"@c.example')).toBe('c.example');
    expect(domainOf('postmaster')).toBe('');
  });

  it('a fixed route for a listed domain (case-insensitive), else DNS', () => {
    const mx: Transport = { routes: { 'Example.com': LMTP }, fallback: 'dns' };
    expect(routeFor(mx, 'bob@EXAMPLE.com')).toEqual({ kind: 'fixed', nexthop: LMTP });
    expect(routeFor(mx, 'alice@sender.example')).toEqual({ kind: 'dns', domain: 'sender.example' });
    expect(routeFor(mx, 'bob@sub.example.com')).toEqual({ kind: 'dns', domain: 'sub.example.com' });
  });

  it('a relayhost takes everything not listed', () => {
    const msa: Transport = { routes: {}, fallback: RELAY };
    expect(routeFor(msa, 'bob@anywhere.example')).toEqual({ kind: 'fixed', nexthop: RELAY });
  });

  it('routeKey groups recipients of one destination and separates protocols and ports', () => {
    expect(routeKey({ kind: 'dns', domain: 'a.example' })).toBe('dns:a.example');
    expect(routeKey({ kind: 'fixed', nexthop: LMTP })).toBe('lmtp:store.example.com:24');
    expect(routeKey({ kind: 'fixed', nexthop: RELAY })).toBe('smtp:mta.example.org:10025');
    expect(routeKey({ kind: 'fixed', nexthop: { ...RELAY, port: 25 } })).not.toBe(routeKey({ kind: 'fixed', nexthop: RELAY }));
  });
});
