import { isRoot, normalizeName } from './names';
import type { DnsRecord } from './zone';

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** RFC 4291 2.2 text forms, without the dotted IPv4 tail no scenario needs. */
function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/**
 * Mistakes a real name server or resolver would refuse or stumble on, phrased for the scenario author.
 * The resolver still answers for such zones (a broken zone is a fine lesson); this only lets a loader warn.
 */
export function zoneProblems(records: readonly DnsRecord[]): string[] {
  const problems: string[] = [];
  const at = (name: string) => records.filter((r) => normalizeName(r.name) === normalizeName(name));
  const owners = [...new Set(records.map((r) => normalizeName(r.name)))];
  for (const owner of owners) {
    const here = at(owner);
    const cnames = here.filter((r) => r.type === 'CNAME').length;
    if (cnames > 1) problems.push(`${owner}: more than one CNAME`);
    if (cnames > 0 && here.length > cnames) problems.push(`${owner}: CNAME and other data (RFC 1034 3.6.2)`);
    const mx = here.filter((r) => r.type === 'MX');
    if (mx.some((r) => isRoot(r.exchange)) && mx.length > 1) {
      problems.push(`${owner}: null MX beside other MX records (RFC 7505 3)`);
    }
  }
  for (const r of records) {
    if (r.type === 'MX') {
      if (!Number.isInteger(r.preference) || r.preference < 0 || r.preference > 65535) {
        problems.push(`${r.name}: MX preference ${r.preference} is not an integer from 0 to 65535`);
      }
      if (isRoot(r.exchange) && r.preference !== 0) problems.push(`${r.name}: null MX must have preference 0`);
      if (at(r.exchange).some((x) => x.type === 'CNAME')) {
        problems.push(`${r.name}: MX exchange ${normalizeName(r.exchange)} is an alias (RFC 2181 10.3)`);
      }
    }
    if (r.type === 'A' && !IPV4.test(r.address)) problems.push(`${r.name}: ${r.address} is not an IPv4 address`);
    if (r.type === 'AAAA' && !isIpv6(r.address)) problems.push(`${r.name}: ${r.address} is not an IPv6 address`);
  }
  return problems;
}
