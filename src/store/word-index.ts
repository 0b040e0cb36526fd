/**
 * An inverted index over the words of the library's search fields, for the options page's
 * search at 100,000 articles. Matching keeps the search's meaning exactly: a term matches an
 * article when it occurs anywhere in its search text, and since a term holds no space, that is
 * when some word of the text contains the term. So a term is looked up by scanning the
 * vocabulary (every distinct word once, in one string) for the words containing it, and the
 * articles are the union of those words' postings; no article text is read.
 *
 * A single letter or digit is answered from a 36-bit mask per article of the letters and digits
 * it holds. A term contained in so many words that the union would cost more than reading the
 * texts (64 postings an article) is answered by reading the texts of the articles still in
 * question, which then stops early in nearly every text.
 *
 * Memory: 4 bytes per distinct word of each article (about 480 an article in the bench's
 * library, so ~190 MB at 100,000 articles), on top of the texts, which stay for that fallback.
 *
 * Built in one pass over the texts without cutting them into strings: words are hashed in place
 * into an open-addressing table, and only a word seen for the first time is copied out.
 */

/** Posting lists whose sum passes `UNION_LIMIT × articles` are not worth reading. */
const UNION_LIMIT = 64;

export class WordIndex {
  /** Every distinct word, each preceded by "\n", in the order first seen. */
  private readonly vocabulary: string;
  /** Where word `w` starts in `vocabulary` (after its "\n"); one more entry for the end. */
  private readonly starts: Int32Array;
  /** Articles of word `w`: `postings[offsets[w] .. offsets[w + 1])`, ascending. */
  private readonly offsets: Int32Array;
  private readonly postings: Int32Array;
  /** Per article, which of the letters a–z (bits 0–25) and digits 0–9 (bits 26–35, two words) it holds. */
  private readonly letters: Uint32Array;
  /** Per-article marks of the current search (a stamp per search avoids clearing them). */
  private readonly marks: Uint32Array;
  private stamp = 0;

  /** The index of `texts` built at once (`WordIndexBuilder` builds it in slices). */
  static of(texts: readonly string[]): WordIndex {
    return new WordIndexBuilder(texts).finish();
  }

  /** From the first pass: each article's distinct word ids, and each word's article count. */
  constructor(
    private readonly texts: readonly string[],
    words: readonly string[],
    counts: readonly number[],
    ids: readonly Int32Array[],
  ) {
    this.offsets = new Int32Array(words.length + 1);
    for (let id = 0; id < words.length; id++) this.offsets[id + 1] = this.offsets[id]! + counts[id]!;
    this.postings = new Int32Array(this.offsets[words.length]!);
    const fill = this.offsets.slice(0, words.length);
    const wordLetters = new Uint32Array(words.length * 2);
    words.forEach((word, id) => {
      for (let i = 0; i < word.length; i++) {
        const bit = letterBit(word.charCodeAt(i));
        if (bit >= 0) wordLetters[id * 2 + (bit >>> 5)]! |= 1 << (bit & 31);
      }
    });
    this.letters = new Uint32Array(texts.length * 2);
    ids.forEach((found, article) => {
      let low = 0;
      let high = 0;
      for (const id of found) {
        this.postings[fill[id]!++] = article;
        low |= wordLetters[id * 2]!;
        high |= wordLetters[id * 2 + 1]!;
      }
      this.letters[article * 2] = low;
      this.letters[article * 2 + 1] = high;
    });

    this.starts = new Int32Array(words.length + 1);
    let at = 0;
    words.forEach((word, id) => {
      this.starts[id] = at + 1;
      at += word.length + 1;
    });
    this.starts[words.length] = at + 1;
    this.vocabulary = words.length > 0 ? `\n${words.join('\n')}` : '';
    this.marks = new Uint32Array(texts.length);
  }

  /** Distinct (article, word) pairs held: 4 bytes each. */
  get size(): number {
    return this.postings.length;
  }

  /** Marks the articles holding `term`, a single letter or digit, from their letter masks. */
  private markLetter(bit: number, stamp: number, previous: number | null): void {
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    for (let i = 0; i < this.texts.length; i++) {
      if (previous !== null && this.marks[i] !== previous) continue;
      if ((this.letters[i * 2 + word]! & mask) !== 0) this.marks[i] = stamp;
    }
  }

