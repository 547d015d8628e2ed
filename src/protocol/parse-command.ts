/**
 * One command line in, one Command or one ready-made error reply out: a protocol error is a reply,
 * never an exception. The replies are Postfix smtpd's for SMTP; in LMTP mode the line-level errors
 * (unknown verb, empty line) are Dovecot's, since Dovecot is the LMTP server Mailpath models.
 *
 * Like Postfix, the parser is lenient where RFC 5321 practice is (spaces, tabs, a space after the
 * colon, missing angle brackets) and strict where it matters (address grammar, ESMTP parameters).
 */
import { parsePath } from './address';
import type { Command, EsmtpParams, ParsedCommand, ProtocolMode, Verb } from './command';
import { commandTable, isVerb, verbAllowedIn } from './commands';
import { AUTH_LINE_MAX, COMMAND_LINE_MAX, octetLength } from './limits';
import type { Reply } from './reply';
import * as R from './replies';

const WS = /[ \t]+/;

export function parseCommand(line: string, mode: ProtocolMode): ParsedCommand {
  const body = line.replace(/^[ \t]+/, '');
  const gap = body.search(WS);
  const word = gap === -1 ? body : body.slice(0, gap);
  const rest = gap === -1 ? '' : body.slice(gap).replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  const upper = word.toUpperCase();

  const max = upper === 'AUTH' ? AUTH_LINE_MAX : COMMAND_LINE_MAX;
  const octets = octetLength(line) + 2;
  if (octets > max) {
    return fail(R.S500_LINE_TOO_LONG, `the line is ${octets} octets with its CRLF; the limit is ${max} (RFC 5321 4.5.3.1.4)`);
  }
  if (word.length === 0) {
    return fail(mode === 'lmtp' ? R.S500_INVALID_SYNTAX : R.S500_BAD_SYNTAX, 'the line holds no command');
  }
  if (!isVerb(upper) || !verbAllowedIn(upper, mode)) {
    return fail(mode === 'lmtp' ? R.S500_UNKNOWN_COMMAND : R.S502_NOT_RECOGNIZED, unknownVerbError(word, upper, mode));
  }
  return parseArguments(upper, rest);
}

function parseArguments(verb: Verb, rest: string): ParsedCommand {
  const usage = commandTable[verb].usage;
  switch (verb) {
    case 'HELO':
    case 'EHLO':
    case 'LHLO': {
      if (rest === '') {
        const r = verb === 'HELO' ? R.S501_HELO_SYNTAX : verb === 'EHLO' ? R.S501_EHLO_SYNTAX : R.S501_LHLO_SYNTAX;
        return fail(r, `${verb} needs the client's host name: ${usage}`, verb);
      }
      return ok({ verb, domain: collapse(rest) });
    }
    case 'MAIL':
    case 'RCPT':
      return parseTransactionCommand(verb, rest);
    case 'DATA':
    case 'RSET':
    case 'STARTTLS':
      if (rest !== '') return fail(R.S501_SYNTAX(usage), `${verb} takes no argument, but got "${clip(rest)}"`, verb);
      return ok({ verb });
    case 'QUIT':
      // Postfix: "Don't bother checking the syntax." A client that wants to leave may leave.
      return ok({ verb });
    case 'NOOP':
    case 'HELP':
      return ok(rest === '' ? { verb } : { verb, arg: collapse(rest) });
    case 'VRFY':
    case 'EXPN':
      if (rest === '') return fail(R.S501_SYNTAX(usage), `${verb} needs an argument: ${usage}`, verb);
      return ok({ verb, arg: collapse(rest) });
    case 'AUTH': {
      const words = rest === '' ? [] : rest.split(WS);
      const [mechanism, initialResponse, extra] = words;
      if (mechanism === undefined || extra !== undefined) {
        return fail(R.S501_AUTH_SYNTAX, 'AUTH takes a mechanism name and at most one initial response', verb);
      }
      return ok(initialResponse === undefined ? { verb, mechanism: mechanism.toUpperCase() } : { verb, mechanism: mechanism.toUpperCase(), initialResponse });
    }
  }
}

