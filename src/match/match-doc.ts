import { outletOf } from '../extract/url';
import type { Article } from '../model/types';
import { minhashSignature } from './shingles';
import { parsePublishedTime } from './similarity';
import { shinglesOf, termsOf } from './text-features';

export interface MatchDoc {
  id: string | number;
  urlKey: string;
  outlet: string;
  publishedTime: string | null;
  capturedAt?: number;
  title: string;
  /** Title and body paragraphs, paragraphs separated by blank lines. */
  text: string;
}

/** One article's contribution to the index: what a store keeps per article to rebuild it. */
export interface DocTerms {
  id: string | number;
  urlKey: string;
  outlet: string;
  /** Publication time, ms since the epoch, or null. */
  time: number | null;
  capturedAt: number | null;
  terms: string[];
  /** Term frequencies, aligned with `terms`. */
  tfs: number[];
  /** MinHash signature of the text's shingles (hex), for near-duplicate detection. */
  signature: string;
}

/** The text a MatchDoc carries, as terms and signature, without touching any index. */
export function docTerms(doc: MatchDoc): DocTerms {
  const counts = termsOf(doc.text.includes(doc.title) ? doc.text : `${doc.title}\n\n${doc.text}`);
  return {
    id: doc.id,
    urlKey: doc.urlKey,
    outlet: doc.outlet,
    time: parsePublishedTime(doc.publishedTime),
    capturedAt: doc.capturedAt ?? null,
    terms: [...counts.keys()],
    tfs: [...counts.values()].map((tf) => Math.min(tf, 0xffff)),
    signature: minhashSignature(shinglesOf(doc.text)),
  };
}

export function docFromArticle(id: string | number, article: Article, capturedAt?: number): MatchDoc {
  const doc: MatchDoc = {
    id,
    urlKey: article.urlKey,
    outlet: outletOfArticle(article),
    publishedTime: article.publishedTime,
    title: article.title,
    text: [article.title, ...article.paragraphs].join('\n\n'),
  };
  if (capturedAt !== undefined) doc.capturedAt = capturedAt;
  return doc;
}

/**
 * Who published an article: the host (stable, unlike site names that vary in spelling), else the
 * stated site name, else the address itself, so local files with neither count as distinct outlets.
 */
export function outletOfArticle(article: Article): string {
  return outletOf(article.canonicalUrl ?? article.url) || article.siteName || article.urlKey || article.url;
}

export function isArticle(value: MatchDoc | Article): value is Article {
  return Array.isArray((value as Article).paragraphs);
}
