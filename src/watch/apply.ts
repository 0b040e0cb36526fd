/**
 * What a finished check does to a watch: the new state, the version to store (if any) and the
 * news to tell the reader (if any). Pure, so the store can run it inside its transaction and
 * the CLI over its in-memory state, and both get the same answers.
 *
 * ## The contract with the store
 *
 * The store layer calls `applyCheckResult` inside ONE read-write transaction over the watch
 * and the article's versions, with `watch` and `storedHashes` (the content hashes of the
 * versions stored for the article) read in that same transaction, then writes back exactly
 * what it returns: `watch`, and `storeVersion` as a new version when it is not null. Then:
 *
 * - **Two checks of one article never store two versions.** A result is applied once: one whose
 *   check ended no later than the watch's `lastCheckAt` is stale (another check of the same
 *   article was applied after it started, or this one already was) and changes nothing. A
 *   version is stored only when its content hash is not among `storedHashes`, so two checks
 *   that read the same edit store it once, whichever commits first; IndexedDB serialises the
 *   transactions, and the unique [articleId+contentHash] index backs this up.
 * - **Offline is nobody's fault.** A result marked `offline` changes nothing: no backoff, and
 *   the watch stays due until the device is back online (dueWatches holds it meanwhile).
 * - **A worker stopped mid-check loses nothing.** The watch's `nextCheckAt` moves only here,
 *   when a result is applied; a check that never finished leaves the watch due, and the next
 *   alarm runs it again.
 * - **The reader is told once.** `notify` is set only for news: a version not stored before
 *   that differs in claims, a first sign that the article was taken down, a move to an address
 *   not seen before.
 */
import type { AnalysedArticle, Comparison } from '../model/types';
import type { CheckOutcome, CheckResult } from './check';
import { nextCheckAt, type ScheduleState, type WatchSettings } from './schedule';

/** How the watch looks to the reader after its last check. */
export type WatchStatus = 'watching' | 'removed' | 'unreadable' | 'error' | 'ended';

export interface WatchRecord extends ScheduleState {
  /** The address the reader watched. */
  url: string;
  /** Where a redirect last took it, null if it never moved. */
  movedTo: string | null;
  /** When the next check is due; null once the watch window is over. */
  nextCheckAt: number | null;
  status: WatchStatus;
  /** Why the status is what it is, in words (e.g. "could not read the article on the last check: …"). */
  reason: string | null;
  /** Outcome of the last applied check, null before the first. */
  lastOutcome: CheckOutcome | null;
  /** Content hash of the newest version read, null before the first. */
  lastHash: string | null;
}

export interface WatchNews {
  kind: 'changed' | 'removed' | 'moved';
  /** One line for the notification body (headlineChange for an edit). */
  summary: string;
  /** For an edit: the claim-level comparison of the stored latest version → the new one. */
  comparison: Comparison | null;
  movedFrom: string | null;
  movedTo: string | null;
}

export interface ApplyResult {
  /** The watch to write back. Unchanged (the same object) when `applied` is false. */
  watch: WatchRecord;
  /** Store this as a new version of the article in the same transaction; null for none. */
  storeVersion: AnalysedArticle | null;
  /** Tell the reader; null when there is nothing new. */
  notify: WatchNews | null;
  /** False for a stale or repeated result, which changes nothing. */
  applied: boolean;
}

/** A new watch, starting now from the version the reader has (its hash and publication time). */
export function startWatch(
  url: string,
  options: { now: number; publishedAt?: number | null; contentHash?: string | null },
  settings: WatchSettings,
  random: () => number,
): WatchRecord {
  const base: WatchRecord = {
    url,
    movedTo: null,
    startedAt: options.now,
    publishedAt: options.publishedAt ?? null,
    lastCheckAt: null,
    failures: 0,
    nextCheckAt: null,
    status: 'watching',
    reason: null,
    lastOutcome: null,
    lastHash: options.contentHash ?? null,
  };
  return withNext(base, settings, options.now, random);
}

function withNext(
  watch: WatchRecord,
  settings: WatchSettings,
  now: number,
  random: () => number,
): WatchRecord {
  const next = nextCheckAt(watch, settings, now, random);
  return next === null ? ended(watch) : { ...watch, nextCheckAt: next };
}

function ended(watch: WatchRecord): WatchRecord {
  return { ...watch, nextCheckAt: null, status: 'ended', reason: watch.reason ?? 'the watch window is over' };
}

/**
 * The watch under a schedule the reader just changed: its next check moved to where the new
 * schedule puts it, counted from its last check (or from when watching began), never earlier
 * than `now`. A watch whose window had closed and that the new schedule extends resumes, with
 * the status of its last check; one the new schedule ends is over.
 */
