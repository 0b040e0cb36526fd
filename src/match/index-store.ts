/**
 * What the match index holds, without any scoring, in a handful of typed arrays instead of an
 * object per article or per term, so a library of 100,000 articles costs about a kilobyte each:
 *
 *  - a vocabulary of term hashes (./term-table) with each term's kind and document frequency;
 *  - per article ("slot"), at most MAX_TERMS_PER_DOC terms: the ones that weigh most (tf × kind ×
 *    idf at the time it is added), since a long article's hundreds of common words say little
 *    about which event it reports and cost as much as its names;
 *  - postings in compressed-row form (one array of `slot × 32 + tf` per term, slots ascending)
 *    plus a tail of the postings added since, merged in when the tail outgrows an eighth of it;
 *  - a forward list per slot (delta-coded term ids, and frequencies above 1) that a query rescores from
 *    and a removal reads to keep document frequencies exact.
 *
 * A removed article leaves a dead slot, skipped by every walk until the next merge or snapshot.
 * Queries (./match-index) and snapshots (./index-snapshot) read the arrays directly.
 */
import type { DocTerms } from './match-doc';
import { KIND_WEIGHT } from './similarity';
import { SIGNATURE_LENGTH } from './shingles';
import { grown, KIND_OF_CODE, termHash, TermTable } from './term-table';

/** Terms kept per article; measured on the dev clusters (docs/performance.md). */
export const MAX_TERMS_PER_DOC = 128;
/** A posting packs its term frequency into the low bits; BM25 saturates long before 31. */
export const POSTING_TF_BITS = 5;
const POSTING_TF_MAX = (1 << POSTING_TF_BITS) - 1;
/** Tail postings (or dead ones) below which no merge is worth its copy. */
const MIN_MERGE_POSTINGS = 1 << 12;

/** The smoothed BM25 idf the index weighs terms by. */
export function inverseDocumentFrequency(df: number, live: number): number {
  return Math.log(1 + (live - df + 0.5) / (df + 0.5));
}

/**
 * The MinHash signature's hex form as the low 16 bits of each value (b-bit MinHash): half the
 * memory, and two different shingle sets agree on a value by chance once in 65,536, which moves
 * the Jaccard estimate by far less than its own sampling error. Empty when the text had no
 * shingles.
 */
export function signatureWords(signature: string): Uint16Array {
  if (signature.length !== SIGNATURE_LENGTH * 8) return new Uint16Array(0);
  const words = new Uint16Array(SIGNATURE_LENGTH);
  for (let i = 0; i < SIGNATURE_LENGTH; i++) words[i] = parseInt(signature.slice(i * 8 + 4, i * 8 + 8), 16);
  return words;
}

/**
 * Which of a document's (or a query's) terms to keep, as indexes into `tfs`: all of them when
 * there are few enough, else the MAX_TERMS_PER_DOC with the largest tf × kind weight, earlier
 * ones first on a tie (the headline and the opening name the event). Corpus frequencies take no
 * part: they would make two reports of one event drop exactly the terms they share.
 */
export function strongestTerms(tfs: Uint16Array, kindCode: (i: number) => number): number[] {
  const count = tfs.length;
  if (count <= MAX_TERMS_PER_DOC) return Array.from(tfs, (_, i) => i);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++)
    weights[i] = (1 + Math.log(tfs[i]!)) * KIND_WEIGHT[KIND_OF_CODE[kindCode(i)]!];
  // The weight of the last term kept; above it every term is kept, at it the earliest ones.
  const threshold = weights.slice().sort()[count - MAX_TERMS_PER_DOC]!;
  let above = 0;
  for (let i = 0; i < count; i++) if (weights[i]! > threshold) above++;
  let atThreshold = MAX_TERMS_PER_DOC - above;
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const weight = weights[i]!;
    if (weight > threshold || (weight === threshold && atThreshold-- > 0)) kept.push(i);
  }
  return kept;
}

export class IndexStore {
  terms = new TermTable();

