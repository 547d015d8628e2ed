import type { AgentEnv } from './env';
import type { MailServerInput } from './mail-server';
import type { QueueSettings } from './mail-queue';
import { defaultPolicy, type ServerFault } from './server-policy';

export interface MtaConfig {
  readonly env: AgentEnv;
  readonly hostname: string;
  /** Postfix mynetworks: only these clients may relay (the MSA that feeds this MTA). */
  readonly trustedClients: readonly string[];
  readonly queue: QueueSettings;
  readonly faults: readonly ServerFault[];
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
