/**
 * The results the service keeps in memory between requests: the search entries of every article,
 * sibling lists and version comparisons. All are rebuilt from the store when missing (an MV3
 * worker may be stopped at any moment), and `libraryChanged` drops whatever a change to the
 * stored articles can make wrong.
 */
import type { Article, Comparison } from '../model/types';
import type { SiblingSummary } from '../protocol/types';
import { allArticles, getArticles } from '../store/articles';
import type { ArticleRow, CrosscheckDb } from '../store/schema';
import { SearchIndex } from './search-index';

/** Milliseconds of word-index building at a time, between which the background answers messages. */
const INDEX_SLICE_MS = 25;

/** Entries each in-memory result cache keeps; a popup open needs one of each. */
const CACHE_ENTRIES = 64;

/**
 * Looks `key` up in `cache`, computing and keeping it when missing; beyond `limit` entries the
 * oldest goes first.
 */
export function remember<K, T>(cache: Map<K, T>, key: K, compute: () => T, limit = CACHE_ENTRIES): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** The few fields of every article that search, sorting, grouping and outlet counts need. */
export interface SearchEntry {
  id: number;
  outlet: string;
  siteName: string | null;
  storyId: number | null;
  lastCapturedAt: number;
  publishedKey: string;
  versionCount: number;
  search: string;
}

function searchEntryOf(row: ArticleRow): SearchEntry {
  return {
    id: row.id,
    outlet: row.outlet,
    siteName: row.siteName,
    storyId: row.storyId,
    lastCapturedAt: row.lastCapturedAt,
    publishedKey: row.publishedKey,
    versionCount: row.versionCount,
    search: row.search,
  };
}

/** A recently related candidate: its version's article and, when it is that version's, its match document. */
export interface KeptCandidate {
  article: Article;
  doc: unknown;
}

export class ResultCaches {
  private searchEntries: Promise<readonly SearchEntry[]> | null = null;
  private searchIndex: Promise<SearchIndex> | null = null;
  /** The index whose word index is being built in slices (the latest made or patched). */
  private current: SearchIndex | null = null;
  private built: Promise<void> | null = null;
  /** Bumped on every change to the stored articles or versions. */
  generation = 0;
  readonly siblingLists = new Map<string, SiblingSummary[]>();
  /** A stored version never changes, so neither does its comparison with another one. */
  readonly comparisons = new Map<string, Comparison>();
  /**
   * The articles of versions recently related as sibling candidates, by version id. Consecutive
   * captures and imports meet the same candidates again and again; the same object also keeps
   * the engine's prepared terms and shingles of it (src/match/index.ts), which were most of an
   * import's time. Versions never change; a deletion empties it.
   */
  readonly candidateArticles = new Map<number, KeptCandidate>();

  constructor(private readonly db: CrosscheckDb) {}

  /** Whether the search entries are in memory (a plain listing is cheaper without them). */
  get entriesLoaded(): boolean {
    return this.searchEntries !== null;
  }

  entries(): Promise<readonly SearchEntry[]> {
    this.searchEntries ??= allArticles(this.db).then(
      (rows) => rows.map(searchEntryOf),
      (error: unknown) => {
        this.searchEntries = null;
        throw error;
      },
    );
    return this.searchEntries;
  }

  /**
   * The entries with their sort orders and word index, made once and then patched as articles
   * change. The word index is built in slices of INDEX_SLICE_MS after the first search has its
   * answer (read from the texts until then), so no message waits for the whole build.
   */
  search(): Promise<SearchIndex> {
    this.searchIndex ??= this.entries().then(
      (entries) => this.building(new SearchIndex(entries)),
      (error: unknown) => {
        this.searchIndex = null;
        throw error;
      },
    );
    return this.searchIndex;
  }

  /** Builds `index`'s word index in slices while it is the current one; returns it. */
  private building(index: SearchIndex): SearchIndex {
    this.current = index;
    this.built = new Promise((resolve) => {
      const slice = () => {
        if (this.current !== index) return resolve();
        const until = performance.now() + INDEX_SLICE_MS;
        if (index.build(() => performance.now() > until)) resolve();
        else setTimeout(slice, 0);
      };
      setTimeout(slice, 0);
    });
    return index;
  }

  /** Settles once the current word index is built or dropped (for the bench and tests). */
  async searchIndexed(): Promise<void> {
    await this.search();
    await this.built;
  }

  /** Versions were deleted: no text of theirs stays in memory. */
  versionsRemoved(): void {
    this.candidateArticles.clear();
    this.comparisons.clear();
  }

  /**
   * Anything derived from the set of stored articles and versions is stale from here on. When the
   * change is to the articles `changed` alone (a capture, an import), the search entries and
   * their word index follow it from those articles' rows instead of being read and built again.
   */
  libraryChanged(changed: readonly number[] | null = null): void {
    this.generation++;
    this.siblingLists.clear();
    const entries = this.searchEntries;
    if (changed === null || entries === null) {
      this.searchEntries = null;
      this.searchIndex = null;
      this.current = null;
      return;
    }
    const ids = [...new Set(changed)];
    const gone = new Set(ids);
    const rows = getArticles(this.db, ids).then((found) =>
      found.filter((row): row is ArticleRow => row !== undefined).map(searchEntryOf),
    );
    const withChanges = (list: readonly SearchEntry[], current: SearchEntry[]) => [
      ...list.filter((entry) => !gone.has(entry.id)),
      ...current,
    ];
    const index = this.searchIndex;
    if (index) {
      // The patched index holds the entries too: the list is read off it, not kept twice.
      const patchedIndex = Promise.all([index, rows]).then(([before, current]) =>
        this.building(before.patched(ids, current) ?? new SearchIndex(withChanges(before.entries, current))),
      );
      this.searchIndex = patchedIndex;
      this.searchEntries = patchedIndex.then((patched) => patched.entries);
    } else {
      this.searchEntries = Promise.all([entries, rows]).then(([list, current]) => withChanges(list, current));
    }
    // A failed read leaves nothing half-patched: both are read again from the store on next use.
    const searchIndex = this.searchIndex;
    const searchEntries = this.searchEntries;
    searchEntries.catch(() => {
      if (this.searchEntries === searchEntries) this.searchEntries = null;
      if (this.searchIndex === searchIndex) this.searchIndex = null;
    });
  }
}
