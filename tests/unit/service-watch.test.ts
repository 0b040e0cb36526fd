/**
 * The watch list's use case (src/service/watch.ts) against the local news server on 127.0.0.1,
 * with the real store over fake-indexeddb: an edit becomes one version and one notification;
 * a removal, a move and a paywall are recorded as such; two checks at once store one version;
 * a check abandoned by a stopped worker runs again; a long sleep catches up with one check.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import { DEFAULT_WATCH_SCHEDULE, WATCH_SCHEDULE_BOUNDS } from '../../src/model/settings';
import type { WatchDeps } from '../../src/service/service';
import { CrosscheckService } from '../../src/service/service';
import { notificationId, notificationTarget } from '../../src/service/watch';
import { openDb } from '../../src/store/schema';
import { ARTICLE_PATH, MOVED_PATH, startNewsServer, type NewsServer } from '../stand-ins/news-server';

let news: NewsServer;

beforeAll(async () => {
  news = await startNewsServer({ slowMs: 3_000 });
});
afterAll(() => news.stop());
beforeEach(() => {
  news.setState('v1');
  news.requests.length = 0;
});

const HOUR = 3_600_000;

function deps(overrides: Partial<WatchDeps> = {}): WatchDeps {
  return { fetch, now: Date.now, online: () => true, random: () => 0.5, timeoutMs: 2_000, ...overrides };
}

/** A service over a database of its own (or a shared one, for two workers), with the article at v1 stored and watched. */
async function watchedArticle(dbName = `watch-${Math.random().toString(36).slice(2)}`) {
  const service = new CrosscheckService(openDb({ name: dbName }), { snapshotDelayMs: null });
  const html = await (await fetch(news.articleUrl)).text();
  const extracted = extractArticleFromHtml(html, news.articleUrl);
  if (!extracted.ok) throw new Error(extracted.message);
  const capture = await service.captureArticle(extracted.article, Date.now());
  const watch = await service.setWatch(capture.articleId, true, deps());
  expect(watch?.status).toBe('watching');
  news.requests.length = 0;
  return { service, articleId: capture.articleId, dbName };
}

async function versionsOf(service: CrosscheckService, articleId: number) {
  return service.listVersions(articleId);
}

