/**
 * The reply catalogue: every reply a Mailpath server sends, worded as Postfix smtpd (SMTP roles) or
 * Dovecot LMTP (the MDA) words it, named in aiosmtpd's style (S<code>_<WHAT>). Agents build replies
 * only from here, so a learner who later reads a real Postfix log sees the very same lines.
 *
 * Where Postfix omits the enhanced status code (the greeting, replies to HELO/EHLO and their 501s,
 * AUTH challenges), so do we: RFC 2034 exempts them.
 *
 * Each reply has an explanation (summary, RFC section, what to do next) for the UI; explainReply()
 * also covers replies from outside the catalogue (a real server on the bridge) through the code's
 * class and the RFC 3463 meaning of its enhanced status code.
 */
import type { ProtocolMode } from './command';
import { verbsFor } from './commands';
import { type Reply, reply } from './reply';

/** Callers may pass "x@y" or an already formatted "<x@y>"; either way the reply shows "<x@y>" once. */
const bracket = (addr: string): string => (addr.startsWith('<') && addr.endsWith('>') ? addr : `<${addr}>`);

// --- Connection -------------------------------------------------------------------------------

/** The greeting with any banner text after the host name (Postfix smtpd_banner). */
export const S220_BANNER = (host: string, banner: string): Reply => reply(220, undefined, `${host} ${banner}`);
/** Postfix's default smtpd_banner is "$myhostname ESMTP $mail_name". */
export const S220_GREETING = (host: string, software = 'Postfix'): Reply => S220_BANNER(host, `ESMTP ${software}`);
/** Dovecot's LMTP greeting, with its default login_greeting. */
export const S220_LMTP_GREETING = (host: string): Reply => reply(220, undefined, `${host} Dovecot ready.`);
export const S221_BYE = reply(221, '2.0.0', 'Bye');
export const S421_TIMEOUT = (host: string): Reply => reply(421, '4.4.2', `${host} Error: timeout exceeded`);
export const S421_TOO_MANY_CONN = (host: string, client: string): Reply =>
  reply(421, '4.7.0', `${host} Error: too many connections from ${client}`);
export const S421_TOO_MANY_ERRORS = (host: string): Reply => reply(421, '4.7.0', `${host} Error: too many errors`);
export const S421_UNAVAILABLE = (host: string): Reply => reply(421, undefined, `${host} Service unavailable - try again later`);
export const S554_NOT_ACCEPTING = (host: string): Reply => reply(554, undefined, `${host} ESMTP not accepting connections`);
export const S503_ACCESS_DENIED = (client: string): Reply => reply(503, '5.7.0', `Error: access denied for ${client}`);

// --- Greeting commands ------------------------------------------------------------------------

export const S250_HELO = (host: string): Reply => reply(250, undefined, host);
/** The EHLO (and LHLO) reply: the host name, then one extension keyword per line. */
export const S250_EHLO = (host: string, extensions: readonly string[]): Reply => reply(250, undefined, host, ...extensions);
export const S501_HELO_SYNTAX = reply(501, undefined, 'Syntax: HELO hostname');
export const S501_EHLO_SYNTAX = reply(501, undefined, 'Syntax: EHLO hostname');
/** Dovecot's reply to an LHLO without a host name. */
export const S501_LHLO_SYNTAX = reply(501, '5.5.4', 'Missing hostname');

// --- Success ----------------------------------------------------------------------------------

export const S250_OK = reply(250, '2.0.0', 'Ok');
export const S250_SENDER_OK = reply(250, '2.1.0', 'Ok');
export const S250_RCPT_OK = reply(250, '2.1.5', 'Ok');
export const S250_QUEUED = (queueId: string): Reply => reply(250, '2.0.0', `Ok: queued as ${queueId}`);
export const S354_END_DATA = reply(354, undefined, 'End data with <CR><LF>.<CR><LF>');
/** Postfix echoes the VRFY argument as given; 252 means "cannot verify, but will try to deliver". */
export const S252_VRFY = (arg: string): Reply => reply(252, '2.0.0', arg);
/**
 * Postfix has no HELP (it answers 502); this follows Sendmail's 214 layout. Given a mode, it lists
 * every verb the command table allows in that mode.
 */
export const S214_HELP = (commands: ProtocolMode | readonly string[]): Reply => {
  const verbs = typeof commands === 'string' ? verbsFor(commands) : commands;
  return reply(214, '2.0.0', 'Commands:', `    ${verbs.join(' ')}`, 'End of HELP info');
};

// --- Command sequence -------------------------------------------------------------------------

export const S503_HELO_FIRST = reply(503, '5.5.1', 'Error: send HELO/EHLO first');
export const S503_NEED_MAIL = reply(503, '5.5.1', 'Error: need MAIL command');
export const S503_NESTED_MAIL = reply(503, '5.5.1', 'Error: nested MAIL command');
export const S503_NEED_RCPT = reply(503, '5.5.1', 'Error: need RCPT command');
export const S554_NO_VALID_RCPT = reply(554, '5.5.1', 'Error: no valid recipients');
export const S503_TRANSACTION_IN_PROGRESS = reply(503, '5.5.1', 'Error: MAIL transaction in progress');

// --- Unknown or malformed commands ------------------------------------------------------------