function parseTransactionCommand(verb: 'MAIL' | 'RCPT', rest: string): ParsedCommand {
  const keyword = verb === 'MAIL' ? 'FROM:' : 'TO:';
  const syntax = verb === 'MAIL' ? R.S501_MAIL_SYNTAX : R.S501_RCPT_SYNTAX;
  if (rest.slice(0, keyword.length).toUpperCase() !== keyword) {
    const why = rest === '' ? `${verb} needs ${keyword}<address>` : `${verb} must be followed by "${keyword}" (no space before the colon), not "${clip(rest)}"`;
    return fail(syntax, why, verb);
  }
  const after = rest.slice(keyword.length);
  const spaces = /^[ \t]*/.exec(after)?.[0] ?? '';
  const tail = after.slice(spaces.length);
  if (tail === '') return fail(syntax, `no address after ${keyword}`, verb);

  const end = endOfPathToken(tail);
  const parsed = parsePath(spaces + tail.slice(0, end), { kind: verb === 'MAIL' ? 'reverse' : 'forward' });
  if (!parsed.ok) return fail(verb === 'MAIL' ? R.S501_BAD_SENDER : R.S501_BAD_RCPT, parsed.error, verb);

  const words = tail.slice(end).split(WS).filter((w) => w !== '');
  const params = verb === 'MAIL' ? mailParams(words) : rcptParams(words);
  if (!params.ok) return fail(params.reply, params.error, verb);
  const base = { verb, path: parsed.path, params: params.params };
  return ok(parsed.lenient === undefined ? base : { ...base, lenient: parsed.lenient });
}

/** The path ends at the first blank outside angle brackets and quotes; what follows are parameters. */
function endOfPathToken(text: string): number {
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuote) {
      if (ch === '\\') i++;
      else if (ch === '"') inQuote = false;
    } else if (ch === '"') inQuote = true;
    else if (ch === '<') inAngle = true;
    else if (ch === '>') inAngle = false;
    else if (!inAngle && (ch === ' ' || ch === '\t')) return i;
  }
  return text.length;
}

type ParamsParse = { ok: true; params: EsmtpParams } | { ok: false; reply: Reply; error: string };

const bad = (reply: Reply, error: string): ParamsParse => ({ ok: false, reply, error });
const unsupported = (word: string, why: string): ParamsParse => bad(R.S555_UNSUPPORTED_OPTION(word), why);

/** MAIL parameters this server understands: RFC 1652 BODY, RFC 1870 SIZE, RFC 4954 AUTH, RFC 3461 RET and ENVID, RFC 6531 SMTPUTF8. */
function mailParams(words: readonly string[]): ParamsParse {
  const params: Record<string, string | true> = {};
  for (const word of words) {
    const [key, value] = splitParam(word);
    switch (key) {
      case 'BODY': {
        const body = value?.toUpperCase();
        if (body !== '7BIT' && body !== '8BITMIME') return unsupported(word, 'BODY= must be 7BIT or 8BITMIME');
        params.BODY = body;
        break;
      }
      case 'SIZE':
        if (value === undefined) return unsupported(word, 'SIZE needs a value: SIZE=<octets>');
        if (!/^\d+$/.test(value)) return bad(R.S501_BAD_SIZE, `SIZE=${clip(value)}: the size must be digits only`);
        if (Number(value) > Number.MAX_SAFE_INTEGER) return bad(R.S552_SIZE_OVERFLOW, `SIZE=${clip(value)} is too large a number`);
        params.SIZE = value;
        break;
      case 'AUTH':
        if (value === undefined) return unsupported(word, 'AUTH needs a value: AUTH=<mailbox> or AUTH=<>');
        if (params.AUTH !== undefined) return bad(R.S503_MULTIPLE_AUTH_OPTION, 'AUTH= was given twice');
        params.AUTH = value;
        break;
      case 'RET': {
        const ret = value?.toUpperCase();
        if (params.RET !== undefined || (ret !== 'FULL' && ret !== 'HDRS')) return bad(R.S501_BAD_RET, 'RET= must be FULL or HDRS, given once');
        params.RET = ret;
        break;
      }
      case 'ENVID': {
        const decoded = value === undefined ? undefined : decodeXtext(value);
        if (params.ENVID !== undefined || decoded === undefined || !/^[\x20-\x7e]+$/.test(decoded)) {
          return bad(R.S501_BAD_ENVID, 'ENVID= must be printable xtext, given once');
        }
        params.ENVID = value as string;
        break;
      }
      case 'SMTPUTF8':
        if (value !== undefined) return unsupported(word, 'SMTPUTF8 takes no value');
        params.SMTPUTF8 = true;
        break;
      default:
        return unsupported(word, `the MAIL parameter ${clip(key)} is not supported`);
    }
  }
  return { ok: true, params };
}

