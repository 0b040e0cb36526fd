/**
 * The match index as one value: its typed arrays as they are in memory, dead slots dropped and
 * the tail merged, so loading adopts the arrays as they come (IndexedDB's structured clone is
 * the only copy) and builds only the two lookup tables (term hash → id, id → slot). The JSON form
 * is the same with plain arrays, for export and tests.
 */
import { IndexStore, POSTING_TF_BITS } from './index-store';
import { SIGNATURE_LENGTH } from './shingles';
import { TermTable } from './term-table';

export interface PackedMatchIndex {
  format: 'crosscheck-match-index-packed';
  version: 2;
  /** By term id: hash, kind code and document frequency. */
  termHashes: Uint32Array;
  termKinds: Uint8Array;
  df: Uint32Array;
  /** Term t's postings (`slot × 32 + tf`, slots ascending) are postings[postingStarts[t]..[t + 1]]. */
  postingStarts: Uint32Array;
  postings: Int32Array;
  /** Slot s's delta-coded (term id, tf) pairs are forward[forwardStarts[s]..[s + 1]]. */
  forward: Uint8Array;
  forwardStarts: Uint32Array;
  ids: (string | number)[];
  urlHashes: Uint32Array;
  outlets: string[];
  outletIds: Uint32Array;
  /** ms since the epoch; NaN for unknown. */
  times: Float64Array;
  captured: Float64Array;
  lengths: Uint32Array;
  /** SIGNATURE_LENGTH 16-bit MinHash values per slot; `signed[s]` is 0 when slot s's text had no shingles. */
  signatures: Uint16Array;
  signed: Uint8Array;
}

type ArrayFields = {
  [K in keyof PackedMatchIndex]: PackedMatchIndex[K] extends ArrayLike<number> & { buffer: ArrayBufferLike }
    ? K
    : never;
}[keyof PackedMatchIndex];

const ARRAY_TYPES = {
  termHashes: Uint32Array,
  termKinds: Uint8Array,
  df: Uint32Array,
  postingStarts: Uint32Array,
  postings: Int32Array,
  forward: Uint8Array,
  forwardStarts: Uint32Array,
  urlHashes: Uint32Array,
  outletIds: Uint32Array,
  times: Float64Array,
  captured: Float64Array,
  lengths: Uint32Array,
  signatures: Uint16Array,
  signed: Uint8Array,
} as const satisfies Record<ArrayFields, unknown>;

/** The packed form with every typed array as a plain array of numbers (NaN as null). */
export type SerializedMatchIndex = Omit<PackedMatchIndex, 'format' | ArrayFields> & {
  format: 'crosscheck-match-index';
} & Record<ArrayFields, (number | null)[]>;

function fail(reason: string): never {
  throw new Error(`not a version 2 packed crosscheck match index: ${reason}`);
}

/**
 * Fills an empty store from a packed snapshot, keeping its arrays as the store's own. Throws when
 * `packed` is not a consistent packed index, so a caller can rebuild from rows instead.
 */
export function loadPacked(store: IndexStore, packed: PackedMatchIndex): void {
  if (packed.format !== 'crosscheck-match-index-packed' || packed.version !== 2) fail('format or version');
  for (const [field, type] of Object.entries(ARRAY_TYPES)) {
    if (!(packed[field as ArrayFields] instanceof type)) fail(`${field} is not a ${type.name}`);
  }
  const slots = packed.ids.length;
  const terms = packed.termHashes.length;
  const perSlot = [
    packed.urlHashes,
    packed.outletIds,
    packed.times,
    packed.captured,
    packed.lengths,
    packed.signed,
  ];
  if (!Array.isArray(packed.ids) || !Array.isArray(packed.outlets)) fail('ids or outlets');
  if (perSlot.some((array) => array.length !== slots)) fail('per-article arrays of different lengths');
  if (packed.signatures.length !== slots * SIGNATURE_LENGTH) fail('signatures');
  if (packed.termKinds.length !== terms || packed.df.length !== terms)
    fail('per-term arrays of different lengths');
  if (packed.postingStarts.length !== terms + 1 || packed.forwardStarts.length !== slots + 1) fail('offsets');
  if (!ascending(packed.postingStarts, packed.postings.length)) fail('posting offsets');
  if (!ascending(packed.forwardStarts, packed.forward.length)) fail('forward offsets');
  for (let i = 0; i < packed.postings.length; i++) {
    const slot = packed.postings[i]! >>> POSTING_TF_BITS;
    if (slot >= slots) fail('a posting names an article outside the index');
  }
  for (const outletId of packed.outletIds) if (outletId >= packed.outlets.length) fail('outlet ids');

  store.terms = TermTable.from(packed.termHashes, packed.termKinds, packed.df);
  store.postingStarts = packed.postingStarts;
  store.postings = packed.postings;
  store.forward = packed.forward;
  store.forwardStarts = packed.forwardStarts;
  store.ids = [...packed.ids];
  store.slotCount = slots;
  store.urlHashes = packed.urlHashes;
  store.outletIds = packed.outletIds;
  store.times = packed.times;
  store.captured = packed.captured;
  store.lengths = packed.lengths;
  store.signatures = packed.signatures;
  store.signed = packed.signed;
  store.dead = new Uint8Array(slots);
  store.outletNames = [...packed.outlets];
  packed.outlets.forEach((name, id) => store.outletByName.set(name, id));
  for (let slot = 0; slot < slots; slot++) store.fileSlot(slot);
  // Forward lists are not decoded here (a tenth of the load at 100,000 articles); a term id
  // outside the vocabulary is skipped wherever one is read (IndexStore.slotTerms).
}

