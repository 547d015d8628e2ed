import { describe, expect, it } from 'vitest';
import { createDnsDb, resolveMailRoute, type ZoneSpec } from '../../src/dns';
import { noRandom, scripted, seeded } from './random';

const NOT_FOUND = 'Host or domain name not found. Name service error for name=';
const none = { cnameChain: [] } as const;
const a = (name: string, address: string) => ({ type: 'A', name, address }) as const;
const aaaa = (name: string, address: string) => ({ type: 'AAAA', name, address }) as const;
const mx = (name: string, preference: number, exchange: string) => ({ type: 'MX', name, preference, exchange }) as const;
const cname = (name: string, target: string) => ({ type: 'CNAME', name, target }) as const;

const zone: ZoneSpec = {
  'recipient.example': {
    mx: [
      { preference: 20, exchange: 'mx2.recipient.example' },
      { preference: 10, exchange: 'mx1.recipient.example' },
    ],
  },
  'mx1.recipient.example': { a: ['192.0.2.10'], aaaa: ['2001:db8::10'] },
  'mx2.recipient.example': { a: ['192.0.2.20'] },
};

describe('resolveMailRoute: MX records', () => {
  it('lists the exchanges by preference with their addresses, A before AAAA, and every query asked', () => {
    expect(resolveMailRoute(createDnsDb(zone), 'Recipient.Example.', noRandom)).toEqual({
      ok: true,
      hosts: [
        { exchange: 'mx1.recipient.example', preference: 10, addresses: ['192.0.2.10', '2001:db8::10'], implicit: false },
        { exchange: 'mx2.recipient.example', preference: 20, addresses: ['192.0.2.20'], implicit: false },
      ],
      steps: [
        {
          query: { name: 'recipient.example', type: 'MX' },
          answer: {
            kind: 'answer',
            records: [mx('recipient.example', 20, 'mx2.recipient.example'), mx('recipient.example', 10, 'mx1.recipient.example')],
            cnameChain: [],
          },
        },
        {
          query: { name: 'mx1.recipient.example', type: 'A' },
          answer: { kind: 'answer', records: [a('mx1.recipient.example', '192.0.2.10')], cnameChain: [] },
        },
        {
          query: { name: 'mx1.recipient.example', type: 'AAAA' },
          answer: { kind: 'answer', records: [aaaa('mx1.recipient.example', '2001:db8::10')], cnameChain: [] },
        },
        {
          query: { name: 'mx2.recipient.example', type: 'A' },
          answer: { kind: 'answer', records: [a('mx2.recipient.example', '192.0.2.20')], cnameChain: [] },
        },
        { query: { name: 'mx2.recipient.example', type: 'AAAA' }, answer: { kind: 'nodata', ...none } },
      ],
    });
  });

  it('orders equal preferences with the injected random source, resolving them in that order', () => {
    const db = createDnsDb({
      'd.example': {
        mx: [
          { preference: 10, exchange: 'a.d.example' },
          { preference: 10, exchange: 'b.d.example' },
          { preference: 5, exchange: 'first.d.example' },
        ],
      },
      'a.d.example': { a: ['192.0.2.1'] },
      'b.d.example': { a: ['192.0.2.2'] },
      'first.d.example': { a: ['192.0.2.5'] },
    });
    const order = (draw: number) => {
      const route = resolveMailRoute(db, 'd.example', scripted(draw));
      if (!route.ok) throw new Error(route.reason);
      return {
        hosts: route.hosts.map((h) => `${h.preference} ${h.exchange}`),
        asked: route.steps.map((s) => `${s.query.type} ${s.query.name}`),
      };
    };
    expect(order(0.9)).toEqual({
      hosts: ['5 first.d.example', '10 a.d.example', '10 b.d.example'],
      asked: ['MX d.example', 'A first.d.example', 'AAAA first.d.example', 'A a.d.example', 'AAAA a.d.example', 'A b.d.example', 'AAAA b.d.example'],
    });
    expect(order(0.1).hosts).toEqual(['5 first.d.example', '10 b.d.example', '10 a.d.example']);
  });

  it('shuffles equal preferences the same way for a seed, and differently across seeds', () => {
    const hosts = ['p.d.example', 'q.d.example', 'r.d.example', 's.d.example'];
    const db = createDnsDb({
      'd.example': { mx: hosts.map((exchange) => ({ preference: 10, exchange })) },
      ...Object.fromEntries(hosts.map((h) => [h, { a: ['192.0.2.1'] }])),
    });
    const orderFor = (seed: number) => {
      const route = resolveMailRoute(db, 'd.example', seeded(seed));
      return route.ok ? route.hosts.map((h) => h.exchange).join(' ') : route.reason;
    };
    expect(orderFor(7)).toBe(orderFor(7));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(orderFor)).size).toBeGreaterThan(3);
  });

  it('follows a CNAME at the domain and at an exchange', () => {
    const db = createDnsDb({
      'alias.example': { cname: 'real.example' },
      'real.example': { mx: [{ preference: 10, exchange: 'mail.real.example' }] },
      'mail.real.example': { cname: 'host.real.example' },
      'host.real.example': { a: ['192.0.2.7'] },
    });
    expect(resolveMailRoute(db, 'alias.example', noRandom)).toEqual({
      ok: true,
      hosts: [{ exchange: 'mail.real.example', preference: 10, addresses: ['192.0.2.7'], implicit: false }],
      steps: [
        {
          query: { name: 'alias.example', type: 'MX' },
          answer: {
            kind: 'answer',
            records: [mx('real.example', 10, 'mail.real.example')],
            cnameChain: [cname('alias.example', 'real.example')],
          },
        },
        {
          query: { name: 'mail.real.example', type: 'A' },
          answer: {
            kind: 'answer',
            records: [a('host.real.example', '192.0.2.7')],
            cnameChain: [cname('mail.real.example', 'host.real.example')],
          },
        },
        {
          query: { name: 'mail.real.example', type: 'AAAA' },
          answer: { kind: 'nodata', cnameChain: [cname('mail.real.example', 'host.real.example')] },
        },
      ],
    });
  });
});

