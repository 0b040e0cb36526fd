/**
 * The Wayback CDX server's answers. `output=json` is an array of arrays whose first row names the
 * fields (`fl`), one row per line; pywb-style servers answer one JSON object per line instead, and
 * a server that ignores `output` answers space-separated text. A row that is not a capture (a cut
 * line of a truncated answer, a missing field, a bad timestamp) is skipped with its reason, never
 * fatal: the rest of the list is still good.
 */
import { parseTimestamp, formatTimestamp } from './time';
import type { Capture, CaptureList, SkippedLine } from './types';

/** The fields asked for, in this order (the `fl` parameter). */
export const CDX_FIELDS = ['timestamp', 'original', 'statuscode', 'digest', 'mimetype', 'length'] as const;

/** The CDX server's own order when `fl` is not given (and of its plain-text answers). */
const DEFAULT_CDX_FIELDS = ['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'];

export interface CdxQuery {
  /** At most this many rows (the server counts after filtering and collapsing). */
  limit: number;
  /** Wayback timestamps or prefixes bounding the query. */
  from?: string;
  to?: string;
}

/** The query that lists an address's distinct successful captures, earliest first. */
export function cdxQueryUrl(endpoint: string, url: string, query: CdxQuery): string {
  const params = [
    `url=${encodeURIComponent(url)}`,
    'output=json',
    `fl=${CDX_FIELDS.join(',')}`,
    'filter=statuscode:200',
    'collapse=digest',
    `limit=${Math.trunc(query.limit)}`,
  ];
  if (query.from) params.push(`from=${encodeURIComponent(query.from)}`);
  if (query.to) params.push(`to=${encodeURIComponent(query.to)}`);
  return `${endpoint}?${params.join('&')}`;
}

type Row = { line: number; text: string; value: unknown };

function rowsOf(text: string): Row[] {
  try {
    const whole: unknown = JSON.parse(text);
    if (Array.isArray(whole)) {
      // Wayback prints one row per line, so the row number is the line number.
      return (whole as unknown[]).map((value, k) => ({
        line: k + 1,
        text: (JSON.stringify(value) ?? '').slice(0, 200),
        value,
      }));
    }
    return [{ line: 1, text: text.slice(0, 200), value: whole }];
  } catch {
    // Not one JSON value: NDJSON, plain text, or a JSON array cut short. Read it line by line.
  }
  const rows: Row[] = [];
  text.split('\n').forEach((raw, k) => {
    let line = raw.trim();
    if (!line) return;
    if (k === 0 && line.startsWith('[[')) line = line.slice(1);
    if (line === '[' || line === ']') return;
    if (line.endsWith(']]')) line = line.slice(0, -1);
    if (line.endsWith(',')) line = line.slice(0, -1);
    let value: unknown;
    if (line.startsWith('[') || line.startsWith('{')) {
      try {
        value = JSON.parse(line);
      } catch {
        value = { malformed: 'not valid JSON (cut short?)' };
      }
    } else value = line.split(/\s+/);
    rows.push({ line: k + 1, text: raw.trim().slice(0, 200), value });
  });
  return rows;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function field(record: Record<string, string>, name: string): string | null {
  const value = record[name];
  return value === undefined || value === '' || value === '-' ? null : value;
}

function toCapture(record: Record<string, string>): Capture | string {
  const timestamp = field(record, 'timestamp');
  if (!timestamp) return 'no timestamp';
  const time = parseTimestamp(timestamp);
  if (time === null) return `bad timestamp "${timestamp}"`;
  // pywb names three of the fields its own way in its JSON lines.
  const original = field(record, 'original') ?? field(record, 'url');
  if (!original) return 'no original address';
  if (!/^https?:\/\//i.test(original) && !/^[\w.-]+[/:]/.test(original))
    return `bad original address "${original.slice(0, 80)}"`;
  const statusText = field(record, 'statuscode') ?? field(record, 'status');
  const statusCode = statusText !== null && /^\d{3}$/.test(statusText) ? Number(statusText) : null;
  return {
    timestamp: formatTimestamp(time),
    time,
    original,
    statusCode,
    digest: field(record, 'digest'),
    mimetype: field(record, 'mimetype') ?? field(record, 'mime'),
    memento: null,
  };
}

/**
 * The captures in a CDX answer, in the order the server gave them (earliest first). `requested`
 * is the `fl` that was sent: a plain-text answer has no header row to name its fields.
 */
export function parseCdx(text: string, requested: readonly string[] = CDX_FIELDS): CaptureList {
  const captures: Capture[] = [];
  const skipped: SkippedLine[] = [];
  const trimmed = text.trim();
  if (trimmed === '') return { captures, skipped };
  let header: string[] | null = null;
  for (const row of rowsOf(trimmed)) {
    const skip = (reason: string) => skipped.push({ line: row.line, text: row.text, reason });
    const value = row.value;
    let record: Record<string, string>;
    if (isStringArray(value)) {
      if (header === null && value.includes('timestamp') && value.includes('original')) {
        header = value;
        continue;
      }
      const names =
        header ??
        (value.length === requested.length
          ? [...requested]
          : value.length === DEFAULT_CDX_FIELDS.length
            ? DEFAULT_CDX_FIELDS
            : null);
      if (!names) {
        skip(`expected ${requested.length} fields, found ${value.length}`);
        continue;
      }
      if (value.length !== names.length) {
        skip(`expected ${names.length} fields, found ${value.length}`);
        continue;
      }
      record = Object.fromEntries(names.map((name, k) => [name, value[k]!]));
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const object = value as Record<string, unknown>;
      if (typeof object.malformed === 'string') {
        skip(object.malformed);
        continue;
      }
      record = Object.fromEntries(
        Object.entries(object).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '',
        ]),
      );
    } else {
      skip('not a row');
      continue;
    }
    const capture = toCapture(record);
    if (typeof capture === 'string') skip(capture);
    else captures.push(capture);
  }
  return { captures, skipped };
}