describe('watching an article in the background', () => {
  it('stores an edit as a new version, once, and says what changed in claims', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('v2');
    const run = await service.checkAllWatchesNow(deps());
    expect(run.report).toMatchObject({ checked: 1, changed: 1, failed: 0 });
    expect(run.alerts).toHaveLength(1);
    const [alert] = run.alerts;
    expect(alert!.kind).toBe('changed');
    expect(alert!.title).toMatch(/^Fox News: US pushing for temporary Israel-Hezbollah ceasefire/);
    expect(alert!.message).toContain('40,000');
    const versions = await versionsOf(service, articleId);
    expect(versions).toHaveLength(2);
    expect([alert!.beforeVersionId, alert!.afterVersionId]).toEqual([versions[0]!.id, versions[1]!.id]);
    // A click on the notification opens the comparison of those two versions.
    expect(notificationTarget(notificationId(alert!))).toBe(
      `compare.html?before=${versions[0]!.id}&after=${versions[1]!.id}`,
    );
    expect(run.unseen).toBe(1);
    const [listed] = await service.listWatches();
    expect(listed).toMatchObject({ versionCount: 2, unseen: 1, status: 'watching' });
    expect(listed!.nextCheckAt).toBeGreaterThan(Date.now());
    expect(run.wakeAt).toBe(listed!.nextCheckAt);

    // The same edit read again is neither a version nor news.
    const again = await service.checkAllWatchesNow(deps());
    expect(again.alerts).toEqual([]);
    expect(await versionsOf(service, articleId)).toHaveLength(2);
    // Only the watched address was fetched.
    expect(news.requests.map((r) => r.path)).toEqual([ARTICLE_PATH, ARTICLE_PATH]);
  });

  it('makes the popup’s changes start from the version the reader last saw, and marks the edit seen', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('v2');
    await service.checkAllWatchesNow(deps());
    const html = await (await fetch(news.articleUrl)).text();
    const extracted = extractArticleFromHtml(html, news.articleUrl);
    const analysis = await service.analyse(1, extracted, { now: Date.now() });
    if (analysis.state !== 'ready') throw new Error(analysis.state);
    const versions = await versionsOf(service, articleId);
    expect(analysis.baseVersionId).toBe(versions[0]!.id);
    expect(analysis.current.id).toBe(versions[1]!.id);
    expect(await service.unseenEdits()).toBe(0);
  });

  it('records a removal once, with its reason', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('removed');
    const run = await service.checkAllWatchesNow(deps());
    expect(run.alerts.map((a) => a.kind)).toEqual(['removed']);
    expect(run.alerts[0]!.message).toMatch(/taken down.*404/);
    expect(notificationTarget(notificationId(run.alerts[0]!))).toBe(`options.html#article/${articleId}`);
    expect(notificationTarget('someone-else:1:2:3')).toBeNull();
    expect((await service.watchStatus(articleId))?.status).toBe('removed');
    const again = await service.checkAllWatchesNow(deps());
    expect(again.alerts).toEqual([]);
    expect(await versionsOf(service, articleId)).toHaveLength(1);
  });

  it('keeps both addresses when the article moves, and reads it at the new one afterwards', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('moved');
    const run = await service.checkAllWatchesNow(deps());
    expect(run.alerts.map((a) => a.kind)).toEqual(['moved']);
    const watch = await service.watchStatus(articleId);
    expect(watch).toMatchObject({ url: news.articleUrl, movedTo: news.movedUrl });
    // The moved page is the same text: no new version.
    expect(await versionsOf(service, articleId)).toHaveLength(1);
    news.requests.length = 0;
    await service.checkAllWatchesNow(deps());
    expect(news.requests.map((r) => r.path)).toEqual([MOVED_PATH]);
  });

  it('does not take a paywall page for a version: "could not read the article on the last check"', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('paywall');
    const run = await service.checkAllWatchesNow(deps());
    expect(run.alerts).toEqual([]);
    expect(run.report.changed).toBe(0);
    const watch = await service.watchStatus(articleId);
    expect(watch?.status).toBe('unreadable');
    expect(watch?.reason).toMatch(/^could not read the article on the last check/);
    expect(await versionsOf(service, articleId)).toHaveLength(1);
  });

  it('stores one version when two workers check the same edit at once', async () => {
    const { service, articleId, dbName } = await watchedArticle();
    const other = new CrosscheckService(openDb({ name: dbName }), { snapshotDelayMs: null });
    news.setState('v2');
    const runs = await Promise.all([service.checkAllWatchesNow(deps()), other.checkAllWatchesNow(deps())]);
    expect(runs.flatMap((r) => r.alerts)).toHaveLength(1);
    expect(await versionsOf(service, articleId)).toHaveLength(2);
    expect(news.requests).toHaveLength(2);
  });

  it('joins a check already running in the same worker instead of fetching twice', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('v2');
    await Promise.all([service.checkAllWatchesNow(deps()), service.checkAllWatchesNow(deps())]);
    expect(news.requests).toHaveLength(1);
    expect(await versionsOf(service, articleId)).toHaveLength(2);
  });

  it('loses nothing when the worker stops mid-check: the watch stays due and the next worker checks it', async () => {
    const { service, articleId, dbName } = await watchedArticle();
    const before = await service.watchStatus(articleId);
    news.setState('v2');
    // The first worker's fetch never returns: the worker is stopped while it waits.
    const abandoned = service.checkAllWatchesNow(
      deps({ fetch: () => new Promise<Response>(() => undefined) }),
    );
    void abandoned;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const restarted = new CrosscheckService(openDb({ name: dbName }), { snapshotDelayMs: null });
    const stillDue = await restarted.watchStatus(articleId);
    expect(stillDue?.nextCheckAt).toBe(before?.nextCheckAt);
    expect(stillDue?.lastCheckAt).toBeNull();
    const later = before!.nextCheckAt! + 1;
    expect(await restarted.nextWatchWake(deps({ now: () => later }))).toBe(later + 60_000);
    const run = await restarted.runDueChecks(deps({ now: () => later }));
    expect(run.report.checked).toBe(1);
    expect(run.alerts.map((a) => a.kind)).toEqual(['changed']);
    expect(await versionsOf(restarted, articleId)).toHaveLength(2);
  });

  it('catches up once after the browser slept through many due checks', async () => {
    const { service, articleId } = await watchedArticle();
    const start = (await service.watchStatus(articleId))!.startedAt;
    // The fixture was published long ago, so checks are daily; five of them are missed.
    let clock = start + 5 * 24 * HOUR;
    const sleepy = deps({ now: () => clock, settings: { minimumWatchMs: 14 * 24 * HOUR } });
    const run = await service.runDueChecks(sleepy);
    expect(run.report.checked).toBe(1);
    expect(news.requests).toHaveLength(1);
    const watch = await service.watchStatus(articleId);
    // The next check counts from the one just made, not from the missed due times.
    expect(watch!.nextCheckAt! - watch!.lastCheckAt!).toBeGreaterThanOrEqual(24 * HOUR - 20 * 60_000);
    expect(run.wakeAt).toBe(watch!.nextCheckAt);
    clock += 60_000;
    expect((await service.runDueChecks(sleepy)).report.checked).toBe(0);
    expect(news.requests).toHaveLength(1);
  });

  it('fetches nothing while offline, and checks nothing once unwatched', async () => {
    const { service, articleId } = await watchedArticle();
    const offline = await service.checkAllWatchesNow(deps({ online: () => false }));
    expect(offline.report).toMatchObject({ checked: 0, held: 1 });
    await service.setWatch(articleId, false, deps());
    expect(await service.listWatches()).toEqual([]);
    const run = await service.checkAllWatchesNow(deps());
    expect(run.report.checked).toBe(0);
    expect(run.wakeAt).toBeNull();
    expect(news.requests).toHaveLength(0);
  });
});