describe('resolveMailRoute: implicit MX', () => {
  it("uses the domain's own addresses at preference 0 when it has no MX", () => {
    const db = createDnsDb({ 'plain.example': { a: ['192.0.2.30'], aaaa: ['2001:db8::30'], txt: ['hello'] } });
    expect(resolveMailRoute(db, 'plain.example', noRandom)).toEqual({
      ok: true,
      hosts: [{ exchange: 'plain.example', preference: 0, addresses: ['192.0.2.30', '2001:db8::30'], implicit: true }],
      steps: [
        { query: { name: 'plain.example', type: 'MX' }, answer: { kind: 'nodata', ...none } },
        {
          query: { name: 'plain.example', type: 'A' },
          answer: { kind: 'answer', records: [a('plain.example', '192.0.2.30')], cnameChain: [] },
        },
        {
          query: { name: 'plain.example', type: 'AAAA' },
          answer: { kind: 'answer', records: [aaaa('plain.example', '2001:db8::30')], cnameChain: [] },
        },
      ],
    });
  });

  it('fails permanently when there is neither MX nor address, as Postfix words it', () => {
    const db = createDnsDb({ 'textonly.example': { txt: ['v=spf1 -all'] } });
    expect(resolveMailRoute(db, 'textonly.example', noRandom)).toEqual({
      ok: false,
      permanent: true,
      dsn: '5.4.4',
      reason: `${NOT_FOUND}textonly.example type=AAAA: Host found but no data record of requested type`,
      steps: [
        { query: { name: 'textonly.example', type: 'MX' }, answer: { kind: 'nodata', ...none } },
        { query: { name: 'textonly.example', type: 'A' }, answer: { kind: 'nodata', ...none } },
        { query: { name: 'textonly.example', type: 'AAAA' }, answer: { kind: 'nodata', ...none } },
      ],
    });
  });

  it('fails temporarily when the address lookup times out', () => {
    const db = createDnsDb({ 'plain.example': { txt: ['x'] } }, { 'plain.example': { A: 'timeout' } });
    expect(resolveMailRoute(db, 'plain.example', noRandom)).toEqual({
      ok: false,
      permanent: false,
      dsn: '4.4.3',
      reason: `${NOT_FOUND}plain.example type=A: Host not found, try again`,
      steps: [
        { query: { name: 'plain.example', type: 'MX' }, answer: { kind: 'nodata', ...none } },
        { query: { name: 'plain.example', type: 'A' }, answer: { kind: 'timeout', ...none } },
        { query: { name: 'plain.example', type: 'AAAA' }, answer: { kind: 'nodata', ...none } },
      ],
    });
  });

  it('asks the canonical name when the domain is an alias without MX', () => {
    const db = createDnsDb({ 'alias.example': { cname: 'real.example' }, 'real.example': { a: ['192.0.2.40'] } });
    expect(resolveMailRoute(db, 'alias.example', noRandom)).toEqual({
      ok: true,
      hosts: [{ exchange: 'real.example', preference: 0, addresses: ['192.0.2.40'], implicit: true }],
      steps: [
        {
          query: { name: 'alias.example', type: 'MX' },
          answer: { kind: 'nodata', cnameChain: [cname('alias.example', 'real.example')] },
        },
        {
          query: { name: 'real.example', type: 'A' },
          answer: { kind: 'answer', records: [a('real.example', '192.0.2.40')], cnameChain: [] },
        },
        { query: { name: 'real.example', type: 'AAAA' }, answer: { kind: 'nodata', ...none } },
      ],
    });
  });
});