  // Per slot. `ids[slot]` is undefined for a dead slot.
  ids: (string | number | undefined)[] = [];
  slotCount = 0;
  urlHashes: Uint32Array = new Uint32Array(256);
  outletIds: Uint32Array = new Uint32Array(256);
  /** Publication and capture times, ms since the epoch; NaN for unknown. */
  times: Float64Array = new Float64Array(256);
  captured: Float64Array = new Float64Array(256);
  /** Token count of the whole article (all its terms, not only those kept), for BM25. */
  lengths: Uint32Array = new Uint32Array(256);
  signatures: Uint16Array = new Uint16Array(256 * SIGNATURE_LENGTH);
  signed: Uint8Array = new Uint8Array(256);
  dead: Uint8Array = new Uint8Array(256);

  /** Forward lists: for each slot, bytes fwdStarts[slot]..fwdStarts[slot + 1]. */
  forward: Uint8Array = new Uint8Array(1 << 16);
  forwardStarts: Uint32Array = new Uint32Array(257);

  /** Merged postings: term t's are postings[postingStarts[t]..postingStarts[t + 1]]. */
  postingStarts: Uint32Array = new Uint32Array(1);
  postings: Int32Array = new Int32Array(0);
  /** Postings added since the last merge, in slot order. */
  tailTerms: Int32Array = new Int32Array(1024);
  tailPostings: Int32Array = new Int32Array(1024);
  tailLength = 0;
  /** Postings of dead slots still in `postings` or the tail. */
  deadPostings = 0;
  /** Set while loading many rows at once: one merge at the end instead of many. */
  deferMerge = false;

  readonly slotById = new Map<string | number, number>();
  readonly slotsByUrl = new Map<number, number | number[]>();
  outletNames: string[] = [];
  readonly outletByName = new Map<string, number>();
  totalLength = 0;
  live = 0;

  /** Indexes a document's terms; re-adding an id replaces the earlier entry. */
  add(row: DocTerms): void {
    if (this.slotById.has(row.id)) this.remove(row.id);
    const slot = this.slotCount;
    this.ensureSlots(slot + 1);

    const count = row.terms.length;
    const termIds = new Int32Array(count);
    const tfs = new Uint16Array(count);
    let length = 0;
    for (let i = 0; i < count; i++) {
      termIds[i] = this.terms.intern(row.terms[i]!);
      tfs[i] = Math.max(1, Math.min(0xffff, row.tfs[i] ?? 1));
      length += tfs[i]!;
    }
    const kept = strongestTerms(tfs, (i) => this.terms.kinds[termIds[i]!]!);
    this.appendForward(slot, termIds, tfs, kept);
    for (const i of kept) {
      const termId = termIds[i]!;
      this.terms.df[termId]!++;
      this.appendTail(termId, slot * (POSTING_TF_MAX + 1) + Math.min(POSTING_TF_MAX, tfs[i]!));
    }

    this.ids[slot] = row.id;
    this.urlHashes[slot] = termHash(row.urlKey);
    this.outletIds[slot] = this.outletId(row.outlet);
    this.times[slot] = row.time ?? Number.NaN;
    this.captured[slot] = row.capturedAt ?? Number.NaN;
    this.lengths[slot] = length;
    const signature = signatureWords(row.signature);
    this.signed[slot] = signature.length > 0 ? 1 : 0;
    if (signature.length > 0) this.signatures.set(signature, slot * SIGNATURE_LENGTH);
    this.dead[slot] = 0;
    this.slotCount = slot + 1;
    this.fileSlot(slot);
    this.mergeIfDue();
  }

  /** idf × kind weight of a term the table knows, at the index's current size. */
  weight(termId: number): number {
    const df = termId < this.terms.size ? this.terms.df[termId]! : 0;
    return inverseDocumentFrequency(df, this.live) * KIND_WEIGHT[this.terms.kind(termId)];
  }

  remove(id: string | number): boolean {
    const slot = this.slotById.get(id);
    if (slot === undefined) return false;
    let count = 0;
    for (const [termId] of this.slotTerms(slot)) {
      this.terms.df[termId]!--;
      count++;
    }
    this.deadPostings += count;
    this.dead[slot] = 1;
    this.ids[slot] = undefined;
    this.slotById.delete(id);
    const urlHash = this.urlHashes[slot]!;
    const sameUrl = this.slotsByUrl.get(urlHash);
    if (sameUrl === slot) this.slotsByUrl.delete(urlHash);
    else if (Array.isArray(sameUrl)) {
      const rest = sameUrl.filter((other) => other !== slot);
      if (rest.length === 1) this.slotsByUrl.set(urlHash, rest[0]!);
      else this.slotsByUrl.set(urlHash, rest);
    }
    this.totalLength -= this.lengths[slot]!;
    this.live--;
    this.mergeIfDue();
    return true;
  }

