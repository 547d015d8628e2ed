import type { AgentEnv } from './env';
import { systemIds } from './env';
import type { NetAcceptEvent } from './net-events';
import type { ServerFault, ServerPolicy } from './server-policy';
import type { ServerSessionInput } from './smtp-server-session';

/**
 * A listening agent spawns one smtpd session per connection, as Postfix's master spawns smtpd.
 * Faults are counted by the agent across connections, so each session starts from what is left.
 */
export function sessionInput(env: AgentEnv, policy: ServerPolicy, used: Readonly<Record<string, number>>, event: NetAcceptEvent): ServerSessionInput {
  return {
    env,
    connId: event.connId,
    policy: { ...policy, faults: remainingFaults(policy.faults, used) },
    clientHost: event.clientHost,
    clientIp: event.clientIp,
  };
}

export function remainingFaults(faults: readonly ServerFault[], used: Readonly<Record<string, number>>): ServerFault[] {
  return faults.map((f) => ({ ...f, times: f.times - (used[f.id] ?? 0) })).filter((f) => f.times > 0);
}

export const sessionSpawnOptions = (event: NetAcceptEvent) => ({
  id: systemIds.serverSession(event.connId),
  systemId: systemIds.serverSession(event.connId),
});

export const countFault = (used: Readonly<Record<string, number>>, faultId: string): Record<string, number> => ({
  ...used,
  [faultId]: (used[faultId] ?? 0) + 1,
});