describe('resolveMailRoute: null MX (RFC 7505)', () => {
  it('fails permanently at once, without looking further or drawing randomness', () => {
    const db = createDnsDb({ 'none.example': { mx: [{ preference: 0, exchange: '.' }], a: ['192.0.2.50'] } });
    expect(resolveMailRoute(db, 'none.example', noRandom)).toEqual({
      ok: false,
      permanent: true,
      dsn: '5.1.10',
      reason: 'Domain none.example does not accept mail (nullMX)',
      steps: [
        {
          query: { name: 'none.example', type: 'MX' },
          answer: { kind: 'answer', records: [mx('none.example', 0, '.')], cnameChain: [] },
        },
      ],
    });
  });

  it('wins over other MX records wrongly published beside it', () => {
    const db = createDnsDb({
      'mixed.example': {
        mx: [
          { preference: 10, exchange: 'mx.mixed.example' },
          { preference: 10, exchange: 'mx2.mixed.example' },
          { preference: 0, exchange: '.' },
        ],
      },
      'mx.mixed.example': { a: ['192.0.2.1'] },
    });
    expect(resolveMailRoute(db, 'mixed.example', noRandom)).toMatchObject({ ok: false, dsn: '5.1.10' });
  });
});

describe('resolveMailRoute: DNS errors on the domain', () => {
  it('fails permanently on NXDOMAIN without asking for an address', () => {
    expect(resolveMailRoute(createDnsDb(zone), 'nosuch.example', noRandom)).toEqual({
      ok: false,
      permanent: true,
      dsn: '5.4.4',
      reason: `${NOT_FOUND}nosuch.example type=MX: Host not found`,
      steps: [{ query: { name: 'nosuch.example', type: 'MX' }, answer: { kind: 'nxdomain', ...none } }],
    });
  });

  it('fails permanently on an injected NXDOMAIN even though records exist', () => {
    const db = createDnsDb(zone, { 'recipient.example': 'nxdomain' });
    expect(resolveMailRoute(db, 'recipient.example', noRandom)).toMatchObject({
      ok: false,
      permanent: true,
      dsn: '5.4.4',
      reason: `${NOT_FOUND}recipient.example type=MX: Host not found`,
    });
  });

  it.each(['servfail', 'timeout'] as const)('fails temporarily on %s, for the caller to retry', (fault) => {
    const db = createDnsDb(zone, { 'recipient.example': fault });
    const answer = fault === 'servfail' ? { kind: 'servfail', cause: 'fault', ...none } : { kind: 'timeout', ...none };
    expect(resolveMailRoute(db, 'recipient.example', noRandom)).toEqual({
      ok: false,
      permanent: false,
      dsn: '4.4.3',
      reason: `${NOT_FOUND}recipient.example type=MX: Host not found, try again`,
      steps: [{ query: { name: 'recipient.example', type: 'MX' }, answer }],
    });
  });

  it('fails temporarily on a CNAME loop at the domain', () => {
    const db = createDnsDb({ 'a.example': { cname: 'b.example' }, 'b.example': { cname: 'a.example' } });
    expect(resolveMailRoute(db, 'a.example', noRandom)).toEqual({
      ok: false,
      permanent: false,
      dsn: '4.4.3',
      reason: `${NOT_FOUND}a.example type=MX: Host not found, try again`,
      steps: [
        {
          query: { name: 'a.example', type: 'MX' },
          answer: {
            kind: 'servfail',
            cause: 'cname-loop',
            cnameChain: [cname('a.example', 'b.example'), cname('b.example', 'a.example')],
          },
        },
      ],
    });
  });
});

