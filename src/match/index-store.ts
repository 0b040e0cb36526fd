import type { DocTerms } from './match-doc';
import { Postings } from './postings';

/** One indexed document: its fields and its terms as ids into the store's vocabulary. */
export interface Slot {
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

/**
 * What the match index holds, without any scoring: the vocabulary, a posting list per term, and
 * the documents in slots (a removed document leaves an empty slot, so slot numbers in postings
 * stay valid). Queries (./match-index) and snapshots (./index-snapshot) read it directly.
 */
export class IndexStore {
  readonly vocabulary = new Map<string, number>();
  readonly termsById: string[] = [];
  readonly postings: (Postings | undefined)[] = [];
  readonly slots: (Slot | undefined)[] = [];
  /** Token count per slot, read on every posting scanned, so kept out of the slot objects. */
  readonly lengths: number[] = [];
  readonly slotById = new Map<string | number, number>();
  readonly slotsByUrlKey = new Map<string, Set<number>>();
  totalLength = 0;
  live = 0;

  /** Indexes a document's terms; re-adding an id replaces the earlier entry. */
  add(row: DocTerms): void {
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
  placeSlot(slot: Slot): void {
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
  docTerms(id: string | number): DocTerms | undefined {
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

  /** A term's id, assigning the next one to a term not seen before. */
  termId(term: string): number {
    let id = this.vocabulary.get(term);
    if (id === undefined) {
      id = this.termsById.length;
      this.vocabulary.set(term, id);
      this.termsById.push(term);
    }
    return id;
  }
}
