import type { Hedge, NumberFacet } from '../model/types';
import { hasTag } from './lexicon';

/**
 * Quantities in a sentence, including vague ones, because "40,000 troops" → "a small number of
 * troops" is exactly the edit a reader should see. Years, days of the month, clock times and
 * ordinals are dates or positions, not amounts, and are left to the date facet.
 *
 * Compound measures ("a 21-day ceasefire") are read as value 21, unit "days", counted "ceasefire".
 */

const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  m: 1e6,
  bn: 1e9,
  k: 1e3,
};

/** Vague quantities and the rough amount each implies. Longest phrases first. */
const VAGUE: [string, [number, number]][] = [
  ['hundreds of thousands', [200_000, 999_999]],
  ['tens of thousands', [20_000, 99_999]],
  ['a small number', [1, 1000]],
  ['a large number', [100, 100_000]],
  ['a limited number', [1, 1000]],
  ['a handful', [2, 6]],
  ['a couple', [2, 3]],
  ['a number', [3, 50]],
  ['a few', [2, 5]],
  ['several', [3, 9]],
  ['numerous', [5, 100]],
  ['dozens', [24, 200]],
  ['scores', [40, 200]],
  ['hundreds', [200, 999]],
  ['thousands', [2000, 9999]],
  ['millions', [2_000_000, 9_999_999]],
  ['billions', [2e9, 9.99e9]],
];

const HEDGES: [RegExp, Hedge][] = [
  [/\b(?:at least|a minimum of|no fewer than|no less than)\s+$/i, 'at least'],
  [/\b(?:more than|more that|over|upwards of|in excess of|above|greater than)\s+$/i, 'more than'],
  [/\b(?:at most|no more than|a maximum of)\s+$/i, 'at most'],
  [/\bup to\s+$/i, 'up to'],
  [/\b(?:less than|fewer than|under|below)\s+$/i, 'less than'],
  [/\b(?:nearly|almost|close to|just under|just shy of)\s+$/i, 'nearly'],
  [/\b(?:about|around|approximately|roughly|some|an estimated|estimated|circa|an approximate)\s+$/i, 'about'],
  [/\b(?:exactly|precisely|just)\s+$/i, 'exactly'],
];

const TIME_UNITS =
  /^(second|minute|hour|day|week|month|year|decade|century|mile|kilometer|kilometre|km|meter|metre|foot|feet|inch|pound|kilogram|kg|ton|tonne|acre|hectare|percent|point)s?$/i;