export const S502_NOT_RECOGNIZED = reply(502, '5.5.2', 'Error: command not recognized');
export const S502_NOT_IMPLEMENTED = reply(502, '5.5.1', 'Error: command not implemented');
export const S502_VRFY_DISABLED = reply(502, '5.5.1', 'VRFY command is disabled');
/** Postfix's reply to an empty command line. */
export const S500_BAD_SYNTAX = reply(500, '5.5.2', 'Error: bad syntax');
/** Dovecot's wording; Postfix itself silently truncates commands at line_length_limit (2048). */
export const S500_LINE_TOO_LONG = reply(500, '5.5.2', 'Line too long');
/** Dovecot LMTP's reply to a verb it does not know (RFC 5321 4.2.4 prefers 500 here; Postfix says 502). */
export const S500_UNKNOWN_COMMAND = reply(500, '5.5.1', 'Unknown command');
/** Dovecot LMTP's reply to an empty or unparsable line. */
export const S500_INVALID_SYNTAX = reply(500, '5.5.2', 'Invalid command syntax');

/** Postfix's "Syntax: <usage>" reply for a command whose arguments do not fit its grammar. */
export const S501_SYNTAX = (usage: string): Reply => reply(501, '5.5.4', `Syntax: ${usage}`);
export const S501_MAIL_SYNTAX = S501_SYNTAX('MAIL FROM:<address>');
export const S501_RCPT_SYNTAX = S501_SYNTAX('RCPT TO:<address>');
export const S501_DATA_SYNTAX = S501_SYNTAX('DATA');
export const S501_RSET_SYNTAX = S501_SYNTAX('RSET');
export const S501_STARTTLS_SYNTAX = S501_SYNTAX('STARTTLS');
export const S501_VRFY_SYNTAX = S501_SYNTAX('VRFY address');
export const S501_EXPN_SYNTAX = S501_SYNTAX('EXPN mailing-list');
export const S501_AUTH_SYNTAX = S501_SYNTAX('AUTH mechanism');
export const S501_BAD_SENDER = reply(501, '5.1.7', 'Bad sender address syntax');
export const S501_BAD_RCPT = reply(501, '5.1.3', 'Bad recipient address syntax');

// --- MAIL and RCPT parameters -----------------------------------------------------------------

export const S501_BAD_SIZE = reply(501, '5.5.4', 'Bad message size syntax');
export const S552_SIZE_OVERFLOW = reply(552, '5.3.4', 'Message size exceeds file system imposed limit');
export const S501_BAD_RET = reply(501, '5.5.4', 'Bad RET parameter syntax');
export const S501_BAD_ENVID = reply(501, '5.5.4', 'Bad ENVID parameter syntax');
export const S501_BAD_NOTIFY = reply(501, '5.5.4', 'Error: Bad NOTIFY parameter syntax');
export const S501_BAD_ORCPT = reply(501, '5.5.4', 'Error: Bad ORCPT parameter syntax');
export const S503_MULTIPLE_AUTH_OPTION = reply(503, '5.5.4', 'Error: multiple AUTH= options');
/** RFC 5321 4.1.1.11: a parameter the server does not know, echoed as Postfix does. */
export const S555_UNSUPPORTED_OPTION = (param: string): Reply => reply(555, '5.5.4', `Unsupported option: ${param}`);

// --- Recipient and sender policy --------------------------------------------------------------

export const S550_USER_UNKNOWN = (addr: string): Reply =>
  reply(550, '5.1.1', `${bracket(addr)}: Recipient address rejected: User unknown in local recipient table`);
export const S550_USER_UNKNOWN_VIRTUAL = (addr: string): Reply =>
  reply(550, '5.1.1', `${bracket(addr)}: Recipient address rejected: User unknown in virtual mailbox table`);
export const S554_RELAY_DENIED = (addr: string): Reply => reply(554, '5.7.1', `${bracket(addr)}: Relay access denied`);
export const S450_RCPT_DOMAIN_NOT_FOUND = (addr: string): Reply =>
  reply(450, '4.1.2', `${bracket(addr)}: Recipient address rejected: Domain not found`);
export const S450_SENDER_DOMAIN_NOT_FOUND = (addr: string): Reply =>
  reply(450, '4.1.8', `${bracket(addr)}: Sender address rejected: Domain not found`);
/** RFC 7505: the recipient's domain publishes "MX 0 ." and takes no mail at all. */
export const S556_NULL_MX = (addr: string, domain: string): Reply =>
  reply(556, '5.1.10', `${bracket(addr)}: Recipient address rejected: Domain ${domain} does not accept mail (nullMX)`);
/** The wording of a greylisting policy service behind Postfix (a temporary "come back later"). */
export const S451_GREYLISTED = (addr: string): Reply =>
  reply(451, '4.7.1', `${bracket(addr)}: Recipient address rejected: Greylisted, please try again later`);
/** Postfix smtpd_sender_login_maps: a submission client may send only as the addresses it owns. */
export const S553_SENDER_NOT_OWNED = (addr: string, user: string): Reply =>
  reply(553, '5.7.1', `${bracket(addr)}: Sender address rejected: not owned by user ${user}`);
export const S452_TOO_MANY_RCPT = reply(452, '4.5.3', 'Error: too many recipients');

// --- Size and storage -------------------------------------------------------------------------

/** At MAIL FROM, when the SIZE= declaration exceeds message_size_limit. */
export const S552_SIZE = reply(552, '5.3.4', 'Message size exceeds fixed limit');
/** After the final dot, when the message turned out bigger than message_size_limit. */
export const S552_MESSAGE_TOO_BIG = reply(552, '5.3.4', 'Error: message file too big');
export const S452_INSUFFICIENT_STORAGE = reply(452, '4.3.1', 'Insufficient system storage');
export const S451_QUEUE_WRITE_ERROR = reply(451, '4.3.0', 'Error: queue file write error');

// --- Line endings -----------------------------------------------------------------------------