describe('resolveMailRoute: exchanges that do not resolve', () => {
  it('skips an exchange without addresses and keeps the rest', () => {
    const db = createDnsDb(zone, { 'mx1.recipient.example': 'nxdomain' });
    const route = resolveMailRoute(db, 'recipient.example', noRandom);
    expect(route).toEqual({
      ok: true,
      hosts: [{ exchange: 'mx2.recipient.example', preference: 20, addresses: ['192.0.2.20'], implicit: false }],
      steps: [
        expect.objectContaining({ query: { name: 'recipient.example', type: 'MX' } }),
        { query: { name: 'mx1.recipient.example', type: 'A' }, answer: { kind: 'nxdomain', ...none } },
        { query: { name: 'mx1.recipient.example', type: 'AAAA' }, answer: { kind: 'nxdomain', ...none } },
        expect.objectContaining({ query: { name: 'mx2.recipient.example', type: 'A' } }),
        expect.objectContaining({ query: { name: 'mx2.recipient.example', type: 'AAAA' } }),
      ],
    });
  });

  it('uses a host whose A answers even if its AAAA times out', () => {
    const db = createDnsDb(zone, { 'mx2.recipient.example': { AAAA: 'timeout' } });
    const route = resolveMailRoute(db, 'recipient.example', noRandom);
    expect(route).toMatchObject({
      ok: true,
      hosts: [{ exchange: 'mx1.recipient.example' }, { exchange: 'mx2.recipient.example', addresses: ['192.0.2.20'] }],
    });
    expect(route.steps[4]).toEqual({ query: { name: 'mx2.recipient.example', type: 'AAAA' }, answer: { kind: 'timeout', ...none } });
  });

  it('fails permanently when every exchange is permanently unresolvable, with the last error', () => {
    const db = createDnsDb({ 'recipient.example': zone['recipient.example'] ?? {}, 'mx2.recipient.example': { txt: ['no address'] } });
    expect(resolveMailRoute(db, 'recipient.example', noRandom)).toEqual({
      ok: false,
      permanent: true,
      dsn: '5.4.4',
      reason: `${NOT_FOUND}mx2.recipient.example type=AAAA: Host found but no data record of requested type`,
      steps: [
        expect.objectContaining({ query: { name: 'recipient.example', type: 'MX' } }),
        { query: { name: 'mx1.recipient.example', type: 'A' }, answer: { kind: 'nxdomain', ...none } },
        { query: { name: 'mx1.recipient.example', type: 'AAAA' }, answer: { kind: 'nxdomain', ...none } },
        { query: { name: 'mx2.recipient.example', type: 'A' }, answer: { kind: 'nodata', ...none } },
        { query: { name: 'mx2.recipient.example', type: 'AAAA' }, answer: { kind: 'nodata', ...none } },
      ],
    });
  });

  it('fails temporarily when every exchange fails and any of them only for now', () => {
    const db = createDnsDb(zone, { 'mx1.recipient.example': 'timeout', 'mx2.recipient.example': 'nxdomain' });
    expect(resolveMailRoute(db, 'recipient.example', noRandom)).toMatchObject({
      ok: false,
      permanent: false,
      dsn: '4.4.3',
      reason: `${NOT_FOUND}mx1.recipient.example type=AAAA: Host not found, try again`,
    });
  });

  it('fails temporarily when every exchange fails temporarily', () => {
    const db = createDnsDb(zone, { 'mx1.recipient.example': 'servfail', 'mx2.recipient.example': 'timeout' });
    const route = resolveMailRoute(db, 'recipient.example', noRandom);
    expect(route).toMatchObject({
      ok: false,
      permanent: false,
      dsn: '4.4.3',
      reason: `${NOT_FOUND}mx2.recipient.example type=AAAA: Host not found, try again`,
    });
    expect(route.steps).toHaveLength(5);
  });

  it('treats an exchange caught in a CNAME loop as temporarily unresolvable', () => {
    const db = createDnsDb({
      'd.example': { mx: [{ preference: 10, exchange: 'loop.d.example' }] },
      'loop.d.example': { cname: 'loop.d.example' },
    });
    expect(resolveMailRoute(db, 'd.example', noRandom)).toMatchObject({ ok: false, permanent: false, dsn: '4.4.3' });
  });
});

