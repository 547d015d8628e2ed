/**
 * The DATA transparency procedure of RFC 5321 4.5.2, and the CRLF canonical form it relies on.
 *
 * A message crosses the wire as lines after the 354 reply; a line that is exactly "." ends it.
 * So the client doubles any leading "." and the server removes one again.
 */

const CRLF = '\r\n';

/**
 * RFC 5322 2.3 forbids bare CR and bare LF, and Unix tools hand us LF-only text. Turning every
 * lone CR or LF into CRLF keeps each one a line break instead of letting it hide inside a line.
 */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

/** Splits CRLF text into its lines; a final CRLF ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  const normalized = normalizeLineEndings(text);
  if (normalized === '') return [];
  const lines = normalized.split(CRLF);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const isDataTerminator = (line: string): boolean => line === '.';

export const dotStuffLine = (line: string): string => (line.startsWith('.') ? `.${line}` : line);

/** What a server does to each received line (RFC 5321 4.5.2): drop the first "." if there is one. */
export const dotUnstuffLine = (line: string): string => (line.startsWith('.') ? line.slice(1) : line);

/** The body with every line that starts with "." given another one, in CRLF form. */
export function dotStuff(body: string): string {
  const normalized = normalizeLineEndings(body);
  const endsWithBreak = normalized.endsWith(CRLF);
  const stuffed = splitLines(normalized).map(dotStuffLine).join(CRLF);
  return endsWithBreak ? stuffed + CRLF : stuffed;
}

/**
 * Rebuilds the message from the lines a server read after 354. Reading stops at the terminator
 * if it is present, so a caller may pass the whole exchange. Every line ends in CRLF, as the
 * message stored by a real server does.
 */
export function dotUnstuff(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    if (isDataTerminator(line)) break;
    out += dotUnstuffLine(line) + CRLF;
  }
  return out;
}

/**
 * The lines a client sends after 354: the stuffed message, then ".". A message that does not end
 * in CRLF gets one, because the terminator must start a line of its own (RFC 5321 4.1.1.4).
 */
export function toDataLines(raw: string): string[] {
  return [...splitLines(raw).map(dotStuffLine), '.'];
}
