/**
 * One check of one watched article: fetch its address, read it through the same path as
 * auto-capture (HTML → linkedom → extractArticle, src/extract/from-html.ts), and say what
 * happened — edited (with the claim-level comparison), unchanged, taken down, moved, unreadable
 * (a paywall, consent or error page is not a version) or failed. Pure apart from the injected
 * `fetch` and clock: no store, no extension API, no Node API.
 */
import { analyse } from '../claims/index';
import { compareArticles } from '../compare/index';
import { normalizeUrlKey } from '../extract/index';
import { extractArticleFromHtml } from '../extract/from-html';
import { relate } from '../match/index';
import type { AnalysedArticle, Comparison } from '../model/types';
import {
  DEFAULT_FETCH_TIMEOUT_MS,
  DEFAULT_MAX_PAGE_BYTES,
  fetchPage,
  type FetchedPage,
  type FetchLike,
} from './fetch-page';
import { headlineChange } from './headline';

export type CheckOutcome = 'changed' | 'unchanged' | 'removed' | 'moved' | 'unreadable' | 'error';

export interface CheckInput {
  /** The watched address (as the reader watched it). */
  url: string;
  /** Where the article was found last time, when a redirect moved it; null if it never moved. */
  movedTo?: string | null;
  /** The latest stored version, to compare with; null when there is none yet. */
  previous: AnalysedArticle | null;
}

export interface CheckDeps {
  fetch: FetchLike;
  now: () => number;
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  /** The outlet's name as the reader knows it, for the summary line. */
  outletName?: string | null;
  /** navigator.onLine: a network failure while offline says nothing about the article. */
  online?: () => boolean;
}

export interface CheckResult {
  url: string;
  outcome: CheckOutcome;
  startedAt: number;
  /** When the check ended; the schedule counts the next check from here. */
  checkedAt: number;
  /** HTTP status when the server answered. */
  status: number | null;
  /** The address that answered, after redirects. */
  finalUrl: string;
  /** For `moved`: the address it was found at before, and the new one. */
  movedFrom: string | null;
  movedTo: string | null;
  /** The version read, when the page was an article (`changed`, `unchanged`, and `moved` if readable). */
  article: AnalysedArticle | null;
  contentHash: string | null;
  /** True when the content hash differs from the previous version's (also for `moved`). */
  contentChanged: boolean;
  /** The claim-level comparison previous → read, when the content changed and there was a previous. */
  comparison: Comparison | null;
  /** One line for a notification: the most significant claim change, or what happened. */
  summary: string | null;
  /** Why, in words, for every outcome but `changed`/`unchanged`. */
  reason: string | null;
  /**
   * The fetch failed while the device was offline: not the outlet's fault, no backoff, and the
   * check is still to be made (applyCheckResult leaves the watch as it was).
   */
  offline: boolean;
}

/** Statuses that mean the article was taken down rather than that the server failed. */
const REMOVED_STATUSES = new Set([404, 410, 451]);
/** Statuses that say "try later": counted as errors, so the schedule backs off. */
const RETRY_STATUSES = new Set([408, 425, 429]);

/**
 * A read that kept less than this share of the previous version's words, nearly all of them
 * already in it, is a teaser (a paywall or a "continue reading" page), not an edit. The real
 * newsroom edits in ../shared/datasets/versions-dev.jsonl keep at least 0.73 of the words, read
 * either way (tests/unit/watch-check.test.ts); their first five sentences as a teaser keep at
 * most 0.47, and a longer report's far less.
 */
export const TEASER_MAX_WORD_SHARE = 0.5;
/** Share of the teaser's words that must come verbatim from the previous version. */
export const TEASER_MIN_CONTAINED = 0.7;
/**
 * A read sharing (almost) no passage with the previous version, under another headline, is
 * another page (a consent wall, an error page dressed as an article). Real edits share at
 * least 0.24 of their passages (the heaviest rewrite in versions-dev.jsonl).
 */
export const OTHER_PAGE_MAX_SIMILARITY = 0.03;

const UNREADABLE = 'could not read the article on the last check';

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function articleWords(a: AnalysedArticle): number {
  return a.claims.reduce((n, c) => n + words(c.norm), 0);
}

/**
 * Share of `next`'s words in claims the previous version already had, a claim cut short with an
 * ellipsis counting when it begins a previous one.
 */
export function containedShare(previous: AnalysedArticle, next: AnalysedArticle): number {
  const before = new Set(previous.claims.map((c) => c.norm));
  const total = articleWords(next);
  if (total === 0) return 0;
  let kept = 0;
  for (const claim of next.claims) {
    const stem = claim.norm.replace(/(?:\.\.\.|…)\s*$/, '').trim();
    const known =
      before.has(claim.norm) ||
      (stem.length >= 40 && stem !== claim.norm && previous.claims.some((c) => c.norm.startsWith(stem)));
    if (known) kept += words(claim.norm);
  }
  return kept / total;
}

/**
 * Why `next` is not a version of the article `previous` was, or null when it is one. General
 * rules only: how much of the text survived and whether the rest is new.
 */
