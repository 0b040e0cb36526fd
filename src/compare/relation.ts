import type { Article, Relation } from '../model/types';
import { contentTokens } from './tokens';

/**
 * How two articles relate, from their addresses, outlets and words: the same address (or the
 * same outlet with mostly the same text) is a version; enough shared vocabulary is a sibling.
 */
export function relateArticles(a: Article, b: Article): { relation: Relation; similarity: number } {
  const similarity = cosine(termCounts(a), termCounts(b));
  const sameAddress = a.urlKey !== '' && a.urlKey === b.urlKey;
  const sameOutlet = a.siteName !== null && a.siteName === b.siteName;
  if (sameAddress || (sameOutlet && similarity >= 0.6) || similarity >= 0.85)
    return { relation: 'version', similarity };
  if (similarity >= 0.25) return { relation: 'sibling', similarity };
  return { relation: 'unrelated', similarity };
}

function termCounts(article: Article): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of [article.title, ...article.paragraphs]) {
    for (const token of contentTokens(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [token, count] of a) {
    const weight = 1 + Math.log(count);
    na += weight * weight;
    const other = b.get(token);
    if (other !== undefined) dot += weight * (1 + Math.log(other));
  }
  for (const count of b.values()) nb += (1 + Math.log(count)) ** 2;
  return na > 0 && nb > 0 ? Math.min(1, dot / Math.sqrt(na * nb)) : 0;
}
