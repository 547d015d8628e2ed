import type { Reply } from '../protocol/reply';

/**
 * One message in a host's queue and the fate of each of its recipients. Pure data and pure steps, so
 * the "every accepted message ends exactly once" rule can be tested without any machine.
 */
export type RecipientStatus = 'pending' | 'sent' | 'deferred' | 'failed';

export interface QueuedRecipient {
  readonly address: string;
  readonly status: RecipientStatus;
  /** One line, Postfix-like: `host mx[ip] said: 550 5.1.1 ... (in reply to RCPT TO command)`. */
  readonly reason?: string;
  readonly reply?: Reply;
  /** Enhanced status code for the DSN. */
  readonly dsn?: string;
  readonly remoteMta?: string;
  readonly remoteIp?: string;
  readonly inReplyTo?: string;
}

export interface QueueEntry {
  readonly queueId: string;
  /** Envelope sender; '' for a bounce, which must never bounce in turn. */
  readonly from: string;
  readonly recipients: readonly QueuedRecipient[];
  readonly data: string;
  readonly messageId: string;
  readonly arrivedAt: number;
  readonly attempts: number;
  /** Set while deferred: when the next attempt is due, on the env's clock (epoch ms in virtual time, as `env.now()`). */
  readonly retryAt?: number;
}

export interface QueueSettings {
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxAgeMs: number;
}

/** Postfix doubles the wait after each failed attempt, between minimal_backoff_time and maximal_backoff_time. */
export function backoffMs(attempts: number, settings: QueueSettings): number {
  const doubled = settings.minBackoffMs * 2 ** Math.max(0, attempts - 1);
  return Math.min(settings.maxBackoffMs, doubled);
}

export type RecipientOutcome = Omit<QueuedRecipient, 'status'> & { readonly status: Exclude<RecipientStatus, 'pending'> };

export function applyOutcomes(entry: QueueEntry, outcomes: readonly RecipientOutcome[]): QueueEntry {
  const byAddress = new Map(outcomes.map((o) => [o.address.toLowerCase(), o]));
  return {
    ...entry,
    recipients: entry.recipients.map((r) => (r.status === 'pending' ? (byAddress.get(r.address.toLowerCase()) ?? r) : r)),
  };
}

export const pendingRecipients = (entry: QueueEntry): QueuedRecipient[] => entry.recipients.filter((r) => r.status === 'pending');

/** What an attempt that has finished for every recipient leaves behind. */
export interface Settled {
  readonly failed: readonly QueuedRecipient[];
  readonly sent: readonly QueuedRecipient[];
  /** Still to be tried, with the entry to keep in the deferred queue; absent when nothing is left. */
  readonly deferred?: QueueEntry;
}

/**
 * Closes an attempt. Deferred recipients wait for a retry unless the message has outlived
 * maximal_queue_lifetime, in which case they fail with 4.4.7 like Postfix's "message expired".
 */
export function settle(entry: QueueEntry, now: number, settings: QueueSettings): Settled {
  const sent = entry.recipients.filter((r) => r.status === 'sent');
  const failed = entry.recipients.filter((r) => r.status === 'failed');
  const waiting = entry.recipients.filter((r) => r.status === 'deferred');
  if (waiting.length === 0) return { failed, sent };
  const attempts = entry.attempts + 1;
  if (now - entry.arrivedAt >= settings.maxAgeMs) {
    const expired = waiting.map((r) => ({
      ...r,
      status: 'failed' as const,
      dsn: '4.4.7',
      reason: `message expired after ${queueAge(now - entry.arrivedAt)} in the queue${r.reason ? `; last error: ${r.reason}` : ''}`,
    }));
    return { failed: [...failed, ...expired], sent };
  }
  const deferred: QueueEntry = {
    ...entry,
    attempts,
    retryAt: now + backoffMs(attempts, settings),
    recipients: waiting.map((r) => ({ ...r, status: 'pending' as const })),
  };
  return { failed, sent, deferred };
}

/** How long a message waited, in the unit a person would use. */
export function queueAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(ms / 3600_000);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}
