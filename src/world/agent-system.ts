import { enqueueActions, setup } from 'xstate';
import type { MailServerInput } from '../agents/mail-server';
import { mailServerMachine } from '../agents/mail-server';
import type { MdaInput } from '../agents/mda';
import { mdaMachine } from '../agents/mda';
import type { MuaInput } from '../agents/mua';
import { muaMachine } from '../agents/mua';

/** One agent to start, with the systemId by which the world and the other agents find it. */
export type AgentSpec =
  | { readonly kind: 'mua'; readonly systemId: string; readonly input: MuaInput }
  | { readonly kind: 'mailServer'; readonly systemId: string; readonly input: MailServerInput }
  | { readonly kind: 'mda'; readonly systemId: string; readonly input: MdaInput };

/** The root of a world's actor system: it only spawns the agents, so they share one system and one clock. */
export const agentSystem = setup({
  types: { input: {} as { readonly agents: readonly AgentSpec[] }, context: {} as { readonly agents: readonly AgentSpec[] } },
  actors: { mua: muaMachine, mailServer: mailServerMachine, mda: mdaMachine },
}).createMachine({
  id: 'world',
  context: ({ input }) => ({ agents: input.agents }),
  entry: enqueueActions(({ context, enqueue }) => {
    for (const a of context.agents) {
      const options = { id: a.systemId, systemId: a.systemId };
      if (a.kind === 'mua') enqueue.spawnChild('mua', { ...options, input: a.input });
      else if (a.kind === 'mailServer') enqueue.spawnChild('mailServer', { ...options, input: a.input });
      else enqueue.spawnChild('mda', { ...options, input: a.input });
    }
  }),
});
