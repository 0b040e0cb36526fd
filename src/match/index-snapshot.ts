/**
 * The match index as one value, in two forms (see ./match-index for when to use which): a
 * JSON-safe object with a shared vocabulary, and the same in typed arrays, which loads without
 * hashing a term or growing a posting list.
 */
import type { DocTerms } from './match-doc';
import type { IndexStore, Slot } from './index-store';
import { Postings } from './postings';

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

/**
 * Fills an empty store from a packed snapshot. Throws when `packed` is not a consistent packed
 * index. The store keeps views into `packed`'s arrays.
 */
export function loadPacked(store: IndexStore, packed: PackedMatchIndex): void {
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
  vocabulary.forEach((term, id) => {
    store.vocabulary.set(term, id);
    store.termsById.push(term);
  });
  const df = new Uint32Array(vocabulary.length);
  for (let i = 0; i < terms.length; i++) {
    const termId = terms[i]!;
    if (termId < 0 || termId >= vocabulary.length)
      throw new Error('a packed term id is outside the vocabulary');
    df[termId]!++;
  }
  // Every posting list at its final size, filled in document order: slot numbers stay ascending.
  const postings = store.postings;
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
    store.placeSlot({
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
}

/** Fills an empty store from a JSON snapshot; throws when it is not one. */
export function loadSerialized(store: IndexStore, json: SerializedMatchIndex): void {
  if (json.format !== 'crosscheck-match-index' || json.version !== 1) {
    throw new Error('not a version 1 crosscheck match index');
  }
  for (const doc of json.docs) {
    store.add({
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
}

export function pack(store: IndexStore): PackedMatchIndex {
  const live = store.slots.filter((slot): slot is Slot => slot !== undefined);
  const total = live.reduce((sum, slot) => sum + slot.terms.length, 0);
  const terms = new Int32Array(total);
  const tfs = new Uint16Array(total);
  const offsets = new Uint32Array(live.length + 1);
  // Only the terms still in use, renumbered densely: removed documents leave none behind.
  const vocabulary: string[] = [];
  const remap = new Int32Array(store.termsById.length).fill(-1);
  let at = 0;
  live.forEach((slot, i) => {
    offsets[i] = at;
    for (let j = 0; j < slot.terms.length; j++) {
      const termId = slot.terms[j]!;
      if (remap[termId] === -1) {
        remap[termId] = vocabulary.length;
        vocabulary.push(store.termsById[termId] ?? '');
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

export function serialize(store: IndexStore): SerializedMatchIndex {
  const vocabulary: string[] = [];
  const remap = new Map<number, number>();
  const docs: SerializedMatchIndex['docs'] = [];
  for (const slot of store.slots) {
    if (!slot) continue;
    const terms = Array.from(slot.terms, (termId) => {
      let local = remap.get(termId);
      if (local === undefined) {
        local = vocabulary.length;
        vocabulary.push(store.termsById[termId] ?? '');
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
