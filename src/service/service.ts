/**
 * The background's library and analysis service: everything the protocol asks for that needs no
 * browser API. This class is only the facade: each method hands its request to the module of its
 * use case in one line. The background is the only writer of the store and calls only this, so
 * the in-memory caches (match index, search entries, results) are rebuilt from the store whenever
 * they are missing, for instance after the MV3 service worker was stopped.
 *
 * Where things are: capture.ts (store a capture), analysis.ts (the popup's tab analysis),
 * related.ts (other outlets' reports, stories), index-cache.ts (the match index and its snapshot),
 * library.ts (search, paging, stories, one article), deletion.ts (delete and undo), transfer.ts
 * (export and import), outlets-settings.ts, storage-usage.ts, intake.ts (auto-capture messages),
 * archive-lookup.ts (earlier versions from a web archive), watch.ts (the watch list and its
 * checks), caches.ts (result caches in memory), kept-results.ts (answers kept across worker
 * restarts); all data access is in src/store/.
 */
import { TRANSFER_LIMITS } from '../model/library-file';
import { WATCH_SCHEDULE_LIMITS, type Settings, type WatchScheduleLimits } from '../model/settings';
import type { Article, Comparison, ExtractResult } from '../model/types';
import type {
  ArchiveLookupResult,
  ArticleDetail,
  ArticleSummary,
  DeletionResult,
  DeletionTarget,
  ImportReport,
  LibraryExportPage,
  LibraryPage,
  LibraryQuery,
  OutletSummary,
  StorageUsage,
  StoredVersion,
  TabAnalysis,
  VersionSummary,
  WatchSummary,
} from '../protocol/types';
import type { CrosscheckDb } from '../store/schema';
import * as analysis from './analysis';
import * as archiveLookup from './archive-lookup';
import * as capture from './capture';
import { ServiceContext, type StorageEstimate } from './context';
import * as deletion from './deletion';
import * as keptResults from './kept-results';
import { engine as defaultEngine, type Engine } from './engine';
import * as intake from './intake';
import * as library from './library';
import * as outlets from './outlets-settings';
import { PagePartBuffer } from './page-parts';
import { storageUsage } from './storage-usage';
import * as transfer from './transfer';
import * as watch from './watch';

export type { ArchiveLookupOptions } from './archive-lookup';
export type { CaptureResult } from './capture';
export type { StorageEstimate } from './context';
export type { StoryPage } from './library';
export type { WatchAlert, WatchDeps, WatchRun } from './watch';
export { MAX_SIBLINGS } from './related';
export { DEFAULT_SETTINGS } from '../model/settings';

export interface ServiceOptions {
  engine?: Engine;
  /** navigator.storage.estimate, passed in by the platform layer where it exists. */
  estimateStorage?: () => Promise<StorageEstimate | null>;
  /**
   * How long after the index was rebuilt, or grew by 200 documents, its snapshot is written
   * (default 2 s, out of the way of the answer being built); null: only `saveIndexSnapshot()`.
   */
  snapshotDelayMs?: number | null;
  /** Characters of JSON per export page; tests lower it to see articles span pages. */
  exportPageChars?: number;
  /**
   * The range a watch schedule may be set in (default: the reader's, WATCH_SCHEDULE_LIMITS); the
   * e2e build widens it to WATCH_SCHEDULE_BOUNDS so a test can watch with checks seconds apart.
   */
  watchScheduleLimits?: WatchScheduleLimits;
  /**
   * Called after every change to the stored articles (a capture in any tab, a watch check, an
   * import batch, a deletion): the platform layer tells the open extension pages.
   */
  onLibraryChanged?: () => void;
}

export class CrosscheckService {
  private readonly ctx: ServiceContext;
  /** Parts of auto-captured pages still waiting for their last part. */
  private readonly pageParts = new PagePartBuffer();

  constructor(
    readonly db: CrosscheckDb,
    options: ServiceOptions = {},
  ) {
    this.ctx = new ServiceContext(db, {
      engine: options.engine ?? defaultEngine,
      estimateStorage: options.estimateStorage ?? null,
      snapshotDelayMs: options.snapshotDelayMs === undefined ? 2000 : options.snapshotDelayMs,
      exportPageChars: options.exportPageChars ?? TRANSFER_LIMITS.exportPageChars,
      watchScheduleLimits: options.watchScheduleLimits ?? WATCH_SCHEDULE_LIMITS,
      onLibraryChanged: options.onLibraryChanged ?? null,
    });
  }

  // capture and the popup
  captureArticle(input: Article, now: number): Promise<capture.CaptureResult> {
    return capture.captureArticle(this.ctx, input, now);
  }
  analyse(
    tabId: number,
    extracted: ExtractResult,
    options: { now: number; baseVersionId?: number | undefined },
  ): Promise<TabAnalysis> {
    return analysis.analyse(this.ctx, tabId, extracted, options);
  }
  badgeCount(result: TabAnalysis): number {
    return analysis.badgeCount(result);
  }
  storedArticleAt(url: string): Promise<ArticleSummary | null> {
    return analysis.storedArticleAt(this.ctx, url);
  }
  compareVersions(beforeVersionId: number, afterVersionId: number): Promise<Comparison> {
    return analysis.compareVersions(this.ctx, beforeVersionId, afterVersionId);
  }
  compareSibling(versionId: number, siblingVersionId: number): Promise<Comparison> {
    return analysis.compareSibling(this.ctx, versionId, siblingVersionId);
  }
  saveIndexSnapshot(now = Date.now()): Promise<boolean> {
    return this.ctx.index.saveSnapshot(now);
  }
  /** After an update of the extension: the engine may now answer differently. */
  forgetKeptResults(): Promise<void> {
    return keptResults.forgetKeptResults(this.ctx);
  }

