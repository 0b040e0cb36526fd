import type { EntityFacet, EntityType } from '../model/types';
import { hasTag, isOrgWord, isPlaceWord, tagsOf } from './lexicon';

/**
 * People, organisations and places from runs of capitalised words, classified with compromise's
 * lexicon plus a small news gazetteer. Titles ("Maj. Gen.", "Secretary of State", "Israeli Prime
 * Minister") are dropped so names compare across outlets that title people differently.
 */

const ORGS = new Set(
  (
    'hezbollah hamas pentagon mossad nato u.n. un eu e.u. idf kremlin congress senate parliament cnn bbc ' +
    'reuters ap afp houthis taliban isis al-qaeda imf unicef unrwa'
  ).split(' '),
);
const ORG_PHRASES = new Set([
  'white house',
  'state department',
  'fox news',
  'abc news',
  'cbs news',
  'nbc news',
  'associated press',
  'getty images',
  'security council',
  'general assembly',
  'united nations',
  'supreme court',
  'european union',
  'world bank',
  'fox news digital',
  'abc audio',
  'justice department',
  'defense department',
]);
const PLACES = new Set(
  (
    'u.s. us usa u.k. uk gaza lebanon israel iran syria iraq yemen cyprus beirut tel aviv jerusalem ' +
    'west bank middle east washington new york moscow kyiv ukraine russia china europe'
  ).split(' '),
);
const PLACE_PHRASES = new Set([
  'tel aviv',
  'west bank',
  'middle east',
  'new york',
  'gaza strip',
  'united states',
  'united kingdom',
]);

const ORG_SUFFIX =
  /^(?:news|department|council|assembly|nations|ministry|agency|press|party|army|forces|force|guard|court|bank|fund|organization|organisation|commission|committee|office|university|times|post|journal|inc|corp|company|group|administration|service|corps|union|digital|audio|images|network|institute|foundation|association)$/i;
const CONNECTORS = new Set([
  'of',
  'de',
  'del',
  'da',
  'di',
  'du',
  'la',
  'le',
  'van',
  'von',
  'der',
  'bin',
  'al',
  'el',
  'y',
]);
const TITLE_TAGS = ['Actor', 'Honorific', 'Demonym'];
const TITLE_WORDS = new Set(
  (
    'prime minister secretary president deputy spokesman spokeswoman spokesperson ambassador general gen. maj. ' +
    'lt. col. sgt. capt. adm. sen. rep. gov. mr. mrs. ms. dr. prof. rev. chief commander director chairman ' +
    'king queen prince pope sheikh foreign defense state national security adviser advisor press vice former'
  ).split(' '),
);

