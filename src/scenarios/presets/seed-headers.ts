import type { ScenarioInput } from '../../world/scenario';
import { seedDns, seedHosts, seedSession, typedAtGandalf } from './seed-basic';

/** The seed article's second session: the data opens with From:, To: and Subject:, then an empty line. */
export const SEED_HEADERS_SESSION = seedSession(
  'From: plc@gandalf',
  'To: pleclercq@mydomain.com',
  'Subject: A test mail with headers',
  '',
  'This time the mail client can show the sender, the recipient and the subject.',
);

export const seedHeaders: ScenarioInput = {
  id: 'seed-headers',
  title: 'By hand with telnet: adding From, To and Subject',
  description:
    'The second session of the article: the same dialog, but the data now starts with From:, To: and Subject: header fields, so the mail client can show who sent it, to whom, and what about.',
  start: '2023-11-05T09:45:00Z',
  hosts: seedHosts,
  dns: seedDns,
  inputs: [typedAtGandalf(SEED_HEADERS_SESSION)],
};
