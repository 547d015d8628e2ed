import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DnsFaults, type DnsRecord, type MailRoute, resolveMailRoute } from '../../src/dns';
import { seeded } from './random';

const DOMAIN = 'd.example';
const hostName = fc.constantFrom('h0.example', 'h1.example', 'h2.example', 'H3.Example.', DOMAIN);

const domainMx = fc.array(
  fc.record({
    type: fc.constant('MX' as const),
    name: fc.constantFrom(DOMAIN, 'D.Example.'),
    preference: fc.integer({ min: 0, max: 30 }),
    exchange: fc.oneof({ weight: 15, arbitrary: hostName }, { weight: 1, arbitrary: fc.constant('.') }),
  }),
  { maxLength: 4 },
);

const otherRecord: fc.Arbitrary<DnsRecord> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('A' as const), name: hostName, address: fc.constantFrom('192.0.2.1', '192.0.2.2') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('AAAA' as const), name: hostName, address: fc.constant('2001:db8::1') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('CNAME' as const), name: hostName, target: hostName }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('TXT' as const), name: hostName, text: fc.constant('x') }) },
);

const zone = fc.tuple(domainMx, fc.array(otherRecord, { maxLength: 10 })).map(([mx, rest]) => [...mx, ...rest]);

const faults: fc.Arbitrary<DnsFaults> = fc.dictionary(
  hostName,
  fc.oneof(
    fc.constantFrom('servfail', 'timeout', 'nxdomain'),
    fc.record({ A: fc.constantFrom('servfail', 'timeout', 'nxdomain') }),
    fc.record({ AAAA: fc.constantFrom('servfail', 'timeout', 'nxdomain') }),
  ),
  { maxKeys: 2 },
);

const outcome = (route: MailRoute): string =>
  !route.ok ? route.dsn : route.hosts.length > 1 ? 'several hosts' : route.hosts[0]?.implicit ? 'implicit' : 'one host';

describe('resolveMailRoute on random zones', () => {
  it('lists hosts by non-decreasing preference, each with an address, and is reproducible', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(zone, faults, fc.integer(), (records, injected, seed) => {
        const db = { records, faults: injected };
        const route = resolveMailRoute(db, DOMAIN, seeded(seed));
        outcomes.set(outcome(route), (outcomes.get(outcome(route)) ?? 0) + 1);
        expect(resolveMailRoute(db, DOMAIN, seeded(seed))).toEqual(route);
        expect(route.steps[0]?.query).toEqual({ name: DOMAIN, type: 'MX' });
        // After the one MX question, every host is asked for A then AAAA.
        expect(route.steps.length % 2).toBe(1);
        if (!route.ok) {
          expect(route.dsn.startsWith(route.permanent ? '5' : '4')).toBe(true);
          return;
        }
        expect(route.hosts.length).toBeGreaterThan(0);
        route.hosts.forEach((host, i) => {
          expect(host.addresses.length).toBeGreaterThan(0);
          expect(host.preference).toBeGreaterThanOrEqual(route.hosts[i - 1]?.preference ?? 0);
        });
      }),
      { numRuns: 500 },
    );
    // The property means little unless the random zones often route through several MX hosts.
    expect(outcomes.get('several hosts') ?? 0).toBeGreaterThan(20);
  });
});
