import { describe, expect, it } from 'vitest';
import { twoProviderDns, twoProviderHosts, twoProviders } from '../../src/scenarios/presets/two-providers';
import { parseDsn } from '../../src/protocol/message/dsn';
import type { ScenarioInput } from '../../src/world/scenario';
import type { World } from '../../src/world/world';
import { connIds, dialog, events, queueAdds, queueIdAt, run, scenarioOf } from '../helpers';

const MTA = 'mta.sender.example';
const MX = 'mx.recipient.example';

type Hosts = NonNullable<ScenarioInput['hosts']>;

/** two-providers with some hosts changed: the recipient side is where things go wrong. */
function variant(change: { hosts?: (h: Hosts[number]) => Hosts[number]; dns?: ScenarioInput['dns']; dnsFaults?: ScenarioInput['dnsFaults']; queue?: ScenarioInput['queue'] }) {
  return scenarioOf({
    ...twoProviders,
    id: 'variant',
    hosts: twoProviderHosts.map(change.hosts ?? ((h) => h)),
    dns: { ...twoProviderDns, ...change.dns },
    dnsFaults: change.dnsFaults ?? {},
    ...(change.queue ? { queue: change.queue } : {}),
  });
}

const withBobQuota = (quota: number, quotaTempfail: boolean) => (h: Hosts[number]) =>
  h.name === MX ? { ...h, roles: { ...h.roles, mda: { mailboxes: [{ address: 'bob@recipient.example', quota }], quotaTempfail } } } : h;

/** The one DSN in Alice's mailbox, read back. */
function aliceDsn(world: World) {
  const box = world.mailbox('alice@sender.example')!;
  expect(box.messages).toHaveLength(1);
  expect(box.messages[0]!.envelopeFrom).toBe('');
  const dsn = parseDsn(box.messages[0]!.raw);
  expect(dsn).toBeDefined();
  return dsn!;
}

