/**
 * The terms and shingles of a text, for the last few texts asked about. One new article is read
 * three times in a row: for the row the store keeps (`docTerms`), as the index's query for its
 * candidates, and as the article it relates to them (`prepareArticle`); each used to extract the
 * same terms and shingles again, about a third of an import's time. Callers only read the maps.
 */
import { shingleSet } from './shingles';
import { extractTerms } from './terms';

/** More than the candidates a new article's story is judged among, so they never push it out. */
const RECENT_TEXTS = 16;
const recentTerms = new Map<string, ReadonlyMap<string, number>>();
const recentShingles = new Map<string, ReadonlySet<number>>();

function recall<V>(kept: Map<string, V>, text: string, compute: (text: string) => V): V {
  let value = kept.get(text);
  if (value === undefined) {
    value = compute(text);
    kept.set(text, value);
    if (kept.size > RECENT_TEXTS) kept.delete(kept.keys().next().value!);
  }
  return value;
}

export function termsOf(text: string): ReadonlyMap<string, number> {
  return recall(recentTerms, text, extractTerms);
}

export function shinglesOf(text: string): ReadonlySet<number> {
  return recall(recentShingles, text, shingleSet);
}
