import { z } from 'zod';

/**
 * A scenario is plain data: hosts and the roles they run, DNS, links, faults and the inputs that start
 * the story. It is validated here, at the boundary, with errors that name the field, because scenarios
 * also arrive from files and URLs.
 */

const hostname = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'a host name of letters, digits, dots and hyphens');
const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'an address like user@example.com');

const replySchema = z.object({
  code: z.number().int().min(200).max(599),
  dsn: z.string().regex(/^[245]\.\d{1,3}\.\d{1,3}$/).optional(),
  lines: z.array(z.string()).min(1),
});

const faultSchema = z.object({
  id: z.string().min(1),
  /** Which role's smtpd serves it. */
  role: z.enum(['msa', 'mta', 'mx', 'mda']),
  stage: z.enum(['greeting', 'MAIL', 'RCPT', 'DATA', 'end-of-data']),
  reply: replySchema,
  times: z.number().int().min(1).default(1),
  recipient: address.optional(),
});

const muaSchema = z.object({
  address,
  displayName: z.string().default(''),
  username: z.string().optional(),
  password: z.string().default(''),
  msa: hostname,
  port: z.number().int().default(587),
});

const msaSchema = z.object({
  port: z.number().int().default(587),
  accounts: z.record(z.string(), z.string()).default({}),
  /** The MTA that this MSA hands accepted mail to (Postfix relayhost). */
  relayHost: hostname,
  relayPort: z.number().int().default(10025),
});

const mtaSchema = z.object({
  port: z.number().int().default(10025),
  /** Postfix mynetworks: the hosts allowed to relay through this MTA. */
  trustedClients: z.array(hostname).default([]),
});

const mxSchema = z.object({
  port: z.number().int().default(25),
  domains: z.array(hostname).min(1),
  /** Known users of the local domains; empty accepts every local part. */
  recipients: z.array(z.string()).default([]),
  /** Domains this MX accepts to forward, as a backup MX does. */
  relayDomains: z.array(hostname).default([]),
  /** Where local mail goes over LMTP. */
  mda: z.object({ host: hostname, port: z.number().int().default(24) }),
});

const mdaSchema = z.object({
  port: z.number().int().default(24),
  mailboxes: z.array(
    z.object({
      address,
      /** Bytes; undefined means no quota. */
      quota: z.number().int().min(0).optional(),
    }),
  ),
  /** Dovecot's quota_full_tempfail: 452 4.2.2 (retry) instead of 552 5.2.2 (bounce). */
  quotaTempfail: z.boolean().default(false),
});

const hostSchema = z.object({
  name: hostname,
  ip: z.string().min(1),
  /** A host that is down refuses every connection. */
  down: z.boolean().default(false),
  roles: z
    .object({ mua: muaSchema.optional(), msa: msaSchema.optional(), mta: mtaSchema.optional(), mx: mxSchema.optional(), mda: mdaSchema.optional() })
    .default({}),
  /** A plain client machine (gandalf in the seed article) has no roles and is only a place to telnet from. */
  faults: z.array(faultSchema).default([]),
});

const composeSchema = z.object({
  kind: z.literal('compose'),
  at: z.number().min(0).default(0),
  host: hostname,
  to: z.array(z.string()).default([]),
  cc: z.array(z.string()).default([]),
  bcc: z.array(z.string()).default([]),
  subject: z.string().default(''),
  body: z.string().default(''),
  /** Overrides the From header the MUA would write (for spoofing lessons). */
  fromHeader: z.string().optional(),
});

const telnetSchema = z.object({
  kind: z.literal('telnet'),
  at: z.number().min(0).default(0),
  from: hostname,
  to: hostname,
  port: z.number().int(),
  /** What the person types, one line each; the script waits for each reply as a person would. */
  lines: z.array(z.string()),
});

/**
 * A real SMTP server on this machine that stands for a domain or a host (the bridge's outbound mode).
 * Loopback only: a scenario also arrives from files and URLs, and must not point the bridge at the internet.
 */
