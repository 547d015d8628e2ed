/**
 * A server reply as Postfix models it: a three-digit code, an optional RFC 3463 enhanced status code,
 * and one or more lines of text. Multi-line replies keep each line separately so that the one
 * formatter below can emit `250-` continuation lines and the final `250 ` line.
 */
export interface Reply {
  readonly code: number;
  /** RFC 3463 enhanced status code such as "2.1.0"; absent on 220/221 greetings where Postfix omits it. */
  readonly dsn?: string;
  /** One entry per line of text. */
  readonly lines: readonly string[];
}

export type ReplyClass = 2 | 3 | 4 | 5;

export function reply(code: number, dsn: string | undefined, ...lines: string[]): Reply {
  return dsn === undefined ? { code, lines } : { code, dsn, lines };
}

export function replyClass(r: Pick<Reply, 'code'>): ReplyClass {
  return Math.floor(r.code / 100) as ReplyClass;
}

export const isPositive = (r: Pick<Reply, 'code'>): boolean => r.code < 400;
export const isTransient = (r: Pick<Reply, 'code'>): boolean => r.code >= 400 && r.code < 500;
export const isPermanent = (r: Pick<Reply, 'code'>): boolean => r.code >= 500;

/** Every reply, single or multi-line, goes through here so that continuation markers are never hand-built. */
export function formatReply(r: Reply): string[] {
  const texts = r.lines.length === 0 ? [''] : r.lines;
  return texts.map((text, i) => {
    const sep = i === texts.length - 1 ? ' ' : '-';
    const body = r.dsn === undefined ? text : `${r.dsn} ${text}`;
    return `${r.code}${sep}${body}`.trimEnd();
  });
}

export type ReplyLineParse =
  | { readonly ok: true; readonly code: number; readonly last: boolean; readonly text: string }
  | { readonly ok: false; readonly error: string };

/** Parses one reply line as a client sees it: `250-PIPELINING` or `250 2.0.0 Ok`. */
export function parseReplyLine(line: string): ReplyLineParse {
  const m = /^([2-5][0-9][0-9])([ -]|$)(.*)$/.exec(line);
  if (!m) return { ok: false, error: `not a reply line: ${JSON.stringify(line.slice(0, 40))}` };
  return { ok: true, code: Number(m[1]), last: m[2] !== '-', text: m[3] ?? '' };
}

const DSN_PREFIX = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)(.*)$/;

/**
 * Gathers reply lines into a Reply. Returns undefined until the final line arrives.
 * The enhanced status code is recognised only when every line carries the same one, as RFC 2034 requires.
 */
export function assembleReply(lines: readonly string[]): Reply | undefined {
  const parsed = lines.map(parseReplyLine);
  const last = parsed[parsed.length - 1];
  if (!last?.ok || !last.last) return undefined;
  const code = last.code;
  const texts = parsed.map((p) => (p.ok ? p.text : ''));
  const dsns = texts.map((t) => DSN_PREFIX.exec(t)?.[1]);
  const dsn = dsns.every((d) => d !== undefined && d === dsns[0]) ? dsns[0] : undefined;
  const bodies = dsn === undefined ? texts : texts.map((t) => DSN_PREFIX.exec(t)?.[2] ?? t);
  return reply(code, dsn, ...bodies);
}

/** A reply on one line as logs and DSN diagnostics quote it: `550 5.1.1 <x@y>: Recipient address rejected`. */
export function replyLine(r: Reply): string {
  return [String(r.code), ...(r.dsn === undefined ? [] : [r.dsn]), ...r.lines].join(' ');
}

/** The one-line form used in traces and diagnostics: `550 5.1.1 <x@y>: Recipient address rejected`. */
export function replyToString(r: Reply): string {
  return formatReply(r).join('\n');
}
