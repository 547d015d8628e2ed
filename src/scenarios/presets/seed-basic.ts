import type { ScenarioInput } from '../../world/scenario';

type TelnetInput = Extract<NonNullable<ScenarioInput['inputs']>[number], { kind: 'telnet' }>;

/** The seed article's mail server: one host that is both the MX and the MDA of mydomain.com. */
export const seedHosts: ScenarioInput['hosts'] = [
  { name: 'gandalf', ip: '192.168.1.10' },
  {
    name: 'mailserver.mydomain.com',
    ip: '192.168.1.20',
    roles: {
      mx: { domains: ['mydomain.com'], recipients: ['pleclercq'], mda: { host: 'mailserver.mydomain.com', port: 24 } },
      mda: { mailboxes: [{ address: 'pleclercq@mydomain.com' }] },
    },
  },
];

export const seedDns: ScenarioInput['dns'] = {
  'mydomain.com': { mx: [{ preference: 10, exchange: 'mailserver.mydomain.com' }] },
  'mailserver.mydomain.com': { a: ['192.168.1.20'] },
  gandalf: { a: ['192.168.1.10'] },
};

/** HELO, MAIL FROM and RCPT TO as the seed article types them, then DATA. */
export const SEED_ENVELOPE = ['HELO gandalf', 'MAIL FROM:<plc@gandalf>', 'RCPT TO:<pleclercq@mydomain.com>', 'DATA'] as const;

/** A whole telnet session at the seed's server: the article's envelope, then `data`, the lone dot, and QUIT. */
export const seedSession = (...data: readonly string[]): readonly string[] => [...SEED_ENVELOPE, ...data, '.', 'QUIT'];

/** The seed article's first session, as typed in telnet. */
export const SEED_SESSION = seedSession('This is a test mail, typed by hand.');

/** A person at gandalf typing `lines` into port 25 of mailserver.mydomain.com, as in the article. */
export const typedAtGandalf = (lines: readonly string[]): TelnetInput => ({ kind: 'telnet', from: 'gandalf', to: 'mailserver.mydomain.com', port: 25, lines: [...lines] });

export const seedBasic: ScenarioInput = {
  id: 'seed-basic',
  title: 'By hand with telnet: the five commands',
  description:
    'The first session of the article: from the client machine gandalf, a person types HELO, MAIL FROM, RCPT TO, DATA and QUIT into port 25 of mailserver.mydomain.com, which stores the message in the mailbox of pleclercq.',
  start: '2023-11-05T09:30:00Z',
  hosts: seedHosts,
  dns: seedDns,
  inputs: [typedAtGandalf(SEED_SESSION)],
};
