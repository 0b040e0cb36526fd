/**
 * The three time notations archives use: Wayback's 14-digit timestamps (UTC, `YYYYMMDDhhmmss`),
 * HTTP dates (RFC 9110 IMF-fixdate, used by Memento `datetime` and `Retry-After`), and ISO 8601
 * for everything this project prints. Parsed by hand so the result does not depend on how a
 * JavaScript engine's `Date.parse` treats the obsolete forms.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  // Date.UTC rolls 31 Feb over into March; a timestamp that does so is not a real one.
  return new Date(ms).getUTCDate() === d ? ms : null;
}

/**
 * Milliseconds since the epoch for a Wayback timestamp. Archives accept and sometimes print
 * shorter prefixes (`2024`, `20240925`); missing parts count from the start of the period.
 */
export function parseTimestamp(timestamp: string): number | null {
  if (!/^\d{4,14}$/.test(timestamp) || timestamp.length % 2 !== 0) return null;
  const full = timestamp.padEnd(14, '0');
  const part = (from: number, to: number) => Number(full.slice(from, to));
  const month = timestamp.length >= 6 ? part(4, 6) : 1;
  const day = timestamp.length >= 8 ? part(6, 8) : 1;
  return utc(part(0, 4), month, day, part(8, 10), part(10, 12), part(12, 14));
}

export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    String(d.getUTCFullYear()).padStart(4, '0') +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds())
  );
}

/** ISO 8601 in UTC without milliseconds: `2024-09-25T14:00:00Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * An HTTP date: the IMF-fixdate everyone sends (`Wed, 25 Sep 2024 14:00:00 GMT`), plus the two
 * obsolete forms recipients must accept (RFC 850 `Wednesday, 25-Sep-24 …` and asctime).
 */
export function parseHttpDate(value: string): number | null {
  const text = value.trim();
  const month = (name: string) => MONTHS.indexOf(name.toLowerCase()) + 1;
  let m =
    /^(?:[a-z]{3},\s*)?(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:GMT|UTC|\+0000)$/i.exec(
      text,
    );
  if (m) return utc(Number(m[3]), month(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = /^[a-z]+,\s*(\d{2})-([a-z]{3})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s+GMT$/i.exec(text);
  if (m) {
    // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
    const yy = Number(m[3]);
    const year = 2000 + yy > new Date().getUTCFullYear() + 50 ? 1900 + yy : 2000 + yy;
    return utc(year, month(m[2]!), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  m = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/i.exec(text);
  if (m) return utc(Number(m[6]), month(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return null;
}

/**
 * When a `Retry-After` answer allows the next request: delay-seconds or an HTTP date. Null when
 * the header is absent or unreadable, so the caller falls back to its own back-off.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return now + Number(text) * 1000;
  const date = parseHttpDate(text);
  return date === null ? null : Math.max(now, date);
}
