/**
 * RFC 4616 PLAIN: the message is authzid NUL authcid NUL passwd, in UTF-8, and AUTH PLAIN sends it in
 * base64 (RFC 4954). What a mail client computes before it logs in, spelled out for the learner.
 */
export function plainMessage(user: string, password: string, authzid = ''): string {
  return `${authzid}\u0000${user}\u0000${password}`;
}

/** base64 of the UTF-8 bytes of `text` (btoa alone takes Latin-1 code units). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The message with each NUL written as \0, the way books print it. */
export function showNuls(text: string): string {
  return text.replace(/\u0000/g, '\\0');
}

/** The UTF-8 bytes as hex pairs, NULs included: what base64 actually encodes. */
export function hexBytes(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function authPlainLine(user: string, password: string): string {
  return `AUTH PLAIN ${base64Utf8(plainMessage(user, password))}`;
}
