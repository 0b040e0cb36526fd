/**
 * What every use case of the service shares: the store, the engine, the in-memory caches, and
 * the "storage is full" flag the options page shows. One instance per background.
 */
import type { WatchScheduleLimits } from '../model/settings';
import type { Article } from '../model/types';
import { isQuotaError, toStoreError, type StoreError } from '../store/errors';
import type { CaptureSteps } from '../store/article-writes';
import type { RowDerivations } from '../store/rows';
import { reconnectAfterStorageFull, type CrosscheckDb } from '../store/schema';
import { ResultCaches } from './caches';
import type { Engine } from './engine';
import { IndexCache } from './index-cache';

export interface StorageEstimate {
  usage: number | null;
  quota: number | null;
}

export interface ContextOptions {
  engine: Engine;
  estimateStorage: (() => Promise<StorageEstimate | null>) | null;
  snapshotDelayMs: number | null;
  exportPageChars: number;
  watchScheduleLimits: WatchScheduleLimits;
  onLibraryChanged: (() => void) | null;
}

export class ServiceContext {
  readonly engine: Engine;
  readonly estimateStorage: (() => Promise<StorageEstimate | null>) | null;
  readonly exportPageChars: number;
  /** What a watch schedule the reader sets must keep to. */
  readonly watchScheduleLimits: WatchScheduleLimits;
  readonly index: IndexCache;
  readonly caches: ResultCaches;
  /** The engine's part in the store's writes. */
  readonly derive: RowDerivations;
  /** Set when a write failed for lack of space; cleared by the next stored capture. */
  storageFull = false;
  private readonly announce: (() => void) | null;

  constructor(
    readonly db: CrosscheckDb,
    options: ContextOptions,
  ) {
    this.engine = options.engine;
    this.estimateStorage = options.estimateStorage;
    this.exportPageChars = options.exportPageChars;
    this.watchScheduleLimits = options.watchScheduleLimits;
    this.announce = options.onLibraryChanged;
    this.index = new IndexCache(db, options.engine, options.snapshotDelayMs);
    this.caches = new ResultCaches(db);
    const engine = options.engine;
    this.derive = {
      changeCount: (before, after) => engine.compareVersions(before, after).differences.length,
      matchDoc: (articleId, article, capturedAt) => engine.matchDoc(articleId, article, capturedAt),
    };
  }

  /** The store's capture steps, with `storyFor` placing a new article. */
  captureSteps(storyFor: CaptureSteps['storyFor']): CaptureSteps {
    return { ...this.derive, storyFor };
  }

  /** An article as it will be stored: address key and hash recomputed by the engine, never taken from the sender. */
  canonical(input: Article): Article {
    return {
      ...input,
      urlKey: this.engine.urlKeyOf(input),
      contentHash: this.engine.contentHashOf(input),
    };
  }

  outletOf(article: Article): string {
    return this.engine.outletOf(article.canonicalUrl ?? article.url);
  }

  /**
   * Anything derived from the set of stored articles and versions is stale from here on; `changed`
   * names the articles when the change is to them alone (see ResultCaches.libraryChanged).
   */
  libraryChanged(changed: readonly number[] | null = null): void {
    this.caches.libraryChanged(changed);
    this.announce?.();
  }

  /** The stored articles changed in ways the in-memory index cannot follow: rebuild it too. */
  invalidate(): void {
    this.index.drop();
    this.caches.libraryChanged();
    this.announce?.();
  }

  /** Turns a store failure into a StoreError, remembering a full disk for the options page. */
  failed(error: unknown): StoreError {
    if (isQuotaError(error)) {
      this.storageFull = true;
      reconnectAfterStorageFull(this.db);
    }
    return toStoreError(error);
  }
}
