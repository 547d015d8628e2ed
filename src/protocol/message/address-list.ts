/**
 * RFC 5322 3.4 mailbox lists with display names, and the RFC 2047 encoded-words that carry
 * non-ASCII names through 7-bit headers.
 *
 * The decoder is written here rather than borrowed from postal-mime because src/protocol imports
 * nothing from outside itself.
 */

export interface Mailbox {
  readonly name?: string;
  readonly address: string;
}

// ---------------------------------------------------------------- RFC 2047 encoded-words

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
const ENCODED_WORD_ANYWHERE = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=/;
const ENCODED_WORD_ONLY = /^=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=$/;
const ADJACENT_WORDS = /(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)/g;

function bytesFromBinary(binary: string): Uint8Array {
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i) & 0xff;
  return out;
}

function decodeQ(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const hex = text.slice(i + 1, i + 3);
    if (ch === '_') bytes.push(0x20);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(ch.charCodeAt(0) & 0xff);
  }
  return Uint8Array.from(bytes);
}

function decodeCharset(bytes: Uint8Array, charset: string): string | undefined {
  // RFC 2231 lets a language follow the charset: "utf-8*fr".
  const label = charset.split('*')[0] ?? charset;
  try {
    return new TextDecoder(label, { fatal: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeOne(word: string, charset: string, encoding: string, text: string): string {
  try {
    const bytes = encoding.toUpperCase() === 'B' ? bytesFromBinary(atob(text)) : decodeQ(text);
    return decodeCharset(bytes, charset) ?? word;
  } catch {
    // Malformed base64: show the word as written rather than lose it.
    return word;
  }
}

/**
 * Decodes every encoded-word in a header value. Blanks between two adjacent encoded-words are
 * dropped (RFC 2047 6.2), since encoders split long text across words at arbitrary points.
 */
export function decodeWords(value: string): string {
  const joined = value.replace(ADJACENT_WORDS, '$1');
  return joined.replace(ENCODED_WORD, (word, charset: string, encoding: string, text: string) =>
    decodeOne(word, charset, encoding, text),
  );
}

/** RFC 2047 5(3): the only characters a Q-encoded word may carry literally inside a phrase. */
const Q_SAFE = /[A-Za-z0-9!*+\-/]/;
/** An encoded-word may be at most 75 characters (RFC 2047 2). */
const MAX_ENCODED_WORD = 75;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

function qEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b === 0x20) out += '_';
    else if (b < 0x80 && Q_SAFE.test(ch)) out += ch;
    else out += `=${hex2(b)}`;
  }
  return out;
}

function bEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Splits text into chunks whose encoded form fits one encoded-word, never inside a character,
 * because each word must decode on its own (RFC 2047 5).
 */
function chunkForWords(text: string, encodedLength: (chunk: string) => number): string[] {
  const budget = MAX_ENCODED_WORD - '=?UTF-8?X??='.length;
  const chunks: string[] = [];
  let current = '';
  for (const ch of text) {
    if (current !== '' && encodedLength(current + ch) > budget) {
      chunks.push(current);
      current = '';
    }
    current += ch;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/**
 * Encodes text as UTF-8 encoded-words usable in a phrase. Mostly-Latin text gets Q, so the raw
 * view still reads "Ren=C3=A9"; other scripts get B, which is far more compact for them.
 */
export function encodeWords(text: string): string {
  const q = (s: string): string => qEncode(utf8(s));
  const b = (s: string): string => bEncode(utf8(s));
  const chars = [...text];
  const nonAscii = chars.filter((c) => c.charCodeAt(0) > 0x7e).length;
  const useQ = nonAscii * 3 <= chars.length;
  const encode = useQ ? q : b;
  const tag = useQ ? 'Q' : 'B';
  return chunkForWords(text, (s) => encode(s).length)
    .map((chunk) => `=?UTF-8?${tag}?${encode(chunk)}?=`)
    .join(' ');
}

// ---------------------------------------------------------------- formatting

/** atext of RFC 5322 3.2.3: what a display-name word may contain without quotes. */
const ATEXT_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

function quoteString(text: string): string {
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

function formatDisplayName(name: string): string {
  // Non-ASCII, or control characters that a quoted-string cannot carry, must be encoded. So must
  // text that merely looks like an encoded-word: readers would decode it, even inside quotes.
  if (/[^\x20-\x7e]/.test(name) || ENCODED_WORD_ANYWHERE.test(name)) return encodeWords(name);
  if (ATEXT_PHRASE.test(name)) return name;
  return quoteString(name);
}

/** `Pierre Leclercq <pleclercq@mydomain.com>`, or the bare address when there is no name. */
export function formatMailbox(mailbox: Mailbox): string {
  const name = mailbox.name?.trim();
  if (!name) return mailbox.address;
  return `${formatDisplayName(name)} <${mailbox.address}>`;
}

export function formatMailboxList(list: readonly Mailbox[]): string {
  return list.map(formatMailbox).join(', ');
}

// ---------------------------------------------------------------- parsing

interface Token {
  readonly kind: 'word' | 'comment' | 'literal' | 'special';
  readonly text: string;
  /** Only words: a quoted-string, whose quotes were removed. */
  readonly quoted: boolean;
  /** Whether blanks preceded it; phrases keep the spacing the writer used, collapsed to one. */
  readonly spaceBefore: boolean;
}

const SPECIALS = '()<>[]:;@\\,."';

function readQuoted(input: string, start: number): { text: string; end: number } {
  let text = '';
  let i = start + 1;
  while (i < input.length && input[i] !== '"') {
    if (input[i] === '\\' && i + 1 < input.length) i++;
    text += input[i];
    i++;
  }
  return { text, end: i + 1 };
}

function readComment(input: string, start: number): { text: string; end: number } {
  let depth = 0;
  let text = '';
  let i = start;
  for (; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch === '\\' && i + 1 < input.length) {
      text += input[i + 1];
      i++;
      continue;
    }
    if (ch === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) return { text, end: i + 1 };
    }
    text += ch;
  }
  return { text, end: i };
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaceBefore = false;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      spaceBefore = true;
      i++;
      continue;
    }
    if (ch === '"') {
      const q = readQuoted(input, i);
      tokens.push({ kind: 'word', text: q.text, quoted: true, spaceBefore });
      i = q.end;
    } else if (ch === '(') {
      const c = readComment(input, i);
      tokens.push({ kind: 'comment', text: c.text, quoted: false, spaceBefore });
      i = c.end;
    } else if (ch === '[') {
      const end = input.indexOf(']', i);
      const stop = end === -1 ? input.length : end + 1;
      tokens.push({ kind: 'literal', text: input.slice(i, stop), quoted: false, spaceBefore });
      i = stop;
    } else if (SPECIALS.includes(ch)) {
      tokens.push({ kind: 'special', text: ch, quoted: false, spaceBefore });
      i++;
    } else {
      let j = i;
      while (j < input.length && !/\s/.test(input[j] as string) && !SPECIALS.includes(input[j] as string)) j++;
      tokens.push({ kind: 'word', text: input.slice(i, j), quoted: false, spaceBefore });
      i = j;
    }
    spaceBefore = false;
  }
  return tokens;
}

