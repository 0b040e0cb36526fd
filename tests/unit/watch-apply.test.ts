import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareArticles } from '../../src/compare/index';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import type { AnalysedArticle, Comparison, Difference } from '../../src/model/types';
import {
  applyCheckResult,
  describeDifference,
  headlineChange,
  notificationText,
  replanWatch,
  startWatch,
  watchSettings,
  type CheckResult,
  type WatchRecord,
} from '../../src/watch/index';
import { seedPageHtml } from '../stand-ins/news-server';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const URL_ =
  'https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';
const settings = watchSettings();
const mid = () => 0.5;

function read(name: string): AnalysedArticle {
  const result = extractArticleFromHtml(seedPageHtml(name), URL_);
  if (!result.ok) throw new Error(result.message);
  return analyse(result.article);
}

const v1 = read('fox-ceasefire-v1');
const v2 = read('fox-ceasefire-v2');
const edit = compareArticles(v1, v2, 'version');

function result(over: Partial<CheckResult>): CheckResult {
  return {
    url: URL_,
    outcome: 'unchanged',
    startedAt: T0,
    checkedAt: T0,
    status: 200,
    finalUrl: URL_,
    movedFrom: null,
    movedTo: null,
    article: v1,
    contentHash: v1.article.contentHash,
    contentChanged: false,
    comparison: null,
    summary: null,
    reason: null,
    offline: false,
    ...over,
  };
}

const changed = (at: number): CheckResult =>
  result({
    outcome: 'changed',
    startedAt: at - 500,
    checkedAt: at,
    article: v2,
    contentHash: v2.article.contentHash,
    contentChanged: true,
    comparison: edit,
    summary: headlineChange(edit, 'Fox News'),
  });

function watching(): WatchRecord {
  return startWatch(
    URL_,
    { now: T0, publishedAt: T0 - HOUR, contentHash: v1.article.contentHash },
    settings,
    mid,
  );
}

