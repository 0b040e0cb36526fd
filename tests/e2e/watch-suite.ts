/**
 * The watch list in a real browser, written once and run by watch.*.e2e.ts: watch the article
 * from the popup, the outlet edits it, "Check now" on the options page, then a system
 * notification is shown (asked of `notifications.getAll()` in the extension's own page) and the
 * watched list shows the new version. Then the same without "Check now": a schedule of seconds
 * (which only the e2e build accepts) and the browser's own `alarms` firing the check. The local
 * news server stands in for the outlet.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_WATCH_SCHEDULE, type Settings } from '../../src/model/settings';
import type { WatchSummary } from '../../src/protocol/types';
import { startNewsServer, type NewsServer } from '../stand-ins/news-server';
import type { ExtensionDriver, PopupHandle } from './harness/driver';
import { sendProtocolMessage, type ExtensionPageHandle } from './harness/extension-page';
import { waitFor } from './harness/popup';
import { settledView } from './suite';

export interface WatchBrowser {
  driver: ExtensionDriver;
  /** Opens `options.html<hash>` in a new tab once `readySelector` is on it. */
  optionsPage(hash: string, readySelector: string): Promise<ExtensionPageHandle>;
  /** Runs between watching and checking: Chromium stops its MV3 worker here. */
  afterWatching?: () => Promise<void>;
  /**
   * Headless Firefox without a desktop notification service closes each notification as soon as
   * it is created (onClosed fires, getAll() is empty by the time it is asked): there, a
   * notification closed by the system counts as shown. Chromium keeps it in getAll().
   */
  closedCountsAsShown?: boolean;
}

/** The toolbar badge's text for tabs the popup did not label (Chrome's `action`, Firefox's `browserAction`). */
function globalBadge(page: ExtensionPageHandle): Promise<string> {
  return page.evaluate(async () => {
    const scope = globalThis as unknown as Record<string, Record<string, unknown> | undefined>;
    const api = (scope.browser ?? scope.chrome)!;
    const action = (api.action ?? api.browserAction) as { getBadgeText(details: object): Promise<string> };
    return action.getBadgeText({});
  }, null);
}

interface NotificationsApi {
  notifications: {
    getAll(): Promise<Record<string, unknown>>;
    onClosed: { addListener(listener: (id: string) => void): void };
  };
}

/** The extension's notifications, asked in its page (Chrome's and Firefox's API alike). */
function notificationsOf(page: ExtensionPageHandle, closedToo: boolean): Promise<string[]> {
  return page.evaluate(async (closed) => {
    const scope = globalThis as unknown as {
      browser?: NotificationsApi;
      chrome?: NotificationsApi;
      __closedNotifications?: string[];
    };
    const all = Object.keys(await (scope.browser ?? scope.chrome)!.notifications.getAll());
    return closed ? [...new Set([...all, ...(scope.__closedNotifications ?? [])])] : all;
  }, closedToo);
}

/** Records, in the page, the notifications the system closes (see closedCountsAsShown). */
function listenForClosed(page: ExtensionPageHandle): Promise<void> {
  return page.evaluate(() => {
    const scope = globalThis as unknown as {
      browser?: NotificationsApi;
      chrome?: NotificationsApi;
      __closedNotifications?: string[];
    };
    const closed: string[] = (scope.__closedNotifications = []);
    (scope.browser ?? scope.chrome)!.notifications.onClosed.addListener((id) => closed.push(id));
  }, null);
}

/** The watch list's alarm as the browser holds it (null when none is set). */
function watchAlarm(page: ExtensionPageHandle): Promise<{ scheduledTime: number } | null> {
  return page.evaluate(async () => {
    const scope = globalThis as unknown as Record<
      string,
      { alarms: { get(name: string): Promise<unknown> } } | undefined
    >;
    const alarm = (await (scope.browser ?? scope.chrome)!.alarms.get('crosscheck-watch')) as
      { scheduledTime: number } | undefined;
    return alarm ? { scheduledTime: alarm.scheduledTime } : null;
  }, null);
}

