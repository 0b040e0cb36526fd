/** Stored rows as the protocol shows them. */
import { READER_ORIGIN } from '../model/types';
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
    origin: row.origin ?? READER_ORIGIN,
  };
}

export function storedVersion(row: VersionRow): StoredVersion {
  return { summary: versionSummary(row), article: row.article };
}
