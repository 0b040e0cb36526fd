/**
 * The match index in memory: loaded from its snapshot plus the rows changed since, or rebuilt
 * from every row, and written back as a snapshot when it has drifted far enough from the last
 * one — at a quiet moment, because packing and storing it takes tens of milliseconds.
 */
import {
  matchDocKeys,
  matchDocPage,
  matchDocsOf,
  readSnapshotAndKeys,
  writeSnapshotIfCurrent,
} from '../store/match-rows';
import type { CrosscheckDb, MatchDocRow, SnapshotRow } from '../store/schema';
import type { ArticleMatchIndex, Engine } from './engine';

/** Rows applied on top of a loaded snapshot beyond which a fresh snapshot is worth writing. */
const SNAPSHOT_STALE_DOCS = 200;
/** Rows read at a time by a rebuild: a few megabytes of rows, however large the library. */
const REBUILD_PAGE_ROWS = 2000;

/** The match index in memory, with the version each article's document came from. */
interface LoadedIndex {
  index: ArticleMatchIndex;
  versionOf: Map<number, number>;
}

export class IndexCache {
  private matchIndex: Promise<LoadedIndex> | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private snapshotDue = false;
  /** Documents put into the index since its snapshot was last written or loaded. */
  private unsavedDocs = 0;

  /**
   * @param snapshotDelayMs how long after the index was rebuilt, or grew by SNAPSHOT_STALE_DOCS,
   *   its snapshot is written; null: only `save()`.
   */
  constructor(
    private readonly db: CrosscheckDb,
    private readonly engine: Engine,
    private readonly snapshotDelayMs: number | null,
  ) {}

  async index(): Promise<ArticleMatchIndex> {
    this.matchIndex ??= this.load().catch((error: unknown) => {
      this.matchIndex = null;
      throw error;
    });
    return (await this.matchIndex).index;
  }

  /** Forgets the index: the next use rebuilds it from the store. */
  drop(): void {
    this.matchIndex = null;
  }

  /**
   * Puts stored match rows into the index currently in memory, if one is: not necessarily the
   * one a caller started from, since a rebuild may have begun meanwhile from rows read before
   * the caller's commit. Putting a document twice replaces it.
   */
  async putRows(
    rows: readonly (Pick<MatchDocRow, 'articleId' | 'versionId' | 'doc'> | undefined)[],
  ): Promise<void> {
    const pending = this.matchIndex;
    if (!pending) return;
    const loaded = await pending;
    for (const row of rows) if (row) this.putDoc(loaded, row.articleId, row.versionId, row.doc);
  }

  /**
   * The index from its snapshot plus the rows that changed since it was written, or, without a
   * usable snapshot, rebuilt from every row (seconds at 10,000 articles, against a fraction of a
   * second for the snapshot).
   */
  private async load(): Promise<LoadedIndex> {
    const [snapshot, keys] = await readSnapshotAndKeys(this.db);
    const loaded = snapshot ? this.fromSnapshot(snapshot) : null;
    if (!loaded) return this.rebuild();
    await this.applyStoredKeys(loaded, keys);
    return loaded;
  }

  /**
   * The index from every stored row, read page by page. Pages are separate reads, so rows may
   * change between them; the stored keys read at the end settle what changed meanwhile.
   */
  private async rebuild(): Promise<LoadedIndex> {
    const rebuilt: LoadedIndex = { index: this.engine.createMatchIndex([]), versionOf: new Map() };
    let after = 0;
    for (;;) {
      const page = await matchDocPage(this.db, after, REBUILD_PAGE_ROWS);
      for (const row of page) {
        rebuilt.index.put(row.doc);
        rebuilt.versionOf.set(row.articleId, row.versionId);
      }
      if (page.length < REBUILD_PAGE_ROWS) break;
      after = page[page.length - 1]!.articleId;
    }
    await this.applyStoredKeys(rebuilt, await matchDocKeys(this.db));
    this.unsavedDocs = rebuilt.versionOf.size;
    this.scheduleSnapshot();
    return rebuilt;
  }

  /** Brings `loaded` in line with the stored rows' keys: drops what changed or went, adds what is new. */
  private async applyStoredKeys(loaded: LoadedIndex, keys: [number, number][]): Promise<number> {
    const current = new Map(keys);
    let changed = 0;
    for (const [articleId, versionId] of loaded.versionOf) {
      if (current.get(articleId) === versionId) continue;
      loaded.index.remove(articleId);
      loaded.versionOf.delete(articleId);
      this.unsavedDocs++;
      changed++;
    }
    const missing = [...current.keys()].filter((articleId) => !loaded.versionOf.has(articleId));
    for (const row of await matchDocsOf(this.db, missing)) {
      if (!row) continue;
      this.putDoc(loaded, row.articleId, row.versionId, row.doc);
      changed++;
    }
    return changed;
  }

  /**
   * After a deletion or an undo: the index in memory follows the stored rows instead of being
   * rebuilt, and a new snapshot is written at the next quiet moment (a deletion removes the old
   * one with the rows, so deleted text never outlives it). Without an index in memory there is
   * nothing to follow; a failure to follow drops it, and the next use rebuilds.
   */
  async followStore(): Promise<void> {
    const pending = this.matchIndex;
    if (!pending) return;
    try {
      const loaded = await pending;
      if (pending !== this.matchIndex) return;
      await this.applyStoredKeys(loaded, await matchDocKeys(this.db));
      this.scheduleSnapshot();
    } catch {
      if (pending === this.matchIndex) this.drop();
    }
  }

  /** Loads the index if it is not in memory yet, so a change about to be made can be followed. */
  async ensureLoaded(): Promise<void> {
    await this.index().catch(() => undefined);
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
   * Restarts the wait for a due snapshot. A popup's requests and every capture call it, so the
   * write (tens of milliseconds of packing, then a large IndexedDB put) waits for a quiet moment
   * instead of landing inside somebody's popup.
   */
  postponeSnapshot(): void {
    if (!this.snapshotDue || this.snapshotDelayMs === null) return;
    if (this.snapshotTimer !== null) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      this.snapshotDue = false;
      // Only a shortcut for the next start: when writing fails, that start rebuilds instead.
      this.saveSnapshot().catch(() => undefined);
    }, this.snapshotDelayMs);
  }

  /**
   * Writes the in-memory index as the snapshot, but only while it matches the stored rows exactly.
   * Returns whether it wrote.
   */
  async saveSnapshot(now = Date.now()): Promise<boolean> {
    const pending = this.matchIndex;
    if (!pending) return false;
    const loaded = await pending;
    return writeSnapshotIfCurrent(
      this.db,
      (keys) =>
        pending === this.matchIndex &&
        keys.length === loaded.versionOf.size &&
        keys.every(([articleId, versionId]) => loaded.versionOf.get(articleId) === versionId),
      () => ({ savedAt: now, versions: [...loaded.versionOf], packed: loaded.index.pack() }),
      () => {
        this.unsavedDocs = 0;
      },
    );
  }
}
