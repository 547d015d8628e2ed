import type { Reply } from '../protocol/reply';

/**
 * What makes one smtpd different from another. The session machine is one; MSA, MTA relay port, MX and
 * MDA (LMTP) each hand it a policy, as Postfix's master.cf gives each smtpd its -o overrides.
 */
export interface ServerPolicy {
  readonly hostname: string;
  readonly mode: 'smtp' | 'lmtp';
  /** Banner after the hostname: `220 <hostname> <banner>`. */
  readonly banner: string;
  /** RFC 6409: submission demands AUTH before MAIL. */
  readonly requireAuth: boolean;
  /** SASL accounts (username -> password); AUTH is advertised only when there are some. */
  readonly accounts: Readonly<Record<string, string>>;
  readonly starttls: boolean;
  readonly maxMessageSize: number;
  readonly maxRecipients: number;
  /** Postfix mydestination: domains this server is the final destination for. */
  readonly localDomains: readonly string[];
  /** Postfix local_recipient_maps: known addresses in the local domains. Empty means every address is accepted. */
  readonly localRecipients: readonly string[];
  /** Postfix relay_domains: domains accepted for forwarding (a backup MX). */
  readonly relayDomains: readonly string[];
  /** Postfix mynetworks: client hosts that may relay anywhere. */
  readonly trustedClients: readonly string[];
  readonly idleTimeoutMs: number;
  /** Injected failures still to be served, counted across connections by the agent that owns them. */
  readonly faults: readonly ServerFault[];
}

export type FaultStage = 'greeting' | 'MAIL' | 'RCPT' | 'DATA' | 'end-of-data';

/** A reply to give instead of the normal one, `times` more times (a greylist is `451` at RCPT, once). */
export interface ServerFault {
  readonly id: string;
  readonly stage: FaultStage;
  readonly reply: Reply;
  readonly times: number;
  /** Only for this recipient (RCPT stage), when set. */
  readonly recipient?: string;
}

export const defaultPolicy = (hostname: string, overrides: Partial<ServerPolicy> = {}): ServerPolicy => ({
  hostname,
  mode: 'smtp',
  banner: 'ESMTP Mailpath',
  requireAuth: false,
  accounts: {},
  starttls: true,
  maxMessageSize: 10_240_000,
  maxRecipients: 1000,
  localDomains: [],
  localRecipients: [],
  relayDomains: [],
  trustedClients: [],
  idleTimeoutMs: 300_000,
  faults: [],
  ...overrides,
});

/** A fault injected while the world runs (a teacher breaks the MX mid-lesson). */
export interface FaultAddEvent {
  readonly type: 'faults.add';
  readonly fault: ServerFault;
}

/** Adds a fault, or replaces the one with the same id. */
export const withFault = (policy: ServerPolicy, fault: ServerFault): ServerPolicy => ({
  ...policy,
  faults: [...policy.faults.filter((f) => f.id !== fault.id), fault],
});
