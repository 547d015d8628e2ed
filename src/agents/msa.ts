import type { MailRoleConfig, MailServerInput } from './mail-server';
import { defaultPolicy } from './server-policy';

export interface MsaConfig extends MailRoleConfig {
  readonly accounts: Readonly<Record<string, string>>;
  readonly relayHost: string;
  readonly relayPort: number;
}

/**
 * The submission server (RFC 6409): AUTH before MAIL, authenticated users may send anywhere, missing
 * Date and Message-ID are completed, and everything goes on to the MTA, Postfix's relayhost.
 */
export function msaInput(c: MsaConfig): MailServerInput {
  return {
    env: c.env,
    role: 'msa',
    hostname: c.hostname,
    policy: defaultPolicy(c.hostname, { requireAuth: true, accounts: c.accounts, faults: c.faults }),
    transport: { routes: {}, fallback: { host: c.relayHost, port: c.relayPort, lmtp: false } },
    queue: c.queue,
    addMissingHeaders: true,
  };
}
