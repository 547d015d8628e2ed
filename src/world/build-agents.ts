import type { AgentEnv } from '../agents/env';
import { systemIds } from '../agents/env';
import { msaInput } from '../agents/msa';
import { mtaInput } from '../agents/mta';
import { mxInput } from '../agents/mx';
import type { ServerFault } from '../agents/server-policy';
import type { AgentSpec } from './agent-system';
import type { HostSpec, Scenario } from './scenario';

export type Role = 'mua' | 'msa' | 'mta' | 'mx' | 'mda';

/** A port some agent listens on: how a connection finds the agent that will spawn its smtpd. */
export interface Listener {
  readonly host: string;
  readonly port: number;
  readonly role: Exclude<Role, 'mua'>;
  readonly systemId: string;
  readonly protocol: 'SMTP' | 'LMTP';
}

const faultsFor = (host: HostSpec, role: Role): ServerFault[] =>
  host.faults.filter((f) => f.role === role).map((f) => ({ id: `${host.name}:${f.id}`, stage: f.stage, reply: f.reply, times: f.times, ...(f.recipient ? { recipient: f.recipient } : {}) }));

/** Turns the scenario's hosts and roles into the agents to spawn and the ports they listen on. */
export function buildAgents(scenario: Scenario, env: AgentEnv): { agents: AgentSpec[]; listeners: Listener[] } {
  const agents: AgentSpec[] = [];
  const listeners: Listener[] = [];
  const listen = (host: string, port: number, role: Listener['role'], protocol: Listener['protocol'] = 'SMTP') =>
    listeners.push({ host, port, role, systemId: systemIds.agent(role, host), protocol });
  for (const host of scenario.hosts) {
    const { mua, msa, mta, mx, mda } = host.roles;
    const name = host.name;
    if (mua) {
      agents.push({
        kind: 'mua',
        systemId: systemIds.agent('mua', name),
        input: {
          env,
          hostname: name,
          address: mua.address,
          displayName: mua.displayName,
          username: mua.username ?? mua.address,
          password: mua.password,
          msaHost: mua.msa,
          msaPort: mua.port,
        },
      });
    }
    if (msa) {
      agents.push({
        kind: 'mailServer',
        systemId: systemIds.agent('msa', name),
        input: msaInput({ env, hostname: name, accounts: msa.accounts, relayHost: msa.relayHost, relayPort: msa.relayPort, queue: scenario.queue, faults: faultsFor(host, 'msa') }),
      });
      listen(name, msa.port, 'msa');
    }
    if (mta) {
      agents.push({
        kind: 'mailServer',
        systemId: systemIds.agent('mta', name),
        input: mtaInput({ env, hostname: name, trustedClients: mta.trustedClients, queue: scenario.queue, faults: faultsFor(host, 'mta') }),
      });
      listen(name, mta.port, 'mta');
    }
    if (mx) {
      agents.push({
        kind: 'mailServer',
        systemId: systemIds.agent('mx', name),
        input: mxInput({
          env,
          hostname: name,
          domains: mx.domains,
          recipients: mx.recipients,
          relayDomains: mx.relayDomains,
          mda: mx.mda,
          queue: scenario.queue,
          faults: faultsFor(host, 'mx'),
        }),
      });
      listen(name, mx.port, 'mx');
    }
    if (mda) {
      agents.push({
        kind: 'mda',
        systemId: systemIds.agent('mda', name),
        input: { env, hostname: name, mailboxes: mda.mailboxes, quotaTempfail: mda.quotaTempfail, faults: faultsFor(host, 'mda') },
      });
      listen(name, mda.port, 'mda', 'LMTP');
    }
  }
  return { agents, listeners };
}
