/**
 * Near-duplicate detection: word 5-shingles of the folded text. Two addresses carrying the same
 * wire story (syndication) share most shingles even after light edits, while two outlets'
 * independent reports of one event share almost none, so shingle overlap separates "the same text
 * elsewhere" from "another report of the same event" where term similarity cannot.
 */
import { foldText } from '../text/normalize';

const SHINGLE_WORDS = 5;
/** MinHash signature length: the Jaccard estimate's standard error is about 0.06 at 0.6. */
export const SIGNATURE_LENGTH = 64;
/** Shingle Jaccard at or above which two texts are one text published twice. */
export const NEAR_DUPLICATE_JACCARD = 0.6;

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(value: number, seed: number): number {
  let h = Math.imul(value ^ seed, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function shingleSet(text: string): Set<number> {
  const words = foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingles = new Set<number>();
  if (words.length > 0 && words.length < SHINGLE_WORDS) shingles.add(hashString(words.join(' ')));
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    shingles.add(hashString(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  }
  return shingles;
}

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

const SEEDS = Array.from({ length: SIGNATURE_LENGTH }, (_, i) => mix(i + 1, 0x9e3779b9));

/** MinHash signature as a hex string (8 characters per hash): compact and JSON-safe. */
export function minhashSignature(shingles: ReadonlySet<number>): string {
  const minima = new Uint32Array(SIGNATURE_LENGTH).fill(0xffffffff);
  for (const shingle of shingles) {
    for (let i = 0; i < SIGNATURE_LENGTH; i++) {
      const value = mix(shingle, SEEDS[i]!);
      if (value < minima[i]!) minima[i] = value;
    }
  }
  if (shingles.size === 0) return '';
  let out = '';
  for (const value of minima) out += value.toString(16).padStart(8, '0');
  return out;
}

/** Estimated shingle Jaccard of two signatures; 0 when either text was empty. */
export function signatureSimilarity(a: string, b: string): number {
  if (!a || !b || a.length !== b.length) return 0;
  let equal = 0;
  for (let i = 0; i < a.length; i += 8) {
    if (a.startsWith(b.slice(i, i + 8), i)) equal++;
  }
  return equal / (a.length / 8);
}
