/**
 * The popup's analysis of a tab: the extraction result stored, compared with the stored versions
 * (against the first by default) and with other outlets' reports of the same event; and the
 * comparisons the popup opens from there.
 */
import type { Comparison, ExtractResult } from '../model/types';
import type { ArticleSummary, TabAnalysis } from '../protocol/types';
import { articleAt, getArticle, getVersions, versionsOf } from '../store/articles';
import { StoreError } from '../store/errors';
import { analysedOf } from '../store/rows';
import type { VersionRow } from '../store/schema';
import { remember } from './caches';
import { captureArticle } from './capture';
import { keptResult } from './kept-results';
import type { ServiceContext } from './context';
import { siblingsOf } from './related';
import { seenBase } from './watch';
import { articleSummary, versionSummary } from './summaries';

export async function analyse(
  ctx: ServiceContext,
  tabId: number,
  extracted: ExtractResult,
  options: { now: number; baseVersionId?: number | undefined },
): Promise<TabAnalysis> {
  if (!extracted.ok) {
    return { state: 'not-article', tabId, reason: extracted.reason, message: extracted.message, title: null };
  }
  try {
    const capture = await captureArticle(ctx, extracted.article, options.now);
    const versions = await versionsOf(ctx.db, capture.articleId);
    const row = await getArticle(ctx.db, capture.articleId);
    const current = versions.find((v) => v.id === capture.versionId);
    if (!row || !current)
      throw new StoreError(
        'The article was deleted while it was being analysed.',
        false,
        true,
        'deleted-meanwhile',
      );
    // A watched article's changes start from the version the reader last saw, if newer ones came.
    const seen = await seenBase(ctx, row.id, current.id);
    const asked = options.baseVersionId ?? seen;
    const base =
      versions.find((v) => v.id === asked && v.id !== current.id) ??
      (versions[0]?.id !== current.id ? versions[0] : undefined) ??
      null;
    // Each is one read when kept from an earlier open, so neither waits for the other.
    const [changes, siblings] = await Promise.all([
      base ? versionComparison(ctx, base, current) : null,
      siblingsOf(ctx, row),
    ]);
    return {
      state: 'ready',
      tabId,
      article: articleSummary(row),
      current: versionSummary(current),
      versions: versions.map(versionSummary),
      savedNewVersion: capture.stored,
      baseVersionId: base?.id ?? null,
      changes,
      siblings,
    };
  } catch (error) {
    const failure = ctx.failed(error);
    return {
      state: 'error',
      tabId,
      code: failure.code,
      message: failure.message,
      retryable: failure.retryable,
      quotaExceeded: failure.quotaExceeded,
    };
  }
}

/** The toolbar badge for an analysis: changes since the base version plus other outlets' reports. */
export function badgeCount(analysis: TabAnalysis): number {
  if (analysis.state !== 'ready') return 0;
  return (analysis.changes?.differences.length ?? 0) + analysis.siblings.length;
}

/** The stored article at a tab's address, for the popup's first paint. */
export async function storedArticleAt(ctx: ServiceContext, url: string): Promise<ArticleSummary | null> {
  ctx.index.postponeSnapshot();
  let urlKey: string;
  try {
    urlKey = ctx.engine.urlKeyOf({ url, canonicalUrl: null });
  } catch {
    return null;
  }
  const row = await articleAt(ctx.db, urlKey);
  return row ? articleSummary(row) : null;
}

export async function compareVersions(
  ctx: ServiceContext,
  beforeVersionId: number,
  afterVersionId: number,
): Promise<Comparison> {
  const [before, after] = await twoVersions(ctx, beforeVersionId, afterVersionId);
  return versionComparison(ctx, before, after);
}

/** A stored version never changes, so neither does its comparison with another one. */
async function versionComparison(
  ctx: ServiceContext,
  before: VersionRow,
  after: VersionRow,
): Promise<Comparison> {
  const key = `${before.id}>${after.id}`;
  const known = ctx.caches.comparisons.get(key);
  if (known) return known;
  const comparison = await keptResult(ctx, `comparison:${key}`, false, () =>
    ctx.engine.compareVersions(analysedOf(before), analysedOf(after)),
  );
  return remember(ctx.caches.comparisons, key, () => comparison);
}

export async function compareSibling(
  ctx: ServiceContext,
  versionId: number,
  siblingVersionId: number,
): Promise<Comparison> {
  const [mine, theirs] = await twoVersions(ctx, versionId, siblingVersionId);
  return ctx.engine.compareSiblings(analysedOf(mine), analysedOf(theirs));
}

async function twoVersions(ctx: ServiceContext, a: number, b: number): Promise<[VersionRow, VersionRow]> {
  const [first, second] = await getVersions(ctx.db, [a, b]);
  if (!first || !second)
    throw new StoreError('That version is no longer in the library.', false, false, 'version-gone');
  return [first, second];
}
