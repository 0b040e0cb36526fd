import type { AnalysedArticle } from '../model/types';
import type { ArticleSummary, StoredVersion, VersionSummary } from '../protocol/types';
import type { ArticleRow, VersionRow } from '../store/schema';

export function articleSummary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    urlKey: row.urlKey,
    url: row.url,
    title: row.title,
    siteName: row.siteName,
    outlet: row.outlet,
    publishedTime: row.publishedTime,
    firstCapturedAt: row.firstCapturedAt,
    lastCapturedAt: row.lastCapturedAt,
    versionCount: row.versionCount,
    latestVersionId: row.latestVersionId,
    storyId: row.storyId,
  };
}

export function versionSummary(row: VersionRow): VersionSummary {
  return {
    id: row.id,
    articleId: row.articleId,
    capturedAt: row.capturedAt,
    contentHash: row.contentHash,
    title: row.title,
    paragraphCount: row.paragraphCount,
    claimCount: row.claimCount,
    wordCount: row.wordCount,
    changeCount: row.changeCount,
  };
}

export function storedVersion(row: VersionRow): StoredVersion {
  return { summary: versionSummary(row), article: row.article };
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
