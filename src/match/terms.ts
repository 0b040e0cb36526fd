/**
 * The terms an article is matched on. Three kinds, told apart by their first character so one
 * flat vocabulary (and one posting table) holds them all:
 *   - content words, lower-cased and stemmed-lite, stop-words removed: `ceasefir`, `earthquak`;
 *   - names, `~` + lower-cased span: capitalised runs (`~sabrina singh`), single proper nouns in
 *     mid-sentence (`~cyprus`) and acronyms (`~nato`);
 *   - numbers of two or more digits, `#` + digits without separators: `#40000`, `#6.1`, `#2013`.
 * Names and numbers are what separate two events of the same kind (two earthquakes, two arrests),
 * which topic words alone cannot do.
 */
import { normalizeText } from '../text/normalize';

export type TermKind = 'word' | 'name' | 'number';

export const NAME_PREFIX = '~';
export const NUMBER_PREFIX = '#';

export function termKind(term: string): TermKind {
  const first = term.charAt(0);
  if (first === NAME_PREFIX) return 'name';
  if (first === NUMBER_PREFIX) return 'number';
  return 'word';
}

/**
 * Function words plus the reporting vocabulary every news story shares ("said", "told",
 * "officials"): they say nothing about which event a story is about.
 */
const STOP_WORDS = new Set(
  (
    'a about above according across after afterwards again against all almost alone along already also although always am ' +
    'among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became because become ' +
    'becomes becoming been before beforehand behind being below beside besides between beyond both but by can cannot could ' +
    'did do does doing done down due during each either else elsewhere enough even ever every everyone everything everywhere ' +
    'except few for former formerly from further get gets getting got had has have having he hence her here hereafter hereby ' +
    'herein hers herself him himself his how however i if in indeed into is it its itself just last latter least less like ' +
    'made make makes many may me meanwhile might mine more moreover most mostly much must my myself namely neither never ' +
    'nevertheless next no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others ' +
    'otherwise our ours ourselves out over own per perhaps please put rather re same seem seemed seeming seems several she ' +
    'should since so some somehow someone something sometime sometimes somewhere still such than that the their theirs them ' +
    'themselves then thence there thereafter thereby therefore therein thereupon these they this those though through ' +
    'throughout thru thus to together too toward towards under until up upon us very via was we well were what whatever when ' +
    'whence whenever where whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever ' +
    'whole whom whose why will with within without would yet you your yours yourself yourselves ' +
    's t don didn doesn isn wasn weren won wouldn couldn shouldn ll ve d m o ' +
    'im ive id youre theyre weve dont didnt doesnt isnt wasnt cant wont wouldnt couldnt shouldnt thats its ' +
    'said says say saying told tell tells telling according reported reports reporting report added asked statement ' +
    'news new year years time times day days week weeks month months today yesterday tomorrow tonight ' +
    'mr mrs ms dr people official officials including include includes included going want wanted way ways ' +
    'monday tuesday wednesday thursday friday saturday sunday ' +
    'january february march april june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(/\s+/),
);

/** Capitalised words that start sentences or name calendar slots, never an entity by themselves. */
const NOT_NAMES = new Set([
  ...STOP_WORDS,
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'maj',
  'sen',
  'rep',
  'gov',
  'president',
  'secretary',
  'minister',
  'prime',
]);

/** Joiners allowed inside a capitalised run: "Bank of England", "Jean-Noël Barrot", "Ibn al-Khattab". */
const NAME_JOINERS = new Set([
  'of',
  'de',
  'du',
  'da',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'al',
  'bin',
  'el',
  'y',
]);

/**
 * Light suffix stripping: enough to meet "killed"/"kills"/"killing" and "earthquakes"/"earthquake"
 * without a stemmer's vocabulary. Over-stemming only merges words that are near each other anyway.
 */
export function stem(word: string): string {
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('es') && w.length > 4 && /(?:ch|sh|x|ss|zz)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Token: a word (letters, inner apostrophes/hyphens/periods for "U.S."), or a number. */
const TOKEN = /(\p{L}[\p{L}\p{M}'’.-]*\p{L}|\p{L})|(\d[\d,]*(?:\.\d+)?)/gu;
const SENTENCE_END = /[.!?:;"“”\u2029]/;

interface Token {
  text: string;
  isNumber: boolean;
  /** The token opens a sentence (capitalisation there says nothing). */
  sentenceStart: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let lastEnd = 0;
  let previousEndedSentence = true;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const gap = text.slice(lastEnd, start);
    const sentenceStart = previousEndedSentence || SENTENCE_END.test(gap);
    let value = match[0];
    const isAbbreviation = /^(?:\p{L}\.)+$/u.test(value);
    // "U.S." keeps its periods; a trailing sentence period on a word does not belong to it.
    previousEndedSentence = value.endsWith('.') && !isAbbreviation;
    if (previousEndedSentence) value = value.slice(0, -1);
    tokens.push({ text: value, isNumber: match[2] !== undefined, sentenceStart });
    lastEnd = start + match[0].length;
  }
  return tokens;
}

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function isAcronym(word: string): boolean {
  const letters = word.replace(/[.'’-]/g, '');
  return letters.length >= 2 && letters.length <= 6 && /^\p{Lu}+$/u.test(letters);
}

function normaliseNumber(raw: string): string | null {
  const digits = raw.replace(/,/g, '');
  const trimmed = digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits;
  if (trimmed.replace('.', '').length < 2) return null;
  return NUMBER_PREFIX + trimmed;
}

function bareWord(word: string): string {
  return word.toLowerCase().replace(/[’]/g, "'").replace(/'s$/, '').replace(/['.]/g, '');
}

function contentWord(word: string): string | null {
  const bare = bareWord(word);
  if (bare.length < 2 || STOP_WORDS.has(bare)) return null;
  const stemmed = stem(bare);
  return stemmed.length >= 2 && !STOP_WORDS.has(stemmed) ? stemmed : null;
}

function nameKey(words: string[]): string {
  return NAME_PREFIX + words.map(bareWord).join(' ');
}

/** Term frequencies of a text: content words, names and numbers, as described above. */
export function extractTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  for (const line of text.split(/\r?\n|\r|\u2029/)) {
    const paragraph = normalizeText(line);
    if (!paragraph) continue;
    // In an all-capitals headline every word is capitalised, so capitals say nothing about names.
    const letters = paragraph.replace(/[^\p{L}]/gu, '');
    const shouting = letters.length > 12 && letters === letters.toUpperCase();
    const tokens = tokenize(paragraph);
    let run: Token[] = [];
    const flushRun = () => {
      // Trailing joiners ("Bank of") are not part of the name.
      while (run.length > 0 && NAME_JOINERS.has(run[run.length - 1]!.text.toLowerCase())) run.pop();
      const words = run.map((t) => t.text);
      if (words.length >= 2) {
        bump(nameKey(words));
        // "Strategic Affairs Ron Dermer": the last two words are the name another outlet uses.
        if (words.length >= 3 && !NAME_JOINERS.has(words[words.length - 2]!)) bump(nameKey(words.slice(-2)));
      } else if (words.length === 1) {
        const only = run[0]!;
        // A lone capitalised word counts as a name only where capitals carry meaning.
        if (isAcronym(only.text) || !only.sentenceStart) bump(nameKey(words));
      }
      run = [];
    };
    for (const token of tokens) {
      if (token.sentenceStart) flushRun();
      if (token.isNumber) {
        flushRun();
        const number = normaliseNumber(token.text);
        if (number) bump(number);
        continue;
      }
      const word = contentWord(token.text);
      if (word) bump(word);
      if (shouting) continue;
      if (isCapitalised(token.text) && !NOT_NAMES.has(bareWord(token.text))) {
        run.push(token);
      } else if (run.length > 0 && NAME_JOINERS.has(token.text)) {
        run.push(token);
      } else {
        flushRun();
      }
    }
    flushRun();
  }
  return counts;
}