  // earlier versions from a web archive
  archiveSettings(articleId?: number): ReturnType<typeof archiveLookup.archiveSettings> {
    return archiveLookup.archiveSettings(this.ctx, articleId);
  }
  lookUpArchive(
    articleId: number,
    options: archiveLookup.ArchiveLookupOptions,
  ): Promise<ArchiveLookupResult> {
    return archiveLookup.lookUpArchive(this.ctx, articleId, options);
  }

  // auto-capture messages
  validateIncoming(value: unknown): Article {
    return capture.validateIncoming(value);
  }
  autoCaptureAllowed(url: string): Promise<boolean> {
    return outlets.autoCaptureAllowed(this.ctx, url);
  }
  receivePagePart(tabId: number, data: unknown, now: number): { received: boolean } {
    return intake.receivePagePart(this.pageParts, tabId, data, now);
  }
  articleOfSentPage(tabId: number, data: unknown, now: number): Promise<Article | null> {
    return intake.articleOfSentPage(this.ctx, this.pageParts, tabId, data, now);
  }
  articleSent(value: unknown): Promise<Article | null> {
    return intake.articleSent(this.ctx, value);
  }
  autoCaptureAnswer(result: TabAnalysis, badge: number): { stored: boolean; badge: number } {
    return intake.autoCaptureAnswer(result, badge);
  }

  // the library
  listLibrary(query: LibraryQuery): Promise<LibraryPage> {
    return library.listLibrary(this.ctx, query);
  }
  /** Settles once the library search's word index is built (it builds in slices after a search). */
  libraryIndexed(): Promise<void> {
    return this.ctx.caches.searchIndexed();
  }
  listStories(query: { offset: number; limit: number; text: string }): Promise<library.StoryPage> {
    return library.listStories(this.ctx, query);
  }
  getArticle(articleId: number): Promise<ArticleDetail | null> {
    return library.getArticleDetail(this.ctx, articleId);
  }
  getVersion(versionId: number): Promise<StoredVersion | null> {
    return library.getStoredVersion(this.ctx, versionId);
  }
  listVersions(articleId: number): Promise<VersionSummary[]> {
    return library.listVersions(this.ctx, articleId);
  }

  // deletion
  deleteItems(target: DeletionTarget, now: number): Promise<DeletionResult> {
    return deletion.deleteItems(this.ctx, target, now);
  }
  undoDelete(): Promise<DeletionResult> {
    return deletion.undoDelete(this.ctx);
  }

  // export and import
  exportLibraryPage(request: transfer.ExportPageRequest): Promise<LibraryExportPage> {
    return transfer.exportLibraryPage(this.ctx, request);
  }
  exportLibrary(articleIds: number[] | null, now: number): Promise<string> {
    return transfer.exportLibrary(this.ctx, articleIds, now);
  }
  importLibrary(json: string): Promise<ImportReport> {
    return transfer.importLibrary(this.ctx, json);
  }
  importLibraryBatch(articles: unknown): Promise<ImportReport> {
    return transfer.importLibraryBatch(this.ctx, articles);
  }

  // outlets, settings, usage
  listOutlets(): Promise<OutletSummary[]> {
    return outlets.listOutlets(this.ctx);
  }
  setOutletPolicy(change: {
    outlet: string;
    autoCapture?: boolean;
    ignored?: boolean;
  }): Promise<OutletSummary> {
    return outlets.setOutletPolicy(this.ctx, change);
  }
  getSettings(): Promise<Settings> {
    return outlets.getSettings(this.ctx);
  }
  setSettings(change: Partial<Settings>, now: number, random?: () => number): Promise<Settings> {
    return outlets.setSettings(this.ctx, change, now, random);
  }
  storageUsage(): Promise<StorageUsage> {
    return storageUsage(this.ctx);
  }

  // the watch list
  watchStatus(articleId: number): Promise<WatchSummary | null> {
    return watch.watchStatus(this.ctx, articleId);
  }
  setWatch(articleId: number, watching: boolean, deps: watch.WatchDeps): Promise<WatchSummary | null> {
    return watch.setWatch(this.ctx, articleId, watching, deps);
  }
  listWatches(): Promise<WatchSummary[]> {
    return watch.listWatches(this.ctx);
  }
  runDueChecks(deps: watch.WatchDeps): Promise<watch.WatchRun> {
    return watch.runDueChecks(this.ctx, deps);
  }
  checkAllWatchesNow(deps: watch.WatchDeps): Promise<watch.WatchRun> {
    return watch.checkAllNow(this.ctx, deps);
  }
  nextWatchWake(deps: watch.WatchDeps): Promise<number | null> {
    return watch.nextWake(this.ctx, deps);
  }
  unseenEdits(): Promise<number> {
    return watch.unseenEdits(this.ctx);
  }
}
