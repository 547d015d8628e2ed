/**
 * A command line after parsing: the shapes an SMTP or LMTP server acts on. Pure types; the grammar
 * lives in parse-command.ts and the per-verb rules in commands.ts.
 */
import type { Path } from './address';
import type { Reply } from './reply';

/** 'lmtp' is RFC 2033 as Dovecot speaks it: LHLO instead of HELO/EHLO. */
export type ProtocolMode = 'smtp' | 'lmtp';

export type Verb =
  | 'HELO'
  | 'EHLO'
  | 'LHLO'
  | 'MAIL'
  | 'RCPT'
  | 'DATA'
  | 'RSET'
  | 'NOOP'
  | 'QUIT'
  | 'VRFY'
  | 'EXPN'
  | 'HELP'
  | 'AUTH'
  | 'STARTTLS';

/**
 * ESMTP parameters of MAIL and RCPT. Keys are upper-cased (SIZE, BODY, AUTH, RET, ENVID, NOTIFY,
 * ORCPT, SMTPUTF8); values are kept as written, except BODY, RET and NOTIFY which are upper-cased;
 * a keyword without "=" maps to true.
 */
export type EsmtpParams = Readonly<Record<string, string | true>>;

export type Command =
  | { readonly verb: 'HELO' | 'EHLO' | 'LHLO'; readonly domain: string }
  | { readonly verb: 'MAIL'; readonly path: Path; readonly params: EsmtpParams; readonly lenient?: string }
  | { readonly verb: 'RCPT'; readonly path: Path; readonly params: EsmtpParams; readonly lenient?: string }
  | { readonly verb: 'DATA' | 'RSET' | 'QUIT' | 'STARTTLS' }
  | { readonly verb: 'NOOP' | 'HELP'; readonly arg?: string }
  | { readonly verb: 'VRFY' | 'EXPN'; readonly arg: string }
  /** `initialResponse` is the raw base64 as sent; "=" stands for an empty initial response (RFC 4954 4). */
  | { readonly verb: 'AUTH'; readonly mechanism: string; readonly initialResponse?: string };

export type ParsedCommand =
  | { readonly ok: true; readonly command: Command }
  | {
      readonly ok: false;
      readonly reply: Reply;
      /** Names what is wrong, for the trace and the learner. */
      readonly error: string;
      /**
       * Set when the verb was recognised but its arguments were not. Postfix checks the session
       * state before the syntax (MAIL before HELO gets "send HELO/EHLO first" whatever its
       * arguments), so a server runs the verb's table checks first and sends `reply` only if they pass.
       */
      readonly verb?: Verb;
    };