/** The watch toggle's aria-pressed, once the toggle can be used. */
async function watchToggleState(popup: PopupHandle): Promise<string | null> {
  await waitFor(
    popup.evaluate,
    () => document.querySelector<HTMLButtonElement>('button[data-watch]')?.disabled === false,
    null,
    'the watch toggle',
  );
  return popup.evaluate(
    () => document.querySelector('button[data-watch]')?.getAttribute('aria-pressed') ?? null,
    null,
  );
}

/** Presses "Watch for edits" and waits until it says watching. */
async function pressWatch(popup: PopupHandle): Promise<void> {
  await popup.evaluate(() => document.querySelector<HTMLButtonElement>('button[data-watch]')?.click(), null);
  await waitFor(
    popup.evaluate,
    () => document.querySelector('button[data-watch]')?.getAttribute('aria-pressed') === 'true',
    null,
    'the toggle to say "watching"',
  );
}

/** Opens the popup on the article and turns "Watch for edits" on (or finds it on already). */
async function watchFromPopup(browser: WatchBrowser, url: string): Promise<void> {
  const tab = await browser.driver.open(url);
  const popup = await browser.driver.popupFor(tab);
  const view = await settledView(popup);
  expect(view.state).toBe('ready');
  if ((await watchToggleState(popup)) !== 'true') await pressWatch(popup);
  await popup.close();
  await tab.close();
}

