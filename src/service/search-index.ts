/**
 * The library's search entries as a search reads them: the entries themselves, an inverted index
 * of the words of their search texts (src/store/word-index.ts), each sort order computed once,
 * and the last few answers, so that a keystroke at 100,000 articles reads postings rather than
 * texts and never sorts, and the options page's scrolling through one answer reads nothing again.
 * Built from the entries when they load and dropped with them when the library changes.
 */
import type { LibrarySort } from '../protocol/types';
import { matchesTerms } from '../store/search-text';
import { WordIndexBuilder, type WordIndex } from '../store/word-index';
import type { SearchEntry } from './caches';

/** Answers kept: a reader types, deletes and retypes, and scrolls through the last answer. */
const ANSWERS_KEPT = 8;

function compareEntries(sort: LibrarySort): (a: SearchEntry, b: SearchEntry) => number {
  const desc = sort.endsWith('desc') ? -1 : 1;
  const byCaptured = sort.startsWith('captured');
  return (a, b) => {
    const order = byCaptured
      ? a.lastCapturedAt - b.lastCapturedAt
      : a.publishedKey < b.publishedKey
        ? -1
        : a.publishedKey > b.publishedKey
          ? 1
          : 0;
    return desc * (order || a.id - b.id);
  };
}

export class SearchIndex {
  private words: WordIndex | null = null;
  private builder: WordIndexBuilder | null;
  private readonly orders = new Map<LibrarySort, { slots: Int32Array; entries: SearchEntry[] }>();
  private readonly answers = new Map<string, SearchEntry[]>();

  constructor(readonly entries: readonly SearchEntry[]) {
    this.builder = new WordIndexBuilder(entries.map((entry) => entry.search));
  }

  /** Whether the word index is built (until then a search reads the texts). */
  get indexed(): boolean {
    return this.words !== null;
  }

  /** Builds the word index until `shouldStop()` or done; true once it is built. */
  build(shouldStop?: () => boolean): boolean {
    if (this.builder?.step(shouldStop)) {
      this.words = this.builder.finish();
      this.builder = null;
    }
    return this.words !== null;
  }

  /** Every entry in `sort` order, and their positions in `entries`. */
  private ordered(sort: LibrarySort): { slots: Int32Array; entries: SearchEntry[] } {
    let order = this.orders.get(sort);
    if (!order) {
      const compare = compareEntries(sort);
      const slots = Int32Array.from(this.entries.keys()).sort((a, b) =>
        compare(this.entries[a]!, this.entries[b]!),
      );
      order = { slots, entries: Array.from(slots, (slot) => this.entries[slot]!) };
      this.orders.set(sort, order);
    }
    return order;
  }

  /** The entries of `outlet` (any outlet when null) holding every term, in `sort` order. */
  search(terms: readonly string[], outlet: string | null, sort: LibrarySort): readonly SearchEntry[] {
    const { slots, entries } = this.ordered(sort);
    if (terms.length === 0 && !outlet) return entries;
    const key = JSON.stringify([sort, outlet, terms]);
    const known = this.answers.get(key);
    if (known) {
      // Most recently used last, so the oldest answer is the one dropped.
      this.answers.delete(key);
      this.answers.set(key, known);
      return known;
    }
    const out: SearchEntry[] = [];
    if (this.words) {
      const { marks, stamp } = this.words.match(terms);
      for (let i = 0; i < slots.length; i++) {
        if (marks[slots[i]!] !== stamp) continue;
        const entry = entries[i]!;
        if (!outlet || entry.outlet === outlet) out.push(entry);
      }
    } else {
      for (const entry of entries) {
        if ((!outlet || entry.outlet === outlet) && matchesTerms(entry.search, terms)) out.push(entry);
      }
    }
    if (this.answers.size >= ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, out);
    return out;
  }
}
