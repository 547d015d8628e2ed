import { fqdn } from './names';
import { type DnsStep, finalName, type ServfailCause } from './resolve';
import type { DnsRecord } from './zone';

/** One resource record as dig's answer section prints it, without TTL and class. */
export function formatRecord(r: DnsRecord): string {
  const owner = `${fqdn(r.name)} ${r.type}`;
  switch (r.type) {
    case 'MX':
      return `${owner} ${r.preference} ${fqdn(r.exchange)}`;
    case 'A':
    case 'AAAA':
      return `${owner} ${r.address}`;
    case 'CNAME':
      return `${owner} ${fqdn(r.target)}`;
    case 'TXT':
      return `${owner} ${JSON.stringify(r.text)}`;
  }
}

const SERVFAIL_TEXT: Readonly<Record<ServfailCause, string>> = {
  fault: 'SERVFAIL',
  'cname-loop': 'SERVFAIL (CNAME loop)',
  'cname-chain-too-long': 'SERVFAIL (CNAME chain too long)',
};

/** The answer as lines: the aliases followed, then the records or the negative status for the final name. */
export function answerLines(step: DnsStep): string[] {
  const { answer, query } = step;
  const chain = answer.cnameChain.map(formatRecord);
  if (answer.kind === 'answer') return [...chain, ...answer.records.map(formatRecord)];
  const status =
    answer.kind === 'servfail' ? SERVFAIL_TEXT[answer.cause] : answer.kind === 'timeout' ? 'TIMEOUT' : answer.kind.toUpperCase();
  return [...chain, `${fqdn(finalName(query.name, answer.cnameChain))} ${query.type} ${status}`];
}

/** One line for a trace or a token's label, e.g. `recipient.example. MX 10 mx1.recipient.example.` */
export const describeAnswer = (step: DnsStep): string => answerLines(step).join('; ');
