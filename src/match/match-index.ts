/**
 * The candidate index: which stored articles might be another version or another outlet's report
 * of the article being read, found without scanning every stored article.
 *
 * An inverted index maps each term (content word, name, number; see ./terms) to the documents
 * holding it, with document frequencies kept exact on every add and remove. Each article is
 * indexed by its MAX_TERMS_PER_DOC strongest terms, and so is a query. A query walks the postings
 * of its most informative terms only, each capped at the most recent MAX_POSTINGS_PER_TERM
 * documents, accumulating BM25; the best RESCORE_POOL documents are then scored in full (term
 * cosine, shared names, shared figures, publication-time proximity). Query time therefore grows
 * with the postings of rare terms, not with the corpus. The layout in memory (./index-store) is
 * a few typed arrays, about a kilobyte per article.
 *
 * Persistence:
 *  - Per article: `MatchIndex.docTerms(doc)` (a `DocTerms`, about 2–4 KB as JSON) is what a store
 *    keeps beside each article; `MatchIndex.fromDocTerms(rows)` rebuilds the index from them
 *    without re-reading any text.
 *  - Packed snapshot: `toPacked()` / `MatchIndex.fromPacked()`, the index's own typed arrays.
 *    Loading adopts them and builds two lookup tables, so it is tens of times faster than a
 *    rebuild; the extension keeps one beside the rows and applies the rows changed since.
 *  - `toJSON()` / `MatchIndex.fromJSON()`: the packed snapshot with plain arrays, for export and
 *    tests.
 */
import type { Article, Relation } from '../model/types';
import {
  IndexStore,
  inverseDocumentFrequency,
  POSTING_TF_BITS,
  signatureWords,
  strongestTerms,
} from './index-store';
import {
  loadPacked,
  loadSerialized,
  pack,
  serialize,
  type PackedMatchIndex,
  type SerializedMatchIndex,
} from './index-snapshot';
import { docFromArticle, docTerms, isArticle, type DocTerms, type MatchDoc } from './match-doc';
import { NEAR_DUPLICATE_JACCARD, SIGNATURE_LENGTH } from './shingles';
import { combineFeatures, KIND_WEIGHT, pairFeatures, querySide, timeProximity } from './similarity';
import { KIND_CODE, termHash } from './term-table';
import { termKind } from './terms';

