/**
 * RFC 5322 3.3 date-time. Time is always given (epoch milliseconds from the world's clock) and the
 * zone is an explicit offset, so the same inputs give the same text on every machine.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

/** `Sat, 28 Nov 2026 20:52:27 +0000`: the wall clock at the given offset, then the offset. */
export function formatRfc5322Date(epochMs: number, tzOffsetMinutes = 0): string {
  // Shifting the instant by the offset and reading it as UTC gives the local wall clock.
  const d = new Date(Math.floor(epochMs / 1000) * 1000 + tzOffsetMinutes * 60_000);
  const day = DAYS[d.getUTCDay()];
  const month = MONTHS[d.getUTCMonth()];
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${day}, ${pad2(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${time} ${formatOffset(tzOffsetMinutes)}`;
}

/**
 * The date as Postfix's mail_date() writes it in Received, Date and DSN fields: the RFC 5322 date
 * followed by the zone name as a comment. Only UTC has a name we can know from an offset alone.
 */
export function formatMailDate(epochMs: number, tzOffsetMinutes = 0, zoneName?: string): string {
  const name = zoneName ?? (tzOffsetMinutes === 0 ? 'UTC' : undefined);
  const base = formatRfc5322Date(epochMs, tzOffsetMinutes);
  return name === undefined ? base : `${base} (${name})`;
}

export interface ParsedDate {
  readonly epochMs: number;
  readonly tzOffsetMinutes: number;
}

/** RFC 5322 4.3 obsolete zones. Military letters were used inconsistently, so they mean -0000. */
const OBS_ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  GMT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

function parseZone(zone: string): number | undefined {
  const numeric = /^([+-])(\d\d)(\d\d)$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    if (Number(numeric[3]) > 59) return undefined;
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const upper = zone.toUpperCase();
  if (upper in OBS_ZONES) return OBS_ZONES[upper];
  if (/^[A-IK-Z]$/.test(upper)) return 0;
  return undefined;
}

/** RFC 5322 4.3: two-digit years below 50 are 20xx, three-digit years add 1900. */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 2) return y < 50 ? 2000 + y : 1900 + y;
  if (text.length === 3) return 1900 + y;
  return y;
}

const DATE_RE =
  /^(?:([A-Za-z]{3})\s*,\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|[A-Za-z]{1,5})$/;

/**
 * Reads a date-time back, tolerating the obsolete forms of RFC 5322 4.3 and trailing comments
 * such as Postfix's "(UTC)". Returns undefined for anything that is not a real calendar instant.
 */
export function parseRfc5322Date(text: string): ParsedDate | undefined {
  const cleaned = text
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const m = DATE_RE.exec(cleaned);
  if (!m) return undefined;
  const [, , dayText, monthText, yearText, hh, mm, ss, zoneText] = m;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === monthText?.toLowerCase());
  const zone = parseZone(zoneText ?? '');
  if (month < 0 || zone === undefined) return undefined;
  const day = Number(dayText);
  const year = fullYear(yearText ?? '');
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss ?? '0');
  // 60 is allowed for a leap second; Date folds it into the next minute.
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const wall = Date.UTC(year, month, day, hours, minutes, seconds);
  const check = new Date(Date.UTC(year, month, day));
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return undefined;
  return { epochMs: wall - zone * 60_000, tzOffsetMinutes: zone };
}
