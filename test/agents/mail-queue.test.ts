import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOutcomes, backoffMs, pendingRecipients, type QueueEntry, type QueueSettings, type RecipientOutcome, settle } from '../../src/agents/mail-queue';

const SETTINGS: QueueSettings = { minBackoffMs: 300_000, maxBackoffMs: 4_000_000, maxAgeMs: 5 * 24 * 3600_000 };
const T0 = Date.UTC(2026, 2, 12, 8, 15);

const entry = (statuses: Record<string, QueueEntry['recipients'][number]['status']>, extra: Partial<QueueEntry> = {}): QueueEntry => ({
  queueId: 'ABC123',
  from: 'alice@sender.example',
  recipients: Object.entries(statuses).map(([address, status]) => ({ address, status })),
  data: 'Subject: x\r\n\r\nhi\r\n',
  messageId: '<1@sender.example>',
  arrivedAt: T0,
  attempts: 0,
  ...extra,
});

describe('backoffMs: Postfix minimal_backoff_time doubling up to maximal_backoff_time', () => {
  it('doubles after each attempt and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n, SETTINGS))).toEqual([
      300_000, 300_000, 600_000, 1_200_000, 2_400_000, 4_000_000, 4_000_000, 4_000_000,
    ]);
  });

  it('never below the minimum, never above the maximum, never decreasing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e8 }), (n, min, extra) => {
        const s = { minBackoffMs: min, maxBackoffMs: min + extra, maxAgeMs: 1 };
        const b = backoffMs(n, s);
        expect(b).toBeGreaterThanOrEqual(min);
        expect(b).toBeLessThanOrEqual(min + extra);
        expect(backoffMs(n + 1, s)).toBeGreaterThanOrEqual(b);
      }),
    );
  });
});

describe('applyOutcomes', () => {
  it('decides pending recipients only, matching addresses case-insensitively', () => {
    const before = entry({ 'bob@x.example': 'pending', 'carol@x.example': 'sent', 'dave@x.example': 'pending' });
    const outcomes: RecipientOutcome[] = [
      { address: 'BOB@x.example', status: 'failed', reason: 'no' },
      { address: 'carol@x.example', status: 'failed', reason: 'too late' },
    ];
    const after = applyOutcomes(before, outcomes);
    expect(after.recipients.map((r) => [r.address, r.status])).toEqual([
      ['BOB@x.example', 'failed'],
      ['carol@x.example', 'sent'],
      ['dave@x.example', 'pending'],
    ]);
    expect(pendingRecipients(after).map((r) => r.address)).toEqual(['dave@x.example']);
  });
});

describe('settle', () => {
  it('sent: nothing left, nothing to bounce', () => {
    expect(settle(entry({ 'bob@x.example': 'sent' }), T0, SETTINGS)).toEqual({ failed: [], sent: [{ address: 'bob@x.example', status: 'sent' }] });
  });

  it('failed: handed back for the bounce, nothing deferred', () => {
    const s = settle(entry({ 'bob@x.example': 'failed', 'carol@x.example': 'sent' }), T0, SETTINGS);
    expect(s.failed.map((r) => r.address)).toEqual(['bob@x.example']);
    expect(s.sent.map((r) => r.address)).toEqual(['carol@x.example']);
    expect(s.deferred).toBeUndefined();
  });

  it('deferred: kept with one more attempt, a retry time from the backoff, and its recipients pending again', () => {
    const e = applyOutcomes(entry({ 'bob@x.example': 'pending', 'carol@x.example': 'pending' }), [
      { address: 'bob@x.example', status: 'deferred', reason: '451 greylisted', dsn: '4.7.1' },
      { address: 'carol@x.example', status: 'sent' },
    ]);
    const first = settle(e, T0 + 1000, SETTINGS);
    expect(first.sent.map((r) => r.address)).toEqual(['carol@x.example']);
    expect(first.deferred).toEqual({
      ...e,
      attempts: 1,
      retryAt: T0 + 1000 + 300_000,
      recipients: [{ address: 'bob@x.example', status: 'pending', reason: '451 greylisted', dsn: '4.7.1' }],
    });
    const again = applyOutcomes(first.deferred!, [{ address: 'bob@x.example', status: 'deferred', reason: 'still' }]);
    expect(settle(again, T0 + 400_000, SETTINGS).deferred).toMatchObject({ attempts: 2, retryAt: T0 + 400_000 + 600_000 });
  });

  it('expired: past maximal_queue_lifetime a deferral fails with 4.4.7, keeping the last error', () => {
    const e = entry({ 'bob@x.example': 'deferred' }, { recipients: [{ address: 'bob@x.example', status: 'deferred', reason: 'connect to mx: Connection timed out' }] });
    const justBefore = settle(e, T0 + SETTINGS.maxAgeMs - 1, SETTINGS);
    expect(justBefore.deferred).toBeDefined();
    const s = settle(e, T0 + SETTINGS.maxAgeMs, SETTINGS);
    expect(s.deferred).toBeUndefined();
    expect(s.failed).toEqual([
      {
        address: 'bob@x.example',
        status: 'failed',
        dsn: '4.4.7',
        reason: 'message expired after 5 days in the queue; last error: connect to mx: Connection timed out',
      },
    ]);
  });

  it('every recipient comes out exactly once: sent, failed, or deferred', () => {
    const status = fc.constantFrom('sent' as const, 'failed' as const, 'deferred' as const);
    fc.assert(
      fc.property(fc.array(status, { maxLength: 8 }), fc.integer({ min: 0, max: 10 * 24 * 3600_000 }), (statuses, age) => {
        const e = entry(Object.fromEntries(statuses.map((st, i) => [`r${i}@x.example`, st])));
        const s = settle(e, T0 + age, SETTINGS);
        const out = [...s.sent, ...s.failed, ...(s.deferred?.recipients ?? [])].map((r) => r.address).sort();
        expect(out).toEqual(e.recipients.map((r) => r.address).sort());
        if (s.deferred) expect(s.deferred.retryAt).toBeGreaterThan(T0 + age);
      }),
    );
  });
});
