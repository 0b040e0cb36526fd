/**
 * The candidate index: which stored articles might be another version or another outlet's report
 * of the article being read, found without scanning every stored article.
 *
 * An inverted index maps each term (content word, name, number; see ./terms) to the documents
 * holding it, with document frequencies kept up to date on every add and remove. A query walks the
 * postings of its most informative terms only, each capped at the most recent MAX_POSTINGS_PER_TERM
 * documents, accumulating BM25; the best RESCORE_POOL documents are then scored in full (term
 * cosine, shared names, shared figures, publication-time proximity). Query time therefore grows
 * with the postings of rare terms, not with the corpus.
 *
 * Persistence, in three forms (the documents and postings live in ./index-store, the two snapshot
 * forms in ./index-snapshot):
 *  - Incremental (recommended for the extension): keep one IndexedDB row per article holding
 *    `MatchIndex.docTerms(doc)` (a `DocTerms`, about 2–4 KB for a news article). Write the row when
 *    an article is stored, delete it with the article, and at startup rebuild the postings with
 *    `MatchIndex.fromDocTerms(rows)` (or `index.addDocTerms(row)` per row): no text is re-read or
 *    re-tokenised, and no single large record is rewritten on each capture.
 *  - Whole snapshot: `toJSON()` / `MatchIndex.fromJSON()`, one object with a shared vocabulary,
 *    suited to export, tests, or a store that prefers one record.
 *  - Packed snapshot: `toPacked()` / `MatchIndex.fromPacked()`, the same in typed arrays. Loading
 *    it hashes no term and sizes every posting list once, so it is many times faster than a
 *    rebuild from rows; the extension keeps one beside the rows and applies the rows that changed
 *    since it was written.
 */
import type { Article, Relation } from '../model/types';
import { IndexStore, type Slot } from './index-store';
import {
  loadPacked,
  loadSerialized,
  pack,
  serialize,
  type PackedMatchIndex,
  type SerializedMatchIndex,
} from './index-snapshot';
import { docFromArticle, docTerms, isArticle, type DocTerms, type MatchDoc } from './match-doc';
import { NEAR_DUPLICATE_JACCARD, signatureSimilarity } from './shingles';
import { combineFeatures, KIND_WEIGHT, pairFeatures, timeProximity } from './similarity';
import { termKind } from './terms';

export { docFromArticle, docTerms, outletOfArticle, type DocTerms, type MatchDoc } from './match-doc';
export type { PackedMatchIndex, SerializedMatchIndex, SnapshotDoc } from './index-snapshot';

export interface Candidate {
  id: string | number;
  /** 0..1; a same-event report from another outlet is typically ≥ SIBLING_THRESHOLD. */
  score: number;
  relation: Relation;
}

export interface CandidateOptions {
  limit?: number;
  excludeId?: string | number;
}

/** What the last query touched: evidence that it did not walk the whole corpus. */
export interface QueryStats {
  termsUsed: number;
  postingsScanned: number;
  docsTouched: number;
  docsScored: number;
}

/** Score above which a candidate from another outlet counts as a sibling report. */
export const SIBLING_THRESHOLD = 0.3;

const MAX_QUERY_TERMS = 64;
const MAX_POSTINGS_PER_TERM = 4000;
const RESCORE_POOL = 200;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

export class MatchIndex {
  private readonly store = new IndexStore();
  /** Reused BM25 accumulator, one cell per slot, reset after each query. */
  private accumulator = new Float64Array(0);
  private lastStats: QueryStats = { termsUsed: 0, postingsScanned: 0, docsTouched: 0, docsScored: 0 };

  static docTerms(doc: MatchDoc): DocTerms {
    return docTerms(doc);
  }

  static fromDocTerms(rows: Iterable<DocTerms>): MatchIndex {
    const index = new MatchIndex();
    for (const row of rows) index.addDocTerms(row);
    return index;
  }

  /**
   * Throws when `packed` is not a consistent packed index, so a caller can rebuild from rows
   * instead. The index keeps views into `packed`'s arrays: hand it a copy you will not change
   * (what IndexedDB returns is one).
   */
  static fromPacked(packed: PackedMatchIndex): MatchIndex {
    const index = new MatchIndex();
    loadPacked(index.store, packed);
    return index;
  }

