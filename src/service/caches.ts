/**
 * The results the service keeps in memory between requests: the search entries of every article,
 * sibling lists and version comparisons. All are rebuilt from the store when missing (an MV3
 * worker may be stopped at any moment), and `libraryChanged` drops whatever a change to the
 * stored articles can make wrong.
 */
import type { Comparison } from '../model/types';
import type { SiblingSummary } from '../protocol/types';
import { allArticles } from '../store/articles';
import type { CrosscheckDb } from '../store/schema';
import { SearchIndex } from './search-index';

/** Entries each in-memory result cache keeps; a popup open needs one of each. */
const CACHE_ENTRIES = 64;

/** Looks `key` up in `cache`, computing and keeping it when missing; the oldest entry goes first. */
export function remember<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
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

export class ResultCaches {
  private searchEntries: Promise<SearchEntry[]> | null = null;
  private searchIndex: Promise<SearchIndex> | null = null;
  /** Bumped on every change to the stored articles or versions. */
  generation = 0;
  readonly siblingLists = new Map<string, SiblingSummary[]>();
  /** A stored version never changes, so neither does its comparison with another one. */
  readonly comparisons = new Map<string, Comparison>();

  constructor(private readonly db: CrosscheckDb) {}

  /** Whether the search entries are in memory (a plain listing is cheaper without them). */
  get entriesLoaded(): boolean {
    return this.searchEntries !== null;
  }

  entries(): Promise<SearchEntry[]> {
    this.searchEntries ??= allArticles(this.db).then(
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

  /** The entries with their search filters and sort orders, built once per change of the library. */
  search(): Promise<SearchIndex> {
    this.searchIndex ??= this.entries().then(
      (entries) => new SearchIndex(entries),
      (error: unknown) => {
        this.searchIndex = null;
        throw error;
      },
    );
    return this.searchIndex;
  }

  /** Anything derived from the set of stored articles and versions is stale from here on. */
  libraryChanged(): void {
    this.generation++;
    this.searchEntries = null;
    this.searchIndex = null;
    this.siblingLists.clear();
  }
}
