/**
 * The watch list in a real browser, written once and run by watch.*.e2e.ts: watch the article
 * from the popup, the outlet edits it, "Check now" on the options page, then a system
 * notification is shown (asked of `notifications.getAll()` in the extension's own page) and the
 * watched list shows the new version. The local news server stands in for the outlet.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNewsServer, type NewsServer } from '../stand-ins/news-server';
import type { ExtensionDriver } from './harness/driver';
import type { ExtensionPageHandle } from './harness/extension-page';
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
    await waitFor(
      popup.evaluate,
      () => document.querySelector<HTMLButtonElement>('button[data-watch]')?.disabled === false,
      null,
      'the watch toggle',
    );
    expect(
      await popup.evaluate(
        () => document.querySelector('button[data-watch]')?.getAttribute('aria-pressed'),
        null,
      ),
    ).toBe('false');
    await popup.evaluate(
      () => document.querySelector<HTMLButtonElement>('button[data-watch]')?.click(),
      null,
    );
    await waitFor(
      popup.evaluate,
      () => document.querySelector('button[data-watch]')?.getAttribute('aria-pressed') === 'true',
      null,
      'the toggle to say "watching"',
    );
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
}