export { docFromArticle, docTerms, outletOfArticle, type DocTerms, type MatchDoc } from './match-doc';
export type { PackedMatchIndex, SerializedMatchIndex } from './index-snapshot';
export { MAX_TERMS_PER_DOC } from './index-store';

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
  /** Reused per-term marks of the query's ranked terms (rank + 1), reset after each query. */
  private termMarks = new Int32Array(0);
  private lastStats: QueryStats = { termsUsed: 0, postingsScanned: 0, docsTouched: 0, docsScored: 0 };

  static docTerms(doc: MatchDoc): DocTerms {
    return docTerms(doc);
  }

  static fromDocTerms(rows: Iterable<DocTerms>): MatchIndex {
    const index = new MatchIndex();
    index.store.deferMerge = true;
    for (const row of rows) index.addDocTerms(row);
    index.store.deferMerge = false;
    index.store.trim();
    return index;
  }

  /**
   * Throws when `packed` is not a consistent packed index, so a caller can rebuild from rows
   * instead. The index keeps `packed`'s arrays as its own: hand it a copy you will not change
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

  /**
   * Bytes of typed arrays the index holds. They live outside the JavaScript heap, so a heap
   * measurement alone misses most of the index.
   */
  get typedArrayBytes(): number {
    return this.store.typedArrayBytes() + this.accumulator.byteLength + this.termMarks.byteLength;
  }

  /** Counters of the most recent `candidates` call. */
  get stats(): QueryStats {
    return { ...this.lastStats };
  }

  has(id: string | number): boolean {
    return this.store.slotById.has(id);
  }

  /** Indexes a document; re-adding an id replaces the earlier entry. Returns its stored row. */
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
    const store = this.store;
    const doc = isArticle(query) ? docFromArticle('', query) : query;
    const limit = options.limit ?? 10;
    const excluded = options.excludeId ?? (isArticle(query) ? undefined : this.selfId(doc));
    const row = docTerms(doc);
    const queryTime = row.time;

    // The query keeps the same strongest terms a stored article would, so both sides of every
    // cosine are cut alike. Terms the index has never seen weigh as the rarest.
    const termIds = new Int32Array(row.terms.length);
    const tfs = new Uint16Array(row.terms.length);
    row.terms.forEach((term, i) => {
      termIds[i] = store.terms.find(termHash(term));
      tfs[i] = Math.max(1, Math.min(0xffff, row.tfs[i] ?? 1));
    });
    const rarest = inverseDocumentFrequency(0, store.live);
    const kept = strongestTerms(tfs, (i) => KIND_CODE[termKind(row.terms[i]!)]);
    const queryVector = new Map<number, number>();
    // Terms the index has never seen still belong to the query's length: a query full of new
    // names is less like any stored document than its shared terms alone would suggest.
    let unseenNorm = 0;
    let unseenNames = 0;
    let unseenNumbers = 0;
    for (const i of kept) {
      if (termIds[i]! >= 0) {
        queryVector.set(termIds[i]!, tfs[i]!);
        continue;
      }
      const kind = termKind(row.terms[i]!);
      const w = (1 + Math.log(tfs[i]!)) * rarest * KIND_WEIGHT[kind];
      unseenNorm += w * w;
      if (kind === 'name') unseenNames += rarest * KIND_WEIGHT.name;
      else if (kind === 'number') unseenNumbers += rarest * KIND_WEIGHT.number;
    }

    const pool = this.gather(queryVector, excluded, limit);
    const urlHash = termHash(doc.urlKey);
    for (const slot of store.slotsAtUrl(urlHash)) {
      if (store.ids[slot] !== excluded) pool.add(slot);
    }

    // Every pooled document asks for the weights of its terms again; within one query the
    // document frequencies cannot change, so each term is weighed once.
    const weights = new Float64Array(store.terms.size).fill(Number.NaN);
    const weight = (termId: number) => {
      let w = weights[termId]!;
      if (Number.isNaN(w)) weights[termId] = w = store.weight(termId);
      return w;
    };
    const kind = (termId: number) => store.terms.kind(termId);
    const querySignature = signatureWords(row.signature);

    const results: Candidate[] = [];
    const unseen = { norm: unseenNorm, names: unseenNames, numbers: unseenNumbers };
    const queryTotals = querySide(queryVector, weight, kind, unseen);
    for (const slot of pool) {
      const features = pairFeatures(
        queryVector,
        store.slotTerms(slot),
        weight,
        kind,
        timeProximity(queryTime ?? row.capturedAt, known(store.times[slot]!) ?? known(store.captured[slot]!)),
        unseen,
        queryTotals,
      );
      const score = combineFeatures(features);
      const sameAddress = store.urlHashes[slot] === urlHash;
      const nearDuplicate =
        !sameAddress && this.signatureSimilarity(querySignature, slot) >= NEAR_DUPLICATE_JACCARD;
      const relation: Relation =
        sameAddress || nearDuplicate
          ? 'version'
          : store.outletName(slot) !== doc.outlet && score >= SIBLING_THRESHOLD
            ? 'sibling'
            : 'unrelated';
      results.push({ id: store.ids[slot]!, score, relation });
    }
    this.lastStats.docsScored = pool.size;
    return results.sort(compareCandidates).slice(0, limit);
  }

  /** Estimated shingle Jaccard of the query's signature and a slot's; 0 when either is empty. */
  private signatureSimilarity(query: Uint16Array, slot: number): number {
    if (query.length === 0 || !this.store.signed[slot]) return 0;
    const signatures = this.store.signatures;
    const base = slot * SIGNATURE_LENGTH;
    let equal = 0;
    for (let i = 0; i < SIGNATURE_LENGTH; i++) if (signatures[base + i] === query[i]) equal++;
    return equal / SIGNATURE_LENGTH;
  }

  private selfId(doc: MatchDoc): string | number | undefined {
    return this.store.slotById.has(doc.id) ? doc.id : undefined;
  }

  /** BM25 over the postings of the query's most informative terms; returns the pool to rescore. */
  private gather(
    queryVector: Map<number, number>,
    excluded: string | number | undefined,
    limit: number,
  ): Set<number> {
    const store = this.store;
    const df = store.terms.df;
    // Terms are ranked as if the excluded document (the query's own stored copy) were not
    // indexed: a term only it holds leads nowhere, however rare it looks.
    const excludedSlot = excluded === undefined ? undefined : store.slotById.get(excluded);
    const own = new Set<number>();
    if (excludedSlot !== undefined) for (const [termId] of store.slotTerms(excludedSlot)) own.add(termId);
    const ranked = [...queryVector]
      .map(([termId, tf]) => ({ termId, tf, df: df[termId]! - (own.has(termId) ? 1 : 0) }))
      .filter((t) => t.df > 0 && t.df <= Math.max(2, store.live * 0.5))
      .map((t) => ({ ...t, importance: (1 + Math.log(t.tf)) * store.weight(t.termId) }))
      .sort((a, b) => b.importance - a.importance)
      .slice(0, MAX_QUERY_TERMS);

    if (this.accumulator.length < store.slotCount) {
      this.accumulator = new Float64Array(Math.max(store.slotCount, this.accumulator.length * 2));
    }
    if (this.termMarks.length < store.terms.size) {
      this.termMarks = new Int32Array(Math.max(store.terms.size, this.termMarks.length * 2));
    }
    const accumulator = this.accumulator;
    const marks = this.termMarks;
    const lengths = store.lengths;
    const dead = store.dead;
    const touched: number[] = [];
    const averageLength = store.live > 0 ? store.totalLength / store.live : 1;
    const idfs = ranked.map((t) => store.weight(t.termId));
    const queryFactors = ranked.map((t) => 1 + Math.log(t.tf));
    const walked = new Uint32Array(ranked.length);
    ranked.forEach((t, r) => (marks[t.termId] = r + 1));
    const low = (1 << POSTING_TF_BITS) - 1;
    const score = (r: number, posting: number) => {
      const slot = posting >>> POSTING_TF_BITS;
      if (dead[slot]) return;
      const tf = posting & low;
      const length = lengths[slot]!;
      const bm25 =
        (idfs[r]! * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength));
      if (accumulator[slot] === 0) touched.push(slot);
      accumulator[slot]! += bm25 * queryFactors[r]!;
      walked[r]!++;
    };

    // The most recent postings first: the tail (newest last), then each term's merged list.
    const tailTerms = store.tailTerms;
    const tailPostings = store.tailPostings;
    for (let i = store.tailLength - 1; i >= 0; i--) {
      const r = marks[tailTerms[i]!]! - 1;
      if (r >= 0 && walked[r]! < MAX_POSTINGS_PER_TERM) score(r, tailPostings[i]!);
    }
    const starts = store.postingStarts;
    const postings = store.postings;
    ranked.forEach((t, r) => {
      marks[t.termId] = 0;
      if (t.termId + 1 >= starts.length) return;
      const from = starts[t.termId]!;
      for (let i = starts[t.termId + 1]! - 1; i >= from && walked[r]! < MAX_POSTINGS_PER_TERM; i--) {
        score(r, postings[i]!);
      }
    });
    const postingsScanned = walked.reduce((sum, n) => sum + n, 0);

    const poolSize = Math.max(RESCORE_POOL, limit * 2);
    const pool = new Set<number>();
    if (touched.length <= poolSize + 1) {
      for (const slot of touched) if (slot !== excludedSlot && pool.size < poolSize) pool.add(slot);
    } else {
      // The score of the (poolSize + 1)th best by a native numeric sort, then one pass: tens of
      // thousands of touched articles at 100,000 make a comparator sort the query's slowest step.
      const scores = new Float64Array(touched.length);
      touched.forEach((slot, i) => (scores[i] = accumulator[slot]!));
      const cutoff = scores.sort()[touched.length - (poolSize + 1)]!;
      const best = touched
        .filter((slot) => accumulator[slot]! >= cutoff)
        .sort((a, b) => accumulator[b]! - accumulator[a]! || a - b);
      for (const slot of best) if (slot !== excludedSlot && pool.size < poolSize) pool.add(slot);
    }
    for (const slot of touched) accumulator[slot] = 0;
    this.lastStats = {
      termsUsed: ranked.length,
      postingsScanned,
      docsTouched: touched.length,
      docsScored: 0,
    };
    return pool;
  }
}

function known(time: number): number | null {
  return Number.isNaN(time) ? null : time;
}

const RELATION_ORDER: Record<Relation, number> = { version: 0, sibling: 1, unrelated: 2 };

export function compareCandidates(
  a: { relation: Relation; score: number },
  b: { relation: Relation; score: number },
): number {
  return RELATION_ORDER[a.relation] - RELATION_ORDER[b.relation] || b.score - a.score;
}
