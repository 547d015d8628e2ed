import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoProviderDns, twoProviderHosts, twoProvidersLinks } from '../../src/scenarios/presets/two-providers';
import { getHeader, parseMessage } from '../../src/protocol/message/headers';
import { parseScenario, type ScenarioInput } from '../../src/world/scenario';
import type { TraceEvent } from '../../src/world/trace';
import { World } from '../../src/world/world';

/**
 * ARCHITECTURE.md: "Every message accepted with 250 after DATA ends exactly once: delivered, bounced to its
 * sender, or queued with a retry time. Nothing is silently dropped, nothing delivered twice."
 * Checked on random journeys from Alice to recipients of recipient.example, with random things broken.
 */

const MX = 'mx.recipient.example';
const MTA = 'mta.sender.example';
const QUEUE = { minBackoffMs: 60_000, maxBackoffMs: 240_000, maxAgeMs: 1_200_000 };
/** Past the queue lifetime of the message, of its bounce, and of a bounce of that bounce. */
const UNTIL = 4 * 3600_000;

type Stage = 'greeting' | 'MAIL' | 'RCPT' | 'DATA' | 'end-of-data';
interface SmtpFault {
  readonly kind: 'smtp';
  readonly role: 'mx' | 'mta' | 'mda';
  readonly stage: Stage;
  readonly permanent: boolean;
  readonly times: number;
  readonly recipient?: string;
}
type Breakage = { readonly kind: 'mx-down' } | { readonly kind: 'dns'; readonly fault: 'servfail' | 'nxdomain' } | SmtpFault | { readonly kind: 'quota'; readonly tempfail: boolean };

const KNOWN = ['bob@recipient.example', 'carol@recipient.example'];

const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  fc.constant({ kind: 'mx-down' as const }),
  fc.record({ kind: fc.constant('dns' as const), fault: fc.constantFrom('servfail' as const, 'nxdomain' as const) }),
  fc.record(
    {
      kind: fc.constant('smtp' as const),
      role: fc.constantFrom('mx' as const, 'mta' as const, 'mda' as const),
      stage: fc.constantFrom<Stage>('greeting', 'MAIL', 'RCPT', 'DATA', 'end-of-data'),
      permanent: fc.boolean(),
      times: fc.integer({ min: 1, max: 3 }),
      recipient: fc.constantFrom(...KNOWN),
    },
    { requiredKeys: ['kind', 'role', 'stage', 'permanent', 'times'] },
  ),
  fc.record({ kind: fc.constant('quota' as const), tempfail: fc.boolean() }),
);

/** Mostly known recipients, sometimes unknown ones too, so that deliveries are as common as bounces. */
const recipients = fc
  .tuple(
    fc.subarray([...KNOWN, 'alice@sender.example']),
    fc.oneof({ weight: 2, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(['dave@recipient.example', 'erin@recipient.example'], { minLength: 1 }) }),
  )
  .map(([known, unknown]) => [...known, ...unknown])
  .filter((to) => to.length > 0);

const journey = fc.record({
  to: recipients,
  breakages: fc.array(breakage, { maxLength: 3 }),
  seed: fc.integer({ min: 1, max: 1000 }),
});

type Journey = typeof journey extends fc.Arbitrary<infer T> ? T : never;

function faultReply(f: SmtpFault) {
  if (f.stage === 'greeting') return f.permanent ? { code: 554, dsn: '5.3.2', lines: ['No SMTP service here'] } : { code: 421, dsn: '4.3.2', lines: ['Service not available'] };
  return f.permanent ? { code: 554, dsn: '5.7.1', lines: [`Rejected at ${f.stage}`] } : { code: 451, dsn: '4.3.0', lines: [`Try again later (${f.stage})`] };
}

