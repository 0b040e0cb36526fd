/**
 * The watch list's use cases: watch and unwatch a stored article, re-check the watches that are
 * due (the alarm) or all of them (the options page's "Check now"), and tell the platform what to
 * notify and when to wake next. The schedule, the check and the rules of applying it are the
 * engine's (src/watch/); the one transaction per check is the store's (src/store/watches.ts).
 * Fetch, clock, randomness and the online flag come from the platform, so tests drive all of it
 * against a local server with fake-indexeddb.
 */
import type { AnalysedArticle } from '../model/types';
import type { WatchCheckReport, WatchSummary } from '../protocol/types';
import { getArticle, getArticles, getVersion } from '../store/articles';
import { isConstraintError } from '../store/errors';
import { analysedOf } from '../store/rows';
import type { ArticleRow, WatchRow } from '../store/schema';
import { readSettings } from '../store/settings';
import {
  addWatch,
  allWatches,
  applyWatchCheck,
  getWatch,
  markWatchSeen,
  noteFetchStart,
  removeWatch,
  type WatchWrite,
} from '../store/watches';
import {
  checkArticle,
  dueWatches,
  notificationText,
  watchSettings,
  type CheckResult,
  type FetchLike,
  type WatchSettings,
} from '../watch/index';
import type { ServiceContext } from './context';
import { storyFor } from './related';

export interface WatchDeps {
  /** The reader's browser's fetch. */
  fetch: FetchLike;
  now: () => number;
  /** navigator.onLine. */
  online: () => boolean;
  random: () => number;
  /** Per check, headers and body (default: the engine's 30 s). */
  timeoutMs?: number;
  maxBytes?: number;
  /** Overrides of the schedule the reader set (tests, e.g. a longer minimum watch). */
  settings?: Partial<WatchSettings>;
}

/** A system notification to show: an edit (with the two versions it compares), a removal, a move. */
export interface WatchAlert {
  articleId: number;
  kind: 'changed' | 'removed' | 'moved';
  title: string;
  message: string;
  beforeVersionId: number | null;
  afterVersionId: number | null;
}

export interface WatchRun {
  report: WatchCheckReport;
  alerts: WatchAlert[];
  /** When the alarm should fire next; null when no watch has a check left. */
  wakeAt: number | null;
  /** Unseen edits over all watches: the toolbar badge. */
  unseen: number;
}

/** How soon an alarm looks again at watches that are due but were not checked (a stopped worker). */
const DUE_AGAIN_MS = 60_000;

/** Checks in progress in this worker, per article: a second request for one joins the first. */
const running = new WeakMap<ServiceContext, Map<number, Promise<WatchOutcome | null>>>();

interface WatchOutcome {
  write: WatchWrite;
  result: CheckResult;
  alert: WatchAlert | null;
}

