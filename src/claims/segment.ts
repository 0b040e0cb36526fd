import { isFunctionWord } from './lexicon';
import { topLevelQuotes, type QuoteSpan } from './quoteSpans';

/**
 * Sentence units. ICU's sentence rules (Intl.Segmenter) are linear, language-aware and never throw
 * on odd input, but they break after every "Mr." or "Oct."; the repairs below undo those breaks and
 * keep a quotation that runs over several sentences in one unit with its attribution, because a
 * claim is what someone said, not each sentence of it.
 */

/** Abbreviations that are never the last word of a sentence (titles, name parts). */
const TITLES = new Set(
  (
    'mr mrs ms mx dr st mt ft gen maj lt col capt cpt sgt cpl adm cmdr gov sen rep rev prof hon pres ' +
    'supt insp det amb sec messrs mme mlle sr sra srta hr fr frau herr dott ing av'
  ).split(' '),
);

/** Abbreviations that end a sentence only when what follows is not a number. */
const BEFORE_NUMBER = new Set(
  (
    'jan feb mar apr jun jul aug sep sept oct nov dec no nos nr art p pp vol ch fig para sec tel ' +
    'approx ca est'
  ).split(' '),
);

/** Lower-case abbreviations that do not end a sentence mid-paragraph (e.g., i.e., z.B.). */
const MID_SENTENCE = new Set('e.g i.e z.b d.h u.a bzw usw vgl etc vs cf ibid viz'.split(' '));

/** Languages that write ordinals with a trailing dot ("am 3. Oktober"). */
const ORDINAL_DOT_LANGS = new Set('de da nb nn no fi cs sk pl hu sl hr sr et lv lt is tr'.split(' '));

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  let segmenter = segmenters.get(lang);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
    } catch {
      segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    }
    segmenters.set(lang, segmenter);
  }
  return segmenter;
}

function baseLang(lang: string | null | undefined): string {
  const base = (lang ?? 'en').trim().toLowerCase().split(/[-_]/)[0];
  return base && /^[a-z]{2,3}$/.test(base) ? base : 'en';
}

