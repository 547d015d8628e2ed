/**
 * Trace fields (RFC 5321 4.4): the Received line each hop prepends, laid out as Postfix's smtpd
 * writes it, the Return-Path the final delivery adds, and the RFC 3848 "with" keywords.
 */
import { formatMailDate, parseRfc5322Date } from './date';

/** Stands where Postfix writes its $mail_name, "(Postfix)". */
export const MAIL_NAME = 'Mailpath';

/** RFC 3848 transmission types; A = authenticated, S = over TLS. */
export type WithProtocol = 'SMTP' | 'ESMTP' | 'ESMTPA' | 'ESMTPS' | 'ESMTPSA' | 'LMTP' | 'LMTPA' | 'LMTPS' | 'LMTPSA';

export interface SessionTraits {
  /** The client said EHLO (or LHLO) rather than HELO. */
  readonly esmtp: boolean;
  readonly auth: boolean;
  readonly tls: boolean;
  readonly lmtp: boolean;
}

/** Plain HELO has no extensions, hence no AUTH or STARTTLS: it is always "SMTP". */
export function withProtocol({ esmtp, auth, tls, lmtp }: SessionTraits): WithProtocol {
  const suffix = `${tls ? 'S' : ''}${auth ? 'A' : ''}`;
  if (lmtp) return `LMTP${suffix}` as WithProtocol;
  if (!esmtp) return 'SMTP';
  return `ESMTP${suffix}` as WithProtocol;
}

export interface TlsInfo {
  /** e.g. "TLSv1.3" */
  readonly protocol: string;
  /** e.g. "TLS_AES_256_GCM_SHA384" */
  readonly cipher: string;
  readonly usedBits: number;
  readonly algBits: number;
}

export interface ReceivedInput {
  /** What the client said in HELO/EHLO. */
  readonly fromHelo: string;
  /** Reverse DNS name of the client; Postfix writes "unknown" when there is none. */
  readonly fromHost?: string;
  readonly fromIp?: string;
  readonly byHost: string;
  readonly with: WithProtocol;
  /** Queue id the message got on this host. */
  readonly id: string;
  /** Written only when the transaction had exactly one recipient, as Postfix does. */
  readonly for?: string;
  readonly dateMs: number;
  readonly tzOffsetMinutes?: number;
  /** Adds Postfix's TLS comment lines (smtpd_tls_received_header = yes). */
  readonly tls?: TlsInfo;
  /** Adds "(Authenticated sender: ...)" (smtpd_sasl_authenticated_header = yes). */
  readonly authenticatedSender?: string;
}

const FOLD = '\r\n\t';

/** RFC 5321 4.1.3 address literal: IPv6 addresses carry the "IPv6:" tag. */
const addressLiteral = (ip: string): string => (ip.includes(':') && !/^IPv6:/i.test(ip) ? `IPv6:${ip}` : ip);

/** A comment may not hold unbalanced parentheses or backslashes; Postfix sanitises the same way. */
const commentSafe = (text: string): string => text.replace(/[()\\\r\n]/g, '_');

function fromClause(input: ReceivedInput): string {
  const host = input.fromHost ?? 'unknown';
  if (input.fromIp === undefined) return `from ${input.fromHelo} (${commentSafe(host)})`;
  return `from ${input.fromHelo} (${commentSafe(host)} [${addressLiteral(input.fromIp)}])`;
}

/**
 * The value of a Received field, already folded with CRLF+TAB exactly as smtpd lays it out:
 *
 *     from gandalf (gandalf [192.168.1.10])
 *     	by mailserver.mydomain.com (Mailpath) with SMTP id 4F2A1C8B3D
 *     	for <pleclercq@mydomain.com>; Sat, 28 Nov 2026 20:52:27 +0000 (UTC)
 */
