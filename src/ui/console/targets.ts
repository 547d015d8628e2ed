import type { Listener } from '../../world/build-agents';
import { learnerHost as learnerMachine } from '../../world/learner-host';
import type { Scenario } from '../../world/scenario';

/** A server the console can connect to, and the machine it connects from. */
export interface ConsoleTarget {
  /** Stable id for pickers: `host:port`. */
  readonly key: string;
  readonly host: string;
  readonly port: number;
  readonly role: Listener['role'];
  readonly protocol: Listener['protocol'];
  /** The client machine: where the person sits when typing `telnet host port`. */
  readonly from: string;
  /** "MX (incoming)", for the picker. */
  readonly roleLabel: string;
  /** Why this machine is the one to connect from, in a sentence. */
  readonly why: string;
}

const ROLE_LABEL: Record<Listener['role'], string> = {
  msa: 'MSA (submission)',
  mta: 'MTA (relay)',
  mx: 'MX (incoming)',
  mda: 'MDA (LMTP)',
};

const ROLE_ORDER: Record<Listener['role'], number> = { msa: 0, mta: 1, mx: 2, mda: 3 };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The learner's own machine (see world/learner-host.ts): gandalf in the seed article, else learner-pc. */
export const learnerHost = (scenario: Scenario): string => learnerMachine(scenario).name;

/** Where a person would sit to talk to this listener as its usual clients do. */
function clientFor(scenario: Scenario, l: Listener, learner: string): { from: string; why: string } {
  if (l.role === 'mta') {
    const msa = scenario.hosts.find((h) => h.roles.msa && same(h.roles.msa.relayHost, l.host) && h.roles.msa.relayPort === l.port);
    const trusted = msa?.name ?? scenario.hosts.find((h) => same(h.name, l.host))?.roles.mta?.trustedClients[0];
    if (trusted) return { from: trusted, why: `from ${trusted}, the trusted host that relays through it, as its MSA does` };
  }
  if (l.role === 'mda') {
    const mx = scenario.hosts.find((h) => h.roles.mx && same(h.roles.mx.mda.host, l.host) && h.roles.mx.mda.port === l.port);
    if (mx) return { from: mx.name, why: `from ${mx.name}, the MX that hands mail to it` };
  }
  if (l.role === 'msa') return { from: learner, why: `from ${learner}, as a mail client would` };
  return { from: learner, why: `from ${learner}, as any host on the Internet can` };
}

/** Every listener of the scenario, as console targets: MSAs first, then MTAs, MXs and MDAs. */
export function consoleTargets(scenario: Scenario, listeners: readonly Listener[]): ConsoleTarget[] {
  const learner = learnerHost(scenario);
  return [...listeners]
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.host.localeCompare(b.host) || a.port - b.port)
    .map((l) => ({
      key: `${l.host}:${l.port}`,
      host: l.host,
      port: l.port,
      role: l.role,
      protocol: l.protocol,
      roleLabel: ROLE_LABEL[l.role],
      ...clientFor(scenario, l, learner),
    }));
}

/** Every address the scenario knows: mailboxes, MX users, mail clients, accounts. For Tab completion. */
export function knownAddresses(scenario: Scenario): string[] {
  const out = new Set<string>();
  for (const h of scenario.hosts) {
    const { mua, msa, mx, mda } = h.roles;
    for (const m of mda?.mailboxes ?? []) out.add(m.address);
    for (const user of mx?.recipients ?? []) for (const d of mx?.domains ?? []) out.add(`${user}@${d}`);
    if (mua) out.add(mua.address);
    for (const account of Object.keys(msa?.accounts ?? {})) if (account.includes('@')) out.add(account);
  }
  return [...out].sort();
}

/** The IP the console prints in "Trying ...", as telnet does. */
export function ipOf(scenario: Scenario, host: string): string | undefined {
  return scenario.hosts.find((h) => same(h.name, host))?.ip;
}
