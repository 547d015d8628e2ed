import type { ScenarioInput } from '../../world/scenario';
import { seedDns, seedHosts } from './seed-basic';

export const relayDenied: ScenarioInput = {
  id: 'relay-denied',
  title: 'Relay access denied',
  description:
    'Someone outside connects to port 25 of mailserver.mydomain.com and asks it to carry a message to another domain. The server is the MX of mydomain.com only, and the client is neither trusted nor authenticated, so it refuses with 554 5.7.1: that refusal is what keeps it from being an open relay for spammers.',
  start: '2023-11-05T10:00:00Z',
  hosts: [...seedHosts, { name: 'mallory.example', ip: '203.0.113.66' }],
  dns: seedDns,
  inputs: [
    {
      kind: 'telnet',
      from: 'mallory.example',
      to: 'mailserver.mydomain.com',
      port: 25,
      lines: ['EHLO mallory.example', 'MAIL FROM:<offers@mallory.example>', 'RCPT TO:<victim@elsewhere.example>', 'QUIT'],
    },
  ],
};
