import type { AnalysedArticle, Article, Claim, ClaimFacets } from '../model/types';
import { hashText, normalizeText } from '../text/normalize';
import { attributionsIn } from './attributions';
import { datesIn } from './dates';
import { entitiesIn } from './entities';
import { localeNumbersIn, numbersIn } from './numbers';
import { quotesIn } from './quotes';
import { sentenceRanges, splitSentences } from './segment';

export { attributionsIn, datesIn, entitiesIn, localeNumbersIn, numbersIn, quotesIn, splitSentences };

/**
 * The English rules (hedges, sourcing verbs, name lexicon) only run on English; anything else gets
 * language-neutral facets (digits, quotation marks, numeric dates) rather than wrong ones.
 */
export function isEnglish(lang: string | null | undefined, sample: string): boolean {
  if (lang && !/^en\b/i.test(lang.trim())) return false;
  const letters = sample.slice(0, 2000).match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return !lang || /^en\b/i.test(lang);
  const latin = letters.filter((ch) => /\p{Script=Latin}/u.test(ch)).length;
  return latin / letters.length > 0.8;
}

interface ArticleContext {
  english: boolean;
  lang: string | null;
  knownPeople: string[];
  lastPerson: string | null;
}

function facetsOf(sentence: string, context: ArticleContext): ClaimFacets {
  if (!context.english) {
    return {
      numbers: localeNumbersIn(sentence, context.lang),
      quotes: quotesIn(sentence, { english: false }),
      attributions: [],
      dates: datesIn(sentence),
      entities: [],
    };
  }
  const entities = entitiesIn(sentence, context.knownPeople);
  const quotes = quotesIn(sentence, { english: true, lastPerson: context.lastPerson });
  for (const entity of entities) {
    if (entity.type !== 'person') continue;
    if (entity.text.includes(' ') && !context.knownPeople.includes(entity.text))
      context.knownPeople.push(entity.text);
    context.lastPerson = context.knownPeople.find((name) => name.endsWith(` ${entity.text}`)) ?? entity.text;
  }
  return {
    numbers: numbersIn(sentence),
    quotes,
    attributions: attributionsIn(sentence),
    dates: datesIn(sentence),
    entities,
  };
}

export function extractClaims(article: Article): Claim[] {
  const context: ArticleContext = {
    english: isEnglish(article.lang, article.paragraphs.join(' ')),
    lang: article.lang,
    knownPeople: [],
    lastPerson: null,
  };
  const claims: Claim[] = [];
  const idCounts = new Map<string, number>();
  article.paragraphs.forEach((paragraph, paragraphIndex) => {
    for (const [start, end] of sentenceRanges(paragraph, article.lang)) {
      const text = paragraph.slice(start, end);
      const norm = normalizeText(text);
      const hash = hashText(norm);
      const seen = (idCounts.get(hash) ?? 0) + 1;
      idCounts.set(hash, seen);
      claims.push({
        id: seen === 1 ? hash : `${hash}-${seen}`,
        paragraph: paragraphIndex,
        index: claims.length,
        text,
        norm,
        ...facetsOf(text, context),
      });
    }
  });
  return claims;
}

export function analyse(article: Article): AnalysedArticle {
  return { article, claims: extractClaims(article) };
}
