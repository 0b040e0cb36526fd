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
 * Persistence. Two forms, both plain JSON-safe data:
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
import { outletOf } from '../extract/url';
import type { Article, Relation } from '../model/types';
import { extractTerms, termKind } from './terms';
import { minhashSignature, NEAR_DUPLICATE_JACCARD, shingleSet, signatureSimilarity } from './shingles';
import { combineFeatures, KIND_WEIGHT, pairFeatures, parsePublishedTime, timeProximity } from './similarity';

export interface MatchDoc {
  id: string | number;
  urlKey: string;
  outlet: string;
  publishedTime: string | null;
  capturedAt?: number;
  title: string;
  /** Title and body paragraphs, paragraphs separated by blank lines. */
  text: string;
}

/** One article's contribution to the index: what a store keeps per article to rebuild it. */
export interface DocTerms {
  id: string | number;
  urlKey: string;
  outlet: string;
  /** Publication time, ms since the epoch, or null. */
  time: number | null;
  capturedAt: number | null;
  terms: string[];
  /** Term frequencies, aligned with `terms`. */
  tfs: number[];
  /** MinHash signature of the text's shingles (hex), for near-duplicate detection. */
  signature: string;
}

/** What a snapshot keeps of each document besides its terms. */
export type SnapshotDoc = Omit<DocTerms, 'terms' | 'tfs'>;

export interface SerializedMatchIndex {
  format: 'crosscheck-match-index';
  version: 1;
  vocabulary: string[];
  docs: (SnapshotDoc & {
    /** Indexes into `vocabulary`. */
    terms: number[];
    tfs: number[];
  })[];
}

export interface PackedMatchIndex {
  format: 'crosscheck-match-index-packed';
  version: 1;
  vocabulary: string[];
  docs: SnapshotDoc[];
  /** Every document's term ids (into `vocabulary`), concatenated in document order. */
  terms: Int32Array;
  /** Term frequencies, aligned with `terms`. */
  tfs: Uint16Array;
  /** Where each document's terms start in `terms`, plus the end: one entry more than `docs`. */
  offsets: Uint32Array;
}

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

interface Slot {
  id: string | number;
  urlKey: string;
  outlet: string;
  time: number | null;
  capturedAt: number | null;
  /** Term ids, aligned with tfs. */
  terms: Int32Array;
  tfs: Uint16Array;
  length: number;
  signature: string;
}

/** One term's posting list: slot numbers ascending, with term frequencies, in growable typed arrays. */
class Postings {
  slots: Int32Array;
  tfs: Uint16Array;
  length = 0;

  constructor(capacity = 4) {
    this.slots = new Int32Array(Math.max(4, capacity));
    this.tfs = new Uint16Array(Math.max(4, capacity));
  }

  push(slot: number, tf: number): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const tfs = new Uint16Array(this.length * 2);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.slots[this.length] = slot;
    this.tfs[this.length] = tf;
    this.length++;
  }

  delete(slot: number): void {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.slots[mid]! < slot) low = mid + 1;
      else high = mid;
    }
    if (low >= this.length || this.slots[low] !== slot) return;
    this.slots.copyWithin(low, low + 1, this.length);
    this.tfs.copyWithin(low, low + 1, this.length);
    this.length--;
  }
}

/** The text a MatchDoc carries, as terms and signature, without touching any index. */
export function docTerms(doc: MatchDoc): DocTerms {
  const counts = extractTerms(doc.text.includes(doc.title) ? doc.text : `${doc.title}\n\n${doc.text}`);
  return {
    id: doc.id,
    urlKey: doc.urlKey,
    outlet: doc.outlet,
    time: parsePublishedTime(doc.publishedTime),
    capturedAt: doc.capturedAt ?? null,
    terms: [...counts.keys()],
    tfs: [...counts.values()].map((tf) => Math.min(tf, 0xffff)),
    signature: minhashSignature(shingleSet(doc.text)),
  };
}

export function docFromArticle(id: string | number, article: Article, capturedAt?: number): MatchDoc {
  const doc: MatchDoc = {
    id,
    urlKey: article.urlKey,
    outlet: outletOfArticle(article),
    publishedTime: article.publishedTime,
    title: article.title,
    text: [article.title, ...article.paragraphs].join('\n\n'),
  };
  if (capturedAt !== undefined) doc.capturedAt = capturedAt;
  return doc;
}

