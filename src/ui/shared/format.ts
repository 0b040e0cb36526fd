/** Display formatting shared by the popup, the options and the comparison pages. Locale-aware via Intl. */
import { t } from './i18n';
import type { VersionOrigin } from '../../protocol/types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function uiLocale(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/**
 * One formatter per locale and style: making an Intl formatter costs far more than using one, the
 * library list formats two dates for every row it renders while scrolling, and the popup words
 * several relative times on every open.
 */
const formats = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function kept<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(
  style: string,
  make: (locale: string | undefined) => T,
): T {
  const locale = uiLocale();
  const key = `${locale ?? ''}\n${style}`;
  let format = formats.get(key) as T | undefined;
  if (!format) {
    format = make(locale);
    formats.set(key, format);
  }
  return format;
}

function dateFormat(style: 'date' | 'dateTime'): Intl.DateTimeFormat {
  return kept(
    style,
    (locale) =>
      new Intl.DateTimeFormat(
        locale,
        style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' },
      ),
  );
}

/** "3 min. ago", "yesterday", "in 2 hr." — the short form fits the popup's header line. */
export function formatRelative(time: number, now: number): string {
  const rtf = kept(
    'relative',
    (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }),
  );
  const delta = time - now;
  const size = Math.abs(delta);
  if (size < MINUTE) return rtf.format(0, 'second');
  if (size < HOUR) return rtf.format(Math.round(delta / MINUTE), 'minute');
  if (size < DAY) return rtf.format(Math.round(delta / HOUR), 'hour');
  if (size < 30 * DAY) return rtf.format(Math.round(delta / DAY), 'day');
  return formatDate(time);
}

/** Absolute date and time, for title attributes and version pickers. */
export function formatDateTime(time: number | string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return dateFormat('dateTime').format(date);
}

export function formatDate(time: number | string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return dateFormat('date').format(date);
}

/** Whole percent, clamped: a match score of 0.816 reads "82". */
export function percent(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** What a reader calls the outlet: the site's own name when it gave one, else its address. */
export function outletName(source: {
  siteName: string | null;
  outlet?: string | null;
  url?: string | null;
}): string {
  if (source.siteName?.trim()) return source.siteName.trim();
  if (source.outlet) return source.outlet;
  if (source.url) {
    try {
      return new URL(source.url).hostname.replace(/^www\./, '');
    } catch {
      return source.url;
    }
  }
  return '';
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Published times come from the page and may be unparseable; show them as given then. */
export function formatPublished(iso: string | null): string | null {
  if (!iso) return null;
  return formatDate(iso);
}

/** Only web addresses become links: a stored URL is page data and must not smuggle a script URL. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** What a failed request says to the reader: its message, else a generic "unknown error". */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return t('options_errorUnknown');
}

/**
 * An archive's capture time as the archive states it, in UTC, written the way the reader's
 * language writes dates: "Sep 25, 2024, 2:00 PM UTC" (en-US), "25 Sept 2024, 14:00 UTC" (en-GB),
 * "25. Sept. 2024, 14:00 UTC" (de). `locale` defaults to the browser's UI language.
 */
export function formatUtc(time: number, locale: string | undefined = uiLocale()): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}

/**
 * Where and when a version was captured, for pickers and timelines: "Internet Archive, captured
 * 25 Sep 2024 14:00 UTC" for an archive's capture, the local date and time for the reader's own.
 */
export function versionOriginLabel(version: { capturedAt: number; origin?: VersionOrigin }): string {
  const origin = version.origin;
  if (origin?.kind === 'archive')
    return t('shared_originArchive', [origin.archive, formatUtc(version.capturedAt)]);
  return formatDateTime(version.capturedAt);
}