  static fromJSON(json: SerializedMatchIndex): MatchIndex {
    const index = new MatchIndex();
    loadSerialized(index.store, json);
    return index;
  }

  get size(): number {
    return this.store.live;
  }

  /** Counters of the most recent `candidates` call. */
  get stats(): QueryStats {
    return { ...this.lastStats };
  }

  has(id: string | number): boolean {
    return this.store.slotById.has(id);
  }

  /** Indexes a document; re-adding an id replaces the earlier entry. */
  add(doc: MatchDoc): DocTerms {
    const row = docTerms(doc);
    this.addDocTerms(row);
    return row;
  }

  addDocTerms(row: DocTerms): void {
    this.store.add(row);
  }

  remove(id: string | number): boolean {
    return this.store.remove(id);
  }

  /** The stored row of one document, for incremental persistence. */
  getDocTerms(id: string | number): DocTerms | undefined {
    return this.store.docTerms(id);
  }

  toPacked(): PackedMatchIndex {
    return pack(this.store);
  }

  toJSON(): SerializedMatchIndex {
    return serialize(this.store);
  }

  /**
   * Stored documents most likely to be a version or a sibling report of `query`, best first:
   * versions (same address, or the same text at another address) first, then by score.
   */
  candidates(query: MatchDoc | Article, options: CandidateOptions = {}): Candidate[] {
    const doc = isArticle(query) ? docFromArticle('', query) : query;
    const limit = options.limit ?? 10;
    const excluded = options.excludeId ?? (isArticle(query) ? undefined : this.selfId(doc));
    const row = docTerms(doc);
    const queryTime = row.time;
    const queryVector = new Map<number, number>();
    const unseen: [string, number][] = [];
    row.terms.forEach((term, i) => {
      const termId = this.store.vocabulary.get(term);
      const tf = row.tfs[i] ?? 1;
      if (termId === undefined) unseen.push([term, tf]);
      else queryVector.set(termId, tf);
    });

    const pool = this.gather(queryVector, excluded, limit);
    for (const slotNumber of this.store.slotsByUrlKey.get(doc.urlKey) ?? []) {
      if (this.store.slots[slotNumber]?.id !== excluded) pool.add(slotNumber);
    }

    // Every pooled document asks for the weights of its terms again; within one query the
    // document frequencies cannot change, so each term is weighed once.
    const weights = new Float64Array(this.store.termsById.length).fill(Number.NaN);
    const weight = (termId: number) => {
      let w = weights[termId]!;
      if (Number.isNaN(w)) weights[termId] = w = this.weight(termId);
      return w;
    };
    const kind = (termId: number) => termKind(this.store.termsById[termId] ?? '');
    // Terms the index has never seen still belong to the query's length: a query full of new
    // names is less like any stored document than its shared terms alone would suggest.
    const unseenNorm = unseen.reduce((sum, [term, tf]) => {
      const w = (1 + Math.log(tf)) * this.idf(0) * KIND_WEIGHT[termKind(term)];
      return sum + w * w;
    }, 0);
    const unseenNames = unseen.reduce(
      (s, [t]) => s + (termKind(t) === 'name' ? this.idf(0) * KIND_WEIGHT.name : 0),
      0,
    );
    const unseenNumbers = unseen.reduce(
      (s, [t]) => s + (termKind(t) === 'number' ? this.idf(0) * KIND_WEIGHT.number : 0),
      0,
    );

    const results: Candidate[] = [];
    for (const slotNumber of pool) {
      const slot = this.store.slots[slotNumber]!;
      const features = pairFeatures(
        queryVector,
        slotEntries(slot),
        weight,
        kind,
        timeProximity(queryTime ?? row.capturedAt, slot.time ?? slot.capturedAt),
        { norm: unseenNorm, names: unseenNames, numbers: unseenNumbers },
      );
      const score = combineFeatures(features);
      const sameAddress = slot.urlKey === doc.urlKey;
      const nearDuplicate =
        !sameAddress && signatureSimilarity(row.signature, slot.signature) >= NEAR_DUPLICATE_JACCARD;
      const relation: Relation =
        sameAddress || nearDuplicate
          ? 'version'
          : slot.outlet !== doc.outlet && score >= SIBLING_THRESHOLD
            ? 'sibling'
            : 'unrelated';
      results.push({ id: slot.id, score, relation });
    }
    this.lastStats.docsScored = pool.size;
    return results.sort(compareCandidates).slice(0, limit);
  }

