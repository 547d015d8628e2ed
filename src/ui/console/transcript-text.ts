import type { TranscriptItem } from '../../world/exercise-sessions';

/** The telnet lines shown before and around the dialog itself. */
export const telnetText = {
  command: (from: string, host: string, port: number): string => `${from}$ telnet ${host} ${port}`,
  trying: (ip: string | undefined, host: string): string => `Trying ${ip ?? host}...`,
  connected: (host: string): string => `Connected to ${host}.`,
  escape: "Escape character is '^]'.",
  failed: (reason: string): string => `telnet: Unable to connect to remote host: ${reason.replace(/^\(|\)$/g, '')}`,
  closed: (byServer: boolean): string => (byServer ? 'Connection closed by foreign host.' : 'Connection closed.'),
} as const;

/** The lines an item shows, as a terminal would. */
export function itemLines(item: TranscriptItem): readonly string[] {
  switch (item.kind) {
    case 'connect':
      return [telnetText.connected(item.to), telnetText.escape];
    case 'failed':
      return [telnetText.failed(item.reason)];
    case 'sent':
      return [item.text];
    case 'reply':
    case 'partial':
      return item.lines;
    case 'closed':
      return [telnetText.closed(item.byServer)];
  }
}

/** The whole session as plain text, the way it would read in a terminal: for the Copy button. */
export function sessionText(session: { from: string; host: string; port: number; ip?: string }, items: readonly TranscriptItem[]): string {
  const lines = [telnetText.command(session.from, session.host, session.port), telnetText.trying(session.ip, session.host)];
  for (const item of items) lines.push(...itemLines(item));
  return `${lines.join('\n')}\n`;
}