describe('applying a check result (the store contract)', () => {
  it('stores a new version once and tells the reader once, however many checks read the edit', () => {
    const stored = new Set([v1.article.contentHash]);
    // Two checks of one article ran at once (an alarm and "Check now") and both read the edit.
    const a = changed(T0 + 3 * HOUR);
    const b = changed(T0 + 3 * HOUR + 200);
    const first = applyCheckResult(watching(), a, stored, settings, mid);
    expect(first.applied).toBe(true);
    expect(first.storeVersion?.article.contentHash).toBe(v2.article.contentHash);
    expect(first.notify?.kind).toBe('changed');
    expect(first.notify?.summary).toBe(
      'Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"',
    );
    // The store wrote the version in the same transaction; the other check applies after it.
    stored.add(first.storeVersion!.article.contentHash);
    const second = applyCheckResult(first.watch, b, stored, settings, mid);
    expect(second.applied).toBe(true);
    expect(second.storeVersion).toBeNull();
    expect(second.notify).toBeNull();
    expect(second.watch.lastCheckAt).toBe(b.checkedAt);
  });

  it('words the notification: outlet and headline as title, the claim change as message', () => {
    const first = applyCheckResult(
      watching(),
      changed(T0 + 3 * HOUR),
      new Set([v1.article.contentHash]),
      settings,
      mid,
    );
    const text = notificationText(first.notify!, { title: v2.article.title, outletName: 'Fox News' });
    expect(text.title).toBe(
      'Fox News: US pushing for temporary Israel-Hezbollah ceasefire amid fears of wider war',
    );
    expect(text.message).toBe('Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"');
    const removed = notificationText(
      {
        kind: 'removed',
        summary: 'the article was taken down (HTTP 410 Gone)',
        comparison: null,
        movedFrom: null,
        movedTo: null,
      },
      { title: 'x'.repeat(200), outletName: null },
    );
    expect(removed.title.length).toBeLessThanOrEqual(100);
    expect(removed.title).toMatch(/^Watched article: x+…$/);
    expect(removed.message).toBe('The article was taken down (HTTP 410 Gone)');
  });

  it('stores a new hash without claim differences but does not interrupt the reader for it', () => {
    const quiet = { ...changed(T0 + 3 * HOUR), comparison: { ...edit, differences: [] } };
    const r = applyCheckResult(watching(), quiet, new Set([v1.article.contentHash]), settings, mid);
    expect(r.storeVersion?.article.contentHash).toBe(v2.article.contentHash);
    expect(r.notify).toBeNull();
  });

  it('is idempotent: the same result applied twice changes nothing the second time', () => {
    const stored = new Set([v1.article.contentHash]);
    const r = changed(T0 + 3 * HOUR);
    const once = applyCheckResult(watching(), r, stored, settings, mid);
    // Even if the store failed to remember the version, a repeated result is refused by its time.
    const twice = applyCheckResult(once.watch, r, stored, settings, mid);
    expect(twice).toEqual({ watch: once.watch, storeVersion: null, notify: null, applied: false });
  });

  it('drops a stale result that finished before the last one applied', () => {
    const stored = new Set([v1.article.contentHash]);
    const late = applyCheckResult(watching(), result({ checkedAt: T0 + 4 * HOUR }), stored, settings, mid);
    const stale = applyCheckResult(late.watch, changed(T0 + 3 * HOUR), stored, settings, mid);
    expect(stale.applied).toBe(false);
    expect(stale.storeVersion).toBeNull();
    expect(stale.watch).toBe(late.watch);
  });

  it('moves the schedule only when a result is applied, so an interrupted check runs again', () => {
    const w = watching();
    expect(w.nextCheckAt).toBe(T0 + 3 * HOUR);
    expect(w.status).toBe('watching');
    // No result applied (the worker stopped mid-check): the watch is still due at its time.
    const after = applyCheckResult(w, result({ checkedAt: T0 + 3 * HOUR + 1000 }), new Set(), settings, mid);
    expect(after.watch.nextCheckAt).toBe(T0 + 6 * HOUR + 1000);
  });

  it('counts errors for backoff and clears them after a good check', () => {
    const stored = new Set([v1.article.contentHash]);
    const error = (at: number) =>
      result({ outcome: 'error', checkedAt: at, article: null, contentHash: null, reason: 'HTTP 503' });
    const e1 = applyCheckResult(watching(), error(T0 + 3 * HOUR), stored, settings, mid);
    const e2 = applyCheckResult(e1.watch, error(T0 + 9 * HOUR), stored, settings, mid);
    expect(e1.watch.failures).toBe(1);
    expect(e1.watch.nextCheckAt).toBe(T0 + 9 * HOUR);
    expect(e2.watch.failures).toBe(2);
    expect(e2.watch.nextCheckAt).toBe(T0 + 21 * HOUR);
    expect(e2.watch.status).toBe('error');
    expect(e2.notify).toBeNull();
    const ok = applyCheckResult(e2.watch, result({ checkedAt: T0 + 21 * HOUR }), stored, settings, mid);
    expect(ok.watch.failures).toBe(0);
    expect(ok.watch.status).toBe('watching');
  });

  it('tells of a removal once, keeps checking, and keeps both addresses of a move', () => {
    const stored = new Set([v1.article.contentHash]);
    const gone = (at: number) =>
      result({ outcome: 'removed', checkedAt: at, article: null, contentHash: null, reason: 'HTTP 410' });
    const r1 = applyCheckResult(watching(), gone(T0 + 3 * HOUR), stored, settings, mid);
    const r2 = applyCheckResult(r1.watch, gone(T0 + 6 * HOUR), stored, settings, mid);
    expect(r1.notify?.kind).toBe('removed');
    expect(r2.notify).toBeNull();
    expect(r2.watch.status).toBe('removed');
    expect(r2.watch.nextCheckAt).not.toBeNull();
    const to = 'https://www.foxnews.com/world/ceasefire';
    const moved = applyCheckResult(
      r2.watch,
      result({
        outcome: 'moved',
        checkedAt: T0 + 9 * HOUR,
        movedFrom: URL_,
        movedTo: to,
        reason: `moved to ${to}`,
      }),
      stored,
      settings,
      mid,
    );
    expect(moved.notify).toMatchObject({ kind: 'moved', movedFrom: URL_, movedTo: to });
    expect(moved.watch.url).toBe(URL_);
    expect(moved.watch.movedTo).toBe(to);
    expect(moved.storeVersion).toBeNull();
  });

  it('leaves the watch as it was when the fetch failed because the device was offline', () => {
    const w = watching();
    const r = applyCheckResult(
      w,
      result({ outcome: 'error', checkedAt: T0 + 3 * HOUR, article: null, contentHash: null, offline: true }),
      new Set(),
      settings,
      mid,
    );
    expect(r).toEqual({ watch: w, storeVersion: null, notify: null, applied: false });
  });

  it('a paywall page is not a version and says why', () => {
    const r = applyCheckResult(
      watching(),
      result({
        outcome: 'unreadable',
        checkedAt: T0 + 3 * HOUR,
        article: null,
        contentHash: null,
        reason: 'could not read the article on the last check: a paywall',
      }),
      new Set([v1.article.contentHash]),
      settings,
      mid,
    );
    expect(r.storeVersion).toBeNull();
    expect(r.notify).toBeNull();
    expect(r.watch.status).toBe('unreadable');
    expect(r.watch.reason).toMatch(/^could not read the article on the last check/);
    expect(r.watch.lastHash).toBe(v1.article.contentHash);
  });

  it('ends the watch when its window is over', () => {
    const w = { ...watching(), publishedAt: T0 - 13 * 24 * HOUR };
    const last = applyCheckResult(w, result({ checkedAt: T0 + 24 * HOUR }), new Set(), settings, mid);
    expect(last.watch.nextCheckAt).toBe(T0 + 48 * HOUR); // the reader's two days of daily checks
    const r = applyCheckResult(last.watch, result({ checkedAt: T0 + 48 * HOUR }), new Set(), settings, mid);
    expect(r.watch.nextCheckAt).toBeNull();
    expect(r.watch.status).toBe('ended');
  });

  it('takes the publication time from the first version read when it was not known', () => {
    const w = startWatch(URL_, { now: T0 }, settings, mid);
    const r = applyCheckResult(w, result({ checkedAt: T0 + 3 * HOUR }), new Set(), settings, mid);
    expect(r.watch.publishedAt).toBe(Date.parse(v1.article.publishedTime!));
  });
});