/**
 * Postfix with smtpd_forbid_bare_newline = reject, after which it disconnects. Postfix 3.9 makes the
 * code configurable (smtpd_forbid_bare_newline_reject_code, default 550); 521 says "and I hang up".
 */
export const S550_BARE_LF = (host: string): Reply => reply(550, '5.5.2', `${host} Error: bare <LF> received`);
export const S521_BARE_LF = (host: string): Reply => reply(521, '5.5.2', `${host} Error: bare <LF> received`);

// --- STARTTLS ---------------------------------------------------------------------------------

export const S220_TLS_READY = reply(220, '2.0.0', 'Ready to start TLS');
export const S454_TLS_UNAVAILABLE = reply(454, '4.7.0', 'TLS not available due to local problem');
export const S554_TLS_ACTIVE = reply(554, '5.5.1', 'Error: TLS already active');
export const S530_STARTTLS_FIRST = reply(530, '5.7.0', 'Must issue a STARTTLS command first');

// --- AUTH -------------------------------------------------------------------------------------

/** A SASL challenge, base64 text as the mechanism produced it (empty for PLAIN without initial response). */
export const S334_CHALLENGE = (text: string): Reply => reply(334, undefined, text);
/** The two LOGIN challenges, "Username:" and "Password:" in base64. */
export const S334_LOGIN_USERNAME = S334_CHALLENGE('VXNlcm5hbWU6');
export const S334_LOGIN_PASSWORD = S334_CHALLENGE('UGFzc3dvcmQ6');
export const S235_AUTH_OK = reply(235, '2.7.0', 'Authentication successful');
/** Postfix's failure reply; the detail is the SASL layer's reason. */
export const S535_AUTH_ERROR = (detail: string): Reply => reply(535, '5.7.8', `Error: authentication failed: ${detail}`);
export const S535_AUTH_FAILED = S535_AUTH_ERROR('authentication failure');
/** What Postfix with Dovecot SASL actually answers to a mechanism it does not offer. */
export const S535_AUTH_BAD_MECH = S535_AUTH_ERROR('Invalid authentication mechanism');
/** RFC 4954 4: a client response that is not valid base64. */
export const S501_CANNOT_DECODE = reply(501, '5.5.2', 'Cannot decode response');
export const S501_AUTH_CANCELLED = reply(501, '5.7.0', 'Authentication aborted');
export const S503_ALREADY_AUTH = reply(503, '5.5.1', 'Error: already authenticated');
export const S503_AUTH_NOT_ENABLED = reply(503, '5.5.1', 'Error: authentication not enabled');
/** RFC 4954 4: a mechanism the server does not support. */
export const S504_AUTH_MECH = reply(504, '5.5.4', 'Unrecognized authentication type');
/** Postfix with smtpd_tls_auth_only = yes, before STARTTLS. */
export const S504_AUTH_NEEDS_TLS = reply(504, '5.5.4', 'Encryption required for requested authentication mechanism');
/** RFC 4954 6 and RFC 6409 4.3: a submission server refuses mail from a client that has not authenticated. */
export const S530_AUTH_REQUIRED = reply(530, '5.7.0', 'Authentication required');

// --- LMTP delivery (Dovecot) ------------------------------------------------------------------

export const S250_LMTP_SAVED = (addr: string, sessionId: string): Reply =>
  reply(250, '2.0.0', `${bracket(addr)} ${sessionId} Saved`);
export const S552_QUOTA = (addr: string): Reply =>
  reply(552, '5.2.2', `${bracket(addr)} Quota exceeded (mailbox for user is full)`);
/** Dovecot with quota_full_tempfail = yes: the same refusal, but temporary. */
export const S452_QUOTA = (addr: string): Reply =>
  reply(452, '4.2.2', `${bracket(addr)} Quota exceeded (mailbox for user is full)`);
export const S550_LMTP_USER_UNKNOWN = (addr: string): Reply =>
  reply(550, '5.1.1', `${bracket(addr)} User doesn't exist: ${addr}`);

// --- Explanations -----------------------------------------------------------------------------

export interface ReplyExplanation {
  /** One plain-English sentence: what the server said. */
  readonly summary: string;
  /** Where the rule lives, e.g. "RFC 5321 §4.1.1.2". */
  readonly rfc: string;
  /** What the client (or the learner at the console) should do next. */
  readonly next: string;
  /** The catalogue entry that matched; absent when the explanation was derived from the codes alone. */
  readonly key?: string;
}

interface Entry extends ReplyExplanation {
  readonly key: string;
  readonly code: number;
  /** null: the reply carries no enhanced status code. */
  readonly dsn: string | null;
  readonly text?: RegExp;
  readonly multiline?: boolean;
}

const E = (
  key: string,
  code: number,
  dsn: string | null,
  text: RegExp | undefined,
  summary: string,
  rfc: string,
  next: string,
  multiline?: boolean,
): Entry => ({ key, code, dsn, summary, rfc, next, ...(text ? { text } : {}), ...(multiline === undefined ? {} : { multiline }) });

const RETRY = 'Keep the message queued and try again later; this is temporary (RFC 5321 §4.5.4.1).';
const FIX_SYNTAX = 'Correct the command and send it again.';