describe('the reader’s watch schedule', () => {
  it('starts at the defaults and moves every watch’s next check when the reader changes it', async () => {
    const { service, articleId } = await watchedArticle();
    expect((await service.getSettings()).watch).toEqual(DEFAULT_WATCH_SCHEDULE);
    const before = (await service.watchStatus(articleId))!;
    // The fixture was published long ago: it is past its early period, so checks are daily.
    expect(before.nextCheckAt! - before.startedAt).toBeGreaterThanOrEqual(24 * HOUR - 20 * 60_000);

    const schedule = { ...DEFAULT_WATCH_SCHEDULE, lateIntervalMs: 6 * HOUR };
    const saved = await service.setSettings({ watch: schedule }, Date.now(), () => 0.5);
    expect(saved.watch).toEqual(schedule);
    const after = (await service.watchStatus(articleId))!;
    // Counted from when watching began, with the jitter at its middle (random() = 0.5).
    expect(after.nextCheckAt).toBe(before.startedAt + 6 * HOUR);
    expect(await service.nextWatchWake(deps())).toBe(after.nextCheckAt);

    // A new watch starts on the reader's schedule too.
    await service.setWatch(articleId, false, deps());
    const again = (await service.setWatch(articleId, true, deps()))!;
    expect(again.nextCheckAt! - again.startedAt).toBe(6 * HOUR);
  });

  it('refuses a schedule outside what a reader may choose, and keeps the one saved', async () => {
    const { service } = await watchedArticle();
    const bad: unknown[] = [
      { ...DEFAULT_WATCH_SCHEDULE, earlyIntervalMs: 10 * 60_000 }, // more often than hourly
      { ...DEFAULT_WATCH_SCHEDULE, lateIntervalMs: 8 * 24 * HOUR }, // less often than weekly
      { ...DEFAULT_WATCH_SCHEDULE, windowMs: 91 * 24 * HOUR },
      { ...DEFAULT_WATCH_SCHEDULE, maxFetchesPerHour: 0 },
      { ...DEFAULT_WATCH_SCHEDULE, maxFetchesPerHour: 2.5 },
      { ...DEFAULT_WATCH_SCHEDULE, earlyPeriodMs: Number.NaN },
      { ...DEFAULT_WATCH_SCHEDULE, earlyPeriodMs: '2 days' },
      { ...DEFAULT_WATCH_SCHEDULE, jitterRatio: 0 }, // not the reader's to set
      { earlyIntervalMs: HOUR }, // the whole schedule or nothing
      null,
    ];
    for (const watch of bad) {
      await expect(
        service.setSettings({ watch: watch as typeof DEFAULT_WATCH_SCHEDULE }, Date.now()),
        JSON.stringify(watch),
      ).rejects.toMatchObject({ code: 'invalid-change' });
    }
    expect((await service.getSettings()).watch).toEqual(DEFAULT_WATCH_SCHEDULE);
    // The limits themselves are allowed.
    const edges = {
      earlyIntervalMs: HOUR,
      earlyPeriodMs: 0,
      lateIntervalMs: 7 * 24 * HOUR,
      windowMs: 90 * 24 * HOUR,
      maxFetchesPerHour: 120,
    };
    expect((await service.setSettings({ watch: edges }, Date.now())).watch).toEqual(edges);
  });

  it('reads a stored schedule outside the bounds (or none at all) as the defaults', async () => {
    const dbName = `watch-${Math.random().toString(36).slice(2)}`;
    const db = openDb({ name: dbName });
    const service = new CrosscheckService(db, { snapshotDelayMs: null });
    expect((await service.getSettings()).watch).toEqual(DEFAULT_WATCH_SCHEDULE);
    await db.settings.put({ key: 'watch', value: { ...DEFAULT_WATCH_SCHEDULE, earlyIntervalMs: 0 } });
    expect((await service.getSettings()).watch).toEqual(DEFAULT_WATCH_SCHEDULE);
    // Within the bounds though not a reader's choice (what the e2e build stores): read as stored.
    const seconds = { ...DEFAULT_WATCH_SCHEDULE, earlyIntervalMs: 5_000, lateIntervalMs: 5_000 };
    await db.settings.put({ key: 'watch', value: seconds });
    expect((await service.getSettings()).watch).toEqual(seconds);
    // … and a service given those bounds (the e2e build's) accepts it as input too.
    const e2e = new CrosscheckService(openDb({ name: dbName }), {
      snapshotDelayMs: null,
      watchScheduleLimits: WATCH_SCHEDULE_BOUNDS,
    });
    await expect(service.setSettings({ watch: seconds }, Date.now())).rejects.toMatchObject({
      code: 'invalid-change',
    });
    expect((await e2e.setSettings({ watch: seconds }, Date.now())).watch).toEqual(seconds);
  });

  it('holds a due check back by the reader’s hourly budget', async () => {
    const { service, articleId } = await watchedArticle();
    const t0 = Date.now();
    let clock = t0;
    const at = deps({ now: () => clock, random: () => 0 });
    await service.setSettings(
      { watch: { ...DEFAULT_WATCH_SCHEDULE, lateIntervalMs: HOUR, maxFetchesPerHour: 1 } },
      t0,
    );
    await service.checkAllWatchesNow(at);
    const watch = (await service.watchStatus(articleId))!;
    // Jitter at its earliest: 6 minutes before the hour, so the first fetch is still in the last hour.
    expect(watch.nextCheckAt).toBe(t0 + HOUR - 6 * 60_000);
    clock = watch.nextCheckAt!;
    const held = await service.runDueChecks(at);
    expect(held.report).toMatchObject({ checked: 0, held: 1 });
    // The budget frees the fetch when the first one is an hour old.
    expect(held.wakeAt).toBe(t0 + HOUR);
    // With the default budget the same check runs.
    await service.setSettings({ watch: { ...DEFAULT_WATCH_SCHEDULE, lateIntervalMs: HOUR } }, t0, () => 0);
    expect((await service.runDueChecks(at)).report).toMatchObject({ checked: 1, held: 0 });
    expect(news.requests).toHaveLength(2);
  });
});