  /**
   * Every kept term of a slot with its frequency, in term-id order, as one reused [termId, tf]
   * pair (read it before the next step): rescoring walks 200 articles' terms per query, and a
   * pair each would be garbage.
   */
  slotTerms(slot: number): Iterable<[number, number]> {
    const forward = this.forward;
    const end = this.forwardStarts[slot + 1]!;
    const termCount = this.terms.size;
    let at = this.forwardStarts[slot]!;
    let termId = 0;
    const pair: [number, number] = [0, 0];
    const result = { done: false, value: pair };
    const iterator: Iterator<[number, number]> = {
      next: () => {
        for (;;) {
          if (at >= end) return { done: true, value: undefined };
          let code = 0;
          let scale = 1;
          let byte: number;
          do {
            byte = forward[at++]!;
            code += (byte & 0x7f) * scale;
            scale *= 0x80;
          } while (byte & 0x80);
          termId += Math.floor(code / 2);
          const tf = code % 2 === 1 ? forward[at++]! : 1;
          // Only a damaged snapshot holds an id past the vocabulary; such a term is skipped.
          if (termId >= termCount) continue;
          pair[0] = termId;
          pair[1] = tf;
          return result;
        }
      },
    };
    return { [Symbol.iterator]: () => iterator };
  }

  /** The live slots holding a document at this address (a hash of its url key). */
  slotsAtUrl(urlHash: number): readonly number[] {
    const found = this.slotsByUrl.get(urlHash);
    return found === undefined ? [] : typeof found === 'number' ? [found] : found;
  }

  outletName(slot: number): string {
    return this.outletNames[this.outletIds[slot]!] ?? '';
  }

  /** Folds the tail into the merged postings and drops dead postings. */
  merge(): void {
    const termCount = this.terms.size;
    const oldStarts = this.postingStarts;
    const oldTerms = oldStarts.length - 1;
    const old = this.postings;
    const dead = this.dead;
    const shift = POSTING_TF_BITS;
    const counts = new Uint32Array(termCount + 1);
    for (let t = 0; t < oldTerms; t++) {
      for (let i = oldStarts[t]!; i < oldStarts[t + 1]!; i++) if (!dead[old[i]! >>> shift]) counts[t + 1]!++;
    }
    for (let i = 0; i < this.tailLength; i++) {
      if (!dead[this.tailPostings[i]! >>> shift]) counts[this.tailTerms[i]! + 1]!++;
    }
    for (let t = 0; t < termCount; t++) counts[t + 1]! += counts[t]!;
    const postings = new Int32Array(counts[termCount]!);
    const cursor = counts.slice(0, termCount);
    for (let t = 0; t < oldTerms; t++) {
      let at = cursor[t]!;
      for (let i = oldStarts[t]!; i < oldStarts[t + 1]!; i++) {
        const posting = old[i]!;
        if (!dead[posting >>> shift]) postings[at++] = posting;
      }
      cursor[t] = at;
    }
    for (let i = 0; i < this.tailLength; i++) {
      const posting = this.tailPostings[i]!;
      if (!dead[posting >>> shift]) postings[cursor[this.tailTerms[i]!]!++] = posting;
    }
    this.postingStarts = counts;
    this.postings = postings;
    this.tailLength = 0;
    this.deadPostings = 0;
    if (this.tailTerms.length > 1024) {
      this.tailTerms = new Int32Array(1024);
      this.tailPostings = new Int32Array(1024);
    }
  }

  /** Bytes of typed arrays the store holds (they live outside the JavaScript heap). */
  typedArrayBytes(): number {
    const arrays = [
      this.urlHashes,
      this.outletIds,
      this.times,
      this.captured,
      this.lengths,
      this.signatures,
      this.signed,
      this.dead,
      this.forward,
      this.forwardStarts,
      this.postingStarts,
      this.postings,
      this.tailTerms,
      this.tailPostings,
    ];
    return arrays.reduce((sum, array) => sum + array.byteLength, this.terms.typedArrayBytes());
  }

