/**
 * The watch list: one row per watched article. A check's result is applied in ONE read-write
 * transaction over the watch and the article's versions (the contract of src/watch/apply.ts):
 * the watch and the stored hashes are read inside it, and the new version, if any, is added by
 * the same capture transaction auto-capture uses, nested in it. So a worker stopped mid-check
 * leaves the watch due (nothing was written), and two checks of one article store one version.
 */
import type { Retention } from '../model/settings';
import {
  applyCheckResult,
  replanWatch,
  startWatch,
  type CheckResult,
  type WatchNews,
  type WatchSettings,
} from '../watch/index';
import { addCapturedVersion, type CaptureSteps, type CaptureWrite } from './article-writes';
import type { CrosscheckDb, WatchRow } from './schema';

const HOUR = 3_600_000;

export function allWatches(db: CrosscheckDb): Promise<WatchRow[]> {
  return db.watches.toArray();
}

export function getWatch(db: CrosscheckDb, articleId: number): Promise<WatchRow | undefined> {
  return db.watches.get(articleId);
}

/**
 * Starts watching a stored article from its newest version (which the reader is looking at), or
 * returns the watch it already has. Null when the article is gone.
 */
export function addWatch(
  db: CrosscheckDb,
  articleId: number,
  origin: string,
  now: number,
  settings: WatchSettings,
  random: () => number,
): Promise<WatchRow | null> {
  return db.transaction('rw', [db.watches, db.articles, db.versions], async () => {
    const existing = await db.watches.get(articleId);
    if (existing) return existing;
    const article = await db.articles.get(articleId);
    if (!article) return null;
    const latest = await db.versions.get(article.latestVersionId);
    const published = article.publishedTime ? Date.parse(article.publishedTime) : NaN;
    const record = startWatch(
      article.url,
      {
        now,
        publishedAt: Number.isFinite(published) ? published : null,
        contentHash: latest?.contentHash ?? null,
      },
      settings,
      random,
    );
    const row: WatchRow = {
      ...record,
      articleId,
      origin,
      seenVersionId: article.latestVersionId,
      unseen: 0,
      fetchStarts: [],
      lastNews: null,
    };
    await db.watches.put(row);
    return row;
  });
}

/** Every watch moved to the schedule the reader just chose (see replanWatch). */
export function replanWatches(
  db: CrosscheckDb,
  settings: WatchSettings,
  now: number,
  random: () => number,
): Promise<void> {
  return db.transaction('rw', db.watches, async () => {
    for (const row of await db.watches.toArray()) {
      await db.watches.put({ ...row, ...replanWatch(row, settings, now, random) });
    }
  });
}

export function removeWatch(db: CrosscheckDb, articleId: number): Promise<void> {
  return db.watches.delete(articleId);
}

/**
 * Records that a check of this watch is starting a fetch, for the hourly budget. Written before
 * the fetch, so a worker stopped during it still counts the fetch it made.
 */
export function noteFetchStart(db: CrosscheckDb, articleId: number, at: number): Promise<void> {
  return db.transaction('rw', db.watches, async () => {
    const row = await db.watches.get(articleId);
    if (!row) return;
    const fetchStarts = [...row.fetchStarts.filter((t) => t > at - HOUR), at];
    await db.watches.update(articleId, { fetchStarts });
  });
}

/** The reader has seen `versionId` of a watched article: its edits up to there are no longer news. */
export function markWatchSeen(db: CrosscheckDb, articleId: number, versionId: number): Promise<boolean> {
  return db.transaction('rw', db.watches, async () => {
    const row = await db.watches.get(articleId);
    if (!row || (row.seenVersionId === versionId && row.unseen === 0)) return false;
    await db.watches.update(articleId, { seenVersionId: versionId, unseen: 0 });
    return true;
  });
}

export interface WatchWrite {
  /** The watch as written; undefined when it was unwatched before the check ended. */
  watch: WatchRow | undefined;
  /** False for a stale or repeated result (nothing was written). */
  applied: boolean;
  news: WatchNews | null;
  /** The capture of the version read, when it was new. */
  stored: CaptureWrite | null;
  /** The article's newest version before this check: what an edit is compared with. */
  beforeVersionId: number | null;
}

export interface WatchWriteSteps {
  outlet: string;
  retention: Retention;
  capture: CaptureSteps;
  settings: WatchSettings;
  random: () => number;
}

/** Applies one finished check, in one transaction (see the top of this file). */
export function applyWatchCheck(
  db: CrosscheckDb,
  articleId: number,
  result: CheckResult,
  steps: WatchWriteSteps,
): Promise<WatchWrite> {
  return db.transaction(
    'rw',
    [db.watches, db.articles, db.versions, db.matchDocs, db.outlets, db.results],
    async (): Promise<WatchWrite> => {
      const row = await db.watches.get(articleId);
      const article = await db.articles.get(articleId);
      if (!row || !article)
        return { watch: row, applied: false, news: null, stored: null, beforeVersionId: null };
      const hashes = await db.versions
        .where('articleId')
        .equals(articleId)
        .toArray((versions) => new Set(versions.map((v) => v.contentHash)));
      const outcome = applyCheckResult(row, result, hashes, steps.settings, steps.random);
      if (!outcome.applied)
        return { watch: row, applied: false, news: null, stored: null, beforeVersionId: null };
      let stored: CaptureWrite | null = null;
      if (outcome.storeVersion) {
        // Reads of a watched address are versions of that article, wherever its canonical link points.
        const version = {
          ...outcome.storeVersion,
          article: { ...outcome.storeVersion.article, urlKey: article.urlKey },
        };
        stored = await addCapturedVersion(
          db,
          version,
          steps.outlet,
          steps.retention,
          result.checkedAt,
          steps.capture,
        );
      }
      const news = outcome.notify;
      const edit = news?.kind === 'changed' && stored?.capture.stored === true;
      const next: WatchRow = {
        ...row,
        ...outcome.watch,
        unseen: row.unseen + (edit ? 1 : 0),
        lastNews: news
          ? {
              kind: news.kind,
              summary: news.summary,
              at: result.checkedAt,
              beforeVersionId: edit ? article.latestVersionId : null,
              afterVersionId: edit ? stored!.capture.versionId : null,
            }
          : row.lastNews,
      };
      await db.watches.put(next);
      return {
        watch: next,
        applied: true,
        news,
        stored,
        beforeVersionId: edit ? article.latestVersionId : null,
      };
    },
  );
}
