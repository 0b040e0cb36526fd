import nlp from 'compromise';

/**
 * compromise's full tagger costs ~50 ms per 1,000 words on this class of machine, far over the
 * claims budget, so the engine borrows only its hand-curated lexicon (≈25k words → part-of-speech
 * and name/place/organisation tags) and applies cheap span rules of its own around it.
 */
interface CompromiseModel {
  one: { lexicon: Record<string, string | string[]> };
  two: { orgWords?: Record<string, unknown>; placeWords?: Record<string, unknown> };
}

const model = (nlp as unknown as { model(): CompromiseModel }).model();
const LEXICON = model.one.lexicon;
const ORG_WORDS = new Set(Object.keys(model.two.orgWords ?? {}));
const PLACE_WORDS = new Set(Object.keys(model.two.placeWords ?? {}));

export function tagsOf(word: string): readonly string[] {
  const tag = LEXICON[word.toLowerCase()];
  if (tag === undefined) return [];
  return typeof tag === 'string' ? [tag] : tag;
}

export function hasTag(word: string, ...tags: string[]): boolean {
  const found = tagsOf(word);
  return found.some((t) => tags.includes(t));
}

export function isOrgWord(word: string): boolean {
  return ORG_WORDS.has(word.toLowerCase());
}

export function isPlaceWord(word: string): boolean {
  return PLACE_WORDS.has(word.toLowerCase());
}

/** Words that open sentences but never continue a name or an abbreviation. */
const FUNCTION_TAGS = [
  'Determiner',
  'Pronoun',
  'Conjunction',
  'Preposition',
  'Adverb',
  'Expression',
  'QuestionWord',
  'Copula',
  'Modal',
  'Auxiliary',
  'Possessive',
];

export function isFunctionWord(word: string): boolean {
  return hasTag(word, ...FUNCTION_TAGS);
}
