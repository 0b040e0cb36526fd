/**
 * The background's library and analysis service: everything the protocol asks for that needs no
 * browser API. The background is the only writer of the store and calls only this, so the
 * in-memory caches here (match index, search entries) are rebuilt from the store whenever they
 * are missing, for instance after the MV3 service worker was stopped.
 */
import { Dexie } from 'dexie';
import type { AnalysedArticle, Article, Comparison, ExtractResult } from '../model/types';
import type {
  ArticleDetail,
  ArticleSummary,
  DeletionResult,
  DeletionTarget,
  ImportReport,
  LibraryExportPage,
  LibraryPage,
  LibraryQuery,
  OutletSummary,
  Retention,
  Settings,
  SiblingSummary,
  StorageUsage,
  StoredVersion,
  TabAnalysis,
  VersionSummary,
} from '../protocol/types';
import { StoreError, isQuotaError, toStoreError } from '../store/errors';
import type {
  ArticleRow,
  CrosscheckDb,
  MatchDocRow,
  OutletRow,
  SnapshotRow,
  TrashRow,
  VersionRow,
} from '../store/schema';
import { matchesTerms, searchTerms, searchTextOf } from '../store/search-text';
import { engine as defaultEngine, type ArticleMatchIndex, type Engine } from './engine';
import {
  InvalidInput,
  TRANSFER_LIMITS,
  parseLibraryBatch,
  parseLibraryFile,
  validateArticle,
  type LibraryBatchEntry,
  type LibraryFileArticle,
} from './library-file';
import { emptyReport, exportLibraryText } from './library-transfer';
import {
  analysedOf,
  articleSummary,
  publishedKeyOf,
  storedVersion,
  versionSummary,
  wordCountOf,
} from './summaries';

export const DEFAULT_SETTINGS: Settings = { autoCapture: 'off', retention: { kind: 'all' } };

/** Siblings shown for one article: enough to choose from, few enough to compare quickly. */
export const MAX_SIBLINGS = 10;

const DAY_MS = 86_400_000;

/** Rows applied on top of a loaded snapshot beyond which a fresh snapshot is worth writing. */
const SNAPSHOT_STALE_DOCS = 200;

/** The match index in memory, with the version each article's document came from. */
interface LoadedIndex {
  index: ArticleMatchIndex;
  versionOf: Map<number, number>;
}

/** Entries each in-memory result cache keeps; a popup open needs one of each. */
const CACHE_ENTRIES = 64;

/** Looks `key` up in `cache`, computing and keeping it when missing; the oldest entry goes first. */
function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

export interface StorageEstimate {
  usage: number | null;
  quota: number | null;
}

export interface ServiceOptions {
  engine?: Engine;
  /** navigator.storage.estimate, passed in by the platform layer where it exists. */
  estimateStorage?: () => Promise<StorageEstimate | null>;
  /**
   * How long after the index was rebuilt, or grew by SNAPSHOT_STALE_DOCS, its snapshot is written
   * (default 2 s, out of the way of the answer being built); null: only `saveIndexSnapshot()`.
   */
  snapshotDelayMs?: number | null;
  /** Characters of JSON per export page; tests lower it to see articles span pages. */
  exportPageChars?: number;
}

export interface CaptureResult {
  articleId: number;
  versionId: number;
  /** True when this capture stored a new version (false: identical content seen again). */
  stored: boolean;
}

/** The few fields of every article that search, sorting, grouping and outlet counts need. */
interface SearchEntry {
  id: number;
  outlet: string;
  siteName: string | null;
  storyId: number | null;
  lastCapturedAt: number;
  publishedKey: string;
  versionCount: number;
  search: string;
}

export class CrosscheckService {
  private readonly engine: Engine;
  private readonly estimateStorage: (() => Promise<StorageEstimate | null>) | null;
  private matchIndex: Promise<LoadedIndex> | null = null;
  private readonly snapshotDelayMs: number | null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private snapshotDue = false;
  /** Documents put into the index since its snapshot was last written or loaded. */
  private unsavedDocs = 0;
  private searchEntries: Promise<SearchEntry[]> | null = null;
  /** Bumped on every change to the stored articles or versions. */
  private generation = 0;
  private readonly siblingLists = new Map<string, SiblingSummary[]>();
  private readonly comparisons = new Map<string, Comparison>();
  private storageFull = false;
  private readonly exportPageChars: number;

  constructor(
    readonly db: CrosscheckDb,
    options: ServiceOptions = {},
  ) {
    this.engine = options.engine ?? defaultEngine;
    this.estimateStorage = options.estimateStorage ?? null;
    this.snapshotDelayMs = options.snapshotDelayMs === undefined ? 2000 : options.snapshotDelayMs;
    this.exportPageChars = options.exportPageChars ?? TRANSFER_LIMITS.exportPageChars;
  }

  // ───────────────────────── capture and analysis ─────────────────────────

  /**
   * Stores `article` as a new version of its address unless a version with the same content is
   * already stored, in which case only "last seen" moves. Safe to call concurrently for the same
   * page: the version is stored once (IndexedDB serialises the read-write transactions and the
   * unique [articleId+contentHash] index refuses a duplicate).
   */
  async captureArticle(input: Article, now: number): Promise<CaptureResult> {
    this.postponeSnapshot();
    const article = this.canonical(input);
    // Reopening the popup on an unchanged page is the common case: it needs no claims extraction.
    const seen = await this.db.transaction('rw', [this.db.articles, this.db.versions], () =>
      this.touchIfStored(article, now),
    );
    if (seen) return seen;
    const analysed = this.engine.analyse(article);
    const index = await this.index();
    const settings = await this.getSettings();
    try {
      return await this.storeCapture(analysed, index, settings.retention, now);
    } catch (error) {
      // A concurrent capture won the race for the unique index: the content is stored once.
      if (error instanceof Dexie.ConstraintError || (error as { name?: string }).name === 'ConstraintError') {
        return this.storeCapture(analysed, index, settings.retention, now);
      }
      throw this.failed(error);
    }
  }

