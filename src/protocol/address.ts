/**
 * RFC 5321 4.1.2 paths: the `<local@domain>` of MAIL FROM and RCPT TO.
 *
 * Strict grammar, lenient framing, as Postfix does it (with its default strict_rfc821_envelopes = no):
 * a space after the colon or missing angle brackets are accepted, but reported in `lenient` so the
 * UI can show the learner the form RFC 5321 asks for. Anything the grammar rejects is an error that
 * names the fault.
 */

export interface Path {
  /** "local@domain" exactly as written (quotes kept); "Postmaster" as written for <Postmaster>; "" for the null path. */
  readonly mailbox: string;
  /** As written: a quoted local part keeps its quotes; see {@link unquoteLocalPart}. */
  readonly local: string;
  /** As written: a name, or an address literal such as "[192.0.2.1]". Empty for the null path and <Postmaster>. */
  readonly domain: string;
  readonly isNull: boolean;
  /** The bare <Postmaster> (RFC 5321 4.1.1.3) or any postmaster@domain; the local part is case-insensitive. */
  readonly isPostmaster: boolean;
}

export type PathKind = 'reverse' | 'forward';

export type PathParse =
  | { readonly ok: true; readonly path: Path; readonly lenient?: string }
  | { readonly ok: false; readonly error: string };

const NULL_PATH: Path = { mailbox: '', local: '', domain: '', isNull: true, isPostmaster: false };

