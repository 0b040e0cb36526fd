/**
 * Faults, written once and run in each real browser by faults.*.e2e.ts: the background stopped
 * while a capture is in flight (Chromium's MV3 service worker stopped through DevTools; Firefox's
 * MV2 background page reloaded, which ends everything it was running the same way), three tabs
 * capturing one article at once, bad files given to the options page's import, and a library
 * file larger than one extension message can carry. After each, the library read straight from
 * IndexedDB must be whole, and unchanged where it should be.
 */
import { mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigArticle } from '../fixtures/hostile/pages';
import { readFixture } from '../fixtures/pages';
import type { ExtensionDriver, PopupHandle, TabHandle } from './harness/driver';
import type { ExtensionPageHandle } from './harness/extension-page';
import { readPopup, waitFor, waitForSettled } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectWholeLibrary, readLibraryWith, type StoredLibrary } from './hostile-helpers';

export interface FaultsBrowser {
  driver: ExtensionDriver;
  /** Opens one of the extension's own pages once `readySelector` is on it. */
  extensionPage(path: string, readySelector: string): Promise<ExtensionPageHandle>;
  /** Ends the background abruptly, as the browser does to an idle or crashed one, and lets it start again. */
  stopBackground(): Promise<void>;
}

const LONG_REPORTS = ['dam', 'levee'].map((salt) => ({ salt, path: `/floods/${salt}` }));
const REPORT = '[data-testid="import-report"], .cc-inline-error';