  private selfId(doc: MatchDoc): string | number | undefined {
    return this.store.slotById.has(doc.id) ? doc.id : undefined;
  }

  private idf(df: number): number {
    return Math.log(1 + (this.store.live - df + 0.5) / (df + 0.5));
  }

  private weight(termId: number): number {
    const df = this.store.postings[termId]?.length ?? 0;
    return this.idf(df) * KIND_WEIGHT[termKind(this.store.termsById[termId] ?? '')];
  }

  /** BM25 over the postings of the query's most informative terms; returns the pool to rescore. */
  private gather(
    queryVector: Map<number, number>,
    excluded: string | number | undefined,
    limit: number,
  ): Set<number> {
    const ranked = [...queryVector]
      .map(([termId, tf]) => ({ termId, tf, df: this.store.postings[termId]?.length ?? 0 }))
      .filter((t) => t.df > 0 && t.df <= Math.max(2, this.store.live * 0.5))
      .map((t) => ({ ...t, importance: (1 + Math.log(t.tf)) * this.weight(t.termId) }))
      .sort((a, b) => b.importance - a.importance)
      .slice(0, MAX_QUERY_TERMS);

    if (this.accumulator.length < this.store.slots.length) {
      this.accumulator = new Float64Array(Math.max(this.store.slots.length, this.accumulator.length * 2));
    }
    const accumulator = this.accumulator;
    const lengths = this.store.lengths;
    const touched: number[] = [];
    const averageLength = this.store.live > 0 ? this.store.totalLength / this.store.live : 1;
    let postingsScanned = 0;
    for (const { termId, tf: queryTf } of ranked) {
      const list = this.store.postings[termId]!;
      const idf = this.weight(termId);
      const queryFactor = 1 + Math.log(queryTf);
      const from = Math.max(0, list.length - MAX_POSTINGS_PER_TERM);
      for (let i = list.length - 1; i >= from; i--) {
        const slotNumber = list.slots[i]!;
        const tf = list.tfs[i]!;
        const length = lengths[slotNumber]!;
        const bm25 =
          (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength));
        if (accumulator[slotNumber] === 0) touched.push(slotNumber);
        accumulator[slotNumber]! += bm25 * queryFactor;
      }
      postingsScanned += list.length - from;
    }

    const excludedSlot = excluded === undefined ? undefined : this.store.slotById.get(excluded);
    const poolSize = Math.max(RESCORE_POOL, limit * 2);
    let chosen = touched;
    if (touched.length > poolSize) {
      chosen = [...touched].sort((a, b) => accumulator[b]! - accumulator[a]!).slice(0, poolSize + 1);
    }
    const pool = new Set<number>();
    for (const slotNumber of chosen)
      if (slotNumber !== excludedSlot && pool.size < poolSize) pool.add(slotNumber);
    for (const slotNumber of touched) accumulator[slotNumber] = 0;
    this.lastStats = {
      termsUsed: ranked.length,
      postingsScanned,
      docsTouched: touched.length,
      docsScored: 0,
    };
    return pool;
  }
}

function* slotEntries(slot: Slot): Generator<[number, number]> {
  for (let i = 0; i < slot.terms.length; i++) yield [slot.terms[i]!, slot.tfs[i]!];
}

const RELATION_ORDER: Record<Relation, number> = { version: 0, sibling: 1, unrelated: 2 };

export function compareCandidates(
  a: { relation: Relation; score: number },
  b: { relation: Relation; score: number },
): number {
  return RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] || b.score - a.score;
}