function ascending(starts: Uint32Array, end: number): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== end) return false;
  for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) return false;
  return true;
}

/** The store as a packed snapshot: the tail merged, dead slots dropped and the rest renumbered. */
export function pack(store: IndexStore): PackedMatchIndex {
  store.merge();
  const slotCount = store.slotCount;
  const renumbered = new Int32Array(slotCount).fill(-1);
  let live = 0;
  for (let slot = 0; slot < slotCount; slot++) if (!store.dead[slot]) renumbered[slot] = live++;

  const postings = new Int32Array(store.postings.length);
  const low = (1 << POSTING_TF_BITS) - 1;
  for (let i = 0; i < postings.length; i++) {
    const posting = store.postings[i]!;
    postings[i] = renumbered[posting >>> POSTING_TF_BITS]! * (low + 1) + (posting & low);
  }
  const termCount = store.terms.size;
  const postingStarts = new Uint32Array(termCount + 1);
  postingStarts.set(store.postingStarts.subarray(0, Math.min(termCount + 1, store.postingStarts.length)));
  // Terms added since the last merge have no merged postings yet: their range is empty.
  for (let t = store.postingStarts.length; t <= termCount; t++) postingStarts[t] = postings.length;

  let forwardBytes = 0;
  for (let slot = 0; slot < slotCount; slot++) {
    if (!store.dead[slot]) forwardBytes += store.forwardStarts[slot + 1]! - store.forwardStarts[slot]!;
  }
  const forward = new Uint8Array(forwardBytes);
  const forwardStarts = new Uint32Array(live + 1);
  const ids: (string | number)[] = [];
  const pick = <T extends Uint32Array | Float64Array | Uint8Array>(array: T): T => {
    const out = new (array.constructor as new (length: number) => T)(live);
    for (let slot = 0; slot < slotCount; slot++)
      if (renumbered[slot]! >= 0) out[renumbered[slot]!] = array[slot]!;
    return out;
  };
  const signatures = new Uint16Array(live * SIGNATURE_LENGTH);
  let at = 0;
  for (let slot = 0; slot < slotCount; slot++) {
    const next = renumbered[slot]!;
    if (next < 0) continue;
    const bytes = store.forward.subarray(store.forwardStarts[slot], store.forwardStarts[slot + 1]);
    forwardStarts[next] = at;
    forward.set(bytes, at);
    at += bytes.length;
    ids.push(store.ids[slot]!);
    signatures.set(
      store.signatures.subarray(slot * SIGNATURE_LENGTH, (slot + 1) * SIGNATURE_LENGTH),
      next * SIGNATURE_LENGTH,
    );
  }
  forwardStarts[live] = at;
  // Only the outlets of articles still indexed: a deleted article's outlet must not outlive it.
  const outlets: string[] = [];
  const outletRemap = new Map<number, number>();
  const outletIds = pick(store.outletIds).map((id) => {
    let next = outletRemap.get(id);
    if (next === undefined) {
      next = outlets.length;
      outlets.push(store.outletNames[id] ?? '');
      outletRemap.set(id, next);
    }
    return next;
  });
  return {
    format: 'crosscheck-match-index-packed',
    version: 2,
    termHashes: store.terms.hashes.slice(0, termCount),
    termKinds: store.terms.kinds.slice(0, termCount),
    df: store.terms.df.slice(0, termCount),
    postingStarts,
    postings,
    forward,
    forwardStarts,
    ids,
    urlHashes: pick(store.urlHashes),
    outlets,
    outletIds,
    times: pick(store.times),
    captured: pick(store.captured),
    lengths: pick(store.lengths),
    signatures,
    signed: pick(store.signed),
  };
}

export function serialize(store: IndexStore): SerializedMatchIndex {
  const packed = pack(store);
  const plain = Object.fromEntries(
    Object.keys(ARRAY_TYPES).map((field) => [
      field,
      Array.from(packed[field as ArrayFields], (value) => (Number.isNaN(value) ? null : value)),
    ]),
  ) as Record<ArrayFields, (number | null)[]>;
  return { ...packed, ...plain, format: 'crosscheck-match-index' };
}

export function loadSerialized(store: IndexStore, json: SerializedMatchIndex): void {
  if (json.format !== 'crosscheck-match-index') fail('format');
  const arrays = Object.fromEntries(
    Object.entries(ARRAY_TYPES).map(([field, type]) => {
      const values = json[field as ArrayFields];
      if (!Array.isArray(values)) fail(`${field} is missing`);
      const numbers = values.map((value) => (value === null ? Number.NaN : value));
      return [field, (type as { from(values: number[]): unknown }).from(numbers)];
    }),
  ) as unknown as Pick<PackedMatchIndex, ArrayFields>;
  loadPacked(store, { ...json, ...arrays, format: 'crosscheck-match-index-packed' });
}