/** Ordered: within one code and enhanced code, the entries with a text pattern come first. */
const ENTRIES: readonly Entry[] = [
  E('S220_GREETING', 220, null, /ESMTP/, 'The server is ready and speaks Extended SMTP.', 'RFC 5321 §4.3.1, §3.1', 'Introduce yourself with EHLO and your host name (HELO only if EHLO is refused).'),
  E('S220_LMTP_GREETING', 220, null, /ready/i, 'The LMTP server is ready.', 'RFC 2033 §4.1', 'Introduce yourself with LHLO; LMTP has no HELO or EHLO.'),
  E('S220_BANNER', 220, null, undefined, 'The server is ready.', 'RFC 5321 §4.3.1, §3.1', 'Introduce yourself with EHLO (or LHLO to an LMTP server).'),
  E('S221_BYE', 221, '2.0.0', undefined, 'The server acknowledges QUIT and closes the connection.', 'RFC 5321 §4.1.1.10', 'Nothing: the session is over.'),
  E('S421_TIMEOUT', 421, '4.4.2', /timeout/, 'The client was silent for too long, so the server gives up on the session.', 'RFC 5321 §4.5.3.2, §3.8', 'Reconnect; a message whose DATA was not finished must be sent again in full.'),
  E('S421_TOO_MANY_CONN', 421, '4.7.0', /too many connections/, 'This client already has as many connections open as the server allows.', 'RFC 5321 §3.8', 'Close idle connections and retry later.'),
  E('S421_TOO_MANY_ERRORS', 421, '4.7.0', /too many errors/, 'The client made so many protocol errors that the server hangs up.', 'RFC 5321 §3.8', 'Fix what the client sends, then reconnect.'),
  E('S421_UNAVAILABLE', 421, null, /Service unavailable/, 'The server cannot serve this session now and closes it.', 'RFC 5321 §3.8, §4.2.3', RETRY),
  E('S554_NOT_ACCEPTING', 554, null, /not accepting connections/, 'The server refuses this client from the start; every command will be rejected.', 'RFC 5321 §3.1', 'Send QUIT; deliver through another server or ask its postmaster.'),
  E('S503_ACCESS_DENIED', 503, '5.7.0', /access denied/, 'The client was refused when it connected, so every command but QUIT is rejected.', 'RFC 5321 §3.1', 'Send QUIT.'),

  E('S250_EHLO', 250, null, undefined, 'The server greets back; each further line names an ESMTP extension it supports.', 'RFC 5321 §4.1.1.1', 'Use only the advertised extensions (SIZE, STARTTLS, AUTH, ...); then MAIL FROM.', true),
  E('S250_HELO', 250, null, undefined, 'The server greets back by name. After HELO no extensions are available.', 'RFC 5321 §4.1.1.1', 'Start a transaction with MAIL FROM:<address>.'),
  E('S501_HELO_SYNTAX', 501, null, /^Syntax: HELO/, 'HELO needs the client host name as its argument.', 'RFC 5321 §4.1.1.1', 'Send HELO followed by your host name.'),
  E('S501_EHLO_SYNTAX', 501, null, /^Syntax: EHLO/, 'EHLO needs the client host name as its argument.', 'RFC 5321 §4.1.1.1', 'Send EHLO followed by your host name.'),
  E('S501_LHLO_SYNTAX', 501, '5.5.4', /Missing hostname/, 'LHLO needs the client host name as its argument.', 'RFC 2033 §4.1', 'Send LHLO followed by your host name.'),

  E('S250_QUEUED', 250, '2.0.0', /^Ok: queued as /, 'The message is accepted and now the server\'s responsibility; the text gives its queue id.', 'RFC 5321 §4.1.1.4, §6.1', 'The transaction is complete: send MAIL for the next message, or QUIT.'),
  E('S250_LMTP_SAVED', 250, '2.0.0', / Saved$/, 'The message was stored in this recipient\'s mailbox.', 'RFC 2033 §4.2', 'Read one such reply per accepted recipient; this recipient is done.'),
  E('S250_OK', 250, '2.0.0', undefined, 'The command (RSET or NOOP) succeeded.', 'RFC 5321 §4.1.1.5, §4.1.1.9', 'Carry on with the next command.'),
  E('S250_SENDER_OK', 250, '2.1.0', undefined, 'The sender (reverse-path) is accepted and a mail transaction has begun.', 'RFC 5321 §4.1.1.2', 'Name each recipient with RCPT TO:<address>.'),
  E('S250_RCPT_OK', 250, '2.1.5', undefined, 'This recipient is accepted.', 'RFC 5321 §4.1.1.3', 'Add more recipients, or send DATA.'),
  E('S354_END_DATA', 354, null, undefined, 'The server is ready for the message itself.', 'RFC 5321 §4.1.1.4, §4.5.2', 'Send the headers and body, doubling any leading dot, then a line with a single "." (CRLF . CRLF).'),
  E('S252_VRFY', 252, '2.0.0', undefined, 'The server will not confirm the address, but will accept mail for it and try to deliver.', 'RFC 5321 §3.5.3', 'Just send the mail; VRFY tells you little on purpose.'),
  E('S214_HELP', 214, '2.0.0', undefined, 'The server lists the commands it knows.', 'RFC 5321 §4.1.1.8', 'Use one of the listed commands.'),

  E('S503_HELO_FIRST', 503, '5.5.1', /send HELO\/EHLO first/, 'A transaction cannot start before the client has introduced itself.', 'RFC 5321 §4.1.4', 'Send EHLO (or HELO) first.'),
  E('S503_NEED_MAIL', 503, '5.5.1', /need MAIL command/, 'RCPT came before any MAIL FROM, so there is no transaction to add a recipient to.', 'RFC 5321 §4.1.4, §3.3', 'Send MAIL FROM:<address> first.'),
  E('S503_NESTED_MAIL', 503, '5.5.1', /nested MAIL command/, 'A mail transaction is already open; MAIL cannot start a second one.', 'RFC 5321 §4.1.4, §3.3', 'Finish it with DATA, or abandon it with RSET.'),
  E('S503_NEED_RCPT', 503, '5.5.1', /need RCPT command/, 'DATA came before any RCPT TO.', 'RFC 5321 §3.3', 'Name at least one recipient with RCPT TO first.'),
  E('S503_TRANSACTION_IN_PROGRESS', 503, '5.5.1', /MAIL transaction in progress/, 'This command is not allowed in the middle of a mail transaction.', 'RFC 4954 §4', 'Finish the transaction or send RSET, then try again.'),
  E('S503_ALREADY_AUTH', 503, '5.5.1', /already authenticated/, 'The session is already authenticated; AUTH may succeed only once.', 'RFC 4954 §4', 'Carry on with MAIL FROM.'),
  E('S503_AUTH_NOT_ENABLED', 503, '5.5.1', /authentication not enabled/, 'This server does not offer AUTH here.', 'RFC 4954 §3', 'Send without authenticating, or use the submission port (587).'),
  E('S554_NO_VALID_RCPT', 554, '5.5.1', /no valid recipients/, 'DATA came after every recipient had been refused.', 'RFC 5321 §3.3', 'Send RSET and start over with recipients the server accepts.'),

  E('S502_NOT_RECOGNIZED', 502, '5.5.2', undefined, 'The server does not know this command. (RFC 5321 prefers 500 here; Postfix answers 502.)', 'RFC 5321 §4.2.4', 'Check the spelling; send only standard commands or advertised extensions.'),
  E('S502_VRFY_DISABLED', 502, '5.5.1', /VRFY/, 'The server does not answer VRFY, so that spammers cannot probe for addresses.', 'RFC 5321 §3.5.3, §7.3', 'Just send the mail.'),
  E('S502_NOT_IMPLEMENTED', 502, '5.5.1', undefined, 'The server knows this command but does not offer it here (for example STARTTLS without TLS).', 'RFC 5321 §4.2.4', 'Carry on without it; use only what EHLO advertised.'),
  E('S500_BAD_SYNTAX', 500, '5.5.2', /bad syntax/, 'The line was empty or not a command at all.', 'RFC 5321 §4.2.2', 'Send a command verb such as EHLO, MAIL or QUIT.'),
  E('S500_LINE_TOO_LONG', 500, '5.5.2', /Line too long/, 'The command line is longer than the 512 octets (CRLF included) SMTP allows.', 'RFC 5321 §4.5.3.1.4', 'Shorten the line.'),
  E('S500_INVALID_SYNTAX', 500, '5.5.2', /Invalid command syntax/, 'The line is not a well-formed command.', 'RFC 5321 §4.2.2', FIX_SYNTAX),
  E('S500_UNKNOWN_COMMAND', 500, '5.5.1', /Unknown command/, 'The server does not know this command.', 'RFC 5321 §4.2.4', 'In LMTP greet with LHLO; check the spelling of the verb.'),

  E('S501_SYNTAX', 501, '5.5.4', /^Syntax: /, 'The command\'s arguments do not fit its grammar; the reply shows the expected form.', 'RFC 5321 §4.1.1, §4.2.2', 'Resend the command in the form shown after "Syntax:".'),
  E('S501_BAD_SIZE', 501, '5.5.4', /message size syntax/, 'SIZE= must be a number of octets, digits only.', 'RFC 1870 §6', 'Send SIZE=<digits>, or leave SIZE out.'),
  E('S501_BAD_RET', 501, '5.5.4', /RET parameter/, 'RET= must be FULL or HDRS, given once.', 'RFC 3461 §4.3', FIX_SYNTAX),
  E('S501_BAD_ENVID', 501, '5.5.4', /ENVID parameter/, 'ENVID= must be printable xtext, given once.', 'RFC 3461 §4.4', FIX_SYNTAX),
  E('S501_BAD_NOTIFY', 501, '5.5.4', /NOTIFY parameter/, 'NOTIFY= must be NEVER, or a list of SUCCESS, FAILURE and DELAY, given once.', 'RFC 3461 §4.1', FIX_SYNTAX),
  E('S501_BAD_ORCPT', 501, '5.5.4', /ORCPT parameter/, 'ORCPT= must be an address type, ";", and an xtext address, given once.', 'RFC 3461 §4.2', FIX_SYNTAX),
  E('S501_BAD_SENDER', 501, '5.1.7', undefined, 'The sender address is not a valid RFC 5321 path.', 'RFC 5321 §4.1.2', 'Write it as MAIL FROM:<local@domain>, or <> for a bounce.'),
  E('S501_BAD_RCPT', 501, '5.1.3', undefined, 'The recipient address is not a valid RFC 5321 path.', 'RFC 5321 §4.1.2', 'Write it as RCPT TO:<local@domain>.'),
  E('S503_MULTIPLE_AUTH_OPTION', 503, '5.5.4', /AUTH= options/, 'MAIL FROM carried AUTH= more than once.', 'RFC 4954 §5', 'Give AUTH= at most once.'),
  E('S555_UNSUPPORTED_OPTION', 555, '5.5.4', undefined, 'MAIL FROM or RCPT TO carried a parameter this server does not support.', 'RFC 5321 §4.1.1.11', 'Drop the parameter; use only extensions named in the EHLO reply.'),
  E('S552_SIZE_OVERFLOW', 552, '5.3.4', /file system imposed limit/, 'The declared SIZE is a number too large for the server to even store.', 'RFC 1870 §6', 'Declare the real size of the message.'),

  E('S550_USER_UNKNOWN_VIRTUAL', 550, '5.1.1', /virtual mailbox table/, 'No mailbox of that name exists in this server\'s virtual domains.', 'RFC 5321 §4.2.2; RFC 3463 §3.2', 'Do not retry: check the address. An MTA that already accepted the message bounces it to the sender.'),
  E('S550_USER_UNKNOWN', 550, '5.1.1', /User unknown/, 'No mailbox of that name exists at this domain.', 'RFC 5321 §4.2.2; RFC 3463 §3.2', 'Do not retry: check the address. An MTA that already accepted the message bounces it to the sender.'),
  E('S550_LMTP_USER_UNKNOWN', 550, '5.1.1', /User doesn't exist/, 'The mail store has no such user.', 'RFC 2033 §4.2; RFC 3463 §3.2', 'Do not retry: bounce the message to its sender.'),
  E('S554_RELAY_DENIED', 554, '5.7.1', /Relay access denied/, 'The server does not accept mail for that domain from this client: it is not an open relay.', 'RFC 5321 §3.6.2, §7.1', 'Send to the domain\'s own MX, or authenticate to your submission server (port 587).'),
  E('S450_RCPT_DOMAIN_NOT_FOUND', 450, '4.1.2', /Domain not found/, 'The recipient\'s domain does not resolve in DNS (right now).', 'RFC 3463 §3.2', RETRY),
  E('S450_SENDER_DOMAIN_NOT_FOUND', 450, '4.1.8', /Domain not found/, 'The sender\'s domain does not resolve, so bounces could not reach it.', 'RFC 3463 §3.2', 'Use a sender address in a domain that exists in DNS, then retry.'),
  E('S556_NULL_MX', 556, '5.1.10', /nullMX/, 'The recipient\'s domain publishes a null MX ("MX 0 ."): it accepts no mail at all.', 'RFC 7505 §3, §4.2', 'Do not retry: bounce the message.'),
  E('S451_GREYLISTED', 451, '4.7.1', /Greylisted/, 'Greylisting: the server turns away a sender it has not seen before, expecting a real MTA to come back.', 'RFC 6647 §2; RFC 5321 §4.5.4.1', 'Retry after a few minutes, as every MTA does; the retry will be accepted.'),
  E('S553_SENDER_NOT_OWNED', 553, '5.7.1', /not owned by user/, 'The authenticated user may not send as this sender address.', 'RFC 6409 §6.1; RFC 5321 §4.2.2', 'Send MAIL FROM with an address that belongs to the logged-in user.'),
  E('S452_TOO_MANY_RCPT', 452, '4.5.3', undefined, 'This transaction already has as many recipients as the server takes at once.', 'RFC 5321 §4.5.3.1.10', 'Send DATA for the recipients accepted so far, then a new transaction for the rest.'),
  E('S552_SIZE', 552, '5.3.4', /exceeds fixed limit/, 'The declared SIZE is over the server\'s limit, so it refuses before the data is sent.', 'RFC 1870 §6', 'Do not retry as is: the message is too big for this server.'),
  E('S552_MESSAGE_TOO_BIG', 552, '5.3.4', /message file too big/, 'The message sent was bigger than the server\'s size limit and was discarded.', 'RFC 1870 §6; RFC 3463 §3.4', 'Do not retry as is: bounce, or send a smaller message.'),
  E('S452_INSUFFICIENT_STORAGE', 452, '4.3.1', undefined, 'The server is short of queue space right now.', 'RFC 5321 §4.2.2; RFC 1870 §6.1', RETRY),
  E('S451_QUEUE_WRITE_ERROR', 451, '4.3.0', /queue file write error/, 'The server failed to store the message; it did not take responsibility for it.', 'RFC 5321 §4.2.2', RETRY),
  E('S550_BARE_LF', 550, '5.5.2', /bare <LF>/, 'A line ended in LF alone; SMTP lines end in CRLF, and bare LFs enable SMTP smuggling.', 'RFC 5321 §2.3.8, §4.1.1.4', 'Fix the client to end every line with CRLF; the server has hung up.'),
  E('S521_BARE_LF', 521, '5.5.2', /bare <LF>/, 'A line ended in LF alone; SMTP lines end in CRLF, and bare LFs enable SMTP smuggling.', 'RFC 5321 §2.3.8, §4.1.1.4; RFC 7504', 'Fix the client to end every line with CRLF; the server has hung up.'),

  E('S220_TLS_READY', 220, '2.0.0', undefined, 'The server is ready for the TLS handshake.', 'RFC 3207 §4', 'Start TLS now, then send EHLO again: everything learnt before TLS is forgotten.'),
  E('S454_TLS_UNAVAILABLE', 454, '4.7.0', undefined, 'The server offered STARTTLS but cannot start TLS right now.', 'RFC 3207 §4', 'Carry on without TLS if policy allows, or retry later.'),
  E('S554_TLS_ACTIVE', 554, '5.5.1', /TLS already active/, 'The connection is already encrypted.', 'RFC 3207 §4.2', 'Carry on with EHLO or MAIL.'),
  E('S530_STARTTLS_FIRST', 530, '5.7.0', /STARTTLS/, 'This server requires encryption before anything else.', 'RFC 3207 §4', 'Send STARTTLS first.'),

  E('S334_CHALLENGE', 334, null, undefined, 'The AUTH exchange continues: the server sends a base64 challenge.', 'RFC 4954 §4', 'Answer with one base64 line, or "*" to cancel.'),
  E('S235_AUTH_OK', 235, '2.7.0', undefined, 'Authentication succeeded.', 'RFC 4954 §6', 'Carry on with MAIL FROM; the server now knows who you are.'),
  E('S535_AUTH_BAD_MECH', 535, '5.7.8', /Invalid authentication mechanism/, 'The server does not offer that SASL mechanism.', 'RFC 4954 §4', 'Use a mechanism listed on the AUTH line of the EHLO reply.'),
  E('S535_AUTH_FAILED', 535, '5.7.8', undefined, 'The user name or password is wrong.', 'RFC 4954 §6', 'Check the credentials; do not retry blindly.'),
  E('S501_CANNOT_DECODE', 501, '5.5.2', /decode/, 'The AUTH response was not valid base64.', 'RFC 4954 §4', 'Encode the response in base64 and start AUTH again.'),
  E('S501_AUTH_CANCELLED', 501, '5.7.0', /Authentication aborted/, 'The client cancelled the AUTH exchange with "*".', 'RFC 4954 §4', 'Start AUTH again, or go on without it.'),
  E('S504_AUTH_NEEDS_TLS', 504, '5.5.4', /Encryption required/, 'This server accepts passwords only over an encrypted connection.', 'RFC 4954 §4', 'Send STARTTLS, EHLO again, then AUTH.'),
  E('S504_AUTH_MECH', 504, '5.5.4', undefined, 'The server does not support that authentication mechanism.', 'RFC 4954 §4', 'Use a mechanism listed on the AUTH line of the EHLO reply.'),
  E('S530_AUTH_REQUIRED', 530, '5.7.0', /Authentication required/, 'This submission server accepts mail only from authenticated users.', 'RFC 4954 §6; RFC 6409 §4.3', 'Authenticate with AUTH, then send MAIL FROM again.'),

  E('S552_QUOTA', 552, '5.2.2', /Quota exceeded/, 'The recipient\'s mailbox is full.', 'RFC 2033 §4.2; RFC 3463 §3.3', 'Bounce the message for this recipient.'),
  E('S452_QUOTA', 452, '4.2.2', /Quota exceeded/, 'The recipient\'s mailbox is full for now.', 'RFC 2033 §4.2; RFC 3463 §3.3', RETRY),
];

function matches(entry: Entry, r: Reply): boolean {
  if (entry.code !== r.code || entry.dsn !== (r.dsn ?? null)) return false;
  if (entry.multiline !== undefined && entry.multiline !== r.lines.length > 1) return false;
  return entry.text === undefined || r.lines.some((line) => entry.text?.test(line));
}

/** The catalogue explanations by constant name, for the UI's reference pages. */
export const REPLY_EXPLANATIONS: Readonly<Record<string, ReplyExplanation>> = Object.fromEntries(
  ENTRIES.map(({ key, summary, rfc, next }) => [key, { key, summary, rfc, next }]),
);

/** Explains any reply: a catalogue entry when one matches, otherwise its reply code and RFC 3463 enhanced code. */
export function explainReply(r: Reply): ReplyExplanation {
  const entry = ENTRIES.find((e) => matches(e, r));
  if (entry) return { key: entry.key, summary: entry.summary, rfc: entry.rfc, next: entry.next };
  return explainByCodes(r);
}

// RFC 5321 §4.2.2-4.2.3 reply codes, with the later registrations (RFC 4954, RFC 3207, RFC 7504).
const CODE_MEANING: Readonly<Record<number, readonly [string, string]>> = {
  211: ['System status, or system help reply', 'RFC 5321 §4.2.2'],
  214: ['Help message', 'RFC 5321 §4.2.2'],
  220: ['Service ready', 'RFC 5321 §4.2.2'],
  221: ['Service closing transmission channel', 'RFC 5321 §4.2.2'],
  235: ['Authentication succeeded', 'RFC 4954 §6'],
  250: ['Requested mail action okay, completed', 'RFC 5321 §4.2.2'],
  251: ['User not local; will forward', 'RFC 5321 §4.2.2'],
  252: ['Cannot verify the user, but will accept the message and attempt delivery', 'RFC 5321 §4.2.2'],
  334: ['Authentication continues: server challenge', 'RFC 4954 §4'],
  354: ['Start mail input; end with <CRLF>.<CRLF>', 'RFC 5321 §4.2.2'],
  421: ['Service not available, closing transmission channel', 'RFC 5321 §4.2.2'],
  450: ['Requested mail action not taken: mailbox unavailable (temporarily)', 'RFC 5321 §4.2.2'],
  451: ['Requested action aborted: local error in processing', 'RFC 5321 §4.2.2'],
  452: ['Requested action not taken: insufficient system storage', 'RFC 5321 §4.2.2'],
  454: ['Temporary failure (TLS or authentication)', 'RFC 3207 §4; RFC 4954 §6'],
  455: ['Server unable to accommodate parameters', 'RFC 5321 §4.2.2'],
  500: ['Syntax error, command unrecognized', 'RFC 5321 §4.2.2'],
  501: ['Syntax error in parameters or arguments', 'RFC 5321 §4.2.2'],
  502: ['Command not implemented', 'RFC 5321 §4.2.2'],
  503: ['Bad sequence of commands', 'RFC 5321 §4.2.2'],
  504: ['Command parameter not implemented', 'RFC 5321 §4.2.2'],
  521: ['Host does not accept mail', 'RFC 7504 §3'],
  530: ['Authentication (or TLS) required', 'RFC 4954 §6; RFC 3207 §4'],
  534: ['Authentication mechanism is too weak', 'RFC 4954 §6'],
  535: ['Authentication credentials invalid', 'RFC 4954 §6'],
  538: ['Encryption required for requested authentication mechanism', 'RFC 4954 §6'],
  550: ['Requested action not taken: mailbox unavailable', 'RFC 5321 §4.2.2'],
  551: ['User not local', 'RFC 5321 §4.2.2'],
  552: ['Requested mail action aborted: exceeded storage allocation', 'RFC 5321 §4.2.2'],
  553: ['Requested action not taken: mailbox name not allowed', 'RFC 5321 §4.2.2'],
  554: ['Transaction failed', 'RFC 5321 §4.2.2'],
  555: ['MAIL FROM/RCPT TO parameters not recognized or not implemented', 'RFC 5321 §4.2.2'],
  556: ['Domain does not accept mail', 'RFC 7504 §3'],
};

const CLASS_MEANING: Readonly<Record<number, readonly [string, string]>> = {
  2: ['Success', 'Carry on with the next command.'],
  3: ['Intermediate: the server waits for more', 'Send what the server asked for.'],
  4: ['Temporary failure', RETRY],
  5: ['Permanent failure', 'Do not retry as is: fix the command, or bounce the message to its sender.'],
};

// RFC 3463 §3 subjects, and the details (RFC 3463 unless noted; registry: RFC 5248).
const SUBJECTS: readonly string[] = [
  'Other or undefined status',
  'Addressing status',
  'Mailbox status',
  'Mail system status',
  'Network and routing status',
  'Mail delivery protocol status',
  'Message content or media status',
  'Security or policy status',
];

const DETAILS: Readonly<Record<string, string>> = {
  '0.0': 'Other undefined status',
  '1.0': 'Other address status',
  '1.1': 'Bad destination mailbox address',
  '1.2': 'Bad destination system address',
  '1.3': 'Bad destination mailbox address syntax',
  '1.4': 'Destination mailbox address ambiguous',
  '1.5': 'Destination address valid',
  '1.6': 'Destination mailbox has moved, no forwarding address',
  '1.7': "Bad sender's mailbox address syntax",
  '1.8': "Bad sender's system address",
  '1.10': 'Recipient address has null MX (RFC 7505)',
  '2.0': 'Other or undefined mailbox status',
  '2.1': 'Mailbox disabled, not accepting messages',
  '2.2': 'Mailbox full',
  '2.3': 'Message length exceeds administrative limit',
  '2.4': 'Mailing list expansion problem',
  '3.0': 'Other or undefined mail system status',
  '3.1': 'Mail system full',
  '3.2': 'System not accepting network messages',
  '3.3': 'System not capable of selected features',
  '3.4': 'Message too big for system',
  '3.5': 'System incorrectly configured',
  '4.0': 'Other or undefined network or routing status',
  '4.1': 'No answer from host',
  '4.2': 'Bad connection',
  '4.3': 'Directory server failure',
  '4.4': 'Unable to route',
  '4.5': 'Mail system congestion',
  '4.6': 'Routing loop detected',
  '4.7': 'Delivery time expired',
  '5.0': 'Other or undefined protocol status',
  '5.1': 'Invalid command',
  '5.2': 'Syntax error',
  '5.3': 'Too many recipients',
  '5.4': 'Invalid command arguments',
  '5.5': 'Wrong protocol version',
  '5.6': 'Authentication exchange line is too long (RFC 4954)',
  '6.0': 'Other or undefined media error',
  '6.1': 'Media not supported',
  '6.2': 'Conversion required and prohibited',
  '6.3': 'Conversion required but not supported',
  '6.4': 'Conversion with loss performed',
  '6.5': 'Conversion failed',
  '6.7': 'Non-ASCII addresses not permitted for that sender or recipient (RFC 6531)',
  '7.0': 'Other or undefined security status',
  '7.1': 'Delivery not authorized, message refused',
  '7.2': 'Mailing list expansion prohibited',
  '7.3': 'Security conversion required but not possible',
  '7.4': 'Security features not supported',
  '7.5': 'Cryptographic failure',
  '7.6': 'Cryptographic algorithm not supported',
  '7.7': 'Message integrity failure',
  '7.8': 'Authentication credentials invalid (RFC 4954)',
  '7.9': 'Authentication mechanism is too weak (RFC 4954)',
  '7.10': 'Encryption needed (RFC 5248)',
  '7.11': 'Encryption required for requested authentication mechanism (RFC 4954)',
  '7.12': 'A password transition is needed (RFC 4954)',
  '7.13': 'User account disabled (RFC 5248)',
  '7.14': 'Trust relationship required (RFC 5248)',
  '7.27': 'Sender address has null MX (RFC 7505)',
};

/** The meaning of an RFC 3463 enhanced status code such as "5.1.1", or undefined when it is not one. */
export function describeEnhancedCode(dsn: string): { subject: string; detail?: string; rfc: string } | undefined {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(dsn);
  if (!m) return undefined;
  const subjectNo = Number(m[2]);
  const subject = SUBJECTS[subjectNo];
  if (subject === undefined) return undefined;
  const detail = DETAILS[`${subjectNo}.${Number(m[3])}`];
  const rfc = `RFC 3463 §3.${subjectNo + 1}`;
  return detail === undefined ? { subject, rfc } : { subject, detail, rfc };
}

function explainByCodes(r: Reply): ReplyExplanation {
  const klass = Math.floor(r.code / 100);
  const [classText, next] = CLASS_MEANING[klass] ?? ['Not a valid reply class', 'Treat it as a protocol error and close the connection.'];
  const [codeText, codeRfc] = CODE_MEANING[r.code] ?? [classText, 'RFC 5321 §4.2.1'];
  const enhanced = r.dsn === undefined ? undefined : describeEnhancedCode(r.dsn);
  const summary = enhanced ? `${codeText} (${enhanced.subject}: ${enhanced.detail ?? 'detail not registered'}).` : `${codeText}.`;
  const rfc = enhanced ? `${codeRfc}; ${enhanced.rfc}` : codeRfc;
  const closing = r.code === 421 ? ' The server is closing the connection.' : '';
  return { summary: `${summary}${closing}`, rfc, next };
}
