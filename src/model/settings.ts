/**
 * The reader's settings, as the store keeps them and the protocol carries them. Pure types and
 * their checks: both sides of a message and the store read them, none of them owns them.
 */

export type AutoCaptureMode = 'off' | 'allowed-outlets' | 'all';

export type Retention = { kind: 'all' } | { kind: 'last'; count: number } | { kind: 'days'; days: number };

export interface Settings {
  autoCapture: AutoCaptureMode;
  retention: Retention;
  /** "Check web archives for articles I open": off until the reader turns it on. */
  archiveOnOpen: boolean;
  /** Base address of the web archive to ask (the Wayback Machine or any Memento archive). */
  archiveBase: string;
  /** When watched articles are re-read (the options page's "Watch schedule"). */
  watch: WatchSchedule;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The part of the watch list's schedule the reader sets (src/watch/schedule.ts owns the rest:
 * jitter, backoff, the offline retry). Times in milliseconds, as the engine counts them.
 */
export interface WatchSchedule {
  /** Re-read this often while the article is young … */
  earlyIntervalMs: number;
  /** … which is its first this-long after publication (or after watching began) … */
  earlyPeriodMs: number;
  /** … then this often … */
  lateIntervalMs: number;
  /** … and stop this long after publication (or after watching began). */
  windowMs: number;
  /** At most this many re-reads of watched articles in any hour, all of them together. */
  maxFetchesPerHour: number;
}

/** Every 3 hours for 2 days, then daily, for 14 days; at most 30 fetches an hour. */
export const DEFAULT_WATCH_SCHEDULE: Readonly<WatchSchedule> = Object.freeze({
  earlyIntervalMs: 3 * HOUR,
  earlyPeriodMs: 2 * DAY,
  lateIntervalMs: DAY,
  windowMs: 14 * DAY,
  maxFetchesPerHour: 30,
});

export type WatchScheduleLimits = Readonly<Record<keyof WatchSchedule, { min: number; max: number }>>;

/**
 * What a reader may choose: no re-read more often than hourly (an outlet should not see a reader
 * as a crawler), none less often than weekly, a watch of at most 90 days.
 */
export const WATCH_SCHEDULE_LIMITS: WatchScheduleLimits = Object.freeze({
  earlyIntervalMs: { min: HOUR, max: DAY },
  earlyPeriodMs: { min: 0, max: 30 * DAY },
  lateIntervalMs: { min: HOUR, max: 7 * DAY },
  windowMs: { min: DAY, max: 90 * DAY },
  maxFetchesPerHour: { min: 1, max: 120 },
});

/**
 * What any stored schedule must keep to, whoever wrote it: intervals of a second or more, so a
 * schedule can never make the background loop. A value outside reads as the default. The e2e
 * build lets its tests choose within these (seconds, where a reader chooses hours).
 */
export const WATCH_SCHEDULE_BOUNDS: WatchScheduleLimits = Object.freeze({
  earlyIntervalMs: { min: 1000, max: 365 * DAY },
  earlyPeriodMs: { min: 0, max: 365 * DAY },
  lateIntervalMs: { min: 1000, max: 365 * DAY },
  windowMs: { min: 1000, max: 365 * DAY },
  maxFetchesPerHour: { min: 1, max: 10_000 },
});

export const WATCH_SCHEDULE_KEYS: readonly (keyof WatchSchedule)[] = Object.freeze([
  'earlyIntervalMs',
  'earlyPeriodMs',
  'lateIntervalMs',
  'windowMs',
  'maxFetchesPerHour',
]);

/** A schedule with every field a finite number inside `limits` (and a whole number of fetches). */
export function isWatchSchedule(
  value: unknown,
  limits: WatchScheduleLimits = WATCH_SCHEDULE_LIMITS,
): value is WatchSchedule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const candidate = value as Record<string, unknown>;
  if (Object.keys(candidate).some((key) => !WATCH_SCHEDULE_KEYS.includes(key as keyof WatchSchedule)))
    return false;
  return WATCH_SCHEDULE_KEYS.every((key) => {
    const field = candidate[key];
    const { min, max } = limits[key];
    return (
      typeof field === 'number' &&
      Number.isFinite(field) &&
      field >= min &&
      field <= max &&
      (key !== 'maxFetchesPerHour' || Number.isInteger(field))
    );
  });
}

/** The Internet Archive's Wayback Machine, the archive asked unless the reader picks another. */
export const DEFAULT_ARCHIVE_BASE = 'https://web.archive.org';

export const DEFAULT_SETTINGS: Settings = {
  autoCapture: 'off',
  retention: { kind: 'all' },
  archiveOnOpen: false,
  archiveBase: DEFAULT_ARCHIVE_BASE,
  watch: DEFAULT_WATCH_SCHEDULE,
};

/** An archive base: an http(s) address of a host, optionally with a path, no query or fragment. */
export function isArchiveBase(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 500) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.host !== '' &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/** The base as the archive client wants it: no trailing slash. */
export function normaliseArchiveBase(value: string): string {
  return value.trim().replace(/\/+$/, '');
}

export function isAutoCaptureMode(value: unknown): value is AutoCaptureMode {
  return value === 'off' || value === 'allowed-outlets' || value === 'all';
}

export function isRetention(value: unknown): value is Retention {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { kind?: unknown; count?: unknown; days?: unknown };
  if (candidate.kind === 'all') return true;
  if (candidate.kind === 'last') return Number.isInteger(candidate.count) && (candidate.count as number) >= 1;
  if (candidate.kind === 'days') return Number.isInteger(candidate.days) && (candidate.days as number) >= 1;
  return false;
}