/** A local part that needs quotes keeps them, so the address stays valid as written. */
function addressText(tokens: readonly Token[]): string {
  return tokens
    .map((t) => {
      if (t.kind === 'word') return t.quoted ? quoteString(t.text) : t.text;
      if (t.kind === 'comment') return '';
      return t.text;
    })
    .join('');
}

/** Display-name words joined by single blanks, except between adjacent encoded-words (RFC 2047 6.2). */
function phraseText(words: readonly Token[]): string {
  let out = '';
  let prevEncoded = false;
  for (const w of words) {
    if (w.kind === 'comment') continue;
    const encoded = w.kind === 'word' && !w.quoted && ENCODED_WORD_ONLY.test(w.text);
    // Quoted names are decoded too: many mailers wrongly put encoded-words inside quotes.
    const text = w.kind === 'word' ? decodeWords(w.text) : w.text;
    const glue = out === '' || (encoded && prevEncoded) || !w.spaceBefore ? '' : ' ';
    out += glue + text;
    prevEncoded = encoded;
  }
  return out.trim();
}

/** "@a,@b:user@x" (obs-route, RFC 5322 4.4) is delivered to user@x. */
const stripRoute = (addr: string): string => addr.replace(/^(?:@[^,:]*,?)+:/, '');

function buildMailbox(tokens: readonly Token[]): Mailbox | undefined {
  const open = tokens.findIndex((t) => t.kind === 'special' && t.text === '<');
  if (open !== -1) {
    const closeAt = tokens.findIndex((t, i) => i > open && t.kind === 'special' && t.text === '>');
    const inner = tokens.slice(open + 1, closeAt === -1 ? tokens.length : closeAt);
    const address = stripRoute(addressText(inner));
    const name = phraseText(tokens.slice(0, open));
    return name ? { name, address } : { address };
  }
  const address = addressText(tokens);
  if (address === '') return undefined;
  // Old style "addr (Full Name)", still what Postfix writes for MAILER-DAEMON.
  const comment = tokens.find((t) => t.kind === 'comment');
  const name = comment ? decodeWords(comment.text).trim() : '';
  return name ? { name, address } : { address };
}

/**
 * Parses a From/To/Cc style value into mailboxes. Groups are flattened to their members, an
 * empty group ("undisclosed-recipients:;") yields nothing, and display names come back decoded.
 */
export function parseMailboxList(input: string): Mailbox[] {
  const out: Mailbox[] = [];
  let current: Token[] = [];
  let inAngle = false;
  const flush = (): void => {
    const mailbox = buildMailbox(current);
    if (mailbox) out.push(mailbox);
    current = [];
  };
  for (const token of tokenize(input)) {
    if (token.kind === 'special') {
      if (token.text === '<') inAngle = true;
      if (token.text === '>') inAngle = false;
      if (!inAngle && (token.text === ',' || token.text === ';')) {
        flush();
        continue;
      }
      // The phrase before ":" outside an address names a group; the members follow.
      if (!inAngle && token.text === ':') {
        current = [];
        continue;
      }
    }
    current.push(token);
  }
  flush();
  return out;
}

/** The first mailbox, for fields such as Sender that hold exactly one. */
export const parseMailbox = (input: string): Mailbox | undefined => parseMailboxList(input)[0];
