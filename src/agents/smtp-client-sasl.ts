/**
 * The client side of AUTH PLAIN (RFC 4616) and AUTH LOGIN, as RFC 4954 carries them.
 * Browser-safe: base64 over the UTF-8 bytes with TextEncoder and btoa, no Node Buffer.
 */
import type { SaslMechanism } from './smtp-client-capabilities';

export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

/** RFC 4648 base64 of the UTF-8 bytes of `text`. */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The PLAIN message: empty authorization identity, NUL, user, NUL, password. */
export const plainResponse = (c: SaslCredentials): string => base64Utf8(`\0${c.username}\0${c.password}`);

/** The first line: PLAIN carries its initial response (RFC 4954 4), LOGIN waits for the server's prompts. */
export function authCommand(mechanism: SaslMechanism, c: SaslCredentials): string {
  return mechanism === 'PLAIN' ? `AUTH PLAIN ${plainResponse(c)}` : 'AUTH LOGIN';
}

/**
 * What to answer to the n-th 334 challenge (n from 0). LOGIN: the user name, then the password.
 * PLAIN: the credentials once more (for a server that ignored the initial response). Past that the
 * exchange makes no sense, so the client cancels with "*" (RFC 4954 4) and the server answers 501.
 */
export function answerChallenge(mechanism: SaslMechanism, n: number, c: SaslCredentials): string {
  if (mechanism === 'PLAIN') return n === 0 ? plainResponse(c) : '*';
  if (n === 0) return base64Utf8(c.username);
  if (n === 1) return base64Utf8(c.password);
  return '*';
}
