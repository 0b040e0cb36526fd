import type { Article } from '../model/types';
import { foldText } from '../text/normalize';

/**
 * Caps the searchable field: the distinct words of a long article, in order of first use, are
 * enough to find it, and a short field keeps a scan of 10,000 articles fast.
 */
export const SEARCH_TEXT_MAX = 6000;

interface SearchableFields {
  title: string;
  outlet: string;
  siteName: string | null;
  byline: string | null;
}

/** The lower-cased, typography-folded text a library search matches against. */
export function searchTextOf(fields: SearchableFields, article: Article | null): string {
  const head = [fields.title, fields.outlet, fields.siteName ?? '', fields.byline ?? '']
    .map(foldText)
    .join(' \n ');
  if (!article) return head;
  const seen = new Set<string>();
  let words = '';
  for (const paragraph of article.paragraphs) {
    for (const word of foldText(paragraph).split(' ')) {
      if (!word || seen.has(word)) continue;
      if (head.length + words.length + word.length + 1 > SEARCH_TEXT_MAX) return `${head} \n ${words}`;
      seen.add(word);
      words += `${word} `;
    }
  }
  return `${head} \n ${words}`;
}

/** Query terms: folded, split on spaces; every term must occur in the search text. */
export function searchTerms(query: string): string[] {
  return foldText(query)
    .split(' ')
    .filter((term) => term.length > 0);
}

export function matchesTerms(search: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!search.includes(term)) return false;
  return true;
}
