/**
 * Hostile and odd pages in a real Chromium: markup and script from a page stay inert text in
 * the popup, the options page and the comparison page (CSP intact); a page too big, one without
 * sentences, a big page that still is an article and a page rewriting itself while it is read
 * each get an honest answer. One browser for the file; tests run in order.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bigArticle,
  hostileArticle,
  hugePage,
  noSentencePage,
  PAYLOADS,
  restlessArticle,
} from '../fixtures/hostile/pages';
import { launchChromiumWithExtension, type ChromiumExtension } from './harness/chromium';
import { pageExpression, readPopup, waitFor, waitForSettled, type Evaluate } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectInert, expectWholeLibrary, inertness, readLibrary } from './hostile-helpers';

const PATHS = {
  hostile: '/local/council-vote',
  huge: '/everything',
  big: '/floods/long-report',
  none: '/sport/league-table',
  restless: '/live/river',
};

let server: FixtureServer | undefined;
let extension: ChromiumExtension | undefined;

function browserAndSite(): { extension: ChromiumExtension; server: FixtureServer } {
  if (!extension || !server) throw new Error('The browser did not start; see beforeAll');
  return { extension, server };
}

const evaluateIn =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

/** Opens the page in a tab and the popup for it, and waits for the popup's answer. */
async function popupOn(path: string): Promise<{ tab: Page; popup: Page }> {
  const { extension: browser, server: site } = browserAndSite();
  const tab = await browser.newPage(site.url(path));
  const popup = await browser.openPopupFor(tab);
  await waitForSettled(evaluateIn(popup), 60_000);
  return { tab, popup };
}

beforeAll(async () => {
  server = await startFixtureServer();
  let edition: 1 | 2 = 1;
  server.route(PATHS.hostile, () => hostileArticle(edition));
  server.route('/edition-2', () => {
    edition = 2;
    return 'ok';
  });
  server.setPage(PATHS.huge, hugePage());
  server.setPage(PATHS.big, bigArticle('valley'));
  server.setPage(PATHS.none, noSentencePage());
  server.setPage(PATHS.restless, restlessArticle());
  extension = await launchChromiumWithExtension();
});

afterAll(async () => {
  await extension?.close();
  await server?.close();
});

describe('markup and script in page text (Chromium)', () => {
  it('shows them as inert text in the popup, and builds nothing in the page either', async () => {
    const { tab, popup } = await popupOn(PATHS.hostile);
    const view = await readPopup(evaluateIn(popup));
    expect(view.state).toBe('ready');
    expect(view.title).toContain(PAYLOADS[0]);
    expect(view.text).toContain('<svg onload="window.__pwned=3"></svg>');
    expectInert(await inertness(popup));
    // The page ran its own script; nothing the extraction did brought its text to life.
    expect(await tab.evaluate(() => (window as unknown as Record<string, unknown>).__pageOwnScript)).toBe(
      true,
    );
    expect(
      await tab.evaluate(() => (window as unknown as Record<string, unknown>).__pwned ?? null),
    ).toBeNull();
    await popup.close();

    await tab.evaluate(() => fetch('/edition-2'));
    await tab.reload();
    const edited = await browserAndSite().extension.openPopupFor(tab);
    await waitForSettled(evaluateIn(edited), 60_000);
    const changes = await readPopup(evaluateIn(edited));
    expect(changes.state).toBe('ready');
    expect(changes.changes.length).toBeGreaterThan(0);
    expect(JSON.stringify(changes.changes)).toContain('window.__pwned=3');
    expectInert(await inertness(edited));
    await edited.close();
    await tab.close();
  });

  it('shows them as inert text in the options page’s library and article page', async () => {
    const options = await browserAndSite().extension.optionsPage();
    await options.waitForSelector('li[data-article-id]');
    const row = await options.textContent('li[data-article-id]');
    expect(row).toContain(PAYLOADS[0]);
    expectInert(await inertness(options));
    await options.click('li[data-article-id] .cc-row-title');
    await options.waitForSelector('[data-testid="compare-versions"], [data-testid="compare-previous"]');
    expect(await options.evaluate(() => document.body.innerText)).toContain(PAYLOADS[0]);
    expectInert(await inertness(options));
    await options.close();
  });

  it('shows them as inert text in the comparison page', async () => {
    const { extension: browser } = browserAndSite();
    const options = await browser.optionsPage();
    const library = await readLibrary(options);
    await options.close();
    const versions = library.versions.map((version) => version.id).sort((a, b) => a - b);
    expect(versions).toHaveLength(2);
    const compare = await browser.newPage(
      browser.extensionUrl(`compare.html?before=${versions[0]}&after=${versions[1]}`),
    );
    await waitFor(
      evaluateIn(compare),
      () => document.querySelectorAll('mark').length > 0,
      null,
      'the comparison to render',
    );
    const text = await compare.evaluate(() => document.body.innerText);
    expect(text).toContain('<svg onload="window.__pwned=3"></svg>');
    expect(text).toContain('<img src=x onerror="window.__pwned=1">');
    expectInert(await inertness(compare));
    await compare.close();
  });
});

