/**
 * Comparison text: what two renderings of the same words have in common. Typography (curly vs
 * straight quotes, dash styles, non-breaking spaces, ellipsis characters, line breaks) differs
 * between versions and outlets without any change a reader would care about, so it is folded here
 * once and every comparison works on the folded form. Display text is never touched.
 */
const FOLDS: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u00B4\u0060]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '],
  [/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, ''],
];

export function normalizeText(text: string): string {
  let out = text.normalize('NFC');
  for (const [pattern, replacement] of FOLDS) out = out.replace(pattern, replacement);
  return out
    .replace(/\s*-\s*-\s*/g, ' - ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-cased comparison text, for matching where case carries no meaning. */
export function foldText(text: string): string {
  return normalizeText(text).toLowerCase();
}

/**
 * What a reader would call the same words: comparison text without letter case, quotation marks,
 * apostrophes, dashes or spacing. Two versions equal under this key differ only in style (a
 * typo-level recasing, curly quotes, a stray or dropped quotation mark), never in what they say.
 * Marks become spaces rather than nothing so "I 'm" (tokenised) and "I'm" fold alike.
 */
export function styleKey(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/["'\u2039\u203A\u300C-\u300F\uFF02\uFF07]/g, ' ')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:!?])/g, '$1')
    .trim();
}

/**
 * 53-bit string hash (cyrb53), hex. Synchronous so the engine can hash in Node and in a
 * content script alike; collisions only cost a redundant comparison, never a lost version,
 * because the store keys versions by article and hash together.
 */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