export function replanWatch(
  watch: WatchRecord,
  settings: WatchSettings,
  now: number,
  random: () => number,
): WatchRecord {
  const next = nextCheckAt(watch, settings, now, random);
  if (next === null) return ended(watch);
  if (watch.status !== 'ended') return { ...watch, nextCheckAt: next };
  return { ...watch, nextCheckAt: next, status: statusAfter(watch.lastOutcome), reason: null };
}

function statusAfter(outcome: CheckOutcome | null): WatchStatus {
  return outcome === 'removed' || outcome === 'unreadable' || outcome === 'error' ? outcome : 'watching';
}

function publishedOf(article: AnalysedArticle | null): number | null {
  const time = article?.article.publishedTime;
  const parsed = time ? Date.parse(time) : NaN;
  return Number.isFinite(parsed) ? parsed : null;
}

/** See the contract at the top of this file. */
export function applyCheckResult(
  watch: WatchRecord,
  result: CheckResult,
  storedHashes: ReadonlySet<string>,
  settings: WatchSettings,
  random: () => number,
): ApplyResult {
  if (result.offline || (watch.lastCheckAt !== null && result.checkedAt <= watch.lastCheckAt))
    return { watch, storeVersion: null, notify: null, applied: false };
  const hash = result.contentHash;
  const newVersion = result.article !== null && hash !== null && !storedHashes.has(hash);
  const storeVersion = newVersion ? result.article : null;
  // A new hash with no claim-level difference (page furniture, a newer extractor) is stored but
  // is not worth interrupting the reader for.
  const edited = newVersion && result.comparison !== null && result.comparison.differences.length > 0;
  let notify: WatchNews | null = null;
  const next: WatchRecord = {
    ...watch,
    lastCheckAt: result.checkedAt,
    lastOutcome: result.outcome,
    publishedAt: watch.publishedAt ?? publishedOf(result.article),
    lastHash: hash ?? watch.lastHash,
    failures: result.outcome === 'error' ? watch.failures + 1 : 0,
    status: 'watching',
    reason: null,
  };
  switch (result.outcome) {
    case 'changed':
    case 'unchanged':
      // A hash already stored is a version some other check (or the reader's visit) saved:
      // nothing new to say, however the latest version compares.
      if (edited)
        notify = {
          kind: 'changed',
          summary: result.summary ?? 'the article was edited',
          comparison: result.comparison,
          movedFrom: null,
          movedTo: null,
        };
      break;
    case 'moved': {
      const seen = result.movedTo !== null && result.movedTo === watch.movedTo;
      next.movedTo = result.movedTo;
      next.reason = result.reason;
      if (!seen || edited)
        notify = {
          kind: seen ? 'changed' : 'moved',
          summary: result.summary ?? `moved to ${result.movedTo ?? result.finalUrl}`,
          comparison: edited ? result.comparison : null,
          movedFrom: result.movedFrom,
          movedTo: result.movedTo,
        };
      break;
    }
    case 'removed':
      next.status = 'removed';
      next.reason = result.reason;
      if (watch.status !== 'removed')
        notify = {
          kind: 'removed',
          summary: result.reason ?? 'the article was taken down',
          comparison: null,
          movedFrom: null,
          movedTo: null,
        };
      break;
    case 'unreadable':
      next.status = 'unreadable';
      next.reason = result.reason;
      break;
    case 'error':
      next.status = 'error';
      next.reason = result.reason;
      break;
  }
  return { watch: withNext(next, settings, result.checkedAt, random), storeVersion, notify, applied: true };
}

/** Notification titles get about two lines; browsers cut longer ones mid-word, this cuts at a word. */
const MAX_TITLE_CHARS = 100;

/**
 * The system notification for news of a watch: the outlet and headline as the title, what
 * happened (the most significant claim change, for an edit) as the message. Plain text both.
 */
export function notificationText(
  news: WatchNews,
  article: { title: string; outletName: string | null },
): { title: string; message: string } {
  const outlet = article.outletName?.trim() || 'Watched article';
  const headline = article.title.replace(/\s+/g, ' ').trim();
  const full = headline ? `${outlet}: ${headline}` : outlet;
  let title = full;
  if (full.length > MAX_TITLE_CHARS) {
    const cut = full.slice(0, MAX_TITLE_CHARS - 1);
    const space = cut.lastIndexOf(' ');
    title = `${(space > MAX_TITLE_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  const message = news.summary.charAt(0).toUpperCase() + news.summary.slice(1);
  return { title, message };
}
