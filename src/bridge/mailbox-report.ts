import type { World } from '../world/world';

/** The mailboxes as the recipients would find them, printed the way `npm run sim` ends. */
export function formatMailboxes(world: World): string[] {
  const out: string[] = [];
  for (const { host, mailbox } of world.mailboxes()) {
    out.push(`=== Mailbox ${mailbox.address} on ${host}: ${mailbox.messages.length} message(s)`);
    for (const m of mailbox.messages) {
      out.push(`--- message ${m.uid} (envelope sender <${m.envelopeFrom}>)`);
      out.push(m.raw.replace(/\r\n/g, '\n').trimEnd());
    }
    out.push('');
  }
  return out;
}