// RFC 5322 atext; RFC 6531 extends it with non-ASCII (UTF8-non-ascii), which SMTPUTF8 senders use.
const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\u{10FFFF}]";
const DOT_STRING = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*$`, 'u');
// qtextSMTP is %d32-33 / %d35-91 / %d93-126; quoted-pairSMTP is a backslash and %d32-126.
const QUOTED_STRING = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u{10FFFF}]|\\[\x20-\x7e])*"$/u;
// sub-domain = Let-dig [Ldh-str]: no leading or trailing hyphen; U-labels allowed as in RFC 6531.
const SUB_DOMAIN = /^[A-Za-z0-9\u0080-\u{10FFFF}](?:[A-Za-z0-9\u0080-\u{10FFFF}-]*[A-Za-z0-9\u0080-\u{10FFFF}])?$/u;
const STANDARDIZED_TAG = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const DCONTENT = /^[\x21-\x5a\x5e-\x7e]+$/;

/** Parses the text after `MAIL FROM:` or `RCPT TO:` (parameters already split off). */
export function parsePath(text: string, options: { kind: PathKind }): PathParse {
  const verbForm = options.kind === 'reverse' ? 'MAIL FROM:' : 'RCPT TO:';
  const faults: string[] = [];
  let rest = text;
  if (/^[ \t]/.test(rest)) {
    faults.push('a space after the colon');
    rest = rest.replace(/^[ \t]+/, '');
  }
  if (rest.length === 0) return { ok: false, error: 'no address was given' };

  let inner: string;
  if (rest.startsWith('<')) {
    const close = closingBracket(rest);
    if (close === -1) return { ok: false, error: 'the opening "<" has no closing ">"' };
    if (close !== rest.length - 1) return { ok: false, error: `unexpected text "${rest.slice(close + 1)}" after the closing ">"` };
    inner = rest.slice(1, -1);
  } else {
    if (rest.endsWith('>')) return { ok: false, error: 'the closing ">" has no opening "<"' };
    faults.push('no angle brackets');
    inner = rest;
  }

  const parsed = parseInner(inner, options.kind);
  if (!parsed.ok) return parsed;
  if (faults.length === 0) return parsed;
  const lenient = `${faults.join(' and ')}; the strict RFC 5321 form is ${verbForm}${formatPath(parsed.path)}`;
  return { ok: true, path: parsed.path, lenient };
}

function parseInner(inner: string, kind: PathKind): PathParse {
  if (inner.length === 0) {
    if (kind === 'reverse') return { ok: true, path: NULL_PATH };
    return { ok: false, error: 'the null path <> is allowed only as a reverse-path (MAIL FROM), not as a recipient' };
  }
  if (kind === 'forward' && inner.toLowerCase() === 'postmaster') {
    return { ok: true, path: { mailbox: inner, local: inner, domain: '', isNull: false, isPostmaster: true } };
  }

  // A source route (A-d-l ":") is obsolete; RFC 5321 4.1.1.3 says receivers SHOULD ignore it.
  let mailbox = inner;
  if (mailbox.startsWith('@')) {
    const colon = mailbox.indexOf(':');
    if (colon === -1) return { ok: false, error: 'a source route starting with "@" must end with ":" before the mailbox' };
    const routeError = checkRoute(mailbox.slice(0, colon));
    if (routeError) return { ok: false, error: routeError };
    mailbox = mailbox.slice(colon + 1);
  }

  const at = splitAtDomain(mailbox);
  if (!at) return { ok: false, error: `"${mailbox}" has no "@domain" part` };
  const { local, domain } = at;
  const localError = checkLocalPart(local);
  if (localError) return { ok: false, error: localError };
  const domainError = checkDomainOrLiteral(domain);
  if (domainError) return { ok: false, error: domainError };
  return {
    ok: true,
    path: { mailbox, local, domain, isNull: false, isPostmaster: unquoteLocalPart(local).toLowerCase() === 'postmaster' },
  };
}

/** Index of the ">" that closes the "<" at 0, skipping quoted strings, or -1. */
function closingBracket(text: string): number {
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfQuoted(text.slice(i));
      if (end === -1) return -1;
      i += end - 1;
    } else if (ch === '>') return i;
  }
  return -1;
}

/** The first "@" after the local part (quoted or not) separates it from the domain. */
function splitAtDomain(mailbox: string): { local: string; domain: string } | undefined {
  let localEnd: number;
  if (mailbox.startsWith('"')) {
    localEnd = endOfQuoted(mailbox);
    if (localEnd === -1) return undefined;
  } else {
    localEnd = mailbox.indexOf('@');
    if (localEnd === -1) return undefined;
  }
  if (mailbox[localEnd] !== '@') return undefined;
  return { local: mailbox.slice(0, localEnd), domain: mailbox.slice(localEnd + 1) };
}

/** Index just past the closing quote of a quoted string starting at 0, or -1. */
function endOfQuoted(text: string): number {
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return -1;
}

function checkRoute(route: string): string | undefined {
  for (const hop of route.split(',')) {
    if (!hop.startsWith('@')) return `source route hop "${hop}" must start with "@"`;
    const err = checkDomain(hop.slice(1));
    if (err) return `source route: ${err}`;
  }
  return undefined;
}

function checkLocalPart(local: string): string | undefined {
  if (local.length === 0) return 'the local part before "@" is empty';
  if (local.startsWith('"')) {
    return QUOTED_STRING.test(local) ? undefined : `the quoted local part ${local} contains a character RFC 5321 does not allow`;
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return `the local part "${local}" has a dot at its start, its end, or twice in a row; quote it to use such dots`;
  }
  if (!DOT_STRING.test(local)) {
    return `the local part "${local}" contains a character that must be quoted (space, comma, "<", "@" and the like)`;
  }
  return undefined;
}

function checkDomainOrLiteral(domain: string): string | undefined {
  if (domain.startsWith('[')) return checkAddressLiteral(domain);
  return checkDomain(domain);
}

function checkDomain(domain: string): string | undefined {
  if (domain.length === 0) return 'the domain after "@" is empty';
  for (const label of domain.split('.')) {
    if (label.length === 0) return `the domain "${domain}" has an empty label (a dot at its start, its end, or twice in a row)`;
    if (!SUB_DOMAIN.test(label)) {
      return `the domain label "${label}" may hold only letters, digits and inner hyphens`;
    }
  }
  return undefined;
}

function checkAddressLiteral(literal: string): string | undefined {
  if (!literal.endsWith(']')) return `the address literal ${literal} has no closing "]"`;
  const body = literal.slice(1, -1);
  if (/^ipv6:/i.test(body)) {
    return isIPv6(body.slice(5)) ? undefined : `"${body.slice(5)}" in ${literal} is not an IPv6 address`;
  }
  const colon = body.indexOf(':');
  if (colon !== -1) {
    const tag = body.slice(0, colon);
    const content = body.slice(colon + 1);
    return STANDARDIZED_TAG.test(tag) && DCONTENT.test(content)
      ? undefined
      : `${literal} is neither an IPv4 literal nor a well-formed tagged address literal`;
  }
  return isIPv4(body) ? undefined : `${literal} is not an IPv4 address literal such as [192.0.2.1]`;
}

/** RFC 5321 Snum: 1 to 3 digits, value 0 to 255. */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** RFC 5321 4.1.3 IPv6-addr: full, compressed, and either with a trailing IPv4 address. */
export function isIPv6(text: string): boolean {
  const hex = (g: string) => /^[0-9A-Fa-f]{1,4}$/.test(g);
  let head = text;
  let groupsForV4 = 0;
  const lastColon = text.lastIndexOf(':');
  if (lastColon !== -1 && text.slice(lastColon + 1).includes('.')) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    head = text.slice(0, lastColon + 1);
    // "::1.2.3.4" leaves "::", "a:b:1.2.3.4" leaves "a:b:"; drop the separator before the IPv4 part.
    head = head.endsWith('::') ? head : head.slice(0, -1);
    groupsForV4 = 2;
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (s: string) => (s.length === 0 ? [] : s.split(':'));
  if (halves.length === 1) {
    const g = groups(head);
    return g.length + groupsForV4 === 8 && g.every(hex);
  }
  const left = groups(halves[0] ?? '');
  const right = groups(halves[1] ?? '');
  // "::" stands for at least two groups of zeros, so at most 6 explicit ones remain (4 beside an IPv4 part).
  return left.length + right.length + groupsForV4 <= 6 && [...left, ...right].every(hex);
}

/** The local part with its quoting removed: `"john doe"` becomes `john doe`. */
export function unquoteLocalPart(local: string): string {
  if (!local.startsWith('"') || !local.endsWith('"') || local.length < 2) return local;
  return local.slice(1, -1).replace(/\\(.)/gu, '$1');
}

/** `<local@domain>`, or `<>` for the null path. */
export const formatPath = (path: Path): string => (path.isNull ? '<>' : `<${path.mailbox}>`);
