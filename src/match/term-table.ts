/**
 * The index's vocabulary without its strings: each term is known by a 32-bit hash, mapped to a
 * dense term id by an open-addressing table of two typed arrays. A library of 100,000 articles
 * holds hundreds of thousands of distinct names and figures; as strings in a Map they would cost
 * more than the postings themselves. Two terms whose hashes collide (about one pair in a hundred
 * at a million terms) are counted as one term, which moves a score by a hair at most.
 */
import { termKind, type TermKind } from './terms';

export const KIND_CODE: Record<TermKind, number> = { word: 0, name: 1, number: 2 };
export const KIND_OF_CODE: readonly TermKind[] = ['word', 'name', 'number'];

/** FNV-1a over the UTF-16 code units: fast, and stable across engines and releases. */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mixHash(hash: number): number {
  let h = Math.imul(hash ^ (hash >>> 16), 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

export class TermTable {
  /** Open-addressing slots: the hash, and the term id + 1 (0: empty). */
  private keys: Uint32Array;
  private values: Int32Array;
  /** By term id: its hash, its kind (KIND_CODE) and its document frequency. */
  hashes: Uint32Array;
  kinds: Uint8Array;
  df: Uint32Array;
  size = 0;

  constructor(capacity = 1024) {
    const slots = tableSize(capacity);
    this.keys = new Uint32Array(slots);
    this.values = new Int32Array(slots);
    this.hashes = new Uint32Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.df = new Uint32Array(capacity);
  }

  /** A table over ids that already exist: `hashes[id]` and `kinds[id]` for every id. */
  static from(hashes: Uint32Array, kinds: Uint8Array, df: Uint32Array): TermTable {
    const table = new TermTable(0);
    table.keys = new Uint32Array(tableSize(hashes.length));
    table.values = new Int32Array(table.keys.length);
    table.hashes = hashes;
    table.kinds = kinds;
    table.df = df;
    for (let id = 0; id < hashes.length; id++) table.place(hashes[id]!, id);
    table.size = hashes.length;
    return table;
  }

  /** The id of a term's hash, or -1 when the table has never seen it. */
  find(hash: number): number {
    const mask = this.keys.length - 1;
    for (let at = mixHash(hash) & mask; ; at = (at + 1) & mask) {
      const value = this.values[at]!;
      if (value === 0) return -1;
      if (this.keys[at] === hash) return value - 1;
    }
  }

  /** The id of a term, assigning the next one to a term not seen before. */
  intern(term: string): number {
    const hash = termHash(term);
    const found = this.find(hash);
    if (found >= 0) return found;
    const id = this.size++;
    if (id >= this.hashes.length) this.growIds();
    this.hashes[id] = hash;
    this.kinds[id] = KIND_CODE[termKind(term)];
    if (this.size * 2 > this.keys.length) this.rehash();
    this.place(hash, id);
    return id;
  }

  typedArrayBytes(): number {
    return (
      this.keys.byteLength +
      this.values.byteLength +
      this.hashes.byteLength +
      this.kinds.byteLength +
      this.df.byteLength
    );
  }

  kind(id: number): TermKind {
    return KIND_OF_CODE[this.kinds[id]!]!;
  }

  private place(hash: number, id: number): void {
    const mask = this.keys.length - 1;
    let at = mixHash(hash) & mask;
    while (this.values[at] !== 0) at = (at + 1) & mask;
    this.keys[at] = hash;
    this.values[at] = id + 1;
  }

  private growIds(): void {
    const capacity = Math.max(1024, this.hashes.length * 2);
    this.hashes = grown(this.hashes, capacity);
    this.kinds = grown(this.kinds, capacity);
    this.df = grown(this.df, capacity);
  }

  private rehash(): void {
    this.keys = new Uint32Array(this.keys.length * 2);
    this.values = new Int32Array(this.keys.length);
    for (let id = 0; id < this.size - 1; id++) this.place(this.hashes[id]!, id);
  }
}

/** Power of two with room for `capacity` entries at most half full. */
function tableSize(capacity: number): number {
  let size = 1024;
  while (size < capacity * 2) size *= 2;
  return size;
}

type Growable = Uint32Array | Uint8Array | Int32Array | Float64Array | Uint16Array;

/** A copy of `array` with room for `capacity` elements. */
export function grown<T extends Growable>(array: T, capacity: number): T {
  const next = new (array.constructor as new (length: number) => T)(capacity);
  next.set(array.subarray(0, Math.min(array.length, capacity)));
  return next;
}