  private async storeCapture(
    analysed: AnalysedArticle,
    index: ArticleMatchIndex,
    retention: Retention,
    now: number,
  ): Promise<CaptureResult> {
    const { article, claims } = analysed;
    const db = this.db;
    const outlet = this.engine.outletOf(article.canonicalUrl ?? article.url);
    let pruned: number[] = [];
    let doc: unknown = null;
    const result = await db.transaction(
      'rw',
      [db.articles, db.versions, db.matchDocs, db.outlets],
      async () => {
        const seen = await this.touchIfStored(article, now);
        if (seen) return seen;
        let row = await db.articles.where('urlKey').equals(article.urlKey).first();
        const previous = row ? await db.versions.get(row.latestVersionId) : undefined;
        const changeCount = previous
          ? this.engine.compareVersions(analysedOf(previous), analysed).differences.length
          : null;
        if (!row) {
          row = await this.addArticleRow(article, outlet, now, index);
        } else if (row.storyId === null) {
          row.storyId = await this.storyFor(article, outlet, row.id, index);
        }
        const versionId = await db.versions.add({
          articleId: row.id,
          contentHash: article.contentHash,
          capturedAt: now,
          lastSeenAt: now,
          article,
          claims,
          title: article.title,
          paragraphCount: article.paragraphs.length,
          claimCount: claims.length,
          wordCount: wordCountOf(article.paragraphs),
          changeCount,
        });
        await db.articles.put(
          this.withLatest(
            row,
            article,
            { versionId, capturedAt: now, versionCount: row.versionCount + 1 },
            now,
          ),
        );
        doc = this.engine.matchDoc(row.id, article, now);
        await db.matchDocs.put({ articleId: row.id, versionId, doc });
        if (!(await db.outlets.get(outlet))) {
          await db.outlets.add({ outlet, siteName: article.siteName, autoCapture: false, ignored: false });
        }
        pruned = await this.applyRetention(row.id, retention, now);
        return { articleId: row.id, versionId, stored: true };
      },
    );
    if (result.stored) {
      this.libraryChanged();
      this.storageFull = false;
      if (pruned.length > 0) this.matchIndex = null;
      // The index current now, not the one this capture started from: a rebuild may have begun
      // meanwhile from rows read before this commit. Putting a document twice replaces it.
      else if (this.matchIndex) this.putDoc(await this.matchIndex, result.articleId, result.versionId, doc);
    }
    return result;
  }

  /**
   * When this content is already stored for this address, records that it was seen again and
   * returns that version. Must run inside a read-write transaction over articles and versions.
   */
  private async touchIfStored(article: Article, now: number): Promise<CaptureResult | null> {
    const db = this.db;
    const row = await db.articles.where('urlKey').equals(article.urlKey).first();
    if (!row) return null;
    const same = await db.versions
      .where('[articleId+contentHash]')
      .equals([row.id, article.contentHash])
      .first();
    if (!same) return null;
    await db.versions.update(same.id, { lastSeenAt: now });
    await db.articles.update(row.id, { lastSeenAt: now });
    return { articleId: row.id, versionId: same.id, stored: false };
  }

  /**
   * Adds the row of an address seen for the first time, with no versions yet, and places it in a
   * story. Must run inside a read-write transaction over articles.
   */
  private async addArticleRow(
    article: Article,
    outlet: string,
    capturedAt: number,
    index: ArticleMatchIndex,
  ): Promise<ArticleRow> {
    const fresh: Omit<ArticleRow, 'id'> = {
      urlKey: article.urlKey,
      url: article.url,
      title: article.title,
      siteName: article.siteName,
      byline: article.byline,
      outlet,
      publishedTime: article.publishedTime,
      publishedKey: publishedKeyOf(article.publishedTime, capturedAt),
      firstCapturedAt: capturedAt,
      lastCapturedAt: capturedAt,
      lastSeenAt: capturedAt,
      versionCount: 0,
      latestVersionId: 0,
      storyId: null,
      search: searchTextOf(
        { title: article.title, outlet, siteName: article.siteName, byline: article.byline },
        article,
      ),
    };
    const id = await this.db.articles.add(fresh);
    return { ...fresh, id, storyId: await this.storyFor(article, outlet, id, index) };
  }

  /** An article as it will be stored: address key, hash and outlet recomputed by the engine, never taken from the sender. */
  private canonical(input: Article): Article {
    return {
      ...input,
      urlKey: this.engine.urlKeyOf(input),
      contentHash: this.engine.contentHashOf(input),
    };
  }

  /** Story at capture time: join the best-matching report from another outlet, or start one. */
  private async storyFor(
    article: Article,
    outlet: string,
    articleId: number,
    index: ArticleMatchIndex,
  ): Promise<number> {
    const best = await this.siblingRows(article, outlet, articleId, index, 1);
    const sibling = best[0];
    return sibling ? (sibling.row.storyId ?? sibling.row.id) : articleId;
  }

  /**
   * Reports of the same event from other outlets, best first. The index proposes candidates; the
   * pairwise verdict on the full texts decides, because index scores depend on the corpus (in a
   * small library the shared terms of two reports of one event weigh little).
   */
  private async siblingRows(
    article: Article,
    _outlet: string,
    articleId: number | null,
    index: ArticleMatchIndex,
    limit: number,
  ): Promise<{ row: ArticleRow; score: number }[]> {
    const candidates = index
      .nearest(articleId, article, Math.max(20, limit * 2))
      .filter((hit) => hit.relation !== 'version' && hit.score >= this.engine.siblingThreshold / 3);
    if (candidates.length === 0) return [];
    const rows = (await this.db.articles.bulkGet(candidates.map((hit) => hit.articleId))).filter(
      // Not filtered by the stored host: relate() tells outlets apart by the publisher a page
      // names, so two publishers on one host are still each other's siblings.
      (row): row is ArticleRow => row !== undefined,
    );
    const latest = await this.db.versions.bulkGet(rows.map((row) => row.latestVersionId));
    const out: { row: ArticleRow; score: number }[] = [];
    rows.forEach((row, i) => {
      const version = latest[i];
      if (!version) return;
      const verdict = this.engine.relate(article, version.article);
      if (verdict.relation === 'sibling') out.push({ row, score: verdict.similarity });
    });
    return out.sort((a, b) => b.score - a.score || a.row.id - b.row.id).slice(0, limit);
  }

