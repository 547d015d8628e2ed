/**
 * Delivery status notifications (RFC 3464 inside RFC 6522 multipart/report), shaped as Postfix's
 * bounce daemon writes them (bounce_notify_util.c, bounce_templates.c) after post_mail and
 * cleanup have added their headers. Everything comes from the inputs, including the MIME
 * boundary, so the same bounce is produced byte for byte on replay.
 */
import { formatMailDate } from './date';
import { normalizeLineEndings } from './dot-stuffing';
import { getHeader, parseMessage, serializeHeader } from './headers';
import { MAIL_NAME, returnPathHeader } from './received';

export type DsnAction = 'failed' | 'delayed' | 'delivered';

export interface DsnRecipient {
  readonly address: string;
  /** ORCPT, reported as Original-Recipient. */
  readonly originalRecipient?: string;
  readonly action: DsnAction;
  /** RFC 3463 code such as "5.1.1". */
  readonly status: string;
  /** Typed diagnostic as in the report: "smtp; 550 5.1.1 <x@y>: Recipient address rejected". */
  readonly diagnostic?: string;
  /** The MX that answered, reported as "Remote-MTA: dns; <name>". */
  readonly remoteMta?: string;
  /** Its address, shown in the human text as Postfix does: "host mx.example[192.0.2.1]". */
  readonly remoteIp?: string;
  /** The SMTP command the reply answered, e.g. "RCPT TO" or "end of DATA". */
  readonly inReplyTo?: string;
  /** Overrides the human explanation, e.g. Postfix's "unknown user: \"bob\"". */
  readonly reason?: string;
  readonly lastAttemptMs?: number;
}

export interface DsnInput {
  /** This host, $myhostname. */
  readonly reportingMta: string;
  /** "MAILER-DAEMON@host". */
  readonly postmasterAddress: string;
  /** The envelope sender of the original message, who gets the notice. */
  readonly to: string;
  readonly arrivalDateMs: number;
  /** When the notice is written. */
  readonly dateMs: number;
  readonly tzOffsetMinutes?: number;
  /** Message-Id of the notice itself. */
  readonly messageId: string;
  readonly recipients: readonly DsnRecipient[];
  /** The original message, raw. */
  readonly original: string;
  /** Queue id of the original message on this host. */
  readonly queueId: string;
  /** message/rfc822 with the body instead of text/rfc822-headers. */
  readonly returnFullMessage?: boolean;
  /** Queue id of the notice; when given, the "Received: by" line post_mail writes is included. */
  readonly noticeQueueId?: string;
  /** delay_warning_time for the delay notice; defaults to the time the message has waited. */
  readonly delayWarningHours?: number;
  /** maximal_queue_lifetime, for Will-Retry-Until and the delay notice; Postfix's default is 5 days. */
  readonly maximalQueueLifetimeMs?: number;
}

type Template = 'failure' | 'delay' | 'success';

const CRLF = '\r\n';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const DEFAULT_QUEUE_LIFETIME_MS = 5 * DAY_MS;

const SUBJECTS: Readonly<Record<Template, string>> = {
  failure: 'Undelivered Mail Returned to Sender',
  delay: 'Delayed Mail (still being retried)',
  success: 'Successful Mail Delivery Report',
};

/** Postfix sends one notice per class; a failure outweighs a delay, which outweighs success. */
function chooseTemplate(recipients: readonly DsnRecipient[]): Template {
  if (recipients.some((r) => r.action === 'failed')) return 'failure';
  if (recipients.some((r) => r.action === 'delayed')) return 'delay';
  return 'success';
}

/** The built-in texts of bounce_templates.c, with $myhostname and the time parameters expanded. */
function templateBody(template: Template, host: string, warnHours: number, lifetimeDays: number): string[] {
  const help = [
    'For further assistance, please send mail to <postmaster>',
    '',
    'If you do so, please include this problem report. You can',
    'delete your own text from the attached returned message.',
    '',
    '                   The mail system',
  ];
  const intro = `This is the mail system at host ${host}.`;
  if (template === 'failure') {
    return [
      intro,
      '',
      "I'm sorry to have to inform you that your message could not",
      "be delivered to one or more recipients. It's attached below.",
      '',
      ...help,
    ];
  }
  if (template === 'delay') {
    return [
      intro,
      '',
      '####################################################################',
      '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #',
      '####################################################################',
      '',
      `Your message could not be delivered for more than ${warnHours} hour(s).`,
      `It will be retried until it is ${lifetimeDays} day(s) old.`,
      '',
      ...help,
    ];
  }
  return [
    intro,
    '',
    'Your message was successfully delivered to the destination(s)',
    'listed below. If the message was delivered to mailbox you will',
    'receive no further notifications. Otherwise you may still receive',
    'notifications of mail delivery errors from other systems.',
    '',
    '                   The mail system',
  ];
}

