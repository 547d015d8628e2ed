import type { Path } from '../protocol/address';
import type { ServerPolicy } from './server-policy';

/** Why a recipient was accepted or refused, in Postfix's order of smtpd_recipient_restrictions. */
export type RecipientVerdict =
  | { readonly accept: true; readonly why: 'local' | 'relay-trusted' | 'relay-authenticated' | 'relay-domain' }
  | { readonly accept: false; readonly why: 'unknown-user' | 'relay-denied' };

const lower = (s: string): string => s.toLowerCase();

/**
 * permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, then reject_unlisted_recipient:
 * a local domain accepts only listed users; anything else is relayed only for trusted or authenticated clients.
 */
export function recipientVerdict(
  policy: ServerPolicy,
  path: Path,
  client: { readonly host: string; readonly authenticated: boolean },
): RecipientVerdict {
  if (path.isPostmaster) return { accept: true, why: 'local' };
  const domain = lower(path.domain);
  if (policy.localDomains.some((d) => lower(d) === domain)) {
    const known = policy.localRecipients.length === 0 || isListed(policy.localRecipients, path);
    return known ? { accept: true, why: 'local' } : { accept: false, why: 'unknown-user' };
  }
  if (policy.trustedClients.some((h) => lower(h) === lower(client.host))) return { accept: true, why: 'relay-trusted' };
  if (client.authenticated) return { accept: true, why: 'relay-authenticated' };
  if (policy.relayDomains.some((d) => lower(d) === domain)) return { accept: true, why: 'relay-domain' };
  return { accept: false, why: 'relay-denied' };
}

/** A listed entry is a full address or, like a local(8) user name, just the local part. */
function isListed(list: readonly string[], path: Path): boolean {
  const address = lower(path.mailbox);
  const local = lower(path.local);
  return list.some((entry) => lower(entry) === address || lower(entry) === local);
}