describe('a full mailbox', () => {
  it('552 5.2.2 from the MDA: the MX bounces to the sender', () => {
    const world = run(variant({ hosts: withBobQuota(100, false) }));
    const [lmtp] = connIds(world, MX, MX, 24);
    expect(dialog(world, lmtp!).slice(-3)).toEqual([
      'S: 552 5.2.2 <bob@recipient.example> Quota exceeded (mailbox for user is full)',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    expect(world.mailbox('bob@recipient.example')!.messages).toEqual([]);
    const [bounce] = events(world, 'bounce');
    expect(bounce).toMatchObject({ host: MX, queueId: queueIdAt(world, MX), to: 'alice@sender.example', recipients: ['bob@recipient.example'] });
    const dsn = aliceDsn(world);
    expect(dsn.reportingMta).toBe(MX);
    expect(dsn.recipients).toEqual([expect.objectContaining({ finalRecipient: 'bob@recipient.example', action: 'failed', status: '5.2.2' })]);
    expect(dsn.recipients[0]!.diagnostic).toBe('smtp; 552 5.2.2 <bob@recipient.example> Quota exceeded (mailbox for user is full)');
  });

  it('with quota_full_tempfail, 452 4.2.2: the MX keeps the message and retries', () => {
    const world = run(variant({ hosts: withBobQuota(100, true) }), { untilMs: 3600_000 });
    const attempts = connIds(world, MX, MX, 24);
    expect(attempts.length).toBeGreaterThan(2);
    for (const c of attempts) expect(dialog(world, c)).toContain('S: 452 4.2.2 <bob@recipient.example> Quota exceeded (mailbox for user is full)');
    const defers = events(world, 'queue.defer');
    expect(defers.every((d) => d.host === MX && d.queueId === queueIdAt(world, MX))).toBe(true);
    // Postfix's backoff: 300 s, then doubling.
    expect(defers.slice(0, 3).map((d) => (d.retryAt - world.startTime - d.t) / 1000)).toEqual([300, 600, 1200]);
    expect(events(world, 'bounce')).toEqual([]);
    expect(world.mailbox('alice@sender.example')!.messages).toEqual([]);
  });
});

describe('DNS decides', () => {
  it('null MX (RFC 7505): bounced at once with 5.1.10, nothing is tried', () => {
    const world = run(variant({ dns: { 'recipient.example': { mx: [{ preference: 0, exchange: '.' }] } } }));
    expect(connIds(world, MTA, MX)).toEqual([]);
    expect(events(world, 'bounce')).toEqual([expect.objectContaining({ host: MTA, to: 'alice@sender.example' })]);
    expect(aliceDsn(world).recipients).toEqual([expect.objectContaining({ finalRecipient: 'bob@recipient.example', action: 'failed', status: '5.1.10' })]);
  });

  it('NXDOMAIN: bounced at once with 5.4.4', () => {
    const world = run(variant({ dnsFaults: { 'recipient.example': 'nxdomain' } }));
    expect(connIds(world, MTA, MX)).toEqual([]);
    expect(events(world, 'queue.defer')).toEqual([]);
    expect(aliceDsn(world).recipients).toEqual([expect.objectContaining({ finalRecipient: 'bob@recipient.example', action: 'failed', status: '5.4.4' })]);
  });

  it('SERVFAIL: deferred with a retry time, asked again at that time, still queued while it lasts', () => {
    const world = run(variant({ dnsFaults: { 'recipient.example': 'servfail' } }), { untilMs: 2 * 3600_000 });
    const qid = queueIdAt(world, MTA);
    const defers = events(world, 'queue.defer');
    expect(defers.length).toBeGreaterThan(2);
    for (const d of defers) expect(d).toMatchObject({ host: MTA, queueId: qid, recipients: ['bob@recipient.example'] });
    const mxQueries = events(world, 'dns.query').filter((q) => q.name === 'recipient.example');
    // Each retry asks DNS again exactly when the previous deferral said it would.
    expect(mxQueries.slice(1).map((q) => q.t)).toEqual(defers.slice(0, mxQueries.length - 1).map((d) => d.retryAt - world.startTime));
    const last = defers.at(-1)!;
    expect(last.retryAt - world.startTime).toBeGreaterThan(world.now);
    expect(events(world, 'queue.remove').filter((e) => e.queueId === qid)).toEqual([]);
    expect(events(world, 'bounce')).toEqual([]);
    expect(connIds(world, MTA, MX)).toEqual([]);
  });
});

describe('expiry and bounces of bounces', () => {
  it('past maximal_queue_lifetime a deferred message bounces with 4.4.7', () => {
    const queue = { minBackoffMs: 300_000, maxBackoffMs: 1_200_000, maxAgeMs: 3600_000 };
    const world = run(variant({ dnsFaults: { 'recipient.example': 'servfail' }, queue }));
    const qid = queueIdAt(world, MTA);
    const [bounce] = events(world, 'bounce');
    expect(bounce).toMatchObject({ host: MTA, queueId: qid, to: 'alice@sender.example' });
    expect(bounce!.t).toBeGreaterThanOrEqual(3600_000);
    expect(events(world, 'queue.defer').every((d) => d.t < bounce!.t)).toBe(true);
    expect(events(world, 'queue.remove').map((e) => e.queueId)).toContain(qid);
    const dsn = aliceDsn(world);
    expect(dsn.recipients).toEqual([expect.objectContaining({ finalRecipient: 'bob@recipient.example', action: 'failed', status: '4.4.7' })]);
    expect(dsn.notification).toContain('message expired after 75 minutes in the queue');
  });

  it('a bounce that cannot be delivered is discarded, never bounced again', () => {
    // Alice's own MX no longer knows her, so the notice about Bobby is refused in turn.
    const world = run(
      scenarioOf({
        ...twoProviders,
        id: 'double-bounce',
        hosts: twoProviderHosts.map((h) =>
          h.name === 'mx.sender.example' ? { ...h, roles: { ...h.roles, mx: { ...h.roles!.mx!, recipients: ['carol'] } } } : h,
        ),
        inputs: [{ kind: 'compose', host: 'alice-laptop', to: ['bobby@recipient.example'], subject: 'x', body: 'x\n' }],
      }),
    );
    const adds = queueAdds(world, MTA);
    expect(adds.map((a) => a.from)).toEqual(['alice@sender.example', '']);
    const bounces = events(world, 'bounce');
    expect(bounces).toEqual([
      expect.objectContaining({ host: MTA, queueId: adds[0]!.queueId, to: 'alice@sender.example', bounceQueueId: adds[1]!.queueId }),
      expect.objectContaining({ host: MTA, queueId: adds[1]!.queueId, to: '', recipients: ['alice@sender.example'] }),
    ]);
    expect(bounces[1]!.bounceQueueId).toBeUndefined();
    const [toAliceMx] = connIds(world, MTA, 'mx.sender.example', 25);
    expect(dialog(world, toAliceMx!)).toContain('S: 550 5.1.1 <alice@sender.example>: Recipient address rejected: User unknown in local recipient table');
    expect(queueAdds(world)).toHaveLength(3);
    expect(world.mailboxes().flatMap((m) => m.mailbox.messages)).toEqual([]);
    expect(events(world, 'queue.remove').map((e) => e.queueId)).toEqual(expect.arrayContaining([adds[0]!.queueId, adds[1]!.queueId]));
  });
});