/**
 * Who published an article: the host (stable, unlike site names that vary in spelling), else the
 * stated site name, else the address itself, so local files with neither count as distinct outlets.
 */
export function outletOfArticle(article: Article): string {
  return outletOf(article.canonicalUrl ?? article.url) || article.siteName || article.urlKey || article.url;
}

function isArticle(value: MatchDoc | Article): value is Article {
  return Array.isArray((value as Article).paragraphs);
}

export class MatchIndex {
  private readonly vocabulary = new Map<string, number>();
  private readonly termsById: string[] = [];
  private readonly postings: (Postings | undefined)[] = [];
  private readonly slots: (Slot | undefined)[] = [];
  /** Token count per slot, read on every posting scanned, so kept out of the slot objects. */
  private readonly lengths: number[] = [];
  private readonly slotById = new Map<string | number, number>();
  private readonly slotsByUrlKey = new Map<string, Set<number>>();
  private totalLength = 0;
  private live = 0;
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
    const { vocabulary, docs, terms, tfs, offsets } = packed;
    if (
      packed.format !== 'crosscheck-match-index-packed' ||
      packed.version !== 1 ||
      !(terms instanceof Int32Array) ||
      !(tfs instanceof Uint16Array) ||
      !(offsets instanceof Uint32Array) ||
      tfs.length !== terms.length ||
      offsets.length !== docs.length + 1 ||
      offsets[docs.length] !== terms.length
    ) {
      throw new Error('not a version 1 packed crosscheck match index');
    }
    const index = new MatchIndex();
    vocabulary.forEach((term, id) => {
      index.vocabulary.set(term, id);
      index.termsById.push(term);
    });
    const df = new Uint32Array(vocabulary.length);
    for (let i = 0; i < terms.length; i++) {
      const termId = terms[i]!;
      if (termId < 0 || termId >= vocabulary.length)
        throw new Error('a packed term id is outside the vocabulary');
      df[termId]!++;
    }
    // Every posting list at its final size, filled in document order: slot numbers stay ascending.
    const postings = index.postings;
    for (let termId = 0; termId < df.length; termId++) {
      if (df[termId]! > 0) postings[termId] = new Postings(df[termId]);
    }
    for (let slotNumber = 0; slotNumber < docs.length; slotNumber++) {
      const doc = docs[slotNumber]!;
      const start = offsets[slotNumber]!;
      const end = offsets[slotNumber + 1]!;
      if (end < start) throw new Error('packed offsets go backwards');
      // Views, not copies: the packed arrays become the index's own storage.
      const slotTerms = terms.subarray(start, end);
      const slotTfs = tfs.subarray(start, end);
      let length = 0;
      for (let i = 0; i < slotTerms.length; i++) {
        const tf = slotTfs[i]!;
        const list = postings[slotTerms[i]!]!;
        list.slots[list.length] = slotNumber;
        list.tfs[list.length] = tf;
        list.length++;
        length += tf;
      }
      index.placeSlot({
        id: doc.id,
        urlKey: doc.urlKey,
        outlet: doc.outlet,
        time: doc.time,
        capturedAt: doc.capturedAt,
        terms: slotTerms,
        tfs: slotTfs,
        length,
        signature: doc.signature,
      });
    }
    return index;
  }

  static fromJSON(json: SerializedMatchIndex): MatchIndex {
    if (json.format !== 'crosscheck-match-index' || json.version !== 1) {
      throw new Error('not a version 1 crosscheck match index');
    }
    const index = new MatchIndex();
    for (const doc of json.docs) {
      index.addDocTerms({
        id: doc.id,
        urlKey: doc.urlKey,
        outlet: doc.outlet,
        time: doc.time,
        capturedAt: doc.capturedAt,
        terms: doc.terms.map((t) => json.vocabulary[t] ?? ''),
        tfs: doc.tfs,
        signature: doc.signature,
      });
    }
    return index;
  }

  get size(): number {
    return this.live;
  }

  /** Counters of the most recent `candidates` call. */
  get stats(): QueryStats {
    return { ...this.lastStats };
  }

  has(id: string | number): boolean {
    return this.slotById.has(id);
  }

  /** Indexes a document; re-adding an id replaces the earlier entry. */
  add(doc: MatchDoc): DocTerms {
    const row = docTerms(doc);
    this.addDocTerms(row);
    return row;
  }

  addDocTerms(row: DocTerms): void {
    if (this.slotById.has(row.id)) this.remove(row.id);
    const slotNumber = this.slots.length;
    const terms = new Int32Array(row.terms.length);
    const tfs = new Uint16Array(row.terms.length);
    let length = 0;
    row.terms.forEach((term, i) => {
      const termId = this.termId(term);
      const tf = Math.max(1, row.tfs[i] ?? 1);
      terms[i] = termId;
      tfs[i] = tf;
      length += tf;
      let list = this.postings[termId];
      if (!list) this.postings[termId] = list = new Postings();
      list.push(slotNumber, tf);
    });
    this.placeSlot({
      id: row.id,
      urlKey: row.urlKey,
      outlet: row.outlet,
      time: row.time,
      capturedAt: row.capturedAt,
      terms,
      tfs,
      length,
      signature: row.signature,
    });
  }

  /** Appends a slot whose postings are already in place, and files it by id and address. */
  private placeSlot(slot: Slot): void {
    const slotNumber = this.slots.length;
    this.slots.push(slot);
    this.lengths.push(slot.length);
    this.slotById.set(slot.id, slotNumber);
    let sameUrl = this.slotsByUrlKey.get(slot.urlKey);
    if (!sameUrl) this.slotsByUrlKey.set(slot.urlKey, (sameUrl = new Set()));
    sameUrl.add(slotNumber);
    this.totalLength += slot.length;
    this.live++;
  }

  remove(id: string | number): boolean {
    const slotNumber = this.slotById.get(id);
    if (slotNumber === undefined) return false;
    const slot = this.slots[slotNumber]!;
    for (const termId of slot.terms) {
      this.postings[termId]?.delete(slotNumber);
    }
    this.slots[slotNumber] = undefined;
    this.slotById.delete(id);
    const sameUrl = this.slotsByUrlKey.get(slot.urlKey);
    sameUrl?.delete(slotNumber);
    if (sameUrl?.size === 0) this.slotsByUrlKey.delete(slot.urlKey);
    this.totalLength -= slot.length;
    this.live--;
    return true;
  }

  /** The stored row of one document, for incremental persistence. */
  getDocTerms(id: string | number): DocTerms | undefined {
    const slotNumber = this.slotById.get(id);
    const slot = slotNumber === undefined ? undefined : this.slots[slotNumber];
    if (!slot) return undefined;
    return {
      id: slot.id,
      urlKey: slot.urlKey,
      outlet: slot.outlet,
      time: slot.time,
      capturedAt: slot.capturedAt,
      terms: Array.from(slot.terms, (t) => this.termsById[t] ?? ''),
      tfs: Array.from(slot.tfs),
      signature: slot.signature,
    };
  }

  toPacked(): PackedMatchIndex {
    const live = this.slots.filter((slot): slot is Slot => slot !== undefined);
    const total = live.reduce((sum, slot) => sum + slot.terms.length, 0);
    const terms = new Int32Array(total);
    const tfs = new Uint16Array(total);
    const offsets = new Uint32Array(live.length + 1);
    // Only the terms still in use, renumbered densely: removed documents leave none behind.
    const vocabulary: string[] = [];
    const remap = new Int32Array(this.termsById.length).fill(-1);
    let at = 0;
    live.forEach((slot, i) => {
      offsets[i] = at;
      for (let j = 0; j < slot.terms.length; j++) {
        const termId = slot.terms[j]!;
        if (remap[termId] === -1) {
          remap[termId] = vocabulary.length;
          vocabulary.push(this.termsById[termId] ?? '');
        }
        terms[at] = remap[termId]!;
        tfs[at] = slot.tfs[j]!;
        at++;
      }
    });
    offsets[live.length] = at;
    const docs = live.map(({ id, urlKey, outlet, time, capturedAt, signature }) => ({
      id,
      urlKey,
      outlet,
      time,
      capturedAt,
      signature,
    }));
    return { format: 'crosscheck-match-index-packed', version: 1, vocabulary, docs, terms, tfs, offsets };
  }

  toJSON(): SerializedMatchIndex {
    const vocabulary: string[] = [];
    const remap = new Map<number, number>();
    const docs: SerializedMatchIndex['docs'] = [];
    for (const slot of this.slots) {
      if (!slot) continue;
      const terms = Array.from(slot.terms, (termId) => {
        let local = remap.get(termId);
        if (local === undefined) {
          local = vocabulary.length;
          vocabulary.push(this.termsById[termId] ?? '');
          remap.set(termId, local);
        }
        return local;
      });
      docs.push({
        id: slot.id,
        urlKey: slot.urlKey,
        outlet: slot.outlet,
        time: slot.time,
        capturedAt: slot.capturedAt,
        terms,
        tfs: Array.from(slot.tfs),
        signature: slot.signature,
      });
    }
    return { format: 'crosscheck-match-index', version: 1, vocabulary, docs };
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
      const termId = this.vocabulary.get(term);
      const tf = row.tfs[i] ?? 1;
      if (termId === undefined) unseen.push([term, tf]);
      else queryVector.set(termId, tf);
    });

    const pool = this.gather(queryVector, excluded, limit);
    for (const slotNumber of this.slotsByUrlKey.get(doc.urlKey) ?? []) {
      if (this.slots[slotNumber]?.id !== excluded) pool.add(slotNumber);
    }

    // Every pooled document asks for the weights of its terms again; within one query the
    // document frequencies cannot change, so each term is weighed once.
    const weights = new Float64Array(this.termsById.length).fill(Number.NaN);
    const weight = (termId: number) => {
      let w = weights[termId]!;
      if (Number.isNaN(w)) weights[termId] = w = this.weight(termId);
      return w;
    };
    const kind = (termId: number) => termKind(this.termsById[termId] ?? '');
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
      const slot = this.slots[slotNumber]!;
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
    return this.slotById.has(doc.id) ? doc.id : undefined;
  }

  private termId(term: string): number {
    let id = this.vocabulary.get(term);
    if (id === undefined) {
      id = this.termsById.length;
      this.vocabulary.set(term, id);
      this.termsById.push(term);
    }
    return id;
  }

  private idf(df: number): number {
    return Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
  }

  private weight(termId: number): number {
    const df = this.postings[termId]?.length ?? 0;
    return this.idf(df) * KIND_WEIGHT[termKind(this.termsById[termId] ?? '')];
  }

  /** BM25 over the postings of the query's most informative terms; returns the pool to rescore. */
  private gather(
    queryVector: Map<number, number>,
    excluded: string | number | undefined,
    limit: number,
  ): Set<number> {
    const ranked = [...queryVector]
      .map(([termId, tf]) => ({ termId, tf, df: this.postings[termId]?.length ?? 0 }))
      .filter((t) => t.df > 0 && t.df <= Math.max(2, this.live * 0.5))
      .map((t) => ({ ...t, importance: (1 + Math.log(t.tf)) * this.weight(t.termId) }))
      .sort((a, b) => b.importance - a.importance)
      .slice(0, MAX_QUERY_TERMS);

    if (this.accumulator.length < this.slots.length) {
      this.accumulator = new Float64Array(Math.max(this.slots.length, this.accumulator.length * 2));
    }
    const accumulator = this.accumulator;
    const touched: number[] = [];
    const averageLength = this.live > 0 ? this.totalLength / this.live : 1;
    let postingsScanned = 0;
    for (const { termId, tf: queryTf } of ranked) {
      const list = this.postings[termId]!;
      const idf = this.weight(termId);
      const queryFactor = 1 + Math.log(queryTf);
      const from = Math.max(0, list.length - MAX_POSTINGS_PER_TERM);
      for (let i = list.length - 1; i >= from; i--) {
        const slotNumber = list.slots[i]!;
        const tf = list.tfs[i]!;
        const length = this.lengths[slotNumber]!;
        const bm25 =
          (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength));
        if (accumulator[slotNumber] === 0) touched.push(slotNumber);
        accumulator[slotNumber]! += bm25 * queryFactor;
      }
      postingsScanned += list.length - from;
    }

    const excludedSlot = excluded === undefined ? undefined : this.slotById.get(excluded);
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
