import type { ScenarioInput } from '../../world/scenario';
import { twoProviderDns, twoProviderHosts, twoProvidersLinks } from './two-providers';

export const greylisting: ScenarioInput = {
  id: 'greylisting',
  title: 'Greylisting: 451, then success on retry',
  description:
    'The MX of recipient.example greylists: the first attempt gets 451 4.7.1 at RCPT TO. Alice\'s MTA keeps the message in its deferred queue and tries again after its backoff time (300 s, as Postfix\'s minimal_backoff_time); the second attempt is accepted.',
  start: '2026-03-12T08:15:00Z',
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
  dns: twoProviderDns,
  links: twoProvidersLinks,
  inputs: [
    {
      kind: 'compose',
      host: 'alice-laptop',
      to: ['bob@recipient.example'],
      subject: 'Patience',
      body: 'Bob, this one may take a few minutes.\n',
    },
  ],
};
