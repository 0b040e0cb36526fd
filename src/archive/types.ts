/** What the archive module hands back. Plain data: it crosses the extension's message boundary. */

/** One capture as an archive lists it (CDX row or Memento entry), before it is read. */
export interface Capture {
  /** Wayback timestamp, 14 digits, UTC. */
  timestamp: string;
  /** The same instant in milliseconds since the epoch. */
  time: number;
  /** The address that was captured. */
  original: string;
  /** HTTP status the archive recorded, when it says. */
  statusCode: number | null;
  /** The archive's digest of the captured bytes (SHA-1, base 32, for Wayback), when it says. */
  digest: string | null;
  mimetype: string | null;
  /** Memento URI as the archive listed it, for archives known only through a TimeMap. */
  memento: string | null;
}

/** A line of an archive's answer that was not a capture, and why. */
export interface SkippedLine {
  /** 1-based line of the answer. */
  line: number;
  text: string;
  reason: string;
}

export interface CaptureList {
  captures: Capture[];
  skipped: SkippedLine[];
}

export type CaptureStatus = 'used' | 'same' | 'skipped';

/**
 * Why a capture is `same` or `skipped`, as a code a UI can word in the reader's language; the
 * `reason` beside it is the English detail (the CLI prints it).
 */
export type CaptureReasonCode =
  /** The archive could not serve it (HTTP 503). */
  | 'unavailable'
  /** Any other HTTP error. */
  | 'http-error'
  | 'not-html'
  | 'too-large'
  | 'truncated'
  /** The archive answered with a capture already read. */
  | 'same-capture'
  /** The same text as an earlier capture. */
  | 'same-text'
  | 'not-article'
  | 'cookie-wall'
  | 'paywall'
  | 'error-page'
  | 'different-article';

/** A capture that was read, and what became of it. */
export interface CaptureOutcome {
  timestamp: string;
  /** ISO 8601, UTC. */
  time: string;
  /** The raw capture's address (after the archive's redirects). */
  url: string;
  status: CaptureStatus;
  /** Why it is `same` or `skipped`; null for `used`. */
  reason: string | null;
  /** The same, as a code; null for `used`. */
  reasonCode: CaptureReasonCode | null;
  /** The extracted article's content hash; null when nothing was extracted. */
  contentHash: string | null;
  /** The page as archived, for `used` captures only (so the caller can store or re-extract it). */
  html?: string;
}

export type ArchiveFaultKind =
  'unavailable' | 'rate-limited' | 'timeout' | 'cancelled' | 'network' | 'bad-answer';
