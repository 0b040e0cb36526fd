/**
 * Articles and their versions: the reads every use case needs, and the steps the write
 * transactions (src/store/article-writes.ts, trash.ts, settings.ts) share. A step documented as
 * "inside a transaction" joins whichever transaction is running when it is called.
 */
import type { Retention } from '../model/settings';
import type { Article } from '../model/types';
import { forgetResults } from './results';
import { analysedOf, withLatest, type RowDerivations } from './rows';
import type { ArticleRow, CrosscheckDb, VersionRow } from './schema';

const DAY_MS = 86_400_000;

export interface StoredCapture {
  articleId: number;
  versionId: number;
  /** True when this capture stored a new version (false: identical content seen again). */
  stored: boolean;
}

export type ArticleOrder = 'lastCapturedAt' | 'publishedKey' | 'firstCapturedAt';

export function articleAt(db: CrosscheckDb, urlKey: string): Promise<ArticleRow | undefined> {
  return db.articles.where('urlKey').equals(urlKey).first();
}

export function getArticle(db: CrosscheckDb, articleId: number): Promise<ArticleRow | undefined> {
  return db.articles.get(articleId);
}

/** The rows of `ids` in the same order, undefined where one no longer exists. */
export function getArticles(db: CrosscheckDb, ids: number[]): Promise<(ArticleRow | undefined)[]> {
  return db.articles.bulkGet(ids);
}

export function allArticles(db: CrosscheckDb): Promise<ArticleRow[]> {
  return db.articles.toArray();
}

export function countArticles(db: CrosscheckDb): Promise<number> {
  return db.articles.count();
}

export function countVersions(db: CrosscheckDb): Promise<number> {
  return db.versions.count();
}

/** One page of articles read off an index, without loading the rest. */
export function articlePage(
  db: CrosscheckDb,
  order: ArticleOrder,
  descending: boolean,
  offset: number,
  limit: number,
): Promise<ArticleRow[]> {
  const ordered = db.articles.orderBy(order);
  return (descending ? ordered.reverse() : ordered).offset(offset).limit(limit).toArray();
}

export function getVersion(db: CrosscheckDb, versionId: number): Promise<VersionRow | undefined> {
  return db.versions.get(versionId);
}

/** The rows of `ids` in the same order, undefined where one no longer exists. */
export function getVersions(db: CrosscheckDb, ids: number[]): Promise<(VersionRow | undefined)[]> {
  return db.versions.bulkGet(ids);
}

/** Versions of one article, oldest first. */
export async function versionsOf(db: CrosscheckDb, articleId: number): Promise<VersionRow[]> {
  const rows = await db.versions.where('articleId').equals(articleId).toArray();
  return rows.sort((a, b) => a.capturedAt - b.capturedAt || a.id - b.id);
}

/** Whether this content is already stored for this article. */
export async function hasContent(db: CrosscheckDb, articleId: number, contentHash: string): Promise<boolean> {
  return (await db.versions.where('[articleId+contentHash]').equals([articleId, contentHash]).count()) > 0;
}

/** How precisely "last seen" is kept. */
const SEEN_PRECISION_MS = 60_000;

/**
 * When this content is already stored for this address, records that it was seen again and
 * returns that version. Inside a read-write transaction over articles and versions.
 */
export async function touchIfStored(
  db: CrosscheckDb,
  article: Article,
  now: number,
): Promise<StoredCapture | null> {
  const row = await articleAt(db, article.urlKey);
  if (!row) return null;
  const [sameId] = await db.versions
    .where('[articleId+contentHash]')
    .equals([row.id, article.contentHash])
    .primaryKeys();
  if (sameId === undefined) return null;
  // "Last seen" is kept to the minute: a version row holds the whole text, and rewriting it on
  // every reopening of the popup was most of what a reopening cost.
  const seenJustNow = sameId === row.latestVersionId && now - row.lastSeenAt < SEEN_PRECISION_MS;
  if (!seenJustNow) {
    await db.versions.update(sameId, { lastSeenAt: now });
    await db.articles.update(row.id, { lastSeenAt: now });
  }
  return { articleId: row.id, versionId: sameId, stored: false };
}

/**
 * Brings an article row in line with its remaining versions after versions were removed or
 * added out of order (retention, deletion, undo, import). Deletes the article when none remain.
 * Inside a transaction over articles, versions and matchDocs.
 */
export async function refreshArticle(
  db: CrosscheckDb,
  articleId: number,
  derive: RowDerivations,
): Promise<void> {
  const row = await db.articles.get(articleId);
  const versions = await versionsOf(db, articleId);
  if (!row) return;
  const latest = versions.at(-1);
  if (!latest) {
    await db.articles.delete(articleId);
    await db.matchDocs.delete(articleId);
    return;
  }
  const next = withLatest(
    {
      ...row,
      firstCapturedAt: Math.min(row.firstCapturedAt, versions[0]?.capturedAt ?? row.firstCapturedAt),
    },
    latest.article,
    { versionId: latest.id, capturedAt: latest.capturedAt, versionCount: versions.length },
    Math.max(row.lastSeenAt, latest.lastSeenAt),
  );
  await db.articles.put(next);
  const docRow = await db.matchDocs.get(articleId);
  if (docRow?.versionId !== latest.id) {
    await db.matchDocs.put({
      articleId,
      versionId: latest.id,
      doc: derive.matchDoc(articleId, latest.article, latest.capturedAt),
    });
  }
  // Each version's change count is against the one before it, which may have changed.
  for (let i = 0; i < versions.length; i++) {
    const version = versions[i]!;
    const before = versions[i - 1];
    const expected = before ? derive.changeCount(analysedOf(before), analysedOf(version)) : null;
    if (version.changeCount !== expected) await db.versions.update(version.id, { changeCount: expected });
  }
}

/**
 * Deletes the versions the retention setting no longer keeps; the newest always stays. Returns
 * the deleted ids. Inside a transaction over articles, versions, matchDocs and results.
 */
export async function applyRetention(
  db: CrosscheckDb,
  articleId: number,
  retention: Retention,
  now: number,
  derive: RowDerivations,
): Promise<number[]> {
  if (retention.kind === 'all') return [];
  const versions = await versionsOf(db, articleId);
  const keepFrom =
    retention.kind === 'last'
      ? Math.max(0, versions.length - Math.max(1, retention.count))
      : versions.findIndex((v) => v.capturedAt >= now - retention.days * DAY_MS);
  const cut = keepFrom < 0 ? versions.length - 1 : Math.min(keepFrom, versions.length - 1);
  const doomed = versions.slice(0, cut).map((v) => v.id);
  if (doomed.length === 0) return [];
  await db.versions.bulkDelete(doomed);
  await forgetResults(db);
  await refreshArticle(db, articleId, derive);
  return doomed;
}

/**
 * Articles `offset` to `offset + limit` of an export, with the export's length: the ids asked
 * for in their order (undefined where one is gone), or the whole library by first capture.
 */
export async function exportSlice(
  db: CrosscheckDb,
  ids: number[] | null,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: (ArticleRow | undefined)[] }> {
  const total = ids ? ids.length : await db.articles.count();
  const rows = ids
    ? await db.articles.bulkGet(ids.slice(offset, offset + limit))
    : await articlePage(db, 'firstCapturedAt', false, offset, limit);
  return { total, rows };
}
