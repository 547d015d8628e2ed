/**
 * RFC 5322 header section: parsing with unfolding (2.2.3), folding on output (2.1.1, 2.2.3),
 * and the two edits servers make: prepend a trace field, append a missing one.
 */
import { normalizeLineEndings } from './dot-stuffing';

export interface Header {
  readonly name: string;
  /** Unfolded: the CRLFs of folding removed, the whitespace after them kept. */
  readonly value: string;
  /** The field as written, folded lines joined by CRLF, without the final CRLF. */
  readonly raw: string;
}

export interface ParsedMessage {
  readonly headers: Header[];
  /** Everything after the blank line that ends the header section, in CRLF form. */
  readonly body: string;
}

const CRLF = '\r\n';
/** SHOULD limit of RFC 5322 2.1.1, not counting the CRLF. */
export const PREFERRED_LINE_LENGTH = 78;
/** MUST limit of RFC 5322 2.1.1, not counting the CRLF. */
export const MAX_LINE_LENGTH = 998;

/**
 * field-name is printable ASCII but ":" (RFC 5322 3.6.8); obs-optional allows blanks before the
 * colon, which old mailers wrote, so they are accepted and dropped.
 */
const FIELD_START = /^([!-9;-~]+)[ \t]*:/;

const isWsp = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

interface HeaderSection {
  readonly lines: string[];
  /** Where the body starts, in the normalised text. */
  readonly bodyStart: number;
  /** Offset just after the last header line's CRLF (or the end of text when it has none). */
  readonly headerEnd: number;
}

/**
 * Walks lines until the blank separator, or, like Postfix's cleanup, until a line that is neither
 * a field nor a continuation: that line is the first of the body and nothing is lost.
 */
function scanHeaderSection(text: string): HeaderSection {
  const lines: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const eol = text.indexOf(CRLF, pos);
    const lineEnd = eol === -1 ? text.length : eol;
    const next = eol === -1 ? text.length : eol + 2;
    const line = text.slice(pos, lineEnd);
    if (line === '') return { lines, bodyStart: next, headerEnd: pos };
    const continues = isWsp(line[0]) && lines.length > 0;
    if (!continues && !FIELD_START.test(line)) return { lines, bodyStart: pos, headerEnd: pos };
    lines.push(line);
    pos = next;
  }
  return { lines, bodyStart: text.length, headerEnd: text.length };
}

function groupFields(lines: readonly string[]): Header[] {
  const fields: string[][] = [];
  for (const line of lines) {
    const last = fields[fields.length - 1];
    if (isWsp(line[0]) && last) last.push(line);
    else fields.push([line]);
  }
  return fields.map((field) => {
    const raw = field.join(CRLF);
    const m = FIELD_START.exec(raw);
    const name = m?.[1] ?? '';
    const afterColon = raw.slice(m ? m[0].length : 0).replace(/\r\n(?=[ \t])/g, '');
    // serializeHeader writes one blank after the colon; dropping exactly that one makes
    // serialise-then-parse an identity even for values that start with blanks.
    const value = isWsp(afterColon[0]) ? afterColon.slice(1) : afterColon;
    return { name, value, raw };
  });
}

export function parseMessage(raw: string): ParsedMessage {
  const text = normalizeLineEndings(raw);
  const section = scanHeaderSection(text);
  return { headers: groupFields(section.lines), body: text.slice(section.bodyStart) };
}

/** Just the header fields; cheaper to read than parseMessage(...).headers and says what it means. */
export const parseHeaders = (raw: string): Header[] => parseMessage(raw).headers;

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The first field with that name (case-insensitive), unfolded. */
export function getHeader(headers: readonly Header[], name: string): string | undefined {
  return headers.find((h) => sameName(h.name, name))?.value;
}

/** Every field with that name in message order; for Received this is newest hop first. */
export function getHeaders(headers: readonly Header[], name: string): string[] {
  return headers.filter((h) => sameName(h.name, name)).map((h) => h.value);
}

/**
 * A line break that is not followed by a blank would start a new field: a value must never be
 * able to inject one, so such breaks become folds.
 */
function neutraliseBreaks(value: string): string {
  return normalizeLineEndings(value).replace(/\r\n(?![ \t])/g, '\r\n ');
}

/**
 * Folding may only insert CRLF before a blank (RFC 5322 3.2.2). Break before the first blank of
 * a run, and only when something visible follows, so that no folded line is blank-only.
 */
function foldPoints(line: string, from: number): number[] {
  const points: number[] = [];
  let lastVisible = -1;
  for (let i = line.length - 1; i >= 0; i--) {
    if (!isWsp(line[i])) {
      lastVisible = i;
      break;
    }
  }
  for (let i = from; i < lastVisible; i++) {
    if (isWsp(line[i]) && !isWsp(line[i - 1])) points.push(i);
  }
  return points;
}

function foldLine(line: string, valueStart: number): string {
  const points = foldPoints(line, valueStart + 1);
  const out: string[] = [];
  let start = 0;
  let k = 0;
  while (line.length - start > PREFERRED_LINE_LENGTH) {
    let best = -1;
    while (k < points.length && (points[k] as number) - start <= PREFERRED_LINE_LENGTH) {
      best = points[k] as number;
      k++;
    }
    // No blank early enough: take the next one even though the line runs past 78. A blank-free
    // run cannot be split without changing the value, so 998 holds only where blanks allow.
    if (best === -1 && k < points.length) {
      best = points[k] as number;
      k++;
    }
    if (best === -1) break;
    out.push(line.slice(start, best));
    start = best;
  }
  out.push(line.slice(start));
  return out.join(CRLF);
}

/**
 * "Name: value" ready to write, without the final CRLF. A value that already carries its own
 * folding (CRLF then blank, as receivedHeader lays it out) is kept as written; otherwise it is
 * folded at blanks to lines of at most 78 characters where the value allows.
 */
export function serializeHeader(name: string, value: string): string {
  const safe = neutraliseBreaks(value);
  const prefix = `${name}: `;
  if (safe.includes(CRLF)) return prefix + safe;
  return foldLine(prefix + safe, prefix.length - 1);
}

/** Trace fields go on top (RFC 5321 4.4): each hop prepends its Received above the others. */
export function prependHeader(raw: string, name: string, value: string): string {
  const text = normalizeLineEndings(raw);
  // Content that starts with a blank has no header section; without a separator it would
  // become a continuation of the new field (Postfix's smtpd guards the same case).
  const separator = isWsp(text[0]) ? CRLF : '';
  return serializeHeader(name, value) + CRLF + separator + text;
}

/** Adds the field at the end of the header section unless one of that name is there already. */
export function appendHeaderIfMissing(raw: string, name: string, value: string): string {
  const text = normalizeLineEndings(raw);
  const section = scanHeaderSection(text);
  if (getHeader(groupFields(section.lines), name) !== undefined) return text;
  const at = section.headerEnd;
  const before = text.slice(0, at);
  const after = text.slice(at);
  const lead = before === '' || before.endsWith(CRLF) ? '' : CRLF;
  // A section that ended on a body line rather than a blank one gets the blank line it lacked,
  // so the body cannot be read as part of the header after the insertion.
  const separator = section.bodyStart === at && after !== '' ? CRLF : '';
  return before + lead + serializeHeader(name, value) + CRLF + separator + after;
}