  private withLatest(
    row: ArticleRow,
    article: Article,
    latest: { versionId: number; capturedAt: number; versionCount: number },
    seenAt: number,
  ): ArticleRow {
    const next: ArticleRow = {
      ...row,
      url: article.url,
      title: article.title,
      siteName: article.siteName,
      byline: article.byline,
      publishedTime: article.publishedTime ?? row.publishedTime,
      latestVersionId: latest.versionId,
      lastCapturedAt: latest.capturedAt,
      lastSeenAt: Math.max(row.lastSeenAt, seenAt),
      versionCount: latest.versionCount,
    };
    next.publishedKey = publishedKeyOf(next.publishedTime, next.firstCapturedAt);
    next.search = searchTextOf(next, article);
    return next;
  }

  /**
   * Brings an article row in line with its remaining versions after versions were removed or
   * added out of order (retention, deletion, undo, import). Deletes the article when none remain.
   * Must run inside a transaction over articles, versions and matchDocs.
   */
  private async refreshArticle(articleId: number): Promise<void> {
    const db = this.db;
    const row = await db.articles.get(articleId);
    const versions = await this.versionsOf(articleId);
    if (!row) return;
    const latest = versions.at(-1);
    if (!latest) {
      await db.articles.delete(articleId);
      await db.matchDocs.delete(articleId);
      return;
    }
    const next = this.withLatest(
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
        doc: this.engine.matchDoc(articleId, latest.article, latest.capturedAt),
      });
    }
    // Each version's change count is against the one before it, which may have changed.
    for (let i = 0; i < versions.length; i++) {
      const version = versions[i]!;
      const before = versions[i - 1];
      const expected = before
        ? this.engine.compareVersions(analysedOf(before), analysedOf(version)).differences.length
        : null;
      if (version.changeCount !== expected) await db.versions.update(version.id, { changeCount: expected });
    }
  }

  /** Versions of one article, oldest first. */
  private async versionsOf(articleId: number): Promise<VersionRow[]> {
    const rows = await this.db.versions.where('articleId').equals(articleId).toArray();
    return rows.sort((a, b) => a.capturedAt - b.capturedAt || a.id - b.id);
  }

  /** Deletes the versions the retention setting no longer keeps; the newest always stays. Returns deleted ids. */
  private async applyRetention(articleId: number, retention: Retention, now: number): Promise<number[]> {
    if (retention.kind === 'all') return [];
    const versions = await this.versionsOf(articleId);
    const keepFrom =
      retention.kind === 'last'
        ? Math.max(0, versions.length - Math.max(1, retention.count))
        : versions.findIndex((v) => v.capturedAt >= now - retention.days * DAY_MS);
    const cut = keepFrom < 0 ? versions.length - 1 : Math.min(keepFrom, versions.length - 1);
    const doomed = versions.slice(0, cut).map((v) => v.id);
    if (doomed.length === 0) return [];
    await this.db.versions.bulkDelete(doomed);
    await this.refreshArticle(articleId);
    return doomed;
  }

  /**
   * What the popup shows for a tab: the extraction result stored and compared with the stored
   * versions (against the first by default) and with reports of the same event from other outlets.
   */
  async analyse(
    tabId: number,
    extracted: ExtractResult,
    options: { now: number; baseVersionId?: number | undefined },
  ): Promise<TabAnalysis> {
    if (!extracted.ok) {
      return {
        state: 'not-article',
        tabId,
        reason: extracted.reason,
        message: extracted.message,
        title: null,
      };
    }
    try {
      const capture = await this.captureArticle(extracted.article, options.now);
      const versions = await this.versionsOf(capture.articleId);
      const row = await this.db.articles.get(capture.articleId);
      const current = versions.find((v) => v.id === capture.versionId);
      if (!row || !current)
        throw new StoreError('The article was deleted while it was being analysed.', false, true);
      const base =
        versions.find((v) => v.id === options.baseVersionId && v.id !== current.id) ??
        (versions[0]?.id !== current.id ? versions[0] : undefined) ??
        null;
      const changes = base ? this.versionComparison(base, current) : null;
      return {
        state: 'ready',
        tabId,
        article: articleSummary(row),
        current: versionSummary(current),
        versions: versions.map(versionSummary),
        savedNewVersion: capture.stored,
        baseVersionId: base?.id ?? null,
        changes,
        siblings: await this.siblingsOf(row),
      };
    } catch (error) {
      const failure = toStoreError(error);
      return {
        state: 'error',
        tabId,
        message: failure.message,
        retryable: failure.retryable,
        quotaExceeded: failure.quotaExceeded,
      };
    }
  }

  /** The toolbar badge for an analysis: changes since the base version plus other outlets' reports. */
  badgeCount(analysis: TabAnalysis): number {
    if (analysis.state !== 'ready') return 0;
    return (analysis.changes?.differences.length ?? 0) + analysis.siblings.length;
  }

  /** Validates an article that arrived in a message before it is used. */
  validateIncoming(value: unknown): Article {
    try {
      return validateArticle(value);
    } catch (error) {
      if (error instanceof InvalidInput)
        throw new StoreError(`Refused a captured page: ${error.message}`, false, false);
      throw error;
    }
  }

  /** Whether the auto-capture policy lets this article be stored without a click. */
  async autoCaptureAllowed(url: string): Promise<boolean> {
    const settings = await this.getSettings();
    if (settings.autoCapture === 'off') return false;
    const policy = await this.db.outlets.get(this.engine.outletOf(url));
    if (policy?.ignored) return false;
    return settings.autoCapture === 'all' || policy?.autoCapture === true;
  }

  async storedArticleAt(url: string): Promise<ArticleSummary | null> {
    this.postponeSnapshot();
    let urlKey: string;
    try {
      urlKey = this.engine.urlKeyOf({ url, canonicalUrl: null });
    } catch {
      return null;
    }
    const row = await this.db.articles.where('urlKey').equals(urlKey).first();
    return row ? articleSummary(row) : null;
  }

  /**
   * Other outlets' reports of this article's latest version. Remembered until the library next
   * changes, because finding them reads and relates up to 20 candidates' full texts.
   */
  private async siblingsOf(row: ArticleRow): Promise<SiblingSummary[]> {
    const key = `${row.id}:${row.latestVersionId}`;
    const generation = this.generation;
    const known = this.siblingLists.get(key);
    if (known) return known;
    const found = await this.findSiblings(row);
    // A capture or deletion while this ran may have changed the answer: keep it only if none did.
    if (generation === this.generation) remember(this.siblingLists, key, () => found);
    return found;
  }

  private async findSiblings(row: ArticleRow): Promise<SiblingSummary[]> {
    const latest = await this.db.versions.get(row.latestVersionId);
    if (!latest) return [];
    const index = await this.index();
    const hits = await this.siblingRows(latest.article, row.outlet, row.id, index, MAX_SIBLINGS);
    const versions = await this.db.versions.bulkGet(hits.map((hit) => hit.row.latestVersionId));
    const out: SiblingSummary[] = [];
    hits.forEach(({ row: sibling, score }, i) => {
      const version = versions[i];
      if (!version) return;
      out.push({
        articleId: sibling.id,
        versionId: version.id,
        title: sibling.title,
        siteName: sibling.siteName,
        outlet: sibling.outlet,
        url: sibling.url,
        publishedTime: sibling.publishedTime,
        capturedAt: version.capturedAt,
        score,
      });
    });
    return out;
  }

  async compareVersions(beforeVersionId: number, afterVersionId: number): Promise<Comparison> {
    const [before, after] = await this.twoVersions(beforeVersionId, afterVersionId);
    return this.versionComparison(before, after);
  }

  /** A stored version never changes, so neither does its comparison with another one. */
  private versionComparison(before: VersionRow, after: VersionRow): Comparison {
    return remember(this.comparisons, `${before.id}>${after.id}`, () =>
      this.engine.compareVersions(analysedOf(before), analysedOf(after)),
    );
  }

  async compareSibling(versionId: number, siblingVersionId: number): Promise<Comparison> {
    const [mine, theirs] = await this.twoVersions(versionId, siblingVersionId);
    return this.engine.compareSiblings(analysedOf(mine), analysedOf(theirs));
  }

  private async twoVersions(a: number, b: number): Promise<[VersionRow, VersionRow]> {
    const [first, second] = await this.db.versions.bulkGet([a, b]);
    if (!first || !second) throw new StoreError('That version is no longer in the library.', false, false);
    return [first, second];
  }

  // ───────────────────────── library ─────────────────────────

  async listLibrary(query: LibraryQuery): Promise<LibraryPage> {
    const started = performance.now();
    const limit = Math.max(0, Math.min(500, Math.floor(query.limit)));
    const offset = Math.max(0, Math.floor(query.offset));
    const terms = searchTerms(query.text);
    let total: number;
    let rows: ArticleRow[];
    if (terms.length === 0 && !query.outlet && this.searchEntries === null) {
      // Until a search has loaded the entries, a plain listing reads one page off the index.
      const field = query.sort.startsWith('captured') ? 'lastCapturedAt' : 'publishedKey';
      const ordered = this.db.articles.orderBy(field);
      const collection = query.sort.endsWith('desc') ? ordered.reverse() : ordered;
      total = await this.db.articles.count();
      rows = await collection.offset(offset).limit(limit).toArray();
    } else {
      const matches = (await this.entries()).filter(
        (entry) => (!query.outlet || entry.outlet === query.outlet) && matchesTerms(entry.search, terms),
      );
      const desc = query.sort.endsWith('desc') ? -1 : 1;
      const byCaptured = query.sort.startsWith('captured');
      matches.sort((a, b) => {
        const order = byCaptured
          ? a.lastCapturedAt - b.lastCapturedAt
          : a.publishedKey < b.publishedKey
            ? -1
            : a.publishedKey > b.publishedKey
              ? 1
              : 0;
        return desc * (order || a.id - b.id);
      });
      total = matches.length;
      const found = await this.db.articles.bulkGet(
        matches.slice(offset, offset + limit).map((entry) => entry.id),
      );
      rows = found.filter((row): row is ArticleRow => row !== undefined);
    }
    return { total, items: rows.map(articleSummary), tookMs: performance.now() - started };
  }

  async listStories(query: { offset: number; limit: number; text: string }): Promise<{
    total: number;
    stories: { storyId: number; articles: ArticleSummary[] }[];
  }> {
    const terms = searchTerms(query.text);
    const stories = new Map<number, SearchEntry[]>();
    for (const entry of await this.entries()) {
      const storyId = entry.storyId ?? entry.id;
      const members = stories.get(storyId);
      if (members) members.push(entry);
      else stories.set(storyId, [entry]);
    }
    const matching = [...stories.entries()]
      .filter(
        ([, members]) => terms.length === 0 || members.some((entry) => matchesTerms(entry.search, terms)),
      )
      .map(([storyId, members]) => ({
        storyId,
        members: members.sort((a, b) => b.lastCapturedAt - a.lastCapturedAt),
        latest: Math.max(...members.map((entry) => entry.lastCapturedAt)),
      }))
      // Stories with several outlets first: they are what grouping is for.
      .sort((a, b) => Number(b.members.length > 1) - Number(a.members.length > 1) || b.latest - a.latest);
    const page = matching.slice(
      Math.max(0, query.offset),
      Math.max(0, query.offset) + Math.max(0, query.limit),
    );
    const out: { storyId: number; articles: ArticleSummary[] }[] = [];
    for (const story of page) {
      const rows = await this.db.articles.bulkGet(story.members.map((entry) => entry.id));
      out.push({
        storyId: story.storyId,
        articles: rows.filter((row): row is ArticleRow => row !== undefined).map(articleSummary),
      });
    }
    return { total: matching.length, stories: out };
  }

  async getArticle(articleId: number): Promise<ArticleDetail | null> {
    const row = await this.db.articles.get(articleId);
    if (!row) return null;
    const versions = await this.versionsOf(articleId);
    return {
      article: articleSummary(row),
      versions: versions.map(versionSummary),
      siblings: await this.siblingsOf(row),
    };
  }

  async getVersion(versionId: number): Promise<StoredVersion | null> {
    const row = await this.db.versions.get(versionId);
    return row ? storedVersion(row) : null;
  }

  async listVersions(articleId: number): Promise<VersionSummary[]> {
    return (await this.versionsOf(articleId)).map(versionSummary);
  }

  private entries(): Promise<SearchEntry[]> {
    this.searchEntries ??= this.db.articles.toArray().then(
      (rows) =>
        rows.map((row) => ({
          id: row.id,
          outlet: row.outlet,
          siteName: row.siteName,
          storyId: row.storyId,
          lastCapturedAt: row.lastCapturedAt,
          publishedKey: row.publishedKey,
          versionCount: row.versionCount,
          search: row.search,
        })),
      (error: unknown) => {
        this.searchEntries = null;
        throw error;
      },
    );
    return this.searchEntries;
  }

  private async index(): Promise<ArticleMatchIndex> {
    this.matchIndex ??= this.loadIndex().catch((error: unknown) => {
      this.matchIndex = null;
      throw error;
    });
    return (await this.matchIndex).index;
  }

  /**
   * The index from its snapshot plus the rows that changed since it was written, or, without a
   * usable snapshot, rebuilt from every row (seconds at 10,000 articles, against a fraction of a
   * second for the snapshot).
   */
  private async loadIndex(): Promise<LoadedIndex> {
    const db = this.db;
    const [snapshot, keys] = await db.transaction('r', [db.snapshots, db.matchDocs], () =>
      Promise.all([db.snapshots.get('match-index'), this.indexedVersions()]),
    );
    const loaded = snapshot ? this.fromSnapshot(snapshot) : null;
    if (!loaded) {
      const rows = await db.matchDocs.toArray();
      const rebuilt: LoadedIndex = {
        index: this.engine.createMatchIndex(rows.map((row) => row.doc)),
        versionOf: new Map(rows.map((row) => [row.articleId, row.versionId])),
      };
      this.unsavedDocs = rows.length;
      this.scheduleSnapshot();
      return rebuilt;
    }
    const current = new Map(keys);
    for (const [articleId, versionId] of loaded.versionOf) {
      if (current.get(articleId) === versionId) continue;
      loaded.index.remove(articleId);
      loaded.versionOf.delete(articleId);
      this.unsavedDocs++;
    }
    const missing = [...current.keys()].filter((articleId) => !loaded.versionOf.has(articleId));
    for (const row of await db.matchDocs.bulkGet(missing)) {
      if (row) this.putDoc(loaded, row.articleId, row.versionId, row.doc);
    }
    return loaded;
  }

  /** [articleId, versionId] of every stored match row, read from the compound index's keys alone. */
  private async indexedVersions(): Promise<[number, number][]> {
    const keys = await this.db.matchDocs.orderBy('[articleId+versionId]').keys();
    return keys as unknown as [number, number][];
  }

  private fromSnapshot(snapshot: SnapshotRow): LoadedIndex | null {
    try {
      return { index: this.engine.loadMatchIndex(snapshot.packed), versionOf: new Map(snapshot.versions) };
    } catch {
      // An unreadable snapshot (an older engine's, a damaged record) is only a lost shortcut.
      return null;
    }
  }

  private putDoc(loaded: LoadedIndex, articleId: number, versionId: number, doc: unknown): void {
    loaded.index.put(doc);
    loaded.versionOf.set(articleId, versionId);
    if (++this.unsavedDocs >= SNAPSHOT_STALE_DOCS) this.scheduleSnapshot();
  }

  private scheduleSnapshot(): void {
    this.snapshotDue = true;
    this.postponeSnapshot();
  }

  /**
   * Restarts the wait for a due snapshot. A popup's requests and every capture call it, so the write (tens of
   * milliseconds of packing, then a large IndexedDB put) waits for a quiet moment instead of
   * landing inside somebody's popup.
   */
  private postponeSnapshot(): void {
    if (!this.snapshotDue || this.snapshotDelayMs === null) return;
    if (this.snapshotTimer !== null) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      this.snapshotDue = false;
      // Only a shortcut for the next start: when writing fails, that start rebuilds instead.
      this.saveIndexSnapshot().catch(() => undefined);
    }, this.snapshotDelayMs);
  }

  /**
   * Writes the in-memory index as the snapshot, but only while it matches the stored rows exactly,
   * checked in the same transaction, so a deletion or capture that raced it never leaves a
   * snapshot holding what the library no longer has. Returns whether it wrote.
   */
  async saveIndexSnapshot(now = Date.now()): Promise<boolean> {
    const pending = this.matchIndex;
    if (!pending) return false;
    const loaded = await pending;
    const db = this.db;
    return db.transaction('rw', [db.snapshots, db.matchDocs], async () => {
      const keys = await this.indexedVersions();
      if (pending !== this.matchIndex) return false;
      const inStep =
        keys.length === loaded.versionOf.size &&
        keys.every(([articleId, versionId]) => loaded.versionOf.get(articleId) === versionId);
      if (!inStep) return false;
      await db.snapshots.put({
        key: 'match-index',
        savedAt: now,
        versions: [...loaded.versionOf],
        packed: loaded.index.pack(),
      });
      this.unsavedDocs = 0;
      return true;
    });
  }

  // ───────────────────────── deletion and undo ─────────────────────────

  async deleteItems(target: DeletionTarget, now: number): Promise<DeletionResult> {
    const db = this.db;
    try {
      const result = await db.transaction(
        'rw',
        [db.articles, db.versions, db.matchDocs, db.trash, db.snapshots],
        async () => {
          // The snapshot holds the terms of every indexed article: deleted text must not outlive
          // the deletion there (the trash row, kept for Undo, is the one copy left).
          await db.snapshots.delete('match-index');
          let articleIds: number[] = [];
          let versionIds: number[] = [];
          if (target.kind === 'article') articleIds = [target.articleId];
          else if (target.kind === 'outlet')
            articleIds = await db.articles.where('outlet').equals(target.outlet).primaryKeys();
          else if (target.kind === 'all') articleIds = await db.articles.toCollection().primaryKeys();
          else {
            const version = await db.versions.get(target.versionId);
            if (version) {
              const siblings = await db.versions.where('articleId').equals(version.articleId).count();
              if (siblings <= 1) articleIds = [version.articleId];
              else versionIds = [version.id];
            }
          }
          const articles = (await db.articles.bulkGet(articleIds)).filter((row): row is ArticleRow => !!row);
          const versions = await db.versions.where('articleId').anyOf(articleIds).toArray();
          const matchDocs = (await db.matchDocs.bulkGet(articleIds)).filter(
            (row): row is MatchDocRow => !!row,
          );
          const lone = (await db.versions.bulkGet(versionIds)).filter((row): row is VersionRow => !!row);
          const touched = lone.length
            ? (await db.articles.bulkGet(lone.map((v) => v.articleId))).filter(
                (row): row is ArticleRow => !!row,
              )
            : [];
          const trash: TrashRow = {
            id: 'last',
            deletedAt: now,
            articles,
            versions: [...versions, ...lone],
            matchDocs,
            touchedArticles: touched,
          };
          await db.versions.bulkDelete([...versions.map((v) => v.id), ...versionIds]);
          await db.articles.bulkDelete(articles.map((a) => a.id));
          await db.matchDocs.bulkDelete(matchDocs.map((m) => m.articleId));
          for (const row of touched) await this.refreshArticle(row.id);
          await db.trash.put(trash);
          return {
            articles: articles.length,
            versions: trash.versions.length,
            undoable: trash.versions.length > 0,
          };
        },
      );
      this.invalidate();
      return result;
    } catch (error) {
      this.invalidate();
      throw this.failed(error);
    }
  }

  /**
   * Restores the last deletion. Pages captured again since keep their new rows: a restored
   * version whose content is stored again already is dropped, the rest rejoin the article.
   */
  async undoDelete(): Promise<DeletionResult> {
    const db = this.db;
    try {
      const result = await db.transaction(
        'rw',
        [db.articles, db.versions, db.matchDocs, db.trash],
        async () => {
          const trash = await db.trash.get('last');
          if (!trash) return { articles: 0, versions: 0, undoable: false };
          const articleIdFor = new Map<number, number>();
          for (const row of trash.articles) {
            const current = await db.articles.where('urlKey').equals(row.urlKey).first();
            if (current) articleIdFor.set(row.id, current.id);
            else {
              await db.articles.add(row);
              articleIdFor.set(row.id, row.id);
            }
          }
          for (const row of trash.touchedArticles) articleIdFor.set(row.id, row.id);
          let restored = 0;
          const touched = new Set<number>();
          for (const version of trash.versions) {
            const articleId = articleIdFor.get(version.articleId) ?? version.articleId;
            if (!(await db.articles.get(articleId))) continue;
            const clash = await db.versions
              .where('[articleId+contentHash]')
              .equals([articleId, version.contentHash])
              .first();
            if (clash) continue;
            await db.versions.add({ ...version, articleId });
            touched.add(articleId);
            restored++;
          }
          for (const docRow of trash.matchDocs) {
            if (articleIdFor.get(docRow.articleId) === docRow.articleId) await db.matchDocs.put(docRow);
          }
          for (const articleId of touched) await this.refreshArticle(articleId);
          await db.trash.delete('last');
          return { articles: trash.articles.length, versions: restored, undoable: false };
        },
      );
      this.invalidate();
      return result;
    } catch (error) {
      this.invalidate();
      throw this.failed(error);
    }
  }

  private invalidate(): void {
    this.matchIndex = null;
    this.libraryChanged();
  }

  /** Anything derived from the set of stored articles and versions is stale from here on. */
  private libraryChanged(): void {
    this.generation++;
    this.searchEntries = null;
    this.siblingLists.clear();
  }

  // ───────────────────────── export and import ─────────────────────────

  /**
   * One page of an export: whole articles in file order until `limit` articles or the page's
   * character budget is reached, so no answer comes near the browser's message size limit. An
   * article whose versions do not fit continues on the next page (`next.versionOffset`).
   * Pages are separate reads: a library changed between them is exported as each page found it.
   */
  async exportLibraryPage(request: {
    articleIds: number[] | null;
    offset: number;
    versionOffset: number;
    limit: number;
  }): Promise<LibraryExportPage> {
    const offset = Math.max(0, Math.floor(request.offset) || 0);
    const versionOffset = Math.max(0, Math.floor(request.versionOffset) || 0);
    const limit = Math.min(TRANSFER_LIMITS.exportPageArticles, Math.max(1, Math.floor(request.limit) || 1));
    const ids = request.articleIds;
    const total = ids ? ids.length : await this.db.articles.count();
    const rows: (ArticleRow | undefined)[] = ids
      ? await this.db.articles.bulkGet(ids.slice(offset, offset + limit))
      : await this.db.articles.orderBy('firstCapturedAt').offset(offset).limit(limit).toArray();
    const articles: LibraryFileArticle[] = [];
    let chars = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!row) continue;
      const entry: LibraryFileArticle = {
        urlKey: row.urlKey,
        url: row.url,
        title: row.title,
        siteName: row.siteName,
        byline: row.byline,
        outlet: row.outlet,
        publishedTime: row.publishedTime,
        firstCapturedAt: row.firstCapturedAt,
        lastCapturedAt: row.lastCapturedAt,
        versions: [],
      };
      const versions = await this.versionsOf(row.id);
      for (let j = i === 0 ? versionOffset : 0; j < versions.length; j++) {
        const version = { capturedAt: versions[j]!.capturedAt, article: versions[j]!.article };
        const size = JSON.stringify(version).length;
        if (chars > 0 && chars + size > this.exportPageChars) {
          if (entry.versions.length > 0) articles.push(entry);
          return { articles, total, next: { offset: offset + i, versionOffset: j } };
        }
        chars += size;
        entry.versions.push(version);
      }
      articles.push(entry);
    }
    const consumed = offset + rows.length;
    return { articles, total, next: consumed < total ? { offset: consumed, versionOffset: 0 } : null };
  }

  /** The whole file at once, read through the same pages the options page asks for. */
  async exportLibrary(articleIds: number[] | null, now: number): Promise<string> {
    return exportLibraryText(
      (cursor) =>
        this.exportLibraryPage({ articleIds, ...cursor, limit: TRANSFER_LIMITS.exportPageArticles }),
      new Date(now).toISOString(),
    );
  }

  /**
   * Merges a library file into the store in one transaction: all of it is stored, or (on any
   * storage failure) none of it. Versions already stored (same address, same content) count as
   * duplicates. Claims, content hashes and address keys are recomputed, never read from the file.
   */
  async importLibrary(json: string): Promise<ImportReport> {
    let parsed;
    try {
      parsed = parseLibraryFile(json);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return { ...emptyReport(), fatal: error.message };
    }
    return this.storeImport(parsed.articles, parsed.rejected);
  }

  /**
   * One batch of an import the options page reads in pieces, validated again here (the sender is
   * not trusted) and stored in one transaction: a failed batch stores nothing, earlier batches
   * stay.
   */
  async importLibraryBatch(articles: unknown): Promise<ImportReport> {
    let parsed;
    try {
      parsed = parseLibraryBatch(articles);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return { ...emptyReport(), fatal: error.message };
    }
    return this.storeImport(parsed.articles, parsed.rejected);
  }

  private async storeImport(
    entries: LibraryBatchEntry[],
    rejected: { item: string; reason: string }[],
  ): Promise<ImportReport> {
    const report = emptyReport();
    report.rejected.push(...rejected);

    // Analysis is pure CPU: done before the transaction so the transaction only writes.
    const incoming: { item: string; capturedAt: number; analysed: AnalysedArticle }[] = [];
    for (const entry of entries) {
      for (const version of entry.versions) {
        try {
          const analysed = this.engine.analyse(this.canonical(version.article));
          incoming.push({ item: entry.item, capturedAt: version.capturedAt, analysed });
        } catch (error) {
          report.rejected.push({
            item: entry.item,
            reason: `could not be analysed: ${(error as Error).message}`,
          });
        }
      }
    }
    incoming.sort((a, b) => a.capturedAt - b.capturedAt);

    const db = this.db;
    const index = await this.index();
    const touched = new Set<number>();
    try {
      await db.transaction('rw', [db.articles, db.versions, db.matchDocs, db.outlets], async () => {
        for (const { analysed, capturedAt } of incoming) {
          const { article, claims } = analysed;
          const outlet = this.engine.outletOf(article.canonicalUrl ?? article.url);
          let row = await db.articles.where('urlKey').equals(article.urlKey).first();
          if (
            row &&
            (await db.versions.where('[articleId+contentHash]').equals([row.id, article.contentHash]).count())
          ) {
            report.duplicates++;
            continue;
          }
          if (!row) {
            row = await this.addArticleRow(article, outlet, capturedAt, index);
            await db.articles.put(row);
            report.articlesAdded++;
          }
          const versionId = await db.versions.add({
            articleId: row.id,
            contentHash: article.contentHash,
            capturedAt,
            lastSeenAt: capturedAt,
            article,
            claims,
            title: article.title,
            paragraphCount: article.paragraphs.length,
            claimCount: claims.length,
            wordCount: wordCountOf(article.paragraphs),
            changeCount: null,
          });
          if (row.latestVersionId === 0 || capturedAt >= row.lastCapturedAt) {
            // Later entries of the file match against this article's newest text.
            await db.articles.update(row.id, { latestVersionId: versionId, lastCapturedAt: capturedAt });
          }
          const doc = this.engine.matchDoc(row.id, article, capturedAt);
          await db.matchDocs.put({ articleId: row.id, versionId, doc });
          // Later imports of the same story find this one; on failure the index is rebuilt.
          index.put(doc);
          if (!(await db.outlets.get(outlet))) {
            await db.outlets.add({ outlet, siteName: article.siteName, autoCapture: false, ignored: false });
          }
          touched.add(row.id);
          report.versionsAdded++;
        }
        for (const articleId of touched) await this.refreshArticle(articleId);
      });
    } catch (error) {
      this.invalidate();
      const failure = toStoreError(error);
      if (failure.quotaExceeded) this.storageFull = true;
      return { ...report, articlesAdded: 0, versionsAdded: 0, fatal: failure.message };
    }
    this.libraryChanged();
    // Kept rather than reloaded after every batch: it only needs each touched article's newest
    // document, which may be older than the last one put above.
    try {
      const docs = await db.matchDocs.bulkGet([...touched]);
      if (this.matchIndex) {
        const loaded = await this.matchIndex;
        for (const row of docs) if (row) this.putDoc(loaded, row.articleId, row.versionId, row.doc);
      }
    } catch {
      // The batch is stored; a stale index is rebuilt from the store on next use.
      this.matchIndex = null;
    }
    report.ok = true;
    return report;
  }

  // ───────────────────────── outlets, settings, usage ─────────────────────────

  async listOutlets(): Promise<OutletSummary[]> {
    const byOutlet = new Map<string, OutletSummary>();
    for (const entry of await this.entries()) {
      const summary = byOutlet.get(entry.outlet) ?? {
        outlet: entry.outlet,
        siteName: entry.siteName,
        articleCount: 0,
        versionCount: 0,
        autoCapture: false,
        ignored: false,
      };
      summary.articleCount++;
      summary.versionCount += entry.versionCount;
      byOutlet.set(entry.outlet, summary);
    }
    for (const policy of await this.db.outlets.toArray()) {
      const summary = byOutlet.get(policy.outlet);
      if (summary) {
        summary.autoCapture = policy.autoCapture;
        summary.ignored = policy.ignored;
        summary.siteName ??= policy.siteName;
      } else {
        byOutlet.set(policy.outlet, { ...this.outletOnly(policy) });
      }
    }
    return [...byOutlet.values()].sort(
      (a, b) => b.articleCount - a.articleCount || a.outlet.localeCompare(b.outlet),
    );
  }

  private outletOnly(policy: OutletRow): OutletSummary {
    return {
      outlet: policy.outlet,
      siteName: policy.siteName,
      articleCount: 0,
      versionCount: 0,
      autoCapture: policy.autoCapture,
      ignored: policy.ignored,
    };
  }

  async setOutletPolicy(change: {
    outlet: string;
    autoCapture?: boolean;
    ignored?: boolean;
  }): Promise<OutletSummary> {
    const outlet = change.outlet.trim().toLowerCase();
    if (!/^[a-z0-9.-]{1,253}$/.test(outlet))
      throw new StoreError(`"${change.outlet.slice(0, 100)}" is not an outlet name`, false, false);
    try {
      await this.db.transaction('rw', this.db.outlets, async () => {
        const current = (await this.db.outlets.get(outlet)) ?? {
          outlet,
          siteName: null,
          autoCapture: false,
          ignored: false,
        };
        if (typeof change.autoCapture === 'boolean') current.autoCapture = change.autoCapture;
        if (typeof change.ignored === 'boolean') current.ignored = change.ignored;
        await this.db.outlets.put(current);
      });
    } catch (error) {
      throw this.failed(error);
    }
    const summary = (await this.listOutlets()).find((entry) => entry.outlet === outlet);
    if (!summary) throw new StoreError('The outlet policy was not saved.', false, true);
    return summary;
  }

  async getSettings(): Promise<Settings> {
    const rows = await this.db.settings.bulkGet(['autoCapture', 'retention']);
    return {
      autoCapture: isAutoCapture(rows[0]?.value) ? rows[0].value : DEFAULT_SETTINGS.autoCapture,
      retention: isRetention(rows[1]?.value) ? rows[1].value : DEFAULT_SETTINGS.retention,
    };
  }

  /** Saves the given settings; a stricter retention applies to the whole library at once. */
  async setSettings(change: Partial<Settings>, now: number): Promise<Settings> {
    if (change.autoCapture !== undefined && !isAutoCapture(change.autoCapture)) {
      throw new StoreError('Unknown auto-capture mode.', false, false);
    }
    if (change.retention !== undefined && !isRetention(change.retention)) {
      throw new StoreError(
        'Retention must keep all versions, the last N (N ≥ 1) or N days (N ≥ 1).',
        false,
        false,
      );
    }
    const db = this.db;
    try {
      await db.transaction('rw', [db.settings, db.articles, db.versions, db.matchDocs], async () => {
        if (change.autoCapture !== undefined)
          await db.settings.put({ key: 'autoCapture', value: change.autoCapture });
        if (change.retention !== undefined) {
          await db.settings.put({ key: 'retention', value: change.retention });
          const ids = await db.articles.toCollection().primaryKeys();
          for (const id of ids) await this.applyRetention(id, change.retention, now);
        }
      });
    } catch (error) {
      throw this.failed(error);
    }
    if (change.retention !== undefined) this.invalidate();
    return this.getSettings();
  }

  async storageUsage(): Promise<StorageUsage> {
    const [articles, versions] = await Promise.all([this.db.articles.count(), this.db.versions.count()]);
    let estimate: StorageEstimate | null = null;
    try {
      estimate = this.estimateStorage ? await this.estimateStorage() : null;
    } catch {
      estimate = null;
    }
    return {
      articles,
      versions,
      bytes: estimate?.usage ?? null,
      quota: estimate?.quota ?? null,
      quotaExceeded: this.storageFull,
    };
  }

  /** Turns a store failure into a StoreError, remembering a full disk for the options page. */
  private failed(error: unknown): StoreError {
    if (isQuotaError(error)) this.storageFull = true;
    return toStoreError(error);
  }
}

function isAutoCapture(value: unknown): value is Settings['autoCapture'] {
  return value === 'off' || value === 'allowed-outlets' || value === 'all';
}

function isRetention(value: unknown): value is Retention {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { kind?: unknown; count?: unknown; days?: unknown };
  if (candidate.kind === 'all') return true;
  if (candidate.kind === 'last') return Number.isInteger(candidate.count) && (candidate.count as number) >= 1;
  if (candidate.kind === 'days') return Number.isInteger(candidate.days) && (candidate.days as number) >= 1;
  return false;
}