const LAST_TOKEN = /(\S+)$/;
const FIRST_WORD = /^[\s"“”„«»‘’'([]*([\p{L}\p{N}][\p{L}\p{N}'’.-]*)/u;
const ACRONYM = /^(?:\p{Lu}\.){2,}$/u;
const INITIAL = /^\p{Lu}\.$/u;

function lastToken(text: string, end: number): string {
  const tail = text.slice(Math.max(0, end - 40), end);
  const match = LAST_TOKEN.exec(tail);
  return match ? match[1]!.replace(/^[("“„«‘'[]+/, '') : '';
}

function startsLower(s: string): boolean {
  return /^[\s"“”„«»‘’'([]*\p{Ll}/u.test(s);
}

function startsDigit(s: string): boolean {
  return /^[\s([]*\p{N}/u.test(s);
}

function startsUpper(s: string): boolean {
  return /^[\s"“„«‘([]*\p{Lu}/u.test(s);
}

/** Should the break between `before` (ending at `end`) and the following `after` be undone? */
function joinsAcross(text: string, end: number, after: string, lang: string): boolean {
  // A "sentence" that starts in lower case, or with punctuation that continues a clause, is not one.
  // A closing mark followed by a capital is a misused opener (`” The`), not a continuation.
  if (startsLower(after) || /^\s*[,;:)\]]/.test(after) || /^\s*[»”’](?!\s*\p{Lu})/u.test(after)) return true;
  // Japanese closes a quoted sentence with 。」 and carries on: 「…。」と述べた。
  if (/[」』]$/.test(text.slice(end - 1, end)) && /^\p{Script=Hiragana}/u.test(after)) return true;
  const token = lastToken(text, end);
  if (!token.endsWith('.')) return false;
  if (/(?:\.\.\.|…)$/.test(token)) return false;
  const bare = token.slice(0, -1);
  const key = bare.toLowerCase();
  if (TITLES.has(key)) return true;
  if (BEFORE_NUMBER.has(key) && startsDigit(after)) return true;
  if (MID_SENTENCE.has(key)) return true;
  if (ORDINAL_DOT_LANGS.has(lang) && /^\d{1,2}$/.test(bare) && !startsDigit(after)) return true;
  if (INITIAL.test(token)) return startsUpper(after);
  if (ACRONYM.test(token) || /^(?:inc|corp|co|ltd|jr|sr|bros)$/.test(key)) {
    // "U.N. Security Council" continues; "… with the U.S. The lack of …" is a new sentence.
    const next = FIRST_WORD.exec(after)?.[1];
    if (!next) return false;
    return !isFunctionWord(next);
  }
  return false;
}

function isInsideQuote(quotes: QuoteSpan[], at: number, cursor: { i: number }): boolean {
  while (cursor.i < quotes.length && quotes[cursor.i]!.close < at) cursor.i++;
  const quote = quotes[cursor.i];
  return quote !== undefined && quote.open < at && at < quote.close;
}

function trimmedRange(text: string, start: number, end: number): [number, number] | null {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start < end ? [start, end] : null;
}

/** The quotations that open inside [start, end), found by binary search over the sorted list. */
export function quotesWithin(quotes: QuoteSpan[], start: number, end: number): QuoteSpan[] {
  let low = 0;
  let high = quotes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (quotes[mid]!.open < start) low = mid + 1;
    else high = mid;
  }
  const out: QuoteSpan[] = [];
  for (let i = low; i < quotes.length && quotes[i]!.open < end; i++) {
    if (quotes[i]!.close < end) out.push(quotes[i]!);
  }
  return out;
}

/** Quotation that fills the whole unit: a continuation of the previous unit's speaker. */
function isWholeQuote(quotes: QuoteSpan[], start: number, end: number, text: string): boolean {
  const first = quotesWithin(quotes, start, end)[0];
  return first !== undefined && first.open === start && /^[\s.,!?]*$/.test(text.slice(first.close + 1, end));
}

function hasAttributedQuote(quotes: QuoteSpan[], start: number, end: number, text: string): boolean {
  const inside = quotesWithin(quotes, start, end);
  if (inside.length === 0) return false;
  let outsideChars = 0;
  let cursor = start;
  for (const q of inside) {
    outsideChars += text.slice(cursor, q.open).replace(/[\s\p{P}]/gu, '').length;
    cursor = q.close + 1;
  }
  outsideChars += text.slice(cursor, end).replace(/[\s\p{P}]/gu, '').length;
  return outsideChars > 0;
}

/**
 * V8's sentence segmenter slows down with the length of the string it walks (seconds for 100k
 * words), so long text is cut into windows first, after a sentence mark where there is one. A cut
 * that is not a possible boundary is `forced` and always joined back.
 */
const WINDOW = 2000;

interface Piece extends Array<number> {
  0: number;
  1: number;
  forced?: boolean;
}

function icuPieces(text: string, lang: string): Piece[] {
  const segmenter = segmenterFor(lang);
  const pieces: Piece[] = [];
  let windowStart = 0;
  let forcedNext = false;
  while (windowStart < text.length) {
    let windowEnd = Math.min(text.length, windowStart + WINDOW);
    let forcedCut = false;
    if (windowEnd < text.length) {
      const window = text.slice(windowStart, windowEnd);
      const markCut = Math.max(
        window.lastIndexOf('. '),
        window.lastIndexOf('? '),
        window.lastIndexOf('! '),
        window.lastIndexOf('\n'),
        window.lastIndexOf('。'),
      );
      if (markCut > WINDOW / 4) {
        windowEnd = windowStart + markCut + 1;
      } else {
        const spaceCut = window.lastIndexOf(' ');
        if (spaceCut > WINDOW / 4) windowEnd = windowStart + spaceCut;
        forcedCut = true;
      }
    }
    let first = true;
    for (const { index, segment } of segmenter.segment(text.slice(windowStart, windowEnd))) {
      const range = trimmedRange(text, windowStart + index, windowStart + index + segment.length);
      if (!range) continue;
      const piece: Piece = [range[0], range[1]];
      if (first && forcedNext) piece.forced = true;
      first = false;
      pieces.push(piece);
    }
    forcedNext = forcedCut;
    windowStart = windowEnd;
  }
  return pieces;
}

/**
 * ICU does not break before a sentence that opens with a figure when a lower-case word follows it
 * ("… on Monday. 40,000 troops were …" stays one sentence), so whether the next word is recased
 * would decide the split. Those places are split here and judged by the same repairs as ICU's own
 * breaks ("Oct. 5", "No. 3" join back).
 */
const FIGURE_START = /(?<=[.!?]["”’»]?)\s+(?=["“„«]?\p{N})/gu;

function splitBeforeFigures(text: string, pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const slice = text.slice(piece[0], piece[1]);
    let start = piece[0];
    let first = true;
    for (const match of slice.matchAll(FIGURE_START)) {
      const cut = piece[0] + match.index;
      const part: Piece = [start, cut];
      if (first && piece.forced) part.forced = true;
      first = false;
      out.push(part);
      start = cut + match[0].length;
    }
    const rest: Piece = [start, piece[1]];
    if (first && piece.forced) rest.forced = true;
    out.push(rest);
  }
  return out;
}

/** Sentence units of `text` as [start, end) ranges, trimmed. */
export function sentenceRanges(text: string, lang?: string | null): [number, number][] {
  if (!text || !/[\p{L}\p{N}]/u.test(text)) {
    const only = trimmedRange(text, 0, text.length);
    return only ? [only] : [];
  }
  const base = baseLang(lang);
  const quotes = topLevelQuotes(text);
  const pieces = splitBeforeFigures(text, icuPieces(text, base));
  const joined: [number, number][] = [];
  const cursor = { i: 0 };
  const closers = new Set(quotes.map((q) => q.close));
  const openers = new Set(quotes.map((q) => q.open));
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p]!;
    let current = joined[joined.length - 1];
    // A spaced closing mark (`them. " Next`) is given to the following sentence by ICU, and a
    // spaced opening one may end the previous: each belongs with the quotation it bounds.
    if (current && closers.has(piece[0])) {
      current[1] = piece[0] + 1;
      const rest = trimmedRange(text, piece[0] + 1, piece[1]);
      if (!rest) continue;
      [piece[0], piece[1]] = rest;
    }
    const next = pieces[p + 1];
    if (next && openers.has(piece[1] - 1) && piece[1] - 1 > piece[0]) {
      const kept = trimmedRange(text, piece[0], piece[1] - 1);
      if (kept) {
        next[0] = piece[1] - 1;
        piece[1] = kept[1];
      }
    }
    current = joined[joined.length - 1];
    if (
      current &&
      (piece.forced ||
        isInsideQuote(quotes, current[1] - 1, cursor) ||
        joinsAcross(text, current[1], text.slice(piece[0], Math.min(text.length, piece[0] + 60)), base))
    ) {
      current[1] = piece[1];
    } else {
      joined.push([piece[0], piece[1]]);
    }
  }

  const units: [number, number][] = [];
  for (const range of joined) {
    const previous = units[units.length - 1];
    if (
      previous &&
      isWholeQuote(quotes, range[0], range[1], text) &&
      hasAttributedQuote(quotes, previous[0], previous[1], text)
    ) {
      previous[1] = range[1];
    } else {
      units.push(range);
    }
  }
  return units;
}

export function splitSentences(text: string, lang?: string | null): string[] {
  return sentenceRanges(text, lang).map(([start, end]) => text.slice(start, end));
}