export function notAVersion(previous: AnalysedArticle, next: AnalysedArticle): string | null {
  const before = articleWords(previous);
  const after = articleWords(next);
  if (
    before > 0 &&
    after < before * TEASER_MAX_WORD_SHARE &&
    containedShare(previous, next) >= TEASER_MIN_CONTAINED
  )
    return `only the first ${after} of its ${before} words were readable (a paywall or a "continue reading" page)`;
  const sameKey = {
    ...next.article,
    urlKey: previous.article.urlKey,
    canonicalUrl: previous.article.canonicalUrl,
  };
  const similarity = relate(previous.article, sameKey).similarity;
  if (similarity < OTHER_PAGE_MAX_SIMILARITY && next.article.title.trim() !== previous.article.title.trim())
    return `the address showed another page ("${next.article.title.slice(0, 80)}"), not the article`;
  return null;
}

function keyOf(url: string): string {
  try {
    return normalizeUrlKey(url);
  } catch {
    return url;
  }
}

function isSiteRoot(url: string): boolean {
  try {
    return new URL(url).pathname.replace(/\/+$/, '') === '';
  } catch {
    return false;
  }
}

function fetchReason(page: Extract<FetchedPage, { ok: false }>): { outcome: CheckOutcome; reason: string } {
  if (page.failure === 'http' && page.status !== null) {
    if (REMOVED_STATUSES.has(page.status))
      return { outcome: 'removed', reason: `the article was taken down (${page.message})` };
    if (page.status >= 500 || RETRY_STATUSES.has(page.status))
      return { outcome: 'error', reason: `the server failed (${page.message})` };
    // 401/403 and the like: the outlet refused this read (a login or a bot wall), not an edit.
    return { outcome: 'unreadable', reason: `${UNREADABLE}: the server refused (${page.message})` };
  }
  if (page.failure === 'too-large' || page.failure === 'not-html')
    return { outcome: 'unreadable', reason: `${UNREADABLE}: ${page.message}` };
  return { outcome: 'error', reason: page.message };
}

/**
 * Checks one article once. Never throws for anything the page or the network does; the result
 * says what happened and carries what the store needs (the version read, its hash).
 */
export async function checkArticle(input: CheckInput, deps: CheckDeps): Promise<CheckResult> {
  const startedAt = deps.now();
  const expectedAt = input.movedTo ?? input.url;
  const page = await fetchPage(expectedAt, {
    fetch: deps.fetch,
    timeoutMs: deps.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: deps.maxBytes ?? DEFAULT_MAX_PAGE_BYTES,
    signal: deps.signal,
  });
  const base = {
    url: input.url,
    startedAt,
    status: page.status,
    finalUrl: page.finalUrl,
    movedFrom: null,
    movedTo: null,
    article: null,
    contentHash: null,
    contentChanged: false,
    comparison: null,
    offline: false,
  } satisfies Partial<CheckResult>;
  const done = (
    rest: Pick<CheckResult, 'outcome' | 'summary' | 'reason'> & Partial<CheckResult>,
  ): CheckResult => ({
    ...base,
    ...rest,
    checkedAt: deps.now(),
  });
  const moved = page.redirected && keyOf(page.finalUrl) !== keyOf(expectedAt);
  // An article that now redirects to the front page was taken down without saying so.
  if (moved && isSiteRoot(page.finalUrl) && !isSiteRoot(expectedAt)) {
    const reason = `the article was taken down (its address now leads to ${page.finalUrl})`;
    return done({ outcome: 'removed', reason, summary: reason });
  }
  if (!page.ok) {
    const { outcome, reason } = fetchReason(page);
    const offline = (page.failure === 'network' || page.failure === 'timeout') && deps.online?.() === false;
    return done({ outcome, reason: offline ? `offline: ${reason}` : reason, summary: reason, offline });
  }
  const movedFields = moved ? { movedFrom: expectedAt, movedTo: page.finalUrl } : {};
  const movedReason = moved ? `moved from ${expectedAt} to ${page.finalUrl}` : null;
  const extracted = extractArticleFromHtml(page.html, page.finalUrl);
  if (!extracted.ok) {
    const reason = `${UNREADABLE}: ${extracted.message}`;
    if (moved)
      return done({
        ...movedFields,
        outcome: 'moved',
        reason: `${movedReason}; ${reason}`,
        summary: movedReason,
      });
    return done({ outcome: 'unreadable', reason, summary: reason });
  }
  const next = analyse(extracted.article);
  const previous = input.previous;
  const unread = previous ? notAVersion(previous, next) : null;
  if (unread) {
    const reason = `${UNREADABLE}: ${unread}`;
    if (moved)
      return done({
        ...movedFields,
        outcome: 'moved',
        reason: `${movedReason}; ${reason}`,
        summary: movedReason,
      });
    return done({ outcome: 'unreadable', reason, summary: reason });
  }
  const hash = extracted.article.contentHash;
  const contentChanged = previous !== null && previous.article.contentHash !== hash;
  // Two reads of one watched address are versions of one article whatever the match heuristics say.
  const comparison = contentChanged ? compareArticles(previous, next, 'version') : null;
  const read = { article: next, contentHash: hash, contentChanged, comparison };
  const change = comparison ? headlineChange(comparison, deps.outletName ?? null) : null;
  if (moved)
    return done({
      ...read,
      ...movedFields,
      outcome: 'moved',
      reason: movedReason,
      summary: change ? `${movedReason}; ${change}` : movedReason,
    });
  if (contentChanged) return done({ ...read, outcome: 'changed', reason: null, summary: change });
  return done({ ...read, outcome: 'unchanged', reason: null, summary: null });
}
