/**
 * The transactions that add versions: a capture and an import batch. IndexedDB serialises
 * read-write transactions and the unique [articleId+contentHash] index refuses a duplicate, so a
 * content captured twice at once is stored once.
 */
import type { Retention } from '../model/settings';
import type { AnalysedArticle, Article, VersionOrigin } from '../model/types';
import {
  applyRetention,
  articleAt,
  hasContent,
  refreshArticle,
  touchIfStored,
  type StoredCapture,
} from './articles';
import { StoreError } from './errors';
import { newArticleRow, newVersionRow, withLatest, type RowDerivations } from './rows';
import type { ArchiveLookupMark, ArticleRow, CrosscheckDb } from './schema';

export interface CaptureSteps extends RowDerivations {
  /**
   * The story a newly stored article joins (an article id), asked inside the transaction so it
   * sees the articles stored before it. May read the store.
   */
  storyFor(article: Article, articleId: number): Promise<number>;
}

/** When this content is already stored for this address, records that it was seen again. */
export function markSeen(db: CrosscheckDb, article: Article, now: number): Promise<StoredCapture | null> {
  return db.transaction('rw', [db.articles, db.versions], () => touchIfStored(db, article, now));
}

/**
 * Adds the row of an address seen for the first time, with no versions yet, placed in a story.
 * Inside a read-write transaction over articles.
 */
async function addArticleRow(
  db: CrosscheckDb,
  article: Article,
  outlet: string,
  capturedAt: number,
  steps: CaptureSteps,
): Promise<ArticleRow> {
  const fresh = newArticleRow(article, outlet, capturedAt);
  const id = await db.articles.add(fresh);
  return { ...fresh, id, storyId: await steps.storyFor(article, id) };
}

/** Records an outlet's first article, with the default policy. Inside a transaction over outlets. */
async function ensureOutlet(db: CrosscheckDb, outlet: string, siteName: string | null): Promise<void> {
  if (!(await db.outlets.get(outlet))) {
    await db.outlets.add({ outlet, siteName, autoCapture: false, ignored: false });
  }
}

export interface CaptureWrite {
  capture: StoredCapture;
  /** Versions the retention setting removed from this article. */
  pruned: number[];
  /** The match document stored for the new version (null when nothing new was stored). */
  doc: unknown;
}

/**
 * Stores `analysed` as the newest version of its address, or only moves "last seen" when the
 * same content is stored already; then applies `retention` to that article.
 */
export async function addCapturedVersion(
  db: CrosscheckDb,
  analysed: AnalysedArticle,
  outlet: string,
  retention: Retention,
  now: number,
  steps: CaptureSteps,
): Promise<CaptureWrite> {
  const { article } = analysed;
  return db.transaction('rw', [db.articles, db.versions, db.matchDocs, db.outlets, db.results], async () => {
    const seen = await touchIfStored(db, article, now);
    if (seen) return { capture: seen, pruned: [], doc: null };
    let row = await articleAt(db, article.urlKey);
    const previous = row ? await db.versions.get(row.latestVersionId) : undefined;
    const changeCount = previous
      ? steps.changeCount({ article: previous.article, claims: previous.claims }, analysed)
      : null;
    if (!row) {
      row = await addArticleRow(db, article, outlet, now, steps);
    } else if (row.storyId === null) {
      row.storyId = await steps.storyFor(article, row.id);
    }
    const versionId = await db.versions.add(newVersionRow(row.id, analysed, now, changeCount));
    await db.articles.put(
      withLatest(row, article, { versionId, capturedAt: now, versionCount: row.versionCount + 1 }, now),
    );
    const doc = steps.matchDoc(row.id, article, now);
    await db.matchDocs.put({ articleId: row.id, versionId, doc });
    await ensureOutlet(db, outlet, article.siteName);
    const pruned = await applyRetention(db, row.id, retention, now, steps);
    return { capture: { articleId: row.id, versionId, stored: true }, pruned, doc };
  });
}

export interface IncomingVersion {
  analysed: AnalysedArticle;
  capturedAt: number;
  /** Where the file says the version came from (the reader's, in files without it). */
  origin: VersionOrigin;
}

export interface ImportSteps extends CaptureSteps {
  outletOf(article: Article): string;
  /** Called with each stored version's match document, so later entries of a batch find it. */
  stored(doc: unknown): void;
}

export interface ImportCounts {
  articlesAdded: number;
  versionsAdded: number;
  duplicates: number;
}

