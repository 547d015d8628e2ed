import type { ScenarioInput } from '../../world/scenario';

type ComposeInput = Extract<NonNullable<ScenarioInput['inputs']>[number], { kind: 'compose' }>;

/**
 * The whole journey: Alice's mail client submits to her provider's MSA, which hands the message to the
 * provider's MTA; the MTA looks up recipient.example's MX in DNS and delivers there; the MX hands it to
 * the MDA, into Bob's mailbox. sender.example has its own MX and MDA too, so bounces can reach Alice.
 */
export const twoProviderHosts: ScenarioInput['hosts'] = [
  {
    name: 'alice-laptop',
    ip: '203.0.113.50',
    roles: { mua: { address: 'alice@sender.example', displayName: 'Alice Martin', password: 'wonderland', msa: 'smtp.sender.example' } },
  },
  {
    name: 'smtp.sender.example',
    ip: '198.51.100.10',
    roles: { msa: { accounts: { 'alice@sender.example': 'wonderland' }, relayHost: 'mta.sender.example', relayPort: 10025 } },
  },
  { name: 'mta.sender.example', ip: '198.51.100.11', roles: { mta: { port: 10025, trustedClients: ['smtp.sender.example'] } } },
  {
    name: 'mx.sender.example',
    ip: '198.51.100.25',
    roles: {
      mx: { domains: ['sender.example'], recipients: ['alice'], mda: { host: 'mx.sender.example', port: 24 } },
      mda: { mailboxes: [{ address: 'alice@sender.example' }] },
    },
  },
  {
    name: 'mx.recipient.example',
    ip: '192.0.2.25',
    roles: {
      mx: { domains: ['recipient.example'], recipients: ['bob'], mda: { host: 'mx.recipient.example', port: 24 } },
      mda: { mailboxes: [{ address: 'bob@recipient.example' }] },
    },
  },
];

export const twoProviderDns: ScenarioInput['dns'] = {
  'sender.example': { mx: [{ preference: 10, exchange: 'mx.sender.example' }] },
  'recipient.example': { mx: [{ preference: 10, exchange: 'mx.recipient.example' }] },
  'smtp.sender.example': { a: ['198.51.100.10'] },
  'mta.sender.example': { a: ['198.51.100.11'] },
  'mx.sender.example': { a: ['198.51.100.25'] },
  'mx.recipient.example': { a: ['192.0.2.25'] },
};

export const twoProvidersLinks: ScenarioInput['links'] = [
  { a: 'alice-laptop', b: 'smtp.sender.example', latencyMs: 30 },
  { a: 'smtp.sender.example', b: 'mta.sender.example', latencyMs: 2 },
  { a: 'mta.sender.example', b: 'mx.recipient.example', latencyMs: 45 },
  { a: 'mta.sender.example', b: 'mx.sender.example', latencyMs: 5 },
];

/** What the scenarios on the two providers share: the morning they start on, the hosts, DNS and links. */
export const twoProvidersWorld = {
  start: '2026-03-12T08:15:00Z',
  hosts: twoProviderHosts,
  dns: twoProviderDns,
  links: twoProvidersLinks,
} satisfies Partial<ScenarioInput>;

/** Alice writes a message in her mail client on alice-laptop, which submits it to her provider's MSA. */
export const aliceWrites = (message: Omit<ComposeInput, 'kind' | 'host'>): ComposeInput => ({ kind: 'compose', host: 'alice-laptop', ...message });

export const twoProviders: ScenarioInput = {
  id: 'two-providers',
  title: 'From Alice to Bob across two providers',
  description:
    'Alice writes in her mail client. It submits to her provider\'s MSA on port 587 with AUTH; the MSA passes the message to the MTA, which asks DNS for the MX of recipient.example and delivers there; the MX hands it over LMTP to the MDA, into Bob\'s mailbox.',
  ...twoProvidersWorld,
  inputs: [
    aliceWrites({
      to: ['Bob Dupont <bob@recipient.example>'],
      subject: 'Lunch on Friday?',
      body: 'Hi Bob,\n\nAre you free for lunch on Friday? The usual place at noon.\n\nAlice\n',
    }),
  ],
};