describe('deleting a watched article', () => {
  it('removes its watch with it, and Undo brings both back', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('v2');
    await service.checkAllWatchesNow(deps());
    const watched = await service.watchStatus(articleId);
    expect(await service.unseenEdits()).toBe(1);

    await service.deleteItems({ kind: 'article', articleId }, Date.now());
    expect(await service.watchStatus(articleId)).toBeNull();
    expect(await service.unseenEdits()).toBe(0);
    expect(await service.nextWatchWake(deps())).toBeNull();
    news.requests.length = 0;
    expect((await service.checkAllWatchesNow(deps())).report.checked).toBe(0);
    expect(news.requests).toHaveLength(0);

    await service.undoDelete();
    expect(await service.watchStatus(articleId)).toEqual(watched);
    expect(await service.unseenEdits()).toBe(1);
    expect(await service.nextWatchWake(deps())).toBe(watched!.nextCheckAt);
  });

  it('removes the watches of an outlet deleted whole, and keeps the watch when one of several versions goes', async () => {
    const { service, articleId } = await watchedArticle();
    news.setState('v2');
    await service.checkAllWatchesNow(deps());
    const [first] = await versionsOf(service, articleId);
    await service.deleteItems({ kind: 'version', versionId: first!.id }, Date.now());
    expect((await service.watchStatus(articleId))?.versionCount).toBe(1);

    const detail = (await service.getArticle(articleId))!;
    await service.deleteItems({ kind: 'outlet', outlet: detail.article.outlet }, Date.now());
    expect(await service.listWatches()).toEqual([]);
    expect(await service.watchStatus(articleId)).toBeNull();
  });

  it('does not bring a watch back over an article captured again since the deletion', async () => {
    const { service, articleId } = await watchedArticle();
    await service.deleteItems({ kind: 'all' }, Date.now());
    const html = await (await fetch(news.articleUrl)).text();
    const extracted = extractArticleFromHtml(html, news.articleUrl);
    if (!extracted.ok) throw new Error(extracted.message);
    const recaptured = await service.captureArticle(extracted.article, Date.now());
    expect(recaptured.articleId).not.toBe(articleId);
    await service.undoDelete();
    expect(await service.listWatches()).toEqual([]);
  });

  it('undoes a deletion kept from before watches went to the trash (a row without them)', async () => {
    const { service, articleId, dbName } = await watchedArticle();
    await service.deleteItems({ kind: 'article', articleId }, Date.now());
    const db = openDb({ name: dbName });
    const trash = (await db.trash.get('last'))!;
    expect(trash.watches?.map((w) => w.articleId)).toEqual([articleId]);
    delete trash.watches;
    await db.trash.put(trash);
    await service.undoDelete();
    expect((await service.getArticle(articleId))?.article.id).toBe(articleId);
    expect(await service.watchStatus(articleId)).toBeNull();
  });
});