export function defineWatchFlows(launch: () => Promise<WatchBrowser>): void {
  let news: NewsServer | undefined;
  let browser: WatchBrowser | undefined;

  beforeAll(async () => {
    news = await startNewsServer();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.driver.close();
    await news?.stop();
  });

  it('watches from the popup, then "Check now" finds the edit: a notification and a new version in the list', async () => {
    if (!news || !browser) throw new Error('The browser did not start; see beforeAll');
    news.setState('v1');
    const tab = await browser.driver.open(news.articleUrl);
    const popup = await browser.driver.popupFor(tab);
    const view = await settledView(popup);
    expect(view.state).toBe('ready');
    expect(await watchToggleState(popup)).toBe('false');
    await pressWatch(popup);
    await popup.close();
    await browser.afterWatching?.();

    news.requests.length = 0;
    news.setState('v2');
    const options = await browser.optionsPage('#watched', '[data-watch-row]');
    const rowBefore = await options.evaluate(
      () => document.querySelector('[data-watch-row]')?.getAttribute('data-versions'),
      null,
    );
    expect(rowBefore).toBe('1');
    const closedToo = browser.closedCountsAsShown === true;
    expect(await notificationsOf(options, closedToo)).toEqual([]);
    if (closedToo) await listenForClosed(options);

    const clicked = Date.now();
    await options.click('[data-check-now]');
    let shown: string[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      shown = await notificationsOf(options, closedToo);
      if (shown.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const toNotification = Date.now() - clicked;
    const state = await options.evaluate(
      () =>
        `${document.querySelector('[data-check-progress]')?.textContent ?? ''} | ${document.querySelector('[data-watch-row]')?.textContent ?? ''}`,
      null,
    );
    expect(shown, state).toHaveLength(1);
    expect(shown[0]).toMatch(/^crosscheck-watch:\d+:\d+:\d+$/);
    console.log(`[watch e2e] "Check now" → notification: ${toNotification} ms`);

    await waitFor(
      options.evaluate,
      () => document.querySelector('[data-watch-row]')?.getAttribute('data-versions') === '2',
      null,
      'the watched list to show the new version',
    );
    const row = await options.evaluate(() => {
      const element = document.querySelector('[data-watch-row]');
      return {
        status: element?.getAttribute('data-watch-status'),
        news: element?.querySelector('[data-last-news]')?.textContent ?? '',
        progress: document.querySelector('[data-check-progress]')?.textContent ?? '',
      };
    }, null);
    expect(row.status).toBe('watching');
    // One edit the reader has not seen yet.
    expect(await globalBadge(options)).toBe('1');
    expect(row.news).toContain('40,000');
    await waitFor(
      options.evaluate,
      () => /Checked 1: 1 edited/.test(document.querySelector('[data-check-progress]')?.textContent ?? ''),
      null,
      'the progress line to report the run',
    );
    // Only the watched article was fetched by the check (the options page loads nothing from the site).
    expect(news.requests.map((r) => r.path)).toEqual([new URL(news.articleUrl).pathname]);
    await options.close();
    await tab.close();
  });

  it('checks by itself when the alarm fires: a schedule of seconds, the outlet edits, a notification', async () => {
    if (!news || !browser) throw new Error('The browser did not start; see beforeAll');
    news.setState('v2');
    await watchFromPopup(browser, news.articleUrl);
    const options = await browser.optionsPage('#watched', '[data-watch-row]');
    const closedToo = browser.closedCountsAsShown === true;
    if (closedToo) await listenForClosed(options);
    const before = new Set(await notificationsOf(options, closedToo));
    const [watch] = await sendProtocolMessage<WatchSummary[]>(options, 'listWatches', {});
    if (!watch) throw new Error('the article is not watched');
    const versionsBefore = watch.versionCount;

    news.requests.length = 0;
    news.setState('v3');
    // An interval that ends a few seconds from now, counted from the last check (or the start);
    // the margin stays above the schedule's ±10 % jitter, so the check is not already overdue.
    const elapsed = Date.now() - (watch.lastCheckAt ?? watch.startedAt);
    const intervalMs = elapsed + Math.ceil(elapsed / 8) + 2_500;
    const set = Date.now();
    const saved = await sendProtocolMessage<Settings>(options, 'setSettings', {
      watch: { ...DEFAULT_WATCH_SCHEDULE, earlyIntervalMs: intervalMs, lateIntervalMs: intervalMs },
    });
    expect(saved.watch.lateIntervalMs).toBe(intervalMs);
    const [planned] = await sendProtocolMessage<WatchSummary[]>(options, 'listWatches', {});
    const due = planned!.nextCheckAt!;
    expect(due).toBeGreaterThan(set);
    expect(due).toBeLessThan(set + 15_000);
    // The background set the browser's alarm at that check, and nothing was fetched yet.
    const alarm = await watchAlarm(options);
    expect(alarm, 'the watch alarm').not.toBeNull();
    expect(Math.abs(alarm!.scheduledTime - due)).toBeLessThan(1_500);
    expect(news.requests).toEqual([]);
    // Chromium stops its worker here: the alarm must wake a new one.
    await browser.afterWatching?.();

    let shown: string[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      shown = (await notificationsOf(options, closedToo)).filter((id) => !before.has(id));
      if (shown.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const toNotification = Date.now() - set;
    expect(
      shown,
      `alarm at ${alarm?.scheduledTime ?? '-'}, requests ${JSON.stringify(news.requests)}`,
    ).toHaveLength(1);
    expect(shown[0]).toMatch(/^crosscheck-watch:\d+:\d+:\d+$/);
    // The check came from the alarm, not before it was due.
    expect(news.requests[0]!.at).toBeGreaterThanOrEqual(due - 50);
    console.log(
      `[watch e2e] schedule set → alarm check → notification: ${toNotification} ms (due after ${Math.round(due - set)} ms)`,
    );
    const [after] = await sendProtocolMessage<WatchSummary[]>(options, 'listWatches', {});
    expect(after!.versionCount).toBe(versionsBefore + 1);
    expect(after!.lastNews?.summary).toContain('3,000');
    expect(after!.lastCheckAt).toBeGreaterThanOrEqual(due - 50);

    // Back to the reader's defaults, so nothing else in this browser checks every few seconds.
    await sendProtocolMessage<Settings>(options, 'setSettings', { watch: { ...DEFAULT_WATCH_SCHEDULE } });
    const [restored] = await sendProtocolMessage<WatchSummary[]>(options, 'listWatches', {});
    expect(restored!.nextCheckAt! - Date.now()).toBeGreaterThan(60_000);
    await options.close();
  });
}