const realServerSchema = z.object({
  host: z.string().regex(/^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/, 'a loopback address (127.0.0.1, ::1 or localhost)').default('127.0.0.1'),
  port: z.number().int().min(1).max(65535),
});

const linkSchema = z.object({ a: hostname, b: hostname, latencyMs: z.number().min(0) });

const dnsNameSchema = z.object({
  mx: z.array(z.object({ preference: z.number().int().min(0).max(65535), exchange: z.string() })).optional(),
  a: z.array(z.string()).optional(),
  aaaa: z.array(z.string()).optional(),
  cname: z.string().optional(),
  txt: z.array(z.string()).optional(),
});

export const scenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and hyphens'),
  title: z.string().min(1),
  description: z.string().default(''),
  /** Wall-clock start of the story (ISO 8601); virtual time counts from here. */
  start: z.string().datetime({ offset: true }).default('2023-11-05T10:00:00Z'),
  seed: z.number().int().default(1),
  hosts: z.array(hostSchema).min(1),
  /** The resolver the MTAs ask; it is drawn as a node of its own. */
  resolver: z.object({ name: hostname.default('resolver'), ip: z.string().default('192.0.2.53'), latencyMs: z.number().min(0).default(15) }).default({
    name: 'resolver',
    ip: '192.0.2.53',
    latencyMs: 15,
  }),
  dns: z.record(z.string(), dnsNameSchema).default({}),
  dnsFaults: z.record(z.string(), z.union([z.enum(['servfail', 'timeout', 'nxdomain']), z.record(z.string(), z.enum(['servfail', 'timeout', 'nxdomain']))])).default({}),
  defaultLatencyMs: z.number().min(0).default(20),
  links: z.array(linkSchema).default([]),
  queue: z
    .object({
      /** Postfix minimal_backoff_time / maximal_backoff_time / maximal_queue_lifetime, in ms. */
      minBackoffMs: z.number().min(1).default(300_000),
      maxBackoffMs: z.number().min(1).default(4_000_000),
      maxAgeMs: z.number().min(1).default(5 * 24 * 3600_000),
    })
    .default({ minBackoffMs: 300_000, maxBackoffMs: 4_000_000, maxAgeMs: 5 * 24 * 3600_000 }),
  inputs: z.array(z.discriminatedUnion('kind', [composeSchema, telnetSchema])).default([]),
  /**
   * Domains or host names served by a real SMTP server on loopback. Only the bridge acts on this (over
   * real TCP); elsewhere the scenario runs as if the field were absent.
   */
  realServers: z.record(hostname, realServerSchema).default({}),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type HostSpec = Scenario['hosts'][number];
export type ScenarioInputEvent = Scenario['inputs'][number];

export type ScenarioResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Validates and completes a scenario; cross-references (a role naming a host that is absent) are checked too. */
export function parseScenario(data: unknown): ScenarioResult {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(scenario)'}: ${i.message}`) };
  }
  const scenario = parsed.data;
  const names = new Set(scenario.hosts.map((h) => h.name.toLowerCase()));
  const errors: string[] = [];
  const need = (where: string, host: string) => {
    if (!names.has(host.toLowerCase())) errors.push(`${where}: no host named ${host} in this scenario`);
  };
  scenario.hosts.forEach((h, i) => {
    if (h.roles.mua) need(`hosts.${i}.roles.mua.msa`, h.roles.mua.msa);
    if (h.roles.msa) need(`hosts.${i}.roles.msa.relayHost`, h.roles.msa.relayHost);
    if (h.roles.mx) need(`hosts.${i}.roles.mx.mda.host`, h.roles.mx.mda.host);
  });
  scenario.inputs.forEach((input, i) => {
    if (input.kind === 'compose') need(`inputs.${i}.host`, input.host);
    else {
      need(`inputs.${i}.from`, input.from);
      need(`inputs.${i}.to`, input.to);
    }
  });
  const seen = new Set<string>();
  for (const h of scenario.hosts) {
    if (seen.has(h.name.toLowerCase())) errors.push(`hosts: ${h.name} is listed twice`);
    seen.add(h.name.toLowerCase());
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scenario };
}
