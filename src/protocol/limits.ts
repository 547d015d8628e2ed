/**
 * Size limits of the protocol, and the one way to measure a line against them.
 *
 * RFC 5321 4.5.3.1 counts octets on the wire, CRLF included, so a line is measured in UTF-8 octets
 * (SMTPUTF8 lets non-ASCII through), never in UTF-16 code units.
 */

/** RFC 5321 4.5.3.1.4: a command line, CRLF included. */
export const COMMAND_LINE_MAX = 512;

/** RFC 5321 4.5.3.1.6: a line of message text, CRLF included. */
export const TEXT_LINE_MAX = 1000;

/** RFC 5321 4.5.3.1.5: a reply line, CRLF included. */
export const REPLY_LINE_MAX = 512;

/** RFC 4954 4: an AUTH command may carry an initial response, so its line may reach 12288 octets. */
export const AUTH_LINE_MAX = 12288;

/** RFC 5321 4.5.3.1.1 and 4.5.3.1.2: local-part and domain lengths in octets. */
export const LOCAL_PART_MAX = 64;
export const DOMAIN_MAX = 255;

/** RFC 5321 4.5.3.1.3: a path, angle brackets included. */
export const PATH_MAX = 256;

/** Postfix message_size_limit default: the number a server announces as `SIZE 10240000`. */
export const DEFAULT_MESSAGE_SIZE_LIMIT = 10240000;

/** Postfix smtpd_recipient_limit default: RCPT commands accepted per transaction. */
export const DEFAULT_RECIPIENT_LIMIT = 1000;

/** RFC 5321 4.5.3.1.8: a server must accept at least 100 recipients; fewer is non-conforming. */
export const MIN_RECIPIENT_BUFFER = 100;

/** The UTF-8 length of a string, counted by code point so that no encoder (a platform API) is needed. */
export function octetLength(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}