/**
 * Postfix's line_wrap(text, 79, 4): break at blanks so lines stay within 79 columns, and indent
 * continuation lines by 4, which also makes them valid folded header lines in the report.
 */
export function lineWrap(text: string, width = 79, indent = 4): string[] {
  const out: string[] = [];
  let lineStart = 0;
  let currLen = width;
  let currIndent = 0;
  let word: number | undefined = 0;
  while (word !== undefined) {
    let nextSpace: number = word;
    while (nextSpace < text.length && text[nextSpace] !== ' ' && text[nextSpace] !== '\t') nextSpace++;
    if (word > lineStart && nextSpace - lineStart > currLen) {
      out.push(' '.repeat(currIndent) + text.slice(lineStart, word).trimEnd());
      let w = word;
      while (w < text.length && (text[w] === ' ' || text[w] === '\t')) w++;
      if (lineStart === 0) {
        currIndent += indent;
        currLen -= indent;
      }
      lineStart = w;
      word = w;
    }
    word = nextSpace < text.length ? nextSpace + 1 : undefined;
  }
  out.push(' '.repeat(currIndent) + text.slice(lineStart).trimEnd());
  return out;
}

/** "smtp; 550 ..." -> ["smtp", "550 ..."]; an untyped text is taken as an SMTP reply. */
function splitTyped(value: string): [string, string] {
  const m = /^\s*([A-Za-z0-9-]+)\s*;\s*([\s\S]*)$/.exec(value);
  return m ? [m[1] as string, (m[2] as string).trim()] : ['smtp', value.trim()];
}

/** What Postfix's smtp client logs as the reason: "host mx[ip] said: 550 ... (in reply to RCPT TO command)". */
function humanReason(r: DsnRecipient): string {
  if (r.reason !== undefined) return r.reason;
  const text = r.diagnostic === undefined ? undefined : splitTyped(r.diagnostic)[1];
  const tail = r.inReplyTo === undefined ? '' : ` (in reply to ${r.inReplyTo} command)`;
  if (text !== undefined && r.remoteMta !== undefined) {
    const host = r.remoteIp === undefined ? r.remoteMta : `${r.remoteMta}[${r.remoteIp}]`;
    return `host ${host} said: ${text}${tail}`;
  }
  if (text !== undefined) return text + tail;
  return r.action === 'delivered' ? 'delivery via local: delivered to mailbox' : `delivery status ${r.status}`;
}

/** Unique among the inputs Postfix uses ("queueid.time/host"); a suffix is added in the unlikely case the original already contains it. */
function boundaryFor(input: DsnInput): string {
  const base = `${input.queueId}.${Math.floor(input.dateMs / 1000)}/${input.reportingMta}`;
  let boundary = base;
  for (let n = 1; input.original.includes(`--${boundary}`); n++) boundary = `${base}/${n}`;
  return boundary;
}

const isAscii = (s: string): boolean => !/[^\x00-\x7f]/.test(s);

function recipientFields(r: DsnRecipient, input: DsnInput, template: Template, date: (ms: number) => string): string[] {
  const fields = [`Final-Recipient: rfc822; ${r.address}`];
  if (r.originalRecipient !== undefined) fields.push(`Original-Recipient: rfc822; ${r.originalRecipient}`);
  fields.push(`Action: ${r.action}`, `Status: ${r.status}`);
  if (r.remoteMta !== undefined) fields.push(...lineWrap(`Remote-MTA: dns; ${r.remoteMta}`));
  if (r.diagnostic !== undefined) fields.push(...lineWrap(`Diagnostic-Code: ${r.diagnostic.trim()}`));
  else fields.push(...lineWrap(`Diagnostic-Code: X-${MAIL_NAME}; ${humanReason(r)}`));
  if (r.lastAttemptMs !== undefined) fields.push(`Last-Attempt-Date: ${date(r.lastAttemptMs)}`);
  if (template === 'delay') {
    const lifetime = input.maximalQueueLifetimeMs ?? DEFAULT_QUEUE_LIFETIME_MS;
    fields.push(`Will-Retry-Until: ${date(input.arrivalDateMs + lifetime)}`);
  }
  return fields;
}

