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
}

/** The Internet Archive's Wayback Machine, the archive asked unless the reader picks another. */
export const DEFAULT_ARCHIVE_BASE = 'https://web.archive.org';

export const DEFAULT_SETTINGS: Settings = {
  autoCapture: 'off',
  retention: { kind: 'all' },
  archiveOnOpen: false,
  archiveBase: DEFAULT_ARCHIVE_BASE,
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