/** The schedule: the reader's (the options page's "Watch schedule"), then the caller's overrides. */
async function settingsOf(ctx: ServiceContext, deps: Pick<WatchDeps, 'settings'>): Promise<WatchSettings> {
  const { watch } = await readSettings(ctx.db);
  return watchSettings({ ...watch, ...deps.settings });
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

function summaryOf(row: WatchRow, article: ArticleRow | undefined): WatchSummary {
  return {
    articleId: row.articleId,
    url: row.url,
    title: article?.title ?? row.url,
    outlet: article?.outlet ?? originOf(row.url) ?? row.url,
    siteName: article?.siteName ?? null,
    movedTo: row.movedTo,
    status: row.status,
    reason: row.reason,
    startedAt: row.startedAt,
    lastCheckAt: row.lastCheckAt,
    nextCheckAt: row.nextCheckAt,
    versionCount: article?.versionCount ?? 0,
    unseen: row.unseen,
    lastNews: row.lastNews,
  };
}

export async function watchStatus(ctx: ServiceContext, articleId: number): Promise<WatchSummary | null> {
  const row = await getWatch(ctx.db, articleId);
  return row ? summaryOf(row, await getArticle(ctx.db, articleId)) : null;
}

/** Starts or stops watching; the caller holds the article's origin (the popup asked for it). */
export async function setWatch(
  ctx: ServiceContext,
  articleId: number,
  watching: boolean,
  deps: Pick<WatchDeps, 'now' | 'random' | 'settings'>,
): Promise<WatchSummary | null> {
  if (!watching) {
    await removeWatch(ctx.db, articleId);
    return null;
  }
  const article = await getArticle(ctx.db, articleId);
  const origin = article ? originOf(article.url) : null;
  if (!article || !origin) return null;
  const row = await addWatch(ctx.db, articleId, origin, deps.now(), await settingsOf(ctx, deps), deps.random);
  return row ? summaryOf(row, article) : null;
}

/** Every watch, newest first; watches of articles deleted from the library are dropped. */
export async function listWatches(ctx: ServiceContext): Promise<WatchSummary[]> {
  const rows = await allWatches(ctx.db);
  const articles = await getArticles(
    ctx.db,
    rows.map((r) => r.articleId),
  );
  const out: WatchSummary[] = [];
  for (const [i, row] of rows.entries()) {
    const article = articles[i];
    if (!article) await removeWatch(ctx.db, row.articleId);
    else out.push(summaryOf(row, article));
  }
  return out.sort((a, b) => b.startedAt - a.startedAt || b.articleId - a.articleId);
}

export async function unseenEdits(ctx: ServiceContext): Promise<number> {
  return (await allWatches(ctx.db)).reduce((n, row) => n + row.unseen, 0);
}

/**
 * The version the popup's changes start from for a watched article: the last one the reader saw,
 * when the article has newer ones. Marks the current one seen. Null when not watched or nothing new.
 */
export async function seenBase(
  ctx: ServiceContext,
  articleId: number,
  currentVersionId: number,
): Promise<number | null> {
  const row = await getWatch(ctx.db, articleId);
  if (!row) return null;
  const base =
    row.seenVersionId !== null && row.seenVersionId !== currentVersionId ? row.seenVersionId : null;
  await markWatchSeen(ctx.db, articleId, currentVersionId);
  return base;
}

/**
 * A fetch that reaches only the watched article's own origins (where it was watched and where it
 * moved to): whatever a page or a stored row says, a check contacts nothing else.
 */
function fetchOnlyFrom(origins: ReadonlySet<string>, fetch: FetchLike): FetchLike {
  return (input, init) => {
    const origin = originOf(input);
    if (origin === null || !origins.has(origin))
      return Promise.reject(new TypeError(`not a watched outlet: ${origin ?? input}`));
    return fetch(input, init);
  };
}

/** The version read, as the store keeps it: address key and hash recomputed by the engine. */
function canonicalResult(ctx: ServiceContext, result: CheckResult): CheckResult {
  if (!result.article) return result;
  const article = ctx.canonical(result.article.article);
  const analysed: AnalysedArticle = { ...result.article, article };
  return { ...result, article: analysed, contentHash: article.contentHash };
}

async function checkWatch(ctx: ServiceContext, row: WatchRow, deps: WatchDeps): Promise<WatchOutcome | null> {
  const article = await getArticle(ctx.db, row.articleId);
  if (!article) {
    await removeWatch(ctx.db, row.articleId);
    return null;
  }
  const latest = await getVersion(ctx.db, article.latestVersionId);
  const origins = new Set([row.origin, ...[row.movedTo].flatMap((u) => (u ? [originOf(u) ?? ''] : []))]);
  await noteFetchStart(ctx.db, row.articleId, deps.now());
  const read = await checkArticle(
    { url: row.url, movedTo: row.movedTo, previous: latest ? analysedOf(latest) : null },
    {
      fetch: fetchOnlyFrom(origins, deps.fetch),
      now: deps.now,
      timeoutMs: deps.timeoutMs,
      maxBytes: deps.maxBytes,
      outletName: article.siteName,
      online: deps.online,
    },
  );
  const result = canonicalResult(ctx, read);
  ctx.index.postponeSnapshot();
  const index = await ctx.index.index();
  const { retention } = await readSettings(ctx.db);
  const steps = {
    outlet: article.outlet,
    retention,
    settings: await settingsOf(ctx, deps),
    random: deps.random,
    capture: ctx.captureSteps((story, articleId) => storyFor(ctx, story, articleId, index)),
  };
  let write: WatchWrite;
  try {
    write = await applyWatchCheck(ctx.db, row.articleId, result, steps);
  } catch (error) {
    // Another check of the same edit won the unique index: applied again, it finds the hash stored.
    if (!isConstraintError(error)) throw ctx.failed(error);
    write = await applyWatchCheck(ctx.db, row.articleId, result, steps);
  }
  const capture = write.stored;
  if (capture?.capture.stored) {
    ctx.libraryChanged(capture.pruned.length > 0 ? null : [capture.capture.articleId]);
    ctx.storageFull = false;
    if (capture.pruned.length > 0) ctx.index.drop();
    else
      await ctx.index.putRows([
        { articleId: capture.capture.articleId, versionId: capture.capture.versionId, doc: capture.doc },
      ]);
  }
  const news = write.news;
  const text = news
    ? notificationText(news, { title: article.title, outletName: article.siteName ?? article.outlet })
    : null;
  const alert: WatchAlert | null =
    news && text
      ? {
          articleId: row.articleId,
          kind: news.kind,
          ...text,
          beforeVersionId: write.watch?.lastNews?.beforeVersionId ?? null,
          afterVersionId: write.watch?.lastNews?.afterVersionId ?? null,
        }
      : null;
  return { write, result, alert };
}

/** One check of one watch; a check of the same article already running here is joined, not repeated. */
function checkOnce(ctx: ServiceContext, row: WatchRow, deps: WatchDeps): Promise<WatchOutcome | null> {
  let map = running.get(ctx);
  if (!map) {
    map = new Map<number, Promise<WatchOutcome | null>>();
    running.set(ctx, map);
  }
  const known = map.get(row.articleId);
  if (known) return known;
  const check = checkWatch(ctx, row, deps).finally(() => map.delete(row.articleId));
  map.set(row.articleId, check);
  return check;
}

async function plannedWake(ctx: ServiceContext, deps: WatchDeps): Promise<number | null> {
  const rows = await allWatches(ctx.db);
  const now = deps.now();
  const plan = dueWatches(
    rows,
    { now, online: deps.online(), recentFetches: rows.flatMap((r) => r.fetchStarts) },
    await settingsOf(ctx, deps),
  );
  // Still due after a run (a check that never finished, a result that changed nothing): soon again.
  return plan.due.length > 0 ? now + DUE_AGAIN_MS : plan.wakeAt;
}

async function runChecks(
  ctx: ServiceContext,
  rows: WatchRow[],
  held: number,
  deps: WatchDeps,
): Promise<WatchRun> {
  const started = deps.now();
  const alerts: WatchAlert[] = [];
  let changed = 0;
  let failed = 0;
  let checked = 0;
  // One at a time: each check parses a whole page, and the worker has one thread.
  for (const row of rows) {
    const outcome = await checkOnce(ctx, row, deps);
    if (!outcome) continue;
    checked++;
    if (outcome.result.outcome === 'error') failed++;
    if (outcome.write.stored?.capture.stored && outcome.alert?.kind !== 'removed') changed++;
    if (outcome.alert) alerts.push(outcome.alert);
  }
  return {
    report: { checked, changed, failed, held, tookMs: deps.now() - started },
    alerts,
    wakeAt: await plannedWake(ctx, deps),
    unseen: await unseenEdits(ctx),
  };
}

/** The alarm: the watches that are due, within the hourly budget and only while online. */
export async function runDueChecks(ctx: ServiceContext, deps: WatchDeps): Promise<WatchRun> {
  const rows = await allWatches(ctx.db);
  const plan = dueWatches(
    rows,
    { now: deps.now(), online: deps.online(), recentFetches: rows.flatMap((r) => r.fetchStarts) },
    await settingsOf(ctx, deps),
  );
  return runChecks(ctx, plan.due, plan.held.length, deps);
}

/**
 * "Check now": every watch at once, whatever its schedule, because the reader asked. Offline,
 * nothing is fetched (the checks would only fail) and all are reported held.
 */
export async function checkAllNow(ctx: ServiceContext, deps: WatchDeps): Promise<WatchRun> {
  const rows = await allWatches(ctx.db);
  if (!deps.online()) return runChecks(ctx, [], rows.length, deps);
  return runChecks(ctx, rows, 0, deps);
}

/** When the alarm should fire, for a worker that just started (the alarm may be lost or stale). */
export function nextWake(ctx: ServiceContext, deps: WatchDeps): Promise<number | null> {
  return plannedWake(ctx, deps);
}

const NOTIFICATION_PREFIX = 'crosscheck-watch:';

/** A notification's id carries what a click on it opens: the article and the two versions. */
export function notificationId(alert: WatchAlert): string {
  return `${NOTIFICATION_PREFIX}${alert.articleId}:${alert.beforeVersionId ?? ''}:${alert.afterVersionId ?? ''}`;
}

/**
 * The extension page a click on the notification opens: the comparison of the two versions of an
 * edit, else the article's page in the library; null for another extension's notification.
 */
export function notificationTarget(id: string): string | null {
  if (!id.startsWith(NOTIFICATION_PREFIX)) return null;
  const [articleId, before, after] = id
    .slice(NOTIFICATION_PREFIX.length)
    .split(':')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : null));
  if (!articleId) return null;
  return before && after
    ? `compare.html?before=${before}&after=${after}`
    : `options.html#article/${articleId}`;
}
