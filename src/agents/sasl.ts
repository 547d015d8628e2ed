import type { Reply } from '../protocol/reply';
import * as R from '../protocol/replies';

/** Where a SASL exchange stands between two lines (RFC 4954). */
export interface SaslState {
  readonly mechanism: string;
  readonly stage: 'start' | 'response' | 'username' | 'password';
  readonly username?: string;
}

export type SaslStep =
  | { readonly kind: 'challenge'; readonly challenge: string; readonly next: SaslState }
  | { readonly kind: 'success'; readonly user: string; readonly reply: Reply }
  | { readonly kind: 'failure'; readonly reply: Reply };

/** RFC 4648 base64 to text, or undefined where it is not base64: a learner's typo is a 501, not a crash. */
export function decodeBase64(text: string): string | undefined {
  const clean = text.trim();
  if (clean === '=') return '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return undefined;
  try {
    const bytes = Uint8Array.from(atob(clean), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function encodeBase64(text: string): string {
  let binary = '';
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

const USERNAME_PROMPT = encodeBase64('Username:');
const PASSWORD_PROMPT = encodeBase64('Password:');

function check(accounts: Readonly<Record<string, string>>, user: string, password: string): SaslStep {
  return Object.hasOwn(accounts, user) && accounts[user] === password
    ? { kind: 'success', user, reply: R.S235_AUTH_OK }
    : { kind: 'failure', reply: R.S535_AUTH_FAILED };
}

/**
 * One step of AUTH PLAIN or AUTH LOGIN. `response` is the initial response on the AUTH line (may be absent)
 * or the line the client sent after a 334.
 */
export function saslStep(state: SaslState, response: string | undefined, accounts: Readonly<Record<string, string>>): SaslStep {
  if (response?.trim() === '*') return { kind: 'failure', reply: R.S501_AUTH_CANCELLED };
  if (state.mechanism !== 'PLAIN' && state.mechanism !== 'LOGIN') return { kind: 'failure', reply: R.S504_AUTH_MECH };
  if (response === undefined) {
    return state.mechanism === 'PLAIN'
      ? { kind: 'challenge', challenge: '', next: { mechanism: 'PLAIN', stage: 'response' } }
      : { kind: 'challenge', challenge: USERNAME_PROMPT, next: { mechanism: 'LOGIN', stage: 'username' } };
  }
  const decoded = decodeBase64(response);
  if (decoded === undefined) return { kind: 'failure', reply: R.S501_CANNOT_DECODE };
  if (state.mechanism === 'PLAIN') {
    // RFC 4616: [authzid] NUL authcid NUL passwd
    const parts = decoded.split('\0');
    if (parts.length !== 3) return { kind: 'failure', reply: R.S535_AUTH_FAILED };
    return check(accounts, parts[1]!, parts[2]!);
  }
  if (state.stage === 'start' || state.stage === 'username') {
    return { kind: 'challenge', challenge: PASSWORD_PROMPT, next: { mechanism: 'LOGIN', stage: 'password', username: decoded } };
  }
  return check(accounts, state.username ?? '', decoded);
}