function scenarioFor(j: Journey): ScenarioInput {
  const smtpFaults = j.breakages.flatMap((b, i) => (b.kind === 'smtp' ? [{ ...b, id: `f${i}` }] : []));
  const faultsOf = (role: SmtpFault['role']) =>
    smtpFaults
      .filter((f) => f.role === role)
      .map((f) => ({
        id: f.id,
        role: f.role,
        stage: f.stage,
        times: f.times,
        reply: faultReply(f),
        ...(f.stage === 'RCPT' && f.recipient ? { recipient: f.recipient } : {}),
      }));
  const quota = j.breakages.find((b) => b.kind === 'quota');
  const dns = j.breakages.find((b) => b.kind === 'dns');
  const hosts = twoProviderHosts.map((h) => {
    if (h.name === MTA) return { ...h, faults: faultsOf('mta') };
    if (h.name !== MX) return h;
    return {
      ...h,
      down: j.breakages.some((b) => b.kind === 'mx-down'),
      faults: [...faultsOf('mx'), ...faultsOf('mda')],
      roles: {
        mx: { domains: ['recipient.example'], recipients: ['bob', 'carol'], mda: { host: MX, port: 24 } },
        mda: {
          mailboxes: [{ address: 'bob@recipient.example', ...(quota ? { quota: 600 } : {}) }, { address: 'carol@recipient.example' }],
          quotaTempfail: quota?.kind === 'quota' && quota.tempfail,
        },
      },
    };
  });
  return {
    id: 'random-journey',
    title: 'A random journey',
    seed: j.seed,
    hosts,
    dns: twoProviderDns,
    dnsFaults: dns?.kind === 'dns' ? { 'recipient.example': dns.fault } : {},
    links: twoProvidersLinks,
    queue: QUEUE,
    inputs: [{ kind: 'compose', host: 'alice-laptop', to: j.to, subject: 'Random', body: 'A body that must arrive intact.\n' }],
  };
}

type Of<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;
const key = (host: string, queueId: string) => `${host}/${queueId}`;

/** Every accepted recipient's fate, or a list of what went wrong. */
function checkExactlyOnce(trace: readonly TraceEvent[]): string[] {
  const problems: string[] = [];
  const of = <K extends TraceEvent['kind']>(kind: K) => trace.filter((e): e is Of<K> => e.kind === kind);
  const adds = of('queue.add');
  const addedIds = new Map(adds.map((a) => [a.queueId, a.host]));
  const delivers = of('deliver');

  for (const add of adds) {
    const k = key(add.host, add.queueId);
    const mine = trace.filter((e) => 'queueId' in e && e.queueId === add.queueId && 'host' in e && e.host === add.host);
    const removedAt = mine.findIndex((e) => e.kind === 'queue.remove');
    if (removedAt >= 0 && removedAt !== mine.length - 1) problems.push(`${k}: events after its removal`);
    const defers = mine.filter((e): e is Of<'queue.defer'> => e.kind === 'queue.defer');
    const lastDefer = defers.at(-1);
    const stillQueued = removedAt < 0 && lastDefer !== undefined;
    for (const rcpt of add.to) {
      const r = rcpt.toLowerCase();
      const sent = mine.filter((e): e is Of<'queue.sent'> => e.kind === 'queue.sent' && e.recipient.toLowerCase() === r);
      const bounced = mine.filter((e): e is Of<'bounce'> => e.kind === 'bounce' && e.recipients.some((x) => x.toLowerCase() === r));
      const waiting = stillQueued && lastDefer.recipients.some((x) => x.toLowerCase() === r);
      const fates = sent.length + bounced.length + (waiting ? 1 : 0);
      if (fates !== 1) problems.push(`${k} -> ${rcpt}: ${fates} fates (sent ${sent.length}, bounced ${bounced.length}, waiting ${waiting})`);
      for (const s of sent) {
        // "Sent" counts only if the next hop really took it: queued there, or saved in the mailbox.
        const text = s.reply.lines.join(' ');
        const queuedAs = /queued as ([0-9A-F]+)/.exec(text)?.[1];
        const saved = /^<([^>]+)> ([0-9A-F]+) Saved$/.exec(text);
        if (queuedAs !== undefined) {
          if (addedIds.get(queuedAs) !== s.relay) problems.push(`${k} -> ${rcpt}: sent to ${s.relay} as ${queuedAs}, which that host never queued`);
        } else if (saved) {
          if (!delivers.some((d) => d.queueId === saved[2] && d.mailbox.toLowerCase() === saved[1]!.toLowerCase())) {
            problems.push(`${k} -> ${rcpt}: "saved" but no delivery ${saved[2]}`);
          }
        } else problems.push(`${k} -> ${rcpt}: sent with an unexpected reply ${text}`);
      }
    }
    if (stillQueued && !(lastDefer.retryAt > 0)) problems.push(`${k}: deferred without a retry time`);
    if (removedAt < 0 && !stillQueued) problems.push(`${k}: neither removed nor deferred (lost in the queue)`);
    if (removedAt >= 0 && lastDefer && defers.length > 0 && mine.indexOf(lastDefer) > removedAt) problems.push(`${k}: deferred after removal`);
  }
  return problems;
}

