/**
 * Faults in a real Chromium: the MV3 service worker stopped while a capture is in flight, three
 * tabs capturing the same article at once, bad files given to the options page's import, and a
 * library file larger than Chrome lets one extension message carry.
 * After each, the library read straight from IndexedDB must be whole and unchanged where it
 * should be. (Storage full cannot be provoked here: the extension holds `unlimitedStorage`, so
 * Chromium's quota never applies to it; tests/unit/service-library.test.ts injects the browser's
 * QuotaExceededError instead, and the popup and options tests render its message.)
 */
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures/pages';
import { bigArticle } from '../fixtures/hostile/pages';
import { launchChromiumWithExtension, type ChromiumExtension } from './harness/chromium';
import { pageExpression, readPopup, waitForSettled, type Evaluate } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectWholeLibrary, readLibrary, type StoredLibrary } from './hostile-helpers';

let server: FixtureServer | undefined;
let extension: ChromiumExtension | undefined;
let scratch: string | undefined;

function browserAndSite(): { extension: ChromiumExtension; server: FixtureServer } {
  if (!extension || !server) throw new Error('The browser did not start; see beforeAll');
  return { extension, server };
}

const evaluateIn =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

async function library(): Promise<StoredLibrary> {
  const options = await browserAndSite().extension.optionsPage();
  try {
    return await readLibrary(options);
  } finally {
    await options.close();
  }
}

const LONG_REPORTS = ['dam', 'levee'].map((salt) => ({ salt, path: `/floods/${salt}` }));

beforeAll(async () => {
  server = await startFixtureServer();
  for (const { salt, path } of LONG_REPORTS) server.setPage(path, bigArticle(salt, 1200));
  server.setPage('/politics/ceasefire', readFixture('fox-ceasefire-v1'));
  scratch = await mkdtemp(join(tmpdir(), 'crosscheck-faults-'));
  extension = await launchChromiumWithExtension();
});

afterAll(async () => {
  await extension?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('faults (Chromium)', () => {
  it('stores no partial version when the worker is stopped mid-capture, and the next capture works', async () => {
    const { extension: browser, server: site } = browserAndSite();
    const delays = [150, 800];
    for (const [i, { path }] of LONG_REPORTS.entries()) {
      const tab = await browser.newPage(site.url(path));
      const popup = await browser.openPopupFor(tab);
      await popup.waitForTimeout(delays[i] ?? 0);
      await browser.restartServiceWorker();
      // Whatever point the capture had reached, the popup answers (an error to retry, or the
      // analysis when it finished first) and the library is whole.
      const { state } = await waitForSettled(evaluateIn(popup), 60_000);
      expect(['ready', 'error']).toContain(state);
      expectWholeLibrary(await library());
      await popup.close();
      await tab.close();
    }

    for (const { path } of LONG_REPORTS) {
      const tab = await browser.newPage(site.url(path));
      const popup = await browser.openPopupFor(tab);
      const { state } = await waitForSettled(evaluateIn(popup), 60_000);
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
    const { extension: browser, server: site } = browserAndSite();
    const before = await library();
    // Tracking parameters differ, the article does not: one address key, one version.
    const tabs = await Promise.all(
      ['a', 'b', 'c'].map((source) => browser.newPage(site.url(`/politics/ceasefire?utm_source=${source}`))),
    );
    const popups = await Promise.all(tabs.map((tab) => browser.openPopupFor(tab)));
    const views = await Promise.all(
      popups.map(async (popup) => {
        await waitForSettled(evaluateIn(popup), 60_000);
        return readPopup(evaluateIn(popup));
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
    const { extension: browser } = browserAndSite();
    const before = await library();
    expect(before.versions.length).toBeGreaterThan(0);
    const dir = scratch!;
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
    const options = await browser.optionsPage();
    await options.goto(browser.extensionUrl('options.html#data'));
    for (const file of files) {
      await options.setInputFiles(
        '[data-testid="import-file"]',
        file.content === null
          ? oversized
          : { name: file.name, mimeType: 'application/json', buffer: Buffer.from(file.content) },
      );
      const report = options.locator('[data-testid="import-report"], .cc-inline-error');
      await report.first().waitFor({ timeout: 60_000 });
      const text = (await report.first().textContent()) ?? '';
      expect(text, file.name).toMatch(file.reason);
      expect(await readLibrary(options), file.name).toEqual(before);
    }
    // The options page parsed none of it into its own objects either.
    expect(
      await options.evaluate(() => (Object.prototype as Record<string, unknown>).polluted ?? null),
    ).toBeNull();
    await options.close();
  });
  it('imports a 70 MB library file, more than one message can carry, and exports it back whole', async () => {
    const { extension: browser } = browserAndSite();
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
    const path = join(scratch!, 'big-library.json');
    await writeFile(
      path,
      JSON.stringify({ format: 'crosscheck-library', version: 1, exportedAt: '', articles }),
    );
    expect((await stat(path)).size).toBeGreaterThan(64 * 1024 * 1024);

    const options = await browser.optionsPage();
    await options.goto(browser.extensionUrl('options.html#data'));
    await options.setInputFiles('[data-testid="import-file"]', path);
    const report = options.locator('[data-testid="import-report"], .cc-inline-error').first();
    await report.waitFor({ timeout: 240_000 });
    expect(await report.textContent()).toContain('Added 10 articles and 10 versions.');
    const after = await readLibrary(options);
    expectWholeLibrary(after);
    expect(after.articles).toHaveLength(before.articles.length + count);

    const [download] = await Promise.all([
      options.waitForEvent('download', { timeout: 240_000 }),
      options.click('[data-testid="export-library"]'),
    ]);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.length).toBeGreaterThan(64 * 1024 * 1024);
    const file = JSON.parse(text) as {
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
