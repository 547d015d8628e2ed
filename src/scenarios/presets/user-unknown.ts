import type { ScenarioInput } from '../../world/scenario';
import { aliceWrites, twoProvidersWorld } from './two-providers';

export const userUnknown: ScenarioInput = {
  id: 'user-unknown',
  title: 'User unknown: a bounce comes back',
  description:
    'Alice mistypes the address. The MX of recipient.example refuses the recipient at RCPT TO with 550 5.1.1; Alice\'s MTA writes a delivery status notification (RFC 3464) and sends it to her, with the null sender, into her own mailbox.',
  ...twoProvidersWorld,
  inputs: [aliceWrites({ to: ['bobby@recipient.example'], subject: 'Hello Bob', body: 'Hi Bob, is this your new address?\n' })],
};