function runJourney(j: Journey) {
  const parsed = parseScenario(scenarioFor(j));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const world = new World(parsed.scenario);
  world.runUntilIdle({ untilMs: UNTIL });
  return world;
}

describe('every accepted message ends exactly once', () => {
  it('on random journeys with random faults', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(journey, (j) => {
        const world = runJourney(j);
        const problems = checkExactlyOnce(world.trace);
        expect(problems).toEqual([]);

        // Nothing delivered twice: within a mailbox, each message (by Message-ID) is stored once.
        for (const { mailbox } of world.mailboxes()) {
          const ids = mailbox.messages.map((m) => getHeader(parseMessage(m.raw).headers, 'Message-ID') ?? m.raw);
          expect(new Set(ids).size).toBe(ids.length);
        }
        expect(world.trace.filter((e) => e.kind === 'deliver')).toHaveLength(world.mailboxes().reduce((n, m) => n + m.mailbox.messages.length, 0));

        // A delivered original arrives with its body intact.
        for (const { mailbox } of world.mailboxes()) {
          for (const m of mailbox.messages) {
            if (m.envelopeFrom !== '') expect(parseMessage(m.raw).body).toBe('A body that must arrive intact.\r\n');
          }
        }
        const count = (what: string, yes: boolean) => seen.set(what, (seen.get(what) ?? 0) + (yes ? 1 : 0));
        count('bounced', world.trace.some((e) => e.kind === 'bounce'));
        count('delivered', world.trace.some((e) => e.kind === 'deliver' && e.mailbox !== 'alice@sender.example'));
        count('deferred', world.trace.some((e) => e.kind === 'queue.defer'));
        count('discarded', world.trace.some((e) => e.kind === 'bounce' && e.to === ''));
        world.stop();
      }),
      { numRuns: Number(process.env.JOURNEY_RUNS ?? 60) },
    );
    // The generator must exercise the interesting paths, not only the happy one.
    expect(seen.get('bounced') ?? 0).toBeGreaterThan(5);
    expect(seen.get('delivered') ?? 0).toBeGreaterThan(5);
    expect(seen.get('deferred') ?? 0).toBeGreaterThan(5);
  });

  it('the checker itself catches a lost message and a double delivery', () => {
    const world = runJourney({ to: ['bob@recipient.example'], breakages: [], seed: 1 });
    const trace = world.trace;
    expect(checkExactlyOnce(trace)).toEqual([]);
    const sentAt = trace.findIndex((e) => e.kind === 'queue.sent' && e.host === MX);
    const withoutSent = trace.filter((_, i) => i !== sentAt);
    expect(checkExactlyOnce(withoutSent)).toEqual([expect.stringContaining('0 fates')]);
    const twice = [...trace, { ...trace[sentAt]!, seq: trace.length }];
    expect(checkExactlyOnce(twice).some((p) => p.includes('2 fates'))).toBe(true);
    const removeAt = trace.findIndex((e) => e.kind === 'queue.remove' && e.host === MTA);
    const sentAtMta = trace.findIndex((e) => e.kind === 'queue.sent' && e.host === MTA);
    expect(checkExactlyOnce(trace.filter((_, i) => i !== removeAt && i !== sentAtMta)).some((p) => p.includes('lost in the queue'))).toBe(true);
  });
});
