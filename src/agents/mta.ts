import type { MailRoleConfig, MailServerInput } from './mail-server';
import { defaultPolicy } from './server-policy';

export interface MtaConfig extends MailRoleConfig {
  /** Postfix mynetworks: only these clients may relay (the MSA that feeds this MTA). */
  readonly trustedClients: readonly string[];
}

/**
 * The relay: it accepts from trusted hosts only, then finds each recipient domain's MX in DNS and
 * delivers, retrying after 4xx and bouncing after 5xx or when the message grows too old.
 */
export function mtaInput(c: MtaConfig): MailServerInput {
  return {
    env: c.env,
    role: 'mta',
    hostname: c.hostname,
    policy: defaultPolicy(c.hostname, { trustedClients: c.trustedClients, faults: c.faults }),
    transport: { routes: {}, fallback: 'dns' },
    queue: c.queue,
    addMissingHeaders: false,
  };
}