export function receivedHeader(input: ReceivedInput): string {
  const lines = [fromClause(input)];
  if (input.tls) {
    const t = input.tls;
    lines.push(`(using ${t.protocol} with cipher ${t.cipher} (${t.usedBits}/${t.algBits} bits))`);
    lines.push('(No client certificate requested)');
  }
  if (input.authenticatedSender !== undefined) {
    lines.push(`(Authenticated sender: ${commentSafe(input.authenticatedSender)})`);
  }
  const by = `by ${input.byHost} (${MAIL_NAME}) with ${input.with} id ${input.id}`;
  const date = formatMailDate(input.dateMs, input.tzOffsetMinutes ?? 0);
  if (input.for !== undefined) {
    lines.push(by, `for ${returnPathHeader(input.for)}; ${date}`);
  } else {
    lines.push(`${by};`, date);
  }
  return lines.join(FOLD);
}

/** `<x@y>`, or `<>` for the null reverse-path of bounces (RFC 5321 4.4). */
export function returnPathHeader(reversePath: string): string {
  const bare = reversePath.trim().replace(/^<(.*)>$/, '$1');
  return `<${bare}>`;
}

export interface ParsedReceived {
  /** The name the client gave (HELO). */
  readonly from?: string;
  /** Reverse DNS name from the comment after "from". */
  readonly fromHost?: string;
  /** Client address from the comment after "from", without "IPv6:". */
  readonly fromIp?: string;
  readonly by?: string;
  readonly via?: string;
  readonly with?: string;
  readonly id?: string;
  /** The recipient, without angle brackets. */
  readonly for?: string;
  /** The date as written after the ";". */
  readonly date?: string;
  readonly dateMs?: number;
}

type Clause = 'from' | 'by' | 'via' | 'with' | 'id' | 'for';
const CLAUSES = new Set<string>(['from', 'by', 'via', 'with', 'id', 'for']);

interface Piece {
  readonly kind: 'word' | 'comment';
  readonly text: string;
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(') {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '\\') j++;
        else if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) break;
      }
      out.push({ kind: 'comment', text: text.slice(i + 1, j) });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s(]/.test(text[j] as string)) j++;
      out.push({ kind: 'word', text: text.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** "gandalf [192.168.1.10]" or "[192.168.1.10]" or "unknown [IPv6:::1]". */
function fromComment(comment: string): { fromHost?: string; fromIp?: string } {
  const m = /^\s*([^\s[\]]+)?\s*(?:\[(?:IPv6:)?([^\]]+)\])?/i.exec(comment);
  const result: { fromHost?: string; fromIp?: string } = {};
  if (m?.[1]) result.fromHost = m[1];
  if (m?.[2]) result.fromIp = m[2];
  return result;
}

/**
 * Reads a Received value back into its clauses, for the inspector's chain of hops. The date is
 * what follows the last ";" (RFC 5321 4.4); comments are skipped except the one after "from".
 */
export function parseReceived(value: string): ParsedReceived {
  const unfolded = value.replace(/\r?\n(?=[ \t])/g, '');
  const semi = unfolded.lastIndexOf(';');
  const clauses = semi === -1 ? unfolded : unfolded.slice(0, semi);
  const result: Record<string, string | number> = {};
  let current: Clause | undefined;
  for (const piece of pieces(clauses)) {
    if (piece.kind === 'word' && CLAUSES.has(piece.text.toLowerCase())) {
      current = piece.text.toLowerCase() as Clause;
      continue;
    }
    if (current === undefined) continue;
    if (piece.kind === 'comment') {
      if (current === 'from' && result.fromHost === undefined) Object.assign(result, fromComment(piece.text));
      continue;
    }
    if (result[current] === undefined) {
      result[current] = current === 'for' ? piece.text.replace(/^<(.*)>$/, '$1') : piece.text;
    }
  }
  if (semi !== -1) {
    const date = unfolded.slice(semi + 1).trim();
    result.date = date;
    const parsed = parseRfc5322Date(date);
    if (parsed) result.dateMs = parsed.epochMs;
  }
  return result as ParsedReceived;
}
