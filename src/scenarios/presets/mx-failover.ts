import type { ScenarioInput } from '../../world/scenario';
import { aliceWrites, twoProviderDns, twoProviderHosts, twoProvidersWorld } from './two-providers';

const recipientSide: ScenarioInput['hosts'] = [
  {
    name: 'mx1.recipient.example',
    ip: '192.0.2.25',
    down: true,
    roles: { mx: { domains: ['recipient.example'], recipients: ['bob'], mda: { host: 'store.recipient.example', port: 24 } } },
  },
  {
    name: 'mx2.recipient.example',
    ip: '192.0.2.26',
    roles: { mx: { domains: ['recipient.example'], recipients: ['bob'], mda: { host: 'store.recipient.example', port: 24 } } },
  },
  { name: 'store.recipient.example', ip: '192.0.2.40', roles: { mda: { mailboxes: [{ address: 'bob@recipient.example' }] } } },
];

export const mxFailover: ScenarioInput = {
  id: 'mx-failover',
  title: 'MX failover: the primary is down',
  description:
    'recipient.example has two MX records. The primary, preference 10, is down: the MTA waits for the connection to time out, then tries the secondary at preference 20, which accepts and delivers to the shared mail store.',
  start: twoProvidersWorld.start,
  hosts: [...twoProviderHosts.filter((h) => h.name !== 'mx.recipient.example'), ...recipientSide],
  dns: {
    ...twoProviderDns,
    'recipient.example': {
      mx: [
        { preference: 10, exchange: 'mx1.recipient.example' },
        { preference: 20, exchange: 'mx2.recipient.example' },
      ],
    },
    'mx1.recipient.example': { a: ['192.0.2.25'] },
    'mx2.recipient.example': { a: ['192.0.2.26'] },
    'store.recipient.example': { a: ['192.0.2.40'] },
  },
  inputs: [
    aliceWrites({
      to: ['bob@recipient.example'],
      subject: 'Are you there?',
      body: 'Bob, your primary mail server seems to be down. This should still reach you.\n',
    }),
  ],
};