/**
 * Stores a batch of versions (oldest first) in one transaction: all of it, or on any failure
 * none. A version already stored (same address, same content) counts as a duplicate. Counts go
 * into `counts` as the batch proceeds, so a failed batch still says what it had found so far.
 * Returns the articles that received versions.
 */
export async function importVersions(
  db: CrosscheckDb,
  incoming: IncomingVersion[],
  steps: ImportSteps,
  counts: ImportCounts,
): Promise<number[]> {
  const touched = new Set<number>();
  await db.transaction('rw', [db.articles, db.versions, db.matchDocs, db.outlets], async () => {
    for (const { analysed, capturedAt, origin } of incoming) {
      const { article } = analysed;
      const outlet = steps.outletOf(article);
      let row = await articleAt(db, article.urlKey);
      if (row && (await hasContent(db, row.id, article.contentHash))) {
        counts.duplicates++;
        continue;
      }
      if (!row) {
        row = await addArticleRow(db, article, outlet, capturedAt, steps);
        await db.articles.put(row);
        counts.articlesAdded++;
      }
      const versionId = await db.versions.add(newVersionRow(row.id, analysed, capturedAt, null, origin));
      if (row.latestVersionId === 0 || capturedAt >= row.lastCapturedAt) {
        // Later entries of the file match against this article's newest text.
        await db.articles.update(row.id, { latestVersionId: versionId, lastCapturedAt: capturedAt });
      }
      const doc = steps.matchDoc(row.id, article, capturedAt);
      await db.matchDocs.put({ articleId: row.id, versionId, doc });
      steps.stored(doc);
      await ensureOutlet(db, outlet, article.siteName);
      touched.add(row.id);
      counts.versionsAdded++;
    }
    for (const articleId of touched) await refreshArticle(db, articleId, steps);
  });
  return [...touched];
}

export interface ArchivedVersion {
  analysed: AnalysedArticle;
  /** When the archive captured it. */
  capturedAt: number;
  origin: VersionOrigin;
}

export interface ArchiveWrite {
  /** Ids of the versions stored, in the order given. */
  stored: number[];
  /** Per capture given: true when stored, false when this article already had its content (the reader's own or an earlier lookup's). */
  isNew: boolean[];
  /** The article's newest version before and after (a capture newer than all stored ones becomes it). */
  latestBefore: number;
  latestAfter: number;
}

/**
 * Adds one lookup's archive captures to the article `articleId`, all in one transaction: a worker
 * stopped midway stores none of them, and a content already stored (by hash) is not stored again,
 * so running the lookup twice stores nothing twice. Retention is not applied: captures are old by
 * nature, and a "keep N days" rule would delete what the reader just asked for. The same
 * transaction records the lookup on the article (`mark`), so a lookup counts as done exactly when
 * what it found is stored.
 */
export async function addArchivedVersions(
  db: CrosscheckDb,
  articleId: number,
  incoming: ArchivedVersion[],
  derive: RowDerivations,
  mark: ArchiveLookupMark,
): Promise<ArchiveWrite> {
  return db.transaction('rw', [db.articles, db.versions, db.matchDocs], async () => {
    const row = await db.articles.get(articleId);
    if (!row) throw new StoreError('The article was deleted while the archive was asked.', false, false);
    await db.articles.update(articleId, { archiveLookup: { base: mark.base, at: mark.at } });
    const stored: number[] = [];
    const isNew: boolean[] = [];
    for (const { analysed, capturedAt, origin } of incoming) {
      const known = await hasContent(db, articleId, analysed.article.contentHash);
      isNew.push(!known);
      if (!known)
        stored.push(await db.versions.add(newVersionRow(articleId, analysed, capturedAt, null, origin)));
    }
    if (stored.length > 0) await refreshArticle(db, articleId, derive);
    const after = await db.articles.get(articleId);
    return {
      stored,
      isNew,
      latestBefore: row.latestVersionId,
      latestAfter: after?.latestVersionId ?? row.latestVersionId,
    };
  });
}

/**
 * Records that a lookup of `articleId` in the archive at `mark.base` reached the archive and
 * failed (unavailable, rate-limited, too slow, cancelled): opening the article again does not
 * look it up by itself again; the reader's click still does. Nothing when the article is gone.
 */
export async function markArchiveLookup(
  db: CrosscheckDb,
  articleId: number,
  mark: ArchiveLookupMark,
): Promise<void> {
  await db.transaction('rw', [db.articles], async () => {
    await db.articles.update(articleId, { archiveLookup: { base: mark.base, at: mark.at } });
  });
}
