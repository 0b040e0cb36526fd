/**
 * Sibling discovery: other outlets' reports of the same event, for the popup and the library, and
 * the story a newly captured article joins. The index proposes candidates; the verdict on the
 * full texts decides, because index scores depend on the corpus (in a small library the shared
 * terms of two reports of one event weigh little). Candidates are judged together, grouped by
 * event (src/match/event-group.ts), so other reports of the event vouch for a short brief and
 * keep out a look-alike.
 */
import type { Article } from '../model/types';
import type { SiblingSummary } from '../protocol/types';
import { getArticles, getVersion, getVersions } from '../store/articles';
import type { ArticleRow } from '../store/schema';
import { matchDocsOf } from '../store/match-rows';
import { remember, type KeptCandidate } from './caches';
import { keptResult } from './kept-results';
import type { ServiceContext } from './context';
import type { ArticleMatchIndex } from './engine';

/** Siblings shown for one article: enough to choose from, few enough to compare quickly. */
export const MAX_SIBLINGS = 10;

/**
 * Reports of the same event from other outlets, best first. Not filtered by the stored host:
 * relate() tells outlets apart by the publisher a page names, so two publishers on one host
 * (a syndication partner, a portal) are still each other's siblings.
 */
async function siblingRows(
  ctx: ServiceContext,
  article: Article,
  articleId: number | null,
  index: ArticleMatchIndex,
  limit: number,
  considered: number,
): Promise<{ row: ArticleRow; score: number; alone: number }[]> {
  const candidates = index
    .nearest(articleId, article, considered)
    .filter((hit) => hit.relation !== 'version' && hit.score >= ctx.engine.siblingThreshold / 3);
  if (candidates.length === 0) return [];
  const rows = (
    await getArticles(
      ctx.db,
      candidates.map((hit) => hit.articleId),
    )
  ).filter((row): row is ArticleRow => row !== undefined);
  const latest = await candidateArticles(ctx, rows);
  const present = rows.flatMap((row, i) => (latest[i] ? [{ row, ...latest[i] }] : []));
  const verdicts = ctx.engine.relateAll(
    article,
    present.map((p) => p.article),
    present.map((p) => p.doc),
  );
  const out: { row: ArticleRow; score: number; alone: number }[] = [];
  present.forEach(({ row }, i) => {
    const verdict = verdicts[i]!;
    if (verdict.relation === 'sibling') out.push({ row, score: verdict.similarity, alone: verdict.alone });
  });
  // Reports that joined the event together share a score: their own scores order them.
  return out.sort((a, b) => b.score - a.score || b.alone - a.alone || a.row.id - b.row.id).slice(0, limit);
}

/** Candidates met in the last few hundred relations: enough for an import's runs of one story. */
const CANDIDATES_KEPT = 256;

/**
 * The latest version of each row and its match document (when it is that version's), from memory
 * where they were related recently. The document spares relating a candidate from its whole text.
 */
async function candidateArticles(
  ctx: ServiceContext,
  rows: ArticleRow[],
): Promise<(KeptCandidate | undefined)[]> {
  const kept = ctx.caches.candidateArticles;
  const missing: ArticleRow[] = [];
  for (const row of rows) {
    const known = kept.get(row.latestVersionId);
    if (!known) missing.push(row);
    else {
      // Used again: the newest, so the last to go.
      kept.delete(row.latestVersionId);
      kept.set(row.latestVersionId, known);
    }
  }
  if (missing.length > 0) {
    const [versions, docs] = await Promise.all([
      getVersions(
        ctx.db,
        missing.map((row) => row.latestVersionId),
      ),
      matchDocsOf(
        ctx.db,
        missing.map((row) => row.id),
      ),
    ]);
    versions.forEach((version, i) => {
      if (!version) return;
      const doc = docs[i];
      remember(
        kept,
        version.id,
        () => ({ article: version.article, doc: doc?.versionId === version.id ? doc.doc : undefined }),
        CANDIDATES_KEPT,
      );
    });
  }
  return rows.map((row) => kept.get(row.latestVersionId));
}

/**
 * Candidates judged for the story a new article joins. Fewer than for the popup's list: this runs
 * on every capture and every imported article, grouping costs the square of the candidates, and
 * only the best match is wanted.
 */
const STORY_CANDIDATES = 10;

/**
 * Story at capture time: join the best-matching report from another outlet, or start one. Runs
 * inside the capture's transaction, so it sees every article stored before this one.
 */
export async function storyFor(
  ctx: ServiceContext,
  article: Article,
  articleId: number,
  index: ArticleMatchIndex,
): Promise<number> {
  const best = await siblingRows(ctx, article, articleId, index, 1, STORY_CANDIDATES);
  const sibling = best[0];
  return sibling ? (sibling.row.storyId ?? sibling.row.id) : articleId;
}

/**
 * Other outlets' reports of this article's latest version. Remembered until the library next
 * changes, in memory and across worker restarts, because finding them reads and relates up to 20
 * candidates' full texts.
 */
export async function siblingsOf(ctx: ServiceContext, row: ArticleRow): Promise<SiblingSummary[]> {
  const key = `${row.id}:${row.latestVersionId}`;
  const generation = ctx.caches.generation;
  const known = ctx.caches.siblingLists.get(key);
  if (known) return known;
  const found = await keptResult(ctx, `siblings:${key}`, true, () => findSiblings(ctx, row));
  // A capture or deletion while this ran may have changed the answer: keep it only if none did.
  if (generation === ctx.caches.generation) remember(ctx.caches.siblingLists, key, () => found);
  return found;
}

async function findSiblings(ctx: ServiceContext, row: ArticleRow): Promise<SiblingSummary[]> {
  const latest = await getVersion(ctx.db, row.latestVersionId);
  if (!latest) return [];
  const index = await ctx.index.index();
  const hits = await siblingRows(
    ctx,
    latest.article,
    row.id,
    index,
    MAX_SIBLINGS,
    Math.max(ctx.engine.groupCandidates, MAX_SIBLINGS * 2),
  );
  const versions = await getVersions(
    ctx.db,
    hits.map((hit) => hit.row.latestVersionId),
  );
  const out: SiblingSummary[] = [];
  hits.forEach(({ row: sibling, score }, i) => {
    const version = versions[i];
    if (!version) return;
    out.push({
      articleId: sibling.id,
      versionId: version.id,
      title: sibling.title,
      siteName: sibling.siteName,
      outlet: sibling.outlet,
      url: sibling.url,
      publishedTime: sibling.publishedTime,
      capturedAt: version.capturedAt,
      score,
    });
  });
  return out;
}
