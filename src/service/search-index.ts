/**
 * The library's search entries as a search reads them: the entries themselves, an inverted index
 * of the words of their search texts (src/store/word-index.ts), each sort order computed once,
 * and the last few answers, so that a keystroke at 100,000 articles reads postings rather than
 * texts and never sorts, and the options page's scrolling through one answer reads nothing again.
 *
 * A capture changes one article, an import a batch: `patched` follows such a change without
 * building the word index again (20 s at 100,000 articles). The entries it indexed keep their
 * slots, the changed ones are marked gone there and come back as new slots past the indexed
 * ones, which a search reads by text; once those are many, the whole index is built again.
 */
import type { LibrarySort } from '../protocol/types';
import { matchesTerms } from '../store/search-text';
import { WordIndexBuilder, type WordIndex } from '../store/word-index';
import type { SearchEntry } from './caches';

/** Answers kept: a reader types, deletes and retypes, and scrolls through the last answer. */
const ANSWERS_KEPT = 8;

/**
 * Entries past the word index a search may read by text before the index is built again: reading
 * a few thousand short texts costs about what a keystroke may, and a full build is seconds.
 */
export const UNINDEXED_LIMIT = 2_000;

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

/** The word index of the first `count` slots, shared by an index and the ones patched from it. */
interface WordSource {
  builder: WordIndexBuilder | null;
  words: WordIndex | null;
  readonly count: number;
}

interface Order {
  /** Live slots in the sort's order. */
  slots: Int32Array;
  entries: SearchEntry[];
}

export class SearchIndex {
  /** The entry of every slot; a slot not `live` holds an entry that changed or went since. */
  private readonly slots: readonly SearchEntry[];
  private readonly live: Uint8Array;
  private readonly source: WordSource;
  private readonly orders = new Map<LibrarySort, Order>();
  private readonly answers = new Map<string, SearchEntry[]>();
  /** Orders of the index this was patched from, and the first slot it did not have. */
  private readonly inherited: { orders: Map<LibrarySort, Order>; from: number } | null;
  private liveEntries: readonly SearchEntry[] | null = null;
  private slotOfId: Map<number, number> | null = null;

  constructor(
    entries: readonly SearchEntry[],
    patch?: {
      live: Uint8Array;
      source: WordSource;
      inherited: { orders: Map<LibrarySort, Order>; from: number };
    },
  ) {
    this.slots = entries;
    this.live = patch?.live ?? new Uint8Array(entries.length).fill(1);
    this.source = patch?.source ?? {
      builder: new WordIndexBuilder(entries.map((entry) => entry.search)),
      words: null,
      count: entries.length,
    };
    this.inherited = patch?.inherited ?? null;
    // Every slot of a fresh index is live.
    if (!patch) this.liveEntries = entries;
  }

  /** The current entries, in no particular order. */
  get entries(): readonly SearchEntry[] {
    this.liveEntries ??= this.slots.filter((_, slot) => this.live[slot] === 1);
    return this.liveEntries;
  }

  /** Whether the word index is built (until then a search reads the texts). */
  get indexed(): boolean {
    return this.source.words !== null;
  }

  /** Entries a search reads by text even once the word index is built. */
  get unindexed(): number {
    return this.slots.length - this.source.count;
  }

  /** Builds the word index until `shouldStop()` or done; true once it is built. */
  build(shouldStop?: () => boolean): boolean {
    const source = this.source;
    if (source.builder?.step(shouldStop)) {
      source.words = source.builder.finish();
      source.builder = null;
    }
    return source.words !== null;
  }

  /**
   * This index after a change to the articles `changedIds`: `current` holds the entries of those
   * still stored (new or stored again); the others were deleted. Null when the change leaves too
   * many entries outside the word index, and the index should be made anew.
   */
  patched(changedIds: readonly number[], current: readonly SearchEntry[]): SearchIndex | null {
    if (this.unindexed + current.length > UNINDEXED_LIMIT) return null;
    // Handed on to the patched index rather than copied (100,000 entries); this one builds its
    // own again if it is ever patched twice.
    const slotOfId = this.slotOfId ?? this.slotsById();
    this.slotOfId = null;
    const live = new Uint8Array(this.slots.length + current.length);
    live.set(this.live);
    for (const id of changedIds) {
      const slot = slotOfId.get(id);
      if (slot !== undefined) live[slot] = 0;
      slotOfId.delete(id);
    }
    live.fill(1, this.slots.length);
    current.forEach((entry, k) => slotOfId.set(entry.id, this.slots.length + k));
    // Orders this one was still to derive are derived now, so a run of patches never sorts anew.
    for (const sort of [...(this.inherited?.orders.keys() ?? [])]) this.ordered(sort);
    const next = new SearchIndex([...this.slots, ...current], {
      live,
      source: this.source,
      inherited: { orders: new Map(this.orders), from: this.slots.length },
    });
    next.slotOfId = slotOfId;
    return next;
  }

  private slotsById(): Map<number, number> {
    const slots = new Map<number, number>();
    this.slots.forEach((entry, slot) => {
      if (this.live[slot] === 1) slots.set(entry.id, slot);
    });
    return slots;
  }

  /** Every live entry in `sort` order, with its slot. */
  private ordered(sort: LibrarySort): Order {
    let order = this.orders.get(sort);
    if (!order) {
      const compare = compareEntries(sort);
      const bySlot = (a: number, b: number) => compare(this.slots[a]!, this.slots[b]!);
      const before = this.inherited?.orders.get(sort);
      if (before && this.inherited) {
        this.inherited.orders.delete(sort);
        order = this.mergedOrder(before, this.inherited.from, bySlot);
      } else {
        const slots = Int32Array.from(this.slots.keys())
          .filter((slot) => this.live[slot] === 1)
          .sort(bySlot);
        order = { slots, entries: Array.from(slots, (slot) => this.slots[slot]!) };
      }
      this.orders.set(sort, order);
    }
    return order;
  }

  /**
   * The order patched from, less its slots no longer live, with the slots from `from` on sorted
   * in where they belong: plain copies and a binary search per new slot, no comparison per entry
   * (a first keystroke after a capture at 100,000 articles).
   */
  private mergedOrder(before: Order, from: number, bySlot: (a: number, b: number) => number): Order {
    const added = Int32Array.from({ length: this.slots.length - from }, (_, k) => from + k).sort(bySlot);
    const at = Array.from(added, (slot) => {
      let low = 0;
      let high = before.slots.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (bySlot(before.slots[mid]!, slot) < 0) low = mid + 1;
        else high = mid;
      }
      return low;
    });
    const total = before.slots.length + added.length;
    const slots = new Int32Array(total);
    const entries = new Array<SearchEntry>(total);
    let out = 0;
    let next = 0;
    for (let i = 0; i <= before.slots.length; i++) {
      while (next < added.length && at[next] === i) {
        slots[out] = added[next]!;
        entries[out++] = this.slots[added[next++]!]!;
      }
      if (i === before.slots.length) break;
      const slot = before.slots[i]!;
      if (this.live[slot] !== 1) continue;
      slots[out] = slot;
      entries[out++] = before.entries[i]!;
    }
    entries.length = out;
    return { slots: slots.subarray(0, out), entries };
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
    const words = this.source.words;
    const indexedSlots = this.source.count;
    const found = words?.match(terms);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const entry = entries[i]!;
      if (outlet && entry.outlet !== outlet) continue;
      const matches =
        found && slot < indexedSlots ? found.marks[slot] === found.stamp : matchesTerms(entry.search, terms);
      if (matches) out.push(entry);
    }
    if (this.answers.size >= ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, out);
    return out;
  }
}