const MONTH =
  /(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?$/i;

const STOP_WORDS = new Set(
  (
    'of to in on at from for with by that which who whom and or but as than per into onto over under ' +
    'about after before since during while when where if is are was were be been being have has had ' +
    'will would could should may might must can do does did not no its their his her this these those ' +
    'the a an each every across within through between against among'
  ).split(' '),
);

const NUMBER_WORD = Object.keys(UNITS).join('|');
const SCALE_WORD = 'hundred|thousand|million|billion|trillion';
const VAGUE_WORD = VAGUE.map(([phrase]) => phrase.replace(/ /g, '\\s+')).join('|');

/**
 * One pass over the sentence: currency, digits with separators, written numbers, vague phrases.
 * The optional scale and hyphenated measure follow the number.
 */
const QUANTITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:` +
    String.raw`(?<cur>[$€£¥])?\s?(?<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d:])` +
    String.raw`|(?<words>(?:${NUMBER_WORD})(?:[-\s](?:${NUMBER_WORD}))?)` +
    String.raw`|(?<vague>${VAGUE_WORD})` +
    String.raw`)(?<scale>\s(?:${SCALE_WORD})|\s?(?:m|bn|k)\b)?` +
    String.raw`(?:-(?<measure>[a-z]+)(?:-(?:long|old))?)?` +
    String.raw`(?<pct>\s?(?:%|percent\b|per cent\b))?` +
    String.raw`(?![\p{L}\p{N}])`,
  'giu',
);

function wordsValue(words: string): number | null {
  let total = 0;
  for (const part of words.toLowerCase().split(/[-\s]+/)) {
    const value = UNITS[part];
    if (value === undefined) return null;
    total += value;
  }
  return total;
}

function singularUnit(word: string): string {
  const lower = word.toLowerCase();
  if (lower === 'feet') return 'feet';
  return lower.endsWith('s') ? lower : `${lower}s`;
}

/** Verbs that typically follow what is counted ("80,000 citizens live in …") and end the phrase. */
const CLAUSE_VERBS = new Set(
  (
    'live lives lived die died remain remained remain flee fled left said say says came went took ' +
    'were was are is had have has will would could arrived returned stayed'
  ).split(' '),
);

interface Counted {
  words: string[];
  /** Characters of `rest` the phrase covers, for the facet's display span. */
  length: number;
}

/** The head phrase after a quantity: "U.S. troops", "people", "communication devices". */
function countedAfter(rest: string): Counted {
  const words: string[] = [];
  let length = 0;
  const lead = /^\s+(?:of\s+)?/.exec(rest);
  if (!lead) return { words, length };
  const tokenPattern = /([\p{L}][\p{L}\p{N}.'’-]*)([^\s\p{L}\p{N}]*)(\s*)/uy;
  tokenPattern.lastIndex = lead[0].length;
  for (let n = 0; n < 4; n++) {
    const match = tokenPattern.exec(rest);
    if (!match) break;
    const acronym = /^(?:\p{L}\.)+$/u.test(match[1]!);
    const token = acronym ? match[1]! : match[1]!.replace(/[.'’]+$/, '');
    const lower = token.toLowerCase();
    if (STOP_WORDS.has(lower) || CLAUSE_VERBS.has(lower)) break;
    const plural = lower.endsWith('s') && !lower.endsWith('ss');
    if (
      !plural &&
      hasTag(
        lower,
        'PastTense',
        'Infinitive',
        'PresentTense',
        'Copula',
        'Modal',
        'Gerund',
        'Adverb',
        'Preposition',
        'Pronoun',
      )
    )
      break;
    if (hasTag(lower, 'WeekDay', 'Month', 'Adverb', 'Preposition', 'Pronoun', 'Determiner')) break;
    words.push(lower);
    length = match.index + token.length;
    if (match[2] || !match[3] || (!acronym && /[.'’]$/.test(match[1]!))) break; // punctuation closed the phrase
  }
  while (words.length > 1 && /(?:ed|ing|ly)$/.test(words[words.length - 1]!)) {
    words.pop();
    length = lastWordEnd(rest, words);
  }
  if (words.length === 1 && /ly$/.test(words[0]!)) return { words: [], length: 0 };
  return { words, length };
}

function lastWordEnd(rest: string, words: string[]): number {
  let cursor = 0;
  const lower = rest.toLowerCase();
  for (const word of words) cursor = lower.indexOf(word, cursor) + word.length;
  return cursor;
}

function hedgeBefore(before: string): Hedge | null {
  const tail = before.slice(-30);
  for (const [pattern, hedge] of HEDGES) if (pattern.test(tail)) return hedge;
  return null;
}

function hedgeSpanStart(before: string, hedge: Hedge | null): number {
  if (!hedge) return before.length;
  const tail = before.slice(-30);
  for (const [pattern, candidate] of HEDGES) {
    if (candidate !== hedge) continue;
    const match = pattern.exec(tail);
    if (match) return before.length - tail.length + match.index;
  }
  return before.length;
}

function isDatePart(before: string, after: string, digits: string): boolean {
  const lastWord = before.trimEnd().split(/\s+/).pop() ?? '';
  if (MONTH.test(lastWord) && /\d/.test(digits) && Number(digits) <= 31) return true;
  if (/^\s*(?:st|nd|rd|th)\b/i.test(after)) return true;
  if (
    /^,?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b/i.test(after) &&
    Number(digits) <= 31
  )
    return true;
  if (/^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|gmt|utc|[ap]\.?m\b|o'clock)/i.test(after)) return true;
  // A bare four-digit year, unless it is followed by what it counts ("2024 votes").
  if (/^(?:1[5-9]|20|21)\d\d$/.test(digits)) {
    const next = after.match(/^\s+([a-z]+)/)?.[1];
    return (
      !next ||
      STOP_WORDS.has(next) ||
      hasTag(next, 'Preposition', 'Conjunction', 'Determiner', 'Copula', 'PastTense', 'PresentTense')
    );
  }
  return false;
}

export function numbersIn(text: string): NumberFacet[] {
  const facets: NumberFacet[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const groups = match.groups ?? {};
    const start = match.index;
    const end = start + match[0].length;
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(end, end + 80);
    let value: number | null = null;
    let vague = false;
    let range: [number, number] | null = null;
    let unit: string | null = groups.pct ? '%' : groups.cur ? groups.cur : null;

    if (groups.digits) {
      if (
        !groups.cur &&
        !groups.pct &&
        !groups.scale &&
        !groups.measure &&
        isDatePart(before, after, groups.digits)
      )
        continue;
      value = Number(groups.digits.replace(/,/g, ''));
    } else if (groups.words) {
      value = wordsValue(groups.words);
      // "one" is mostly a pronoun ("one of", "one thing"); it is an amount only when hedged or measured.
      if (value === 1 && !hedgeBefore(before) && !groups.measure && !groups.scale) continue;
      if (value === null) continue;
    } else if (groups.vague) {
      const phrase = groups.vague.toLowerCase().replace(/\s+/g, ' ');
      // "several"/"numerous" need something counted; bare vague nouns ("thousands") stand alone.
      const entry = VAGUE.find(([candidate]) => candidate === phrase);
      if (!entry) continue;
      vague = true;
      range = [entry[1][0], entry[1][1]];
      if (
        /^(?:a number|a couple|a handful|a small number|a large number|a limited number)$/.test(phrase) &&
        !/^\s+of\b/i.test(after)
      )
        continue;
    }
    if (value !== null && groups.scale) {
      const scale = SCALES[groups.scale.trim().toLowerCase()];
      if (scale) value *= scale;
    }

    const phrase = countedAfter(after);
    let countedWords = phrase.words;
    let spanEnd = end + phrase.length;
    if (groups.measure) {
      if (TIME_UNITS.test(groups.measure)) unit = singularUnit(groups.measure);
      else if (!countedWords.length) countedWords = [groups.measure.toLowerCase()];
    } else if (countedWords.length && !unit) {
      const head = countedWords[0]!;
      if (TIME_UNITS.test(head)) {
        unit =
          head === 'percent' ? '%' : head === 'point' || head === 'points' ? 'points' : singularUnit(head);
        countedWords = countedWords.slice(1);
      }
    }
    if (unit === '%') {
      countedWords = [];
      spanEnd = end;
    }
    if (!countedWords.length && !unit) spanEnd = end;

    const hedge = hedgeBefore(before);
    const spanStart = start - (before.length - hedgeSpanStart(before, hedge));
    facets.push({
      text: text.slice(spanStart, spanEnd).trim(),
      value,
      vague,
      range,
      counted: countedWords.length ? countedWords.join(' ') : null,
      hedge,
      unit,
    });
  }
  return facets;
}

/** Languages writing "1.234,5": dot groups thousands, comma marks decimals. */
const DECIMAL_COMMA = new Set(
  'de fr es it pt nl ru uk pl cs sk sl hr sr bg ro hu tr el da nb nn no sv fi et lv lt id vi'.split(' '),
);

// Chinese and Japanese write counters straight after the digits (560人), so only alphabetic letters bound a number.
const LOCALE_NUMBER =
  /(?<![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{N}])([$€£¥]\s?)?(\d{1,3}(?:([.,\u00A0\u202F ])\d{3})(?:\3\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(\s?%)?(?![\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{N}])/gu;

/** Scale words after a figure ("1,5 Mio.", "3 millones", "2 млрд", "5万"), lower-cased, without a final dot. */
const LOCALE_SCALES: [RegExp, number][] = [
  [/^(?:tsd|tausend|mille|mil|mila|тыс|тысяч[аи]?|tis|tisíc|tisíce|千)$/u, 1e3],
  [/^(?:万|萬|만)$/u, 1e4],
  [
    /^(?:mio|million|millionen|millions|millón|millones|milione|milioni|milhão|milhões|млн|миллион[аов]*|mil|milion[uůy]?|milionů)$/u,
    1e6,
  ],
  [/^(?:億|亿|억)$/u, 1e8],
  [
    /^(?:mrd|md|milliarde|milliarden|milliard|milliards|mld|miliard[ay]?|miliardy|miliardů|млрд|миллиард[аов]*|mil millones)$/u,
    1e9,
  ],
];

function scaleOf(word: string | null, lang: string | null): number {
  if (!word) return 1;
  const key = word.toLowerCase().replace(/\.$/, '');
  // "mil" is a thousand in Spanish and Portuguese, a million in Czech ("mil." for milionů).
  if (key === 'mil') return /^(?:cs|sk)\b/i.test(lang ?? '') ? 1e6 : 1e3;
  for (const [pattern, scale] of LOCALE_SCALES) if (pattern.test(key)) return scale;
  // Chinese, Japanese and Korean write the scale and the counter together after the digits (5万人).
  const head = key.charAt(0);
  if (/[千万萬億亿만억]/u.test(head)) return scaleOf(head, lang);
  return 1;
}

/**
 * Numbers for text that is not English: digits with locale separators, percentages and currency.
 * What they count needs a grammar per language, so `counted` is the next word at most.
 */
export function localeNumbersIn(text: string, lang: string | null): NumberFacet[] {
  const decimalComma = DECIMAL_COMMA.has((lang ?? '').toLowerCase().split(/[-_]/)[0] ?? '');
  const facets: NumberFacet[] = [];
  for (const match of text.matchAll(LOCALE_NUMBER)) {
    const raw = match[2]!;
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 40);
    // Years, clock times and date parts belong to dates.
    if (/^(?:1[5-9]|20|21)\d\d$/.test(raw) && !match[1] && !match[4]) continue;
    if (/^[.:/-]\d/.test(after) || /[.:/-]$/.test(text.slice(Math.max(0, match.index - 1), match.index)))
      continue;
    const group = match[3];
    let digits = raw;
    if (group) {
      const groupIsDecimal = decimalComma ? group === ',' : group === '.';
      digits = groupIsDecimal ? raw : raw.split(group).join('');
    }
    digits = decimalComma ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, '');
    const value = Number(digits);
    if (!Number.isFinite(value)) continue;
    const next = /^\s*(\p{L}+)/u.exec(after)?.[1] ?? null;
    const scale = match[4] ? 1 : scaleOf(next, lang);
    facets.push({
      text: match[0].trim(),
      value: scale === 1 ? value : Math.round(value * scale * 1000) / 1000,
      vague: false,
      range: null,
      counted: match[4] ? null : (next?.toLowerCase() ?? null),
      hedge: null,
      unit: match[4] ? '%' : (match[1]?.trim() ?? null),
    });
  }
  return facets;
}
