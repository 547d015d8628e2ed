/**
 * The command table, Postfix style (smtpd.c's smtpd_cmd_table): every verb once, with the flags
 * that let a server run the shared checks before dispatching. The order a server applies them, as
 * Postfix does: needsHelo, needsMail, needsRcpt, notInMail, needsAuth; only then a syntax error
 * from parseCommand, then the command itself.
 */
import type { ProtocolMode, Verb } from './command';

export interface CommandSpec {
  readonly verb: Verb;
  /** The form shown after "Syntax:" in a 501 reply, e.g. "MAIL FROM:<address>". */
  readonly usage: string;
  /** One sentence for HELP and for learners. */
  readonly summary: string;
  readonly rfc: string;
  /**
   * Refused with 503 5.5.1 "send HELO/EHLO first" before a greeting. Postfix enforces it only with
   * smtpd_helo_required = yes (its default is no), so a server may make this a policy choice.
   */
  readonly needsHelo: boolean;
  /** Refused with 503 5.5.1 "need MAIL command" outside a mail transaction. */
  readonly needsMail: boolean;
  /** Refused without an accepted recipient: "need RCPT command" (no transaction) or "no valid recipients". */
  readonly needsRcpt: boolean;
  /** Refused inside a mail transaction (MAIL: "nested MAIL command"; AUTH: "MAIL transaction in progress"). */
  readonly notInMail: boolean;
  /** Allowed before AUTH where the policy requires it (an MSA, RFC 6409 4.3). */
  readonly allowedBeforeAuth: boolean;
  /** The negation of allowedBeforeAuth: refused with 530 5.7.0 until the client has authenticated. */
  readonly needsAuth: boolean;
  /** Allowed before STARTTLS where the policy requires TLS (RFC 3207 4; Postfix SMTPD_CMD_FLAG_PRE_TLS). */
  readonly allowedBeforeTls: boolean;
  /** Counts towards the junk-command limit when repeated (Postfix SMTPD_CMD_FLAG_LIMIT). */
  readonly limited: boolean;
  /** Must be the last command of a pipelined group (RFC 2920 3.1; Postfix SMTPD_CMD_FLAG_LAST). */
  readonly endsPipelineGroup: boolean;
  readonly smtpOnly: boolean;
  readonly lmtpOnly: boolean;
}

type Row = Omit<CommandSpec, 'verb' | 'needsAuth' | 'smtpOnly' | 'lmtpOnly'> & { readonly only?: ProtocolMode };

const no = {
  needsHelo: false,
  needsMail: false,
  needsRcpt: false,
  notInMail: false,
  allowedBeforeAuth: true,
  allowedBeforeTls: false,
  limited: false,
  endsPipelineGroup: false,
} as const;

const ROWS: Readonly<Record<Verb, Row>> = {
  HELO: { ...no, usage: 'HELO hostname', summary: 'Introduce the client, plain SMTP.', rfc: 'RFC 5321 §4.1.1.1', allowedBeforeTls: true, limited: true, endsPipelineGroup: true, only: 'smtp' },
  EHLO: { ...no, usage: 'EHLO hostname', summary: 'Introduce the client and ask for the server\'s extensions.', rfc: 'RFC 5321 §4.1.1.1', allowedBeforeTls: true, limited: true, endsPipelineGroup: true, only: 'smtp' },
  LHLO: { ...no, usage: 'LHLO hostname', summary: 'Introduce the client to an LMTP server.', rfc: 'RFC 2033 §4.1', allowedBeforeTls: true, limited: true, endsPipelineGroup: true, only: 'lmtp' },
  STARTTLS: { ...no, usage: 'STARTTLS', summary: 'Switch the connection to TLS.', rfc: 'RFC 3207 §4', allowedBeforeTls: true, endsPipelineGroup: true },
  AUTH: { ...no, usage: 'AUTH mechanism', summary: 'Authenticate with a SASL mechanism.', rfc: 'RFC 4954 §4', needsHelo: true, notInMail: true, endsPipelineGroup: true },
  MAIL: { ...no, usage: 'MAIL FROM:<address>', summary: 'Start a mail transaction and name the sender.', rfc: 'RFC 5321 §4.1.1.2', needsHelo: true, notInMail: true, allowedBeforeAuth: false },
  RCPT: { ...no, usage: 'RCPT TO:<address>', summary: 'Name one recipient.', rfc: 'RFC 5321 §4.1.1.3', needsMail: true },
  DATA: { ...no, usage: 'DATA', summary: 'Send the message itself, ended by a line holding a single dot.', rfc: 'RFC 5321 §4.1.1.4', needsRcpt: true, endsPipelineGroup: true },
  RSET: { ...no, usage: 'RSET', summary: 'Abandon the current mail transaction.', rfc: 'RFC 5321 §4.1.1.5', limited: true },
  NOOP: { ...no, usage: 'NOOP [string]', summary: 'Do nothing; the server answers Ok.', rfc: 'RFC 5321 §4.1.1.9', allowedBeforeTls: true, limited: true, endsPipelineGroup: true },
  VRFY: { ...no, usage: 'VRFY address', summary: 'Ask whether an address is valid (servers rarely say).', rfc: 'RFC 5321 §4.1.1.6', limited: true, endsPipelineGroup: true },
  EXPN: { ...no, usage: 'EXPN mailing-list', summary: 'Ask for the members of a mailing list (servers rarely say).', rfc: 'RFC 5321 §4.1.1.7', limited: true, endsPipelineGroup: true },
  HELP: { ...no, usage: 'HELP [command]', summary: 'Ask the server for help.', rfc: 'RFC 5321 §4.1.1.8', limited: true },
  QUIT: { ...no, usage: 'QUIT', summary: 'End the session.', rfc: 'RFC 5321 §4.1.1.10', allowedBeforeTls: true, endsPipelineGroup: true },
};

export const commandTable: Readonly<Record<Verb, CommandSpec>> = Object.fromEntries(
  (Object.entries(ROWS) as [Verb, Row][]).map(([verb, { only, ...row }]) => [
    verb,
    { verb, ...row, needsAuth: !row.allowedBeforeAuth, smtpOnly: only === 'smtp', lmtpOnly: only === 'lmtp' },
  ]),
) as Record<Verb, CommandSpec>;

export const VERBS = Object.keys(ROWS) as readonly Verb[];

export const isVerb = (word: string): word is Verb => Object.hasOwn(ROWS, word);

/** Whether a server in `mode` knows `verb` at all (LHLO only in LMTP, HELO and EHLO only in SMTP). */
export const verbAllowedIn = (verb: Verb, mode: ProtocolMode): boolean =>
  mode === 'smtp' ? !commandTable[verb].lmtpOnly : !commandTable[verb].smtpOnly;

/** The verbs a server in `mode` knows, in table order. */
export const verbsFor = (mode: ProtocolMode): readonly Verb[] => VERBS.filter((verb) => verbAllowedIn(verb, mode));