export function defineFaultFlows(browserLabel: string, launch: () => Promise<FaultsBrowser>): void {
  let server: FixtureServer | undefined;
  let browser: FaultsBrowser | undefined;
  let scratch: string | undefined;

  function started(): { browser: FaultsBrowser; server: FixtureServer; scratch: string } {
    if (!browser || !server || !scratch) throw new Error('The browser did not start; see beforeAll');
    return { browser, server, scratch };
  }

  async function library(): Promise<StoredLibrary> {
    const page = await started().browser.extensionPage('options.html', 'body');
    try {
      return await readLibraryWith(page.evaluate);
    } finally {
      await page.close();
    }
  }

  async function popupOn(path: string): Promise<{ tab: TabHandle; popup: PopupHandle }> {
    const { browser: opened, server: site } = started();
    const tab = await opened.driver.open(site.url(path));
    return { tab, popup: await opened.driver.popupFor(tab) };
  }

  /** The import's answer: its report or its inline error, once one is shown. */
  async function importAnswer(page: ExtensionPageHandle, timeoutMs: number): Promise<string> {
    await waitFor(
      page.evaluate,
      (selector) => document.querySelector(selector) !== null,
      REPORT,
      'the import to answer',
      timeoutMs,
    );
    return page.evaluate((selector) => document.querySelector(selector)?.textContent ?? '', REPORT);
  }

  beforeAll(async () => {
    server = await startFixtureServer();
    for (const { salt, path } of LONG_REPORTS) server.setPage(path, bigArticle(salt, 1200));
    server.setPage('/politics/ceasefire', readFixture('fox-ceasefire-v1'));
    scratch = await mkdtemp(join(tmpdir(), 'crosscheck-faults-'));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.driver.close();
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe(`faults (${browserLabel})`, () => {
    it('stores no partial version when the background is stopped mid-capture, and the next capture works', async () => {
      const { browser: opened } = started();
      const delays = [150, 800];
      for (const [i, { path }] of LONG_REPORTS.entries()) {
        const { tab, popup } = await popupOn(path);
        await new Promise((resolve) => setTimeout(resolve, delays[i] ?? 0));
        await opened.stopBackground();
        // Whatever point the capture had reached, the popup answers (an error to retry, or the
        // analysis when it finished first) and the library is whole.
        const { state } = await waitForSettled(popup.evaluate, 60_000);
        expect(['ready', 'error']).toContain(state);
        expectWholeLibrary(await library());
        await popup.close();
        await tab.close();
      }

      for (const { path } of LONG_REPORTS) {
        const { tab, popup } = await popupOn(path);
        const { state } = await waitForSettled(popup.evaluate, 60_000);
        expect(state).toBe('ready');
        await popup.close();
        await tab.close();
      }
      const stored = await library();
      expectWholeLibrary(stored);
      const titles = stored.articles.map((article) => article.title).sort();
      expect(titles).toEqual(LONG_REPORTS.map(({ salt }) => `Floods: the long report (${salt})`).sort());
      expect(stored.versions).toHaveLength(LONG_REPORTS.length);
    });

    it('stores an article opened in three tabs and analysed at once exactly once', async () => {
      const { browser: opened, server: site } = started();
      const before = await library();
      // Tracking parameters differ, the article does not: one address key, one version.
      const tabs = await Promise.all(
        ['a', 'b', 'c'].map((source) =>
          opened.driver.open(site.url(`/politics/ceasefire?utm_source=${source}`)),
        ),
      );
      const popups = await Promise.all(tabs.map((tab) => opened.driver.popupFor(tab)));
      const views = await Promise.all(
        popups.map(async (popup) => {
          await waitForSettled(popup.evaluate, 60_000);
          return readPopup(popup.evaluate);
        }),
      );
      expect(views.map((view) => view.state)).toEqual(['ready', 'ready', 'ready']);
      expect(views.filter((view) => view.text.includes('New version saved'))).toHaveLength(1);
      const after = await library();
      expectWholeLibrary(after);
      expect(after.articles).toHaveLength(before.articles.length + 1);
      expect(after.versions).toHaveLength(before.versions.length + 1);
      await Promise.all([...popups, ...tabs].map((page) => page.close()));
    });

    it('refuses truncated, hostile, foreign and oversized import files with the reason, changing nothing', async () => {
      const { browser: opened, scratch: dir } = started();
      const before = await library();
      expect(before.versions.length).toBeGreaterThan(0);
      const oversized = join(dir, 'huge-library.json');
      await writeFile(oversized, '{"format":"crosscheck-library","version":1,"articles":[');
      await truncate(oversized, 210 * 1024 * 1024);
      const files: { name: string; content: string | null; reason: RegExp }[] = [
        {
          name: 'truncated.json',
          content:
            '{"format":"crosscheck-library","version":1,"exportedAt":"2024-09-25T12:00:00Z","articles":[{"urlKey":"https://www.fo',
          reason: /not valid JSON/,
        },
        {
          name: 'polluting.json',
          content:
            '{"format":"crosscheck-library","version":1,"exportedAt":"2024-09-25T12:00:00Z","__proto__":{"polluted":true},"articles":[]}',
          reason: /forbidden key "__proto__"/,
        },
        { name: 'notes.json', content: '{"notes":["not a library"]}', reason: /not a Crosscheck library/ },
        { name: 'huge-library.json', content: null, reason: /larger than 200 MB/ },
      ];
      for (const file of files) {
        const path = join(dir, file.name);
        if (file.content !== null) await writeFile(path, file.content);
        // A fresh page per file: the answer read is this file's, not the one before.
        const options = await opened.extensionPage('options.html#data', '[data-testid="import-file"]');
        await options.setInputFile('[data-testid="import-file"]', path);
        expect(await importAnswer(options, 60_000), file.name).toMatch(file.reason);
        expect(await readLibraryWith(options.evaluate), file.name).toEqual(before);
        // The options page parsed none of it into its own objects either.
        expect(
          await options.evaluate(() => (Object.prototype as Record<string, unknown>).polluted ?? null, null),
        ).toBeNull();
        await options.close();
      }
    });

    it('imports a 70 MB library file, more than one message can carry, and exports it back whole', async () => {
      const { browser: opened, scratch: dir } = started();
      const before = await library();
      const count = 10;
      // 70 items of page furniture at the 100,000-character limit make each version ~7 MB of JSON
      // without making analysis slow (furniture is kept, never analysed).
      const removed = Array.from({ length: 70 }, (_, i) => ({
        text: `Related coverage ${i} `.padEnd(100_000, 'x'),
        rule: 'promo',
      }));
      const articles = Array.from({ length: count }, (_, i) => {
        const url = `https://big.example/floods/story-${i}`;
        const article = {
          url,
          canonicalUrl: url,
          title: `Big flood story ${i}`,
          paragraphs: [
            `Officials said on Monday that ${i + 3} bridges were closed after the river rose.`,
            'Residents were told to stay away from the banks until the water falls.',
          ],
          removed,
        };
        return { url, versions: [{ capturedAt: 1_727_000_000_000 + i * 60_000, article }] };
      });
      const path = join(dir, 'big-library.json');
      await writeFile(
        path,
        JSON.stringify({ format: 'crosscheck-library', version: 1, exportedAt: '', articles }),
      );
      expect((await stat(path)).size).toBeGreaterThan(64 * 1024 * 1024);

      const options = await opened.extensionPage('options.html#data', '[data-testid="import-file"]');
      await options.setInputFile('[data-testid="import-file"]', path);
      expect(await importAnswer(options, 240_000)).toContain('Added 10 articles and 10 versions.');
      const after = await readLibraryWith(options.evaluate);
      expectWholeLibrary(after);
      expect(after.articles).toHaveLength(before.articles.length + count);

      const saved = await options.download('[data-testid="export-library"]');
      expect(saved.text.length).toBeGreaterThan(64 * 1024 * 1024);
      const file = JSON.parse(saved.text) as {
        articles: { url: string; versions: { article: { removed: unknown[] } }[] }[];
      };
      expect(file.articles).toHaveLength(after.articles.length);
      const big = file.articles.filter((article) => article.url.startsWith('https://big.example/'));
      expect(big.map((article) => article.versions[0]?.article.removed.length)).toEqual(
        Array.from({ length: count }, () => removed.length),
      );
      await options.close();
    }, 600_000);
  });
}
