/** The library as the options and comparison pages read it: search, paging, stories, one article. */
import type {
  ArticleDetail,
  ArticleSummary,
  LibraryPage,
  LibraryQuery,
  StoredVersion,
  VersionSummary,
} from '../protocol/types';
import {
  articlePage,
  countArticles,
  getArticle,
  getArticles,
  getVersion,
  versionsOf,
} from '../store/articles';
import type { ArticleRow } from '../store/schema';
import { searchTerms } from '../store/search-text';
import type { SearchEntry } from './caches';
import type { ServiceContext } from './context';
import { siblingsOf } from './related';
import { articleSummary, storedVersion, versionSummary } from './summaries';

export interface StoryPage {
  total: number;
  stories: { storyId: number; articles: ArticleSummary[] }[];
}

const present = (row: ArticleRow | undefined): row is ArticleRow => row !== undefined;

export async function listLibrary(ctx: ServiceContext, query: LibraryQuery): Promise<LibraryPage> {
  const started = performance.now();
  const limit = Math.max(0, Math.min(500, Math.floor(query.limit)));
  const offset = Math.max(0, Math.floor(query.offset));
  const terms = searchTerms(query.text);
  let total: number;
  let rows: ArticleRow[];
  if (terms.length === 0 && !query.outlet && !ctx.caches.entriesLoaded) {
    // Until a search has loaded the entries, a plain listing reads one page off the index.
    const field = query.sort.startsWith('captured') ? 'lastCapturedAt' : 'publishedKey';
    total = await countArticles(ctx.db);
    rows = await articlePage(ctx.db, field, query.sort.endsWith('desc'), offset, limit);
  } else {
    const matches = (await ctx.caches.search()).search(terms, query.outlet, query.sort);
    total = matches.length;
    const found = await getArticles(
      ctx.db,
      matches.slice(offset, offset + limit).map((entry) => entry.id),
    );
    rows = found.filter(present);
  }
  return { total, items: rows.map(articleSummary), tookMs: performance.now() - started };
}

interface StoryGroup {
  storyId: number;
  members: SearchEntry[];
}

/**
 * The stories of one list of entries, in the order the view shows them. Made once per list (the
 * entries are a new list after every change), because grouping and sorting 100,000 entries is
 * most of what a keystroke in the "by story" view would otherwise cost.
 */
const storiesOf = new WeakMap<readonly SearchEntry[], StoryGroup[]>();

function groupedStories(entries: readonly SearchEntry[]): StoryGroup[] {
  let known = storiesOf.get(entries);
  if (known) return known;
  const stories = new Map<number, SearchEntry[]>();
  for (const entry of entries) {
    const storyId = entry.storyId ?? entry.id;
    const members = stories.get(storyId);
    if (members) members.push(entry);
    else stories.set(storyId, [entry]);
  }
  known = [...stories.entries()]
    .map(([storyId, members]) => ({
      storyId,
      members: members.sort((a, b) => b.lastCapturedAt - a.lastCapturedAt),
      latest: members.reduce((latest, entry) => Math.max(latest, entry.lastCapturedAt), -Infinity),
    }))
    // Stories with several outlets first: they are what grouping is for.
    .sort((a, b) => Number(b.members.length > 1) - Number(a.members.length > 1) || b.latest - a.latest)
    .map(({ storyId, members }) => ({ storyId, members }));
  storiesOf.set(entries, known);
  return known;
}

export async function listStories(
  ctx: ServiceContext,
  query: { offset: number; limit: number; text: string },
): Promise<StoryPage> {
  const terms = searchTerms(query.text);
  // The word index answers which articles hold the terms; a story matches when any of its do.
  const found =
    terms.length === 0
      ? null
      : new Set((await ctx.caches.search()).search(terms, null, 'captured-desc').map((entry) => entry.id));
  const stories = groupedStories(await ctx.caches.entries());
  const matching =
    found === null ? stories : stories.filter((story) => story.members.some((entry) => found.has(entry.id)));
  const page = matching.slice(
    Math.max(0, query.offset),
    Math.max(0, query.offset) + Math.max(0, query.limit),
  );
  const out: StoryPage['stories'] = [];
  for (const story of page) {
    const rows = await getArticles(
      ctx.db,
      story.members.map((entry) => entry.id),
    );
    out.push({ storyId: story.storyId, articles: rows.filter(present).map(articleSummary) });
  }
  return { total: matching.length, stories: out };
}

export async function getArticleDetail(
  ctx: ServiceContext,
  articleId: number,
): Promise<ArticleDetail | null> {
  const row = await getArticle(ctx.db, articleId);
  if (!row) return null;
  const versions = await versionsOf(ctx.db, articleId);
  return {
    article: articleSummary(row),
    versions: versions.map(versionSummary),
    siblings: await siblingsOf(ctx, row),
  };
}

export async function getStoredVersion(
  ctx: ServiceContext,
  versionId: number,
): Promise<StoredVersion | null> {
  const row = await getVersion(ctx.db, versionId);
  return row ? storedVersion(row) : null;
}

export async function listVersions(ctx: ServiceContext, articleId: number): Promise<VersionSummary[]> {
  return (await versionsOf(ctx.db, articleId)).map(versionSummary);
}
