/**
 * DNS names compare case-insensitively (RFC 4343) and authors write them with or without the trailing
 * root dot, so every comparison goes through one canonical form: lower case, no trailing dot, and "."
 * for the root itself (the null MX target).
 */
export function normalizeName(name: string): string {
  const lower = name.trim().toLowerCase();
  const bare = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  return bare === '' ? '.' : bare;
}

export const sameName = (a: string, b: string): boolean => normalizeName(a) === normalizeName(b);

export const isRoot = (name: string): boolean => normalizeName(name) === '.';

/** The absolute form dig prints: `mx1.example.`, and `.` for the root. */
export function fqdn(name: string): string {
  const n = normalizeName(name);
  return n === '.' ? '.' : `${n}.`;
}

/**
 * A name with no records of its own still exists when a name below it does (an "empty non-terminal",
 * RFC 8020), so a query there answers NODATA, not NXDOMAIN.
 */
export function isAtOrAbove(ancestor: string, name: string): boolean {
  const a = normalizeName(ancestor);
  const n = normalizeName(name);
  return a === '.' || n === a || n.endsWith(`.${a}`);
}
