import type { MailRoleConfig, MailServerInput } from './mail-server';
import { defaultPolicy } from './server-policy';
import type { Nexthop } from './transport';

export interface MxConfig extends MailRoleConfig {
  readonly domains: readonly string[];
  readonly recipients: readonly string[];
  readonly relayDomains: readonly string[];
  readonly mda: { readonly host: string; readonly port: number };
}

/**
 * The inbound server of a domain: it takes mail for its own domains only (anything else is relay
 * denied), refuses unknown users at RCPT, and hands local mail to the MDA over LMTP. A backup MX
 * forwards its relay domains by DNS, and bounces leave by DNS too.
 */
export function mxInput(c: MxConfig): MailServerInput {
  const lmtp: Nexthop = { host: c.mda.host, port: c.mda.port, lmtp: true };
  return {
    env: c.env,
    role: 'mx',
    hostname: c.hostname,
    policy: defaultPolicy(c.hostname, {
      localDomains: c.domains,
      localRecipients: c.recipients,
      relayDomains: c.relayDomains,
      faults: c.faults,
    }),
    transport: { routes: Object.fromEntries(c.domains.map((d) => [d, lmtp])), fallback: 'dns' },
    queue: c.queue,
    addMissingHeaders: false,
  };
}