  /** The words containing `term`, or null when their postings are too many to be worth reading. */
  private wordsContaining(term: string): number[] | null {
    const out: number[] = [];
    let postings = 0;
    const budget = UNION_LIMIT * this.texts.length;
    for (let at = this.vocabulary.indexOf(term); at >= 0;) {
      // The word holding position `at`: the last start at or before it.
      let low = 0;
      let high = this.starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >>> 1;
        if (this.starts[mid]! <= at) low = mid;
        else high = mid - 1;
      }
      out.push(low);
      postings += this.offsets[low + 1]! - this.offsets[low]!;
      if (postings > budget) return null;
      at = this.vocabulary.indexOf(term, this.starts[low + 1]);
    }
    return out;
  }

  /**
   * Whether article `i` holds every term, for every article: a mark array valid until the next
   * call (`marks[i] === stamp`).
   */
  match(terms: readonly string[]): { marks: Uint32Array; stamp: number } {
    const n = this.texts.length;
    if (terms.length === 0) {
      const stamp = this.nextStamp();
      this.marks.fill(stamp);
      return { marks: this.marks, stamp };
    }
    const scanned: string[] = [];
    const lookups: number[][] = [];
    const letters: number[] = [];
    for (const term of terms) {
      const bit = term.length === 1 ? letterBit(term.charCodeAt(0)) : -1;
      if (bit >= 0) {
        letters.push(bit);
        continue;
      }
      const found = this.wordsContaining(term);
      if (found) lookups.push(found);
      else scanned.push(term);
    }
    // Each looked-up term in turn: an article stays marked while every term so far holds.
    lookups.sort((a, b) => a.length - b.length);
    let stamp = this.nextStamp();
    if (lookups.length > 0) {
      for (const id of lookups[0]!) {
        for (let p = this.offsets[id]!; p < this.offsets[id + 1]!; p++) this.marks[this.postings[p]!] = stamp;
      }
      for (const found of lookups.slice(1)) {
        const next = this.nextStamp();
        for (const id of found) {
          for (let p = this.offsets[id]!; p < this.offsets[id + 1]!; p++) {
            const article = this.postings[p]!;
            if (this.marks[article] === stamp) this.marks[article] = next;
          }
        }
        stamp = next;
      }
    }
    let narrowed = lookups.length > 0;
    for (const bit of letters) {
      const next = this.nextStamp();
      this.markLetter(bit, next, narrowed ? stamp : null);
      stamp = next;
      narrowed = true;
    }
    if (scanned.length > 0) {
      const next = this.nextStamp();
      for (let i = 0; i < n; i++) {
        if (narrowed && this.marks[i] !== stamp) continue;
        const text = this.texts[i]!;
        let holds = true;
        for (const term of scanned) {
          if (!text.includes(term)) {
            holds = false;
            break;
          }
        }
        if (holds) this.marks[i] = next;
      }
      stamp = next;
    }
    return { marks: this.marks, stamp };
  }

  private nextStamp(): number {
    if (this.stamp >= 0xfffffffe) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/**
 * The first pass of a WordIndex, the one proportional to the texts' length, in slices: `step`
 * reads articles until `shouldStop` says so (looked at every 64 articles), so a background that
 * must keep answering messages builds the index between them. `finish` does the rest at once
 * (laying the postings out: a pass over the word ids, no text read).
 */
export class WordIndexBuilder {
  private readonly table = new WordTable();
  private readonly counts: number[] = [];
  private readonly ids: Int32Array[] = [];

  constructor(private readonly texts: readonly string[]) {}

  /** Reads articles until all are read (true) or `shouldStop()` (false). */
  step(shouldStop: () => boolean = () => false): boolean {
    while (this.ids.length < this.texts.length) {
      const article = this.ids.length;
      const found = this.table.wordsOf(this.texts[article]!, article);
      for (const id of found) this.counts[id] = (this.counts[id] ?? 0) + 1;
      this.ids.push(found);
      if ((article & 63) === 63 && shouldStop()) break;
    }
    return this.ids.length === this.texts.length;
  }

  finish(): WordIndex {
    this.step();
    return new WordIndex(this.texts, this.table.words, this.counts, this.ids);
  }
}

/** Distinct words by content, hashed in place in the texts (open addressing, linear probing). */
class WordTable {
  readonly words: string[] = [];
  private hashes: number[] = [];
  private lastArticle: number[] = [];
  private table = new Int32Array(1 << 16).fill(-1);
  private scratch = new Int32Array(1024);

  /** The ids of the distinct words of `text`, each once. */
  wordsOf(text: string, article: number): Int32Array {
    let count = 0;
    let start = -1;
    let hash = 0;
    const length = text.length;
    for (let i = 0; i <= length; i++) {
      const code = i < length ? text.charCodeAt(i) : 32;
      if (code === 32 || code === 10 || code === 9 || code === 13) {
        if (start >= 0) {
          const id = this.idOf(text, start, i, hash);
          if (this.lastArticle[id] !== article) {
            this.lastArticle[id] = article;
            if (count === this.scratch.length) {
              const bigger = new Int32Array(count * 2);
              bigger.set(this.scratch);
              this.scratch = bigger;
            }
            this.scratch[count++] = id;
          }
          start = -1;
        }
        continue;
      }
      if (start < 0) {
        start = i;
        hash = 0x811c9dc5;
      }
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    return this.scratch.slice(0, count);
  }

  private idOf(text: string, start: number, end: number, raw: number): number {
    let hash = Math.imul(raw ^ (raw >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    hash = (hash ^ (hash >>> 16)) >>> 0;
    const mask = this.table.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot]!;
      if (id < 0) {
        // Copied out of the text, so the vocabulary keeps no article text alive.
        const word = (' ' + text.slice(start, end)).slice(1);
        this.table[slot] = this.words.length;
        this.words.push(word);
        this.hashes.push(hash);
        this.lastArticle.push(-1);
        if (this.words.length * 2 > this.table.length) this.grow();
        return this.words.length - 1;
      }
      if (
        this.hashes[id] === hash &&
        this.words[id]!.length === length &&
        sameChars(this.words[id]!, text, start)
      )
        return id;
    }
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = this.table.length - 1;
    this.hashes.forEach((hash, id) => {
      let slot = hash & mask;
      while (this.table[slot]! >= 0) slot = (slot + 1) & mask;
      this.table[slot] = id;
    });
  }
}

function sameChars(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

/** The bit of a–z (0–25) or 0–9 (26–35) in a letter mask, or -1 for any other character. */
function letterBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  return -1;
}
