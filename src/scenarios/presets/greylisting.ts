import type { ScenarioInput } from '../../world/scenario';
import { aliceWrites, twoProviderHosts, twoProvidersWorld } from './two-providers';

export const greylisting: ScenarioInput = {
  id: 'greylisting',
  title: 'Greylisting: 451, then success on retry',
  description:
    'The MX of recipient.example greylists: the first attempt gets 451 4.7.1 at RCPT TO. Alice\'s MTA keeps the message in its deferred queue and tries again after its backoff time (300 s, as Postfix\'s minimal_backoff_time); the second attempt is accepted.',
  ...twoProvidersWorld,
  hosts: twoProviderHosts.map((h) =>
    h.name === 'mx.recipient.example'
      ? {
          ...h,
          faults: [
            {
              id: 'greylist',
              role: 'mx',
              stage: 'RCPT',
              times: 1,
              reply: { code: 451, dsn: '4.7.1', lines: ['<bob@recipient.example>: Recipient address rejected: Greylisted, try again in 5 minutes'] },
            },
          ],
        }
      : h,
  ),
  inputs: [aliceWrites({ to: ['bob@recipient.example'], subject: 'Patience', body: 'Bob, this one may take a few minutes.\n' })],
};