describe('resolveMailRoute: the asking MTA is itself an MX (RFC 5321 5.1)', () => {
  it('drops itself and every MX at its preference or worse', () => {
    const db = createDnsDb({
      ...zone,
      'recipient.example': {
        mx: [
          { preference: 10, exchange: 'mx1.recipient.example' },
          { preference: 20, exchange: 'mx2.recipient.example' },
          { preference: 20, exchange: 'mx3.recipient.example' },
        ],
      },
    });
    const route = resolveMailRoute(db, 'recipient.example', seeded(1), { self: 'MX2.recipient.example.' });
    expect(route).toMatchObject({ ok: true, hosts: [{ exchange: 'mx1.recipient.example' }] });
    expect(route.steps.map((s) => `${s.query.type} ${s.query.name}`)).toEqual([
      'MX recipient.example',
      'A mx1.recipient.example',
      'AAAA mx1.recipient.example',
    ]);
  });

  it('reports a loop when it is the most preferred MX', () => {
    expect(resolveMailRoute(createDnsDb(zone), 'recipient.example', noRandom, { self: 'mx1.recipient.example' })).toEqual({
      ok: false,
      permanent: true,
      dsn: '5.4.6',
      reason: 'mail for recipient.example loops back to myself',
      steps: [expect.objectContaining({ query: { name: 'recipient.example', type: 'MX' } })],
    });
  });

  it('defers, never bounces, when it is a backup and no better MX resolves', () => {
    const db = createDnsDb(zone, { 'mx1.recipient.example': 'nxdomain' });
    expect(resolveMailRoute(db, 'recipient.example', noRandom, { self: 'mx2.recipient.example' })).toMatchObject({
      ok: false,
      permanent: false,
      dsn: '4.4.4',
      reason: 'unable to find primary relay for recipient.example',
    });
  });

  it('reports a loop when it is the implicit MX', () => {
    const db = createDnsDb({ 'plain.example': { a: ['192.0.2.1'] } });
    expect(resolveMailRoute(db, 'plain.example', noRandom, { self: 'plain.example' })).toMatchObject({
      ok: false,
      permanent: true,
      dsn: '5.4.6',
      steps: [expect.objectContaining({ query: { name: 'plain.example', type: 'MX' } })],
    });
  });
});