interface Token {
  text: string;
  start: number;
  end: number;
  capital: boolean;
  possessive: boolean;
  closes: boolean;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}.'’-]*/gu;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let raw = match[0];
    const start = match.index;
    const acronym = /^(?:\p{Lu}\.)+$/u.test(raw);
    let possessive = false;
    if (/['’]s?$/.test(raw) && raw.length > 2) {
      possessive = true;
      raw = raw.replace(/['’]s?$/, '');
    }
    let closes = false;
    if (!acronym && /\.$/.test(raw) && !TITLE_WORDS.has(raw.toLowerCase())) {
      raw = raw.replace(/\.+$/, '');
      closes = true;
    }
    const next = text[start + match[0].length];
    if (next && /[,;:!?)/—–"“”]/.test(next)) closes = true;
    tokens.push({
      text: raw,
      start,
      end: start + raw.length,
      capital: /^\p{Lu}/u.test(raw),
      possessive,
      closes,
    });
  }
  return tokens;
}

function isTitle(word: string): boolean {
  const lower = word.toLowerCase();
  return (
    TITLE_WORDS.has(lower) ||
    (hasTag(lower, ...TITLE_TAGS) && !hasTag(lower, 'FirstName', 'MaleName', 'FemaleName'))
  );
}

function isFirstName(word: string): boolean {
  return hasTag(word, 'FirstName', 'MaleName', 'FemaleName');
}

function classify(words: string[]): EntityType | null {
  const phrase = words.join(' ');
  const lower = phrase.toLowerCase();
  const last = words[words.length - 1]!;
  if (ORGS.has(lower) || ORG_PHRASES.has(lower) || hasTag(lower, 'Organization') || ORG_SUFFIX.test(last))
    return 'organization';
  if (
    PLACES.has(lower) ||
    PLACE_PHRASES.has(lower) ||
    hasTag(lower, 'Country', 'City', 'Region', 'Place', 'Continent')
  )
    return 'place';
  if (
    words.length > 1 &&
    (isPlaceWord(last) || /^(?:street|river|sea|ocean|province|county|strip|bank)$/i.test(last))
  )
    return 'place';
  if (words.length > 1 && isOrgWord(last)) return 'organization';
  if (words.some(isFirstName) || hasTag(last, 'LastName')) return 'person';
  return null;
}

/** Split a capitalised run into entities: titles dropped, names separated from organisations. */
function entitiesOfRun(
  words: string[],
  followedBySpeech: boolean,
  out: EntityFacet[],
  titleContext = false,
): void {
  let rest = words;
  const firstNameAt = rest.findIndex((w, i) => isFirstName(w) && i < rest.length - 1);
  if (firstNameAt > 0) {
    // What precedes a name is its title or employer ("Minister of Strategic Affairs"), never a person.
    entitiesOfRun(rest.slice(0, firstNameAt), false, out, true);
    rest = rest.slice(firstNameAt);
    out.push({ text: rest.join(' '), type: 'person' });
    return;
  }
  let titled = false;
  while (rest.length > 1 && isTitle(rest[0]!)) {
    rest = rest.slice(1);
    titled = true;
  }
  while (rest.length && CONNECTORS.has(rest[0]!.toLowerCase())) rest = rest.slice(1);
  if (!rest.length) return;
  if (rest.length === 1 && isTitle(rest[0]!) && !classify(rest)) return;
  const type = classify(rest);
  if (type) {
    out.push({ text: rest.join(' '), type });
    return;
  }
  const unknown = rest.every((w) => tagsOf(w).length === 0 || hasTag(w, 'ProperNoun', 'LastName'));
  if (unknown && !titleContext && (titled || followedBySpeech || (rest.length >= 2 && rest.length <= 4))) {
    out.push({ text: rest.join(' '), type: 'person' });
  }
}

const SPEECH_AFTER = /^\s*(?:,\s*)?(?:said|says|told|tells|added|stated|wrote|announced|was|is|has|who)\b/;
const SKIP_TAGS = [
  'WeekDay',
  'Month',
  'Demonym',
  'Pronoun',
  'Determiner',
  'Conjunction',
  'Preposition',
  'Expression',
  'QuestionWord',
  'Adverb',
];

/**
 * Entities in `text`. `knownPeople` (full names found earlier in the article) lets a bare surname
 * ("Barrot said …", "Qubaisi was …") be read as the person it refers to.
 */
export function entitiesIn(text: string, knownPeople: readonly string[] = []): EntityFacet[] {
  const letters = text.replace(/[^\p{L}]/gu, '');
  // An all-capitals line is a headline or promo, where capitals say nothing about names.
  if (letters.length > 12 && letters === letters.toUpperCase() && /\p{Lu}/u.test(letters)) return [];
  const tokens = tokenize(text);
  const out: EntityFacet[] = [];
  let run: Token[] = [];
  const flush = (followedBySpeech: boolean) => {
    while (run.length && CONNECTORS.has(run[run.length - 1]!.text.toLowerCase())) run.pop();
    if (run.length)
      entitiesOfRun(
        run.map((t) => t.text),
        followedBySpeech,
        out,
      );
    run = [];
  };
  const surnames = new Map(knownPeople.map((name) => [name.split(' ').pop()!.toLowerCase(), name]));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const lower = token.text.toLowerCase();
    const previous = tokens[i - 1];
    const sentenceStart =
      !previous ||
      (/[.!?]["”’]?\s*$/.test(text.slice(Math.max(0, token.start - 4), token.start)) &&
        !/^(?:\p{Lu}\.)+$/u.test(previous.text) &&
        !TITLE_WORDS.has(previous.text.toLowerCase()));
    // Mid-sentence capitals mark names even when the word is common ("State Department").
    const skip =
      !token.capital ||
      hasTag(lower, 'WeekDay', 'Month', 'Pronoun') ||
      (sentenceStart && hasTag(lower, ...SKIP_TAGS)) ||
      (sentenceStart &&
        tagsOf(lower).length > 0 &&
        !hasTag(
          lower,
          'ProperNoun',
          'Country',
          'City',
          'Region',
          'Place',
          'Organization',
          'FirstName',
          'MaleName',
          'FemaleName',
          'LastName',
          'Actor',
          'Honorific',
          'Demonym',
        ));
    const connector =
      run.length > 0 && CONNECTORS.has(lower) && tokens[i + 1]?.capital === true && !token.closes;
    if (skip && !connector) {
      const nextLower = tokens[i]?.text.toLowerCase();
      if (
        run.length === 1 &&
        nextLower &&
        /^(?:administration|government|campaign|team)$/.test(nextLower) &&
        token.start - run[0]!.end <= 1
      ) {
        out.push({ text: `${run[0]!.text} ${token.text}`, type: 'organization' });
        run = [];
        continue;
      }
      flush(SPEECH_AFTER.test(text.slice(token.start - 1, token.start + 12)));
      continue;
    }
    run.push(token);
    if (token.possessive || token.closes)
      flush(SPEECH_AFTER.test(text.slice(token.end + (token.possessive ? 2 : 0), token.end + 14)));
  }
  flush(false);

  const seen = new Set<string>();
  const entities: EntityFacet[] = [];
  for (const entity of out) {
    let { text: name, type } = entity;
    name = (
      /(?:^|\s)(?:\p{Lu}\.)+$/u.test(name) ? name.replace(/[,;:]+$/, '') : name.replace(/[.,;:]+$/, '')
    ).trim();
    if ((name.match(/\p{L}/gu)?.length ?? 0) < 2) continue;
    const known = surnames.get(name.toLowerCase());
    if (known && !name.includes(' ')) type = 'person';
    const key = `${type}:${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entities.push({ text: name, type });
  }
  return entities;
}