  /** Gives back the room kept for growth: after a bulk load, the arrays hold what they hold. */
  trim(): void {
    this.merge();
    const slots = this.slotCount;
    this.urlHashes = this.urlHashes.slice(0, slots);
    this.outletIds = this.outletIds.slice(0, slots);
    this.times = this.times.slice(0, slots);
    this.captured = this.captured.slice(0, slots);
    this.lengths = this.lengths.slice(0, slots);
    this.signatures = this.signatures.slice(0, slots * SIGNATURE_LENGTH);
    this.signed = this.signed.slice(0, slots);
    this.dead = this.dead.slice(0, slots);
    this.forwardStarts = this.forwardStarts.slice(0, slots + 1);
    this.forward = this.forward.slice(0, this.forwardStarts[slots]);
  }

  /** Files a slot whose arrays are already filled by id and by address. */
  fileSlot(slot: number): void {
    this.slotById.set(this.ids[slot]!, slot);
    const urlHash = this.urlHashes[slot]!;
    const sameUrl = this.slotsByUrl.get(urlHash);
    if (sameUrl === undefined) this.slotsByUrl.set(urlHash, slot);
    else if (typeof sameUrl === 'number') this.slotsByUrl.set(urlHash, [sameUrl, slot]);
    else sameUrl.push(slot);
    this.totalLength += this.lengths[slot]!;
    this.live++;
  }

  private mergeIfDue(): void {
    if (this.deferMerge) return;
    const pending = this.tailLength + this.deadPostings;
    if (pending > Math.max(MIN_MERGE_POSTINGS, this.postings.length >>> 3)) this.merge();
  }

  private outletId(outlet: string): number {
    let id = this.outletByName.get(outlet);
    if (id === undefined) {
      id = this.outletNames.length;
      this.outletNames.push(outlet);
      this.outletByName.set(outlet, id);
    }
    return id;
  }

  private appendForward(slot: number, termIds: Int32Array, tfs: Uint16Array, kept: number[]): void {
    // Term id and frequency in one number (exact below 2^53), so a native numeric sort orders them.
    const pairs = new Float64Array(kept.length);
    kept.forEach((i, k) => (pairs[k] = termIds[i]! * 0x10000 + tfs[i]!));
    pairs.sort();
    // Each term: the id's distance from the previous one, doubled, plus 1 when a frequency byte
    // follows (most terms occur once and need none); at most six bytes in all.
    let at = this.forwardStarts[slot]!;
    if (at + pairs.length * 6 > this.forward.length) {
      this.forward = grown(this.forward, Math.max(this.forward.length * 2, at + pairs.length * 6));
    }
    const forward = this.forward;
    let previous = 0;
    for (const pair of pairs) {
      const termId = Math.floor(pair / 0x10000);
      const tf = Math.min(0xff, pair % 0x10000);
      let code = (termId - previous) * 2 + (tf > 1 ? 1 : 0);
      previous = termId;
      while (code >= 0x80) {
        forward[at++] = (code % 0x80) | 0x80;
        code = Math.floor(code / 0x80);
      }
      forward[at++] = code;
      if (tf > 1) forward[at++] = tf;
    }
    this.forwardStarts[slot + 1] = at;
  }

  private appendTail(termId: number, posting: number): void {
    if (this.tailLength === this.tailTerms.length) {
      this.tailTerms = grown(this.tailTerms, this.tailLength * 2);
      this.tailPostings = grown(this.tailPostings, this.tailLength * 2);
    }
    this.tailTerms[this.tailLength] = termId;
    this.tailPostings[this.tailLength] = posting;
    this.tailLength++;
  }

  private ensureSlots(count: number): void {
    if (count <= this.lengths.length) return;
    const capacity = Math.max(count, this.lengths.length * 2);
    this.urlHashes = grown(this.urlHashes, capacity);
    this.outletIds = grown(this.outletIds, capacity);
    this.times = grown(this.times, capacity);
    this.captured = grown(this.captured, capacity);
    this.lengths = grown(this.lengths, capacity);
    this.signatures = grown(this.signatures, capacity * SIGNATURE_LENGTH);
    this.signed = grown(this.signed, capacity);
    this.dead = grown(this.dead, capacity);
    this.forwardStarts = grown(this.forwardStarts, capacity + 1);
  }
}