/**
 * The original as Postfix returns it: a Return-Path first (cleanup removed the one it had), then
 * its header, and its body only when the full message is returned.
 */
function returnedContent(input: DsnInput): string[] {
  const parsed = parseMessage(input.original);
  const headers = parsed.headers.filter((h) => h.name.toLowerCase() !== 'return-path').map((h) => h.raw);
  const lines = [`Return-Path: ${returnPathHeader(input.to)}`, ...headers];
  if (!input.returnFullMessage) return lines;
  const body = parsed.body.endsWith(CRLF) ? parsed.body.slice(0, -2) : parsed.body;
  return [...lines, '', ...(parsed.body === '' ? [] : body.split(CRLF))];
}

/** Builds the raw notice (CRLF, ending in CRLF) for the envelope sender of `original`. */
export function buildDsn(input: DsnInput): string {
  const template = chooseTemplate(input.recipients);
  const tz = input.tzOffsetMinutes ?? 0;
  const date = (ms: number): string => formatMailDate(ms, tz);
  const boundary = boundaryFor(input);
  const sender = input.to.trim().replace(/^<(.*)>$/, '$1');
  const warnHours = input.delayWarningHours ?? Math.max(0, Math.floor((input.dateMs - input.arrivalDateMs) / HOUR_MS));
  const lifetimeDays = Math.floor((input.maximalQueueLifetimeMs ?? DEFAULT_QUEUE_LIFETIME_MS) / DAY_MS);
  const original = returnedContent(input);
  const originalIs8bit = !isAscii(original.join(''));
  const notes = input.recipients.flatMap((r) => ['', ...lineWrap(`<${r.address}>: ${humanReason(r)}`)]);
  const notesAre8bit = !isAscii(notes.join(''));
  const undelivered = template !== 'success';

  const head: string[] = [];
  if (input.noticeQueueId !== undefined) {
    head.push(`Received: by ${input.reportingMta} (${MAIL_NAME})`, `\tid ${input.noticeQueueId}; ${date(input.dateMs)}`);
  }
  head.push(
    `Date: ${date(input.dateMs)}`,
    `From: ${input.postmasterAddress} (Mail Delivery System)`,
    serializeHeader('Subject', SUBJECTS[template]),
    serializeHeader('To', sender),
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    `Content-Transfer-Encoding: ${originalIs8bit || notesAre8bit ? '8bit' : '7bit'}`,
    `Message-Id: ${input.messageId}`,
  );

  const lines = [
    ...head,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    `Content-Type: text/plain; charset=${notesAre8bit ? 'utf-8' : 'us-ascii'}`,
    ...(notesAre8bit ? ['Content-Transfer-Encoding: 8bit'] : []),
    '',
    ...templateBody(template, input.reportingMta, warnHours, lifetimeDays),
    ...notes,
    '',
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${input.reportingMta}`,
    `X-${MAIL_NAME}-Queue-ID: ${input.queueId}`,
    ...(sender === '' ? [] : [`X-${MAIL_NAME}-Sender: rfc822; ${sender}`]),
    `Arrival-Date: ${date(input.arrivalDateMs)}`,
    ...input.recipients.flatMap((r) => ['', ...recipientFields(r, input, template, date)]),
    '',
    `--${boundary}`,
    `Content-Description: ${undelivered ? 'Undelivered ' : ''}${input.returnFullMessage ? 'Message' : 'Message Headers'}`,
    `Content-Type: ${input.returnFullMessage ? 'message/rfc822' : 'text/rfc822-headers'}`,
    ...(originalIs8bit ? ['Content-Transfer-Encoding: 8bit'] : []),
    '',
    ...original,
    '',
    `--${boundary}--`,
  ];
  return lines.join(CRLF) + CRLF;
}

// ---------------------------------------------------------------- reading back

export interface ParsedDsnRecipient {
  readonly finalRecipient: string;
  readonly originalRecipient?: string;
  readonly action: string;
  readonly status: string;
  readonly remoteMta?: string;
  /** Typed, as written: "smtp; 550 5.1.1 ...". */
  readonly diagnostic?: string;
  readonly lastAttemptDate?: string;
  readonly willRetryUntil?: string;
}

export interface ParsedDsn {
  readonly subject?: string;
  readonly reportingMta?: string;
  readonly arrivalDate?: string;
  /** From the X-<mailer>-Queue-ID field Postfix adds. */
  readonly queueId?: string;
  readonly recipients: ParsedDsnRecipient[];
  /** The human-readable first part. */
  readonly notification?: string;
  /** The third part as it was returned: headers only, or the whole message. */
  readonly returned?: string;
  readonly returnedContentType?: string;
}

interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

/** Type/subtype lower-cased, and a parameter value with its quotes removed. */
function mediaType(value: string | undefined): string {
  return (value ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? 'text/plain';
}

function parameter(value: string, name: string): string | undefined {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const m = re.exec(value);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** RFC 2046 5.1.1: the CRLF before a delimiter belongs to the delimiter, not to the part. */
function splitMultipart(body: string, boundary: string): MimePart[] {
  const delimiter = `--${boundary}`;
  const lines = body.split(CRLF);
  const parts: MimePart[] = [];
  let current: string[] | undefined;
  const close = (): void => {
    if (current === undefined) return;
    const parsed = parseMessage(current.join(CRLF));
    parts.push({ contentType: getHeader(parsed.headers, 'Content-Type') ?? 'text/plain', body: parsed.body });
  };
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      close();
      if (trimmed !== delimiter) return parts;
      current = [];
      continue;
    }
    current?.push(line);
  }
  close();
  return parts;
}

/** DSN fields are structured: the blanks of folding and wrapping carry no meaning. */
const squeeze = (s: string): string => s.replace(/\s+/g, ' ').trim();

const untyped = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : squeeze(value.replace(/^[^;]*;/, ''));

function fieldGroups(text: string): string[] {
  return text
    .split(/\r\n(?:[ \t]*\r\n)+/)
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

function parseRecipientGroup(group: string): ParsedDsnRecipient | undefined {
  const h = parseMessage(`${group}${CRLF}${CRLF}`).headers;
  const field = (name: string): string | undefined => {
    const v = getHeader(h, name);
    return v === undefined ? undefined : squeeze(v);
  };
  const finalRecipient = untyped(getHeader(h, 'Final-Recipient'));
  if (finalRecipient === undefined) return undefined;
  const optional: Record<string, string> = {};
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined) optional[key] = value;
  };
  add('originalRecipient', untyped(getHeader(h, 'Original-Recipient')));
  add('remoteMta', untyped(getHeader(h, 'Remote-MTA')));
  add('diagnostic', field('Diagnostic-Code'));
  add('lastAttemptDate', field('Last-Attempt-Date'));
  add('willRetryUntil', field('Will-Retry-Until'));
  return { finalRecipient, action: field('Action') ?? '', status: field('Status') ?? '', ...optional };
}

/** Reads a multipart/report delivery-status notice; undefined when `raw` is not one. */
export function parseDsn(raw: string): ParsedDsn | undefined {
  const message = parseMessage(normalizeLineEndings(raw));
  const contentType = getHeader(message.headers, 'Content-Type');
  const boundary = contentType === undefined ? undefined : parameter(contentType, 'boundary');
  if (mediaType(contentType) !== 'multipart/report' || boundary === undefined) return undefined;
  const parts = splitMultipart(message.body, boundary);
  const status = parts.find((p) => /^message\/(global-)?delivery-status$/.test(mediaType(p.contentType)));
  if (status === undefined) return undefined;
  const [perMessage = '', ...perRecipient] = fieldGroups(status.body);
  const m = parseMessage(`${perMessage}${CRLF}${CRLF}`).headers;
  const queueField = m.find((h) => /^X-.+-Queue-ID$/i.test(h.name));
  const notification = parts.find((p) => p !== status && mediaType(p.contentType) === 'text/plain');
  const returned = parts.find((p) => p !== status && p !== notification);
  const result: Record<string, unknown> = {
    recipients: perRecipient.map(parseRecipientGroup).filter((r): r is ParsedDsnRecipient => r !== undefined),
  };
  const set = (key: string, value: string | undefined): void => {
    if (value !== undefined) result[key] = value;
  };
  set('subject', getHeader(message.headers, 'Subject'));
  set('reportingMta', untyped(getHeader(m, 'Reporting-MTA')));
  set('arrivalDate', getHeader(m, 'Arrival-Date'));
  set('queueId', queueField?.value.trim());
  set('notification', notification?.body);
  set('returned', returned?.body);
  set('returnedContentType', returned === undefined ? undefined : mediaType(returned.contentType));
  return result as unknown as ParsedDsn;
}