/** RCPT parameters this server understands: RFC 3461 NOTIFY and ORCPT. */
function rcptParams(words: readonly string[]): ParamsParse {
  const params: Record<string, string | true> = {};
  for (const word of words) {
    const [key, value] = splitParam(word);
    switch (key) {
      case 'NOTIFY': {
        const notify = value?.toUpperCase();
        if (params.NOTIFY !== undefined || notify === undefined || !isNotifyList(notify)) {
          return bad(R.S501_BAD_NOTIFY, 'NOTIFY= must be NEVER or a list of SUCCESS, FAILURE and DELAY, given once');
        }
        params.NOTIFY = notify;
        break;
      }
      case 'ORCPT': {
        const semi = value?.indexOf(';') ?? -1;
        if (params.ORCPT !== undefined || value === undefined || semi < 1 || decodeXtext(value.slice(semi + 1)) === undefined) {
          return bad(R.S501_BAD_ORCPT, 'ORCPT= must be an address type, ";" and an xtext address, e.g. ORCPT=rfc822;bob@example.com');
        }
        params.ORCPT = value;
        break;
      }
      default:
        return unsupported(word, `the RCPT parameter ${clip(key)} is not supported`);
    }
  }
  return { ok: true, params };
}

function splitParam(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word.toUpperCase(), undefined] : [word.slice(0, eq).toUpperCase(), word.slice(eq + 1)];
}

function isNotifyList(value: string): boolean {
  if (value === 'NEVER') return true;
  const items = value.split(',');
  return items.every((v) => v === 'SUCCESS' || v === 'FAILURE' || v === 'DELAY') && new Set(items).size === items.length;
}

/** RFC 3461 4: xtext is printable ASCII except "+" and "=", with "+XX" hex escapes. */
function decodeXtext(text: string): string | undefined {
  if (text.length === 0) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '+') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 2;
    } else if (ch === '=' || ch < '!' || ch > '~') {
      return undefined;
    } else {
      out += ch;
    }
  }
  return out;
}

function unknownVerbError(word: string, upper: string, mode: ProtocolMode): string {
  if (upper === 'LHLO' && mode === 'smtp') return 'LHLO is the LMTP greeting; an SMTP server is greeted with EHLO or HELO';
  if ((upper === 'HELO' || upper === 'EHLO') && mode === 'lmtp') return `an LMTP server is greeted with LHLO, not ${upper} (RFC 2033 4.1)`;
  return `"${clip(word)}" is not a command this server knows`;
}

/** Postfix rejoins the words of a HELO or VRFY argument with single spaces. */
const collapse = (text: string): string => text.split(WS).join(' ');

/** Keeps error texts readable when the offending input is huge. */
const clip = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

const ok = (command: Command): ParsedCommand => ({ ok: true, command });

const fail = (reply: Reply, error: string, verb?: Verb): ParsedCommand =>
  verb === undefined ? { ok: false, reply, error } : { ok: false, reply, error, verb };