describe('headlineChange', () => {
  const diff = (over: Partial<Difference>): Difference => ({
    kind: 'changed',
    before: null,
    after: null,
    facets: [],
    significance: 0.5,
    beforeId: null,
    afterId: null,
    words: null,
    reason: null,
    ...over,
  });
  const comparison = (...differences: Difference[]): Comparison => ({ ...edit, differences });

  it('says the most significant claim change with the outlet as subject', () => {
    expect(headlineChange(edit, 'Fox News')).toBe(
      'Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"',
    );
    expect(headlineChange(edit, null)).toMatch(/^Fox News changed /); // the page's site name
    expect(headlineChange({ ...edit, after: { ...edit.after, siteName: null } }, '  ')).toMatch(
      /^The outlet /,
    );
  });

  it('words dropped sourcing, additions, removals, headlines and plain rewording', () => {
    const who = 'The Paper';
    expect(
      describeDifference(
        diff({ facets: [{ type: 'attribution', before: 'the official said', after: null }] }),
        who,
      ),
    ).toBe('The Paper dropped "the official said"');
    expect(describeDifference(diff({ kind: 'added', after: 'A new sentence.' }), who)).toBe(
      'The Paper added "A new sentence."',
    );
    expect(describeDifference(diff({ kind: 'removed', before: 'An old sentence.' }), who)).toBe(
      'The Paper removed "An old sentence."',
    );
    expect(
      describeDifference(diff({ facets: [{ type: 'headline', before: 'Old', after: 'New' }] }), who),
    ).toBe('The Paper changed the headline "Old" to "New"');
    expect(describeDifference(diff({ before: 'It rained.', after: 'It poured.' }), who)).toBe(
      'The Paper reworded "It rained." as "It poured."',
    );
    expect(headlineChange(comparison(), who)).toBe('The Paper edited the article; no claim changed');
    const long = 'word '.repeat(60).trim();
    const line = describeDifference(diff({ kind: 'added', after: long }), who);
    expect(line.length).toBeLessThan(120);
    expect(line).toMatch(/…"$/);
  });
});

describe('a schedule the reader changes (replanWatch)', () => {
  const DAY = 24 * HOUR;
  const young = () => startWatch(URL_, { now: T0, publishedAt: T0 - HOUR }, settings, mid);

  it('moves the next check to the new interval, counted from the last check', () => {
    const watch = young();
    expect(watch.nextCheckAt).toBe(T0 + 3 * HOUR);
    const hourly = watchSettings({ earlyIntervalMs: HOUR });
    expect(replanWatch(watch, hourly, T0 + 10 * 60_000, mid).nextCheckAt).toBe(T0 + HOUR);
    const checked = { ...watch, lastCheckAt: T0 + 2 * HOUR };
    expect(replanWatch(checked, hourly, T0 + 2 * HOUR, mid).nextCheckAt).toBe(T0 + 3 * HOUR);
  });

  it('never puts the next check in the past: an interval already over means due now', () => {
    const hourly = watchSettings({ earlyIntervalMs: HOUR });
    const now = T0 + 2 * HOUR;
    expect(replanWatch(young(), hourly, now, mid).nextCheckAt).toBe(now);
  });

  it('ends a watch the new window no longer covers, and resumes one a longer window covers again', () => {
    const now = T0 + 5 * DAY;
    const short = watchSettings({ windowMs: 3 * DAY, minimumWatchMs: 0 });
    const ended = replanWatch(
      { ...young(), lastCheckAt: T0 + 4 * DAY, lastOutcome: 'removed', status: 'removed' },
      short,
      now,
      mid,
    );
    expect(ended).toMatchObject({ nextCheckAt: null, status: 'ended' });
    const resumed = replanWatch(ended, watchSettings({ windowMs: 30 * DAY }), now, mid);
    // Daily after the early period, from the last check; back to the status of that check.
    expect(resumed).toMatchObject({ nextCheckAt: T0 + 5 * DAY, status: 'removed', reason: null });
  });
});
