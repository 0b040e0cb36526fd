/**
 * How stored rows are built from an article, in one place: a first capture, a new version, an
 * import and a repair after deletion all fill the same fields the same way.
 */
import { READER_ORIGIN, type AnalysedArticle, type Article, type VersionOrigin } from '../model/types';
import type { ArticleRow, VersionRow } from './schema';
import { searchTextOf } from './search-text';

/**
 * What the store needs computed while it writes, supplied by the caller's engine so the store
 * stays free of analysis: a version's change count and the match index's document.
 */
export interface RowDerivations {
  /** Differences between two versions of one article. */
  changeCount(before: AnalysedArticle, after: AnalysedArticle): number;
  /** The match index's document for an article, kept so the index is rebuilt without re-analysing. */
  matchDoc(articleId: number, article: Article, capturedAt: number): unknown;
}

export function analysedOf(row: VersionRow): AnalysedArticle {
  return { article: row.article, claims: row.claims };
}

export function wordCountOf(paragraphs: readonly string[]): number {
  let count = 0;
  for (const paragraph of paragraphs)
    count += paragraph.split(/\s+/).filter((word) => word.length > 0).length;
  return count;
}

/** ISO UTC of the page's date when it parses, else of the first capture, so every row sorts. */
export function publishedKeyOf(publishedTime: string | null, firstCapturedAt: number): string {
  if (publishedTime) {
    const parsed = Date.parse(publishedTime);
    if (Number.isFinite(parsed)) return new Date(parsed).toISOString();
  }
  return new Date(firstCapturedAt).toISOString();
}

/** The row of an address seen for the first time: no versions yet, no story yet. */
export function newArticleRow(article: Article, outlet: string, capturedAt: number): Omit<ArticleRow, 'id'> {
  return {
    urlKey: article.urlKey,
    url: article.url,
    title: article.title,
    siteName: article.siteName,
    byline: article.byline,
    outlet,
    publishedTime: article.publishedTime,
    publishedKey: publishedKeyOf(article.publishedTime, capturedAt),
    firstCapturedAt: capturedAt,
    lastCapturedAt: capturedAt,
    lastSeenAt: capturedAt,
    versionCount: 0,
    latestVersionId: 0,
    storyId: null,
    search: searchTextOf(
      { title: article.title, outlet, siteName: article.siteName, byline: article.byline },
      article,
    ),
  };
}

export function newVersionRow(
  articleId: number,
  { article, claims }: AnalysedArticle,
  capturedAt: number,
  changeCount: number | null,
  origin: VersionOrigin = READER_ORIGIN,
): Omit<VersionRow, 'id'> {
  return {
    articleId,
    contentHash: article.contentHash,
    capturedAt,
    lastSeenAt: capturedAt,
    article,
    claims,
    title: article.title,
    paragraphCount: article.paragraphs.length,
    claimCount: claims.length,
    wordCount: wordCountOf(article.paragraphs),
    changeCount,
    origin,
  };
}

/** The article row once `article` (stored as `latest`) is its newest version. */
export function withLatest(
  row: ArticleRow,
  article: Article,
  latest: { versionId: number; capturedAt: number; versionCount: number },
  seenAt: number,
): ArticleRow {
  const next: ArticleRow = {
    ...row,
    url: article.url,
    title: article.title,
    siteName: article.siteName,
    byline: article.byline,
    publishedTime: article.publishedTime ?? row.publishedTime,
    latestVersionId: latest.versionId,
    lastCapturedAt: latest.capturedAt,
    lastSeenAt: Math.max(row.lastSeenAt, seenAt),
    versionCount: latest.versionCount,
  };
  next.publishedKey = publishedKeyOf(next.publishedTime, next.firstCapturedAt);
  next.search = searchTextOf(next, article);
  return next;
}