describe('odd pages (Chromium)', () => {
  it('says a 10 MB, 50,000-element page is too large to be an article', async () => {
    const { tab, popup } = await popupOn(PATHS.huge);
    expect(await tab.evaluate(() => document.getElementsByTagName('*').length)).toBeGreaterThanOrEqual(
      50_000,
    );
    const view = await readPopup(evaluateIn(popup));
    expect(view).toMatchObject({ state: 'not-article', reason: 'too-large' });
    expect(view.text).toMatch(/KB of text|elements/);
    await popup.close();
    await tab.close();
  });

  it('analyses a long report inside 50,000 elements of page furniture', async () => {
    const { tab, popup } = await popupOn(PATHS.big);
    expect(await tab.evaluate(() => document.getElementsByTagName('*').length)).toBeGreaterThanOrEqual(
      50_000,
    );
    const view = await readPopup(evaluateIn(popup));
    expect(view.state).toBe('ready');
    expect(view.title).toContain('Floods: the long report');
    await popup.close();
    await tab.close();
  });

  it('says a page without sentences is not an article, even when the reader insists', async () => {
    const { tab, popup } = await popupOn(PATHS.none);
    const first = await readPopup(evaluateIn(popup));
    expect(first.state).toBe('not-article');
    expect(first.text).toMatch(/not look like an article/);
    await popup.getByRole('button', { name: 'Analyse anyway' }).click();
    await waitFor(
      evaluateIn(popup),
      () =>
        document.querySelector('[data-state]')?.getAttribute('data-state') === 'not-article' &&
        document.querySelector('[data-state]')?.getAttribute('data-reason') !== 'not-readerable',
      null,
      'the forced analysis to answer',
    );
    const forced = await readPopup(evaluateIn(popup));
    expect(forced.reason).toMatch(/no-content|empty/);
    expect(forced.text.length).toBeGreaterThan(first.title.length);
    await popup.close();
    await tab.close();
  });

  it('stores one coherent revision of a page that rewrites itself while it is read', async () => {
    const { extension: browser } = browserAndSite();
    const { tab, popup } = await popupOn(PATHS.restless);
    expect((await readPopup(evaluateIn(popup))).state).toBe('ready');
    await popup.close();
    await tab.close();
    const options = await browser.optionsPage();
    const library = await readLibrary(options);
    await options.close();
    expectWholeLibrary(library);
    const article = library.articles.find((row) => row.title.startsWith('Live: river rises'));
    const stored = library.versions.filter((version) => version.articleId === article?.id);
    expect(stored).toHaveLength(1);
    const revisions = new Set(stored[0]!.paragraphs.map((text) => /^Revision (\d+)\./.exec(text)?.[1]));
    expect(revisions.size).toBe(1);
    expect([...revisions][0]).toMatch(/^\d+$/);
  });
});
