/**
 * Hostile and odd pages, written once and run in each real browser by hostile.*.e2e.ts: markup
 * and script from a page stay inert text in the popup, the options page and the comparison page
 * (CSP intact); a page too big, one without sentences, a big page that still is an article and a
 * page rewriting itself while it is read each get an honest answer. One browser and one local
 * site per file; tests run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bigArticle,
  hostileArticle,
  hugePage,
  noSentencePage,
  PAYLOADS,
  restlessArticle,
} from '../fixtures/hostile/pages';
import type { ExtensionDriver, PopupHandle, TabHandle } from './harness/driver';
import type { ExtensionPageHandle } from './harness/extension-page';
import { readPopup, waitFor, waitForSettled } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectInert, expectWholeLibrary, inertnessWith, readLibraryWith } from './hostile-helpers';

export interface HostileBrowser {
  driver: ExtensionDriver;
  /** Opens one of the extension's own pages (`options.html`, `compare.html?…`) once `readySelector` is on it. */
  extensionPage(path: string, readySelector: string): Promise<ExtensionPageHandle>;
}

const PATHS = {
  hostile: '/local/council-vote',
  huge: '/everything',
  big: '/floods/long-report',
  none: '/sport/league-table',
  restless: '/live/river',
};

const ROW = 'li[data-article-id]';

export function defineHostileFlows(browserLabel: string, launch: () => Promise<HostileBrowser>): void {
  let server: FixtureServer | undefined;
  let browser: HostileBrowser | undefined;

  function started(): { browser: HostileBrowser; server: FixtureServer } {
    if (!browser || !server) throw new Error('The browser did not start; see beforeAll');
    return { browser, server };
  }

  /** Opens the page in a tab and the popup for it, and waits for the popup's answer. */
  async function popupOn(path: string): Promise<{ tab: TabHandle; popup: PopupHandle }> {
    const { browser: opened, server: site } = started();
    const tab = await opened.driver.open(site.url(path));
    const popup = await opened.driver.popupFor(tab);
    await waitForSettled(popup.evaluate, 60_000);
    return { tab, popup };
  }

  const elementCount = (tab: TabHandle) =>
    tab.evaluate(() => document.getElementsByTagName('*').length, null);

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
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.driver.close();
    await server?.close();
  });

  describe(`markup and script in page text (${browserLabel})`, () => {
    it('shows them as inert text in the popup, and builds nothing in the page either', async () => {
      const { tab, popup } = await popupOn(PATHS.hostile);
      const view = await readPopup(popup.evaluate);
      expect(view.state).toBe('ready');
      expect(view.title).toContain(PAYLOADS[0]);
      expect(view.text).toContain('<svg onload="window.__pwned=3"></svg>');
      expectInert(await inertnessWith(popup.evaluate));
      // The page ran its own script; nothing the extraction did brought its text to life.
      const pageWorld = () =>
        tab.evaluate(() => {
          const scope = window as unknown as Record<string, unknown>;
          return { own: scope.__pageOwnScript ?? null, pwned: scope.__pwned ?? null };
        }, null);
      expect(await pageWorld()).toEqual({ own: true, pwned: null });
      await popup.close();

      await tab.evaluate(() => fetch('/edition-2').then((response) => response.text()), null);
      await tab.reload();
      const edited = await started().browser.driver.popupFor(tab);
      await waitForSettled(edited.evaluate, 60_000);
      const changes = await readPopup(edited.evaluate);
      expect(changes.state).toBe('ready');
      expect(changes.changes.length).toBeGreaterThan(0);
      expect(JSON.stringify(changes.changes)).toContain('window.__pwned=3');
      expectInert(await inertnessWith(edited.evaluate));
      await edited.close();
      await tab.close();
    });

    it('shows them as inert text in the options page’s library and article page', async () => {
      const options = await started().browser.extensionPage('options.html', ROW);
      const row = await options.evaluate(
        (selector) => document.querySelector(selector)?.textContent ?? '',
        ROW,
      );
      expect(row).toContain(PAYLOADS[0]);
      expectInert(await inertnessWith(options.evaluate));
      await options.click(`${ROW} .cc-row-title`);
      await waitFor(
        options.evaluate,
        () =>
          document.querySelector('[data-testid="compare-versions"], [data-testid="compare-previous"]') !==
          null,
        null,
        'the article page to open',
      );
      expect(await options.evaluate(() => document.body.innerText, null)).toContain(PAYLOADS[0]);
      expectInert(await inertnessWith(options.evaluate));
      await options.close();
    });

    it('shows them as inert text in the comparison page', async () => {
      const { browser: opened } = started();
      const options = await opened.extensionPage('options.html', ROW);
      const library = await readLibraryWith(options.evaluate);
      await options.close();
      const versions = library.versions.map((version) => version.id).sort((a, b) => a - b);
      expect(versions).toHaveLength(2);
      const compare = await opened.extensionPage(
        `compare.html?before=${versions[0]}&after=${versions[1]}`,
        'mark',
      );
      const text = await compare.evaluate(() => document.body.innerText, null);
      expect(text).toContain('<svg onload="window.__pwned=3"></svg>');
      expect(text).toContain('<img src=x onerror="window.__pwned=1">');
      expectInert(await inertnessWith(compare.evaluate));
      await compare.close();
    });
  });

  describe(`odd pages (${browserLabel})`, () => {
    it('says a 10 MB, 50,000-element page is too large to be an article', async () => {
      const { tab, popup } = await popupOn(PATHS.huge);
      expect(await elementCount(tab)).toBeGreaterThanOrEqual(50_000);
      const view = await readPopup(popup.evaluate);
      expect(view).toMatchObject({ state: 'not-article', reason: 'too-large' });
      expect(view.text).toMatch(/KB of text|elements/);
      await popup.close();
      await tab.close();
    });

    it('analyses a long report inside 50,000 elements of page furniture', async () => {
      const { tab, popup } = await popupOn(PATHS.big);
      expect(await elementCount(tab)).toBeGreaterThanOrEqual(50_000);
      const view = await readPopup(popup.evaluate);
      expect(view.state).toBe('ready');
      expect(view.title).toContain('Floods: the long report');
      await popup.close();
      await tab.close();
    });

    it('says a page without sentences is not an article, even when the reader insists', async () => {
      const { tab, popup } = await popupOn(PATHS.none);
      const first = await readPopup(popup.evaluate);
      expect(first.state).toBe('not-article');
      expect(first.text).toMatch(/not look like an article/);
      const clicked = await popup.evaluate((label) => {
        const button = [...document.querySelectorAll('button')].find(
          (candidate) => candidate.textContent?.trim() === label,
        );
        button?.click();
        return button !== undefined;
      }, 'Analyse anyway');
      expect(clicked).toBe(true);
      await waitFor(
        popup.evaluate,
        () =>
          document.querySelector('[data-state]')?.getAttribute('data-state') === 'not-article' &&
          document.querySelector('[data-state]')?.getAttribute('data-reason') !== 'not-readerable',
        null,
        'the forced analysis to answer',
      );
      const forced = await readPopup(popup.evaluate);
      expect(forced.reason).toMatch(/no-content|empty/);
      expect(forced.text.length).toBeGreaterThan(first.title.length);
      await popup.close();
      await tab.close();
    });

    it('stores one coherent revision of a page that rewrites itself while it is read', async () => {
      const { browser: opened } = started();
      const { tab, popup } = await popupOn(PATHS.restless);
      expect((await readPopup(popup.evaluate)).state).toBe('ready');
      await popup.close();
      await tab.close();
      const options = await opened.extensionPage('options.html', 'body');
      const library = await readLibraryWith(options.evaluate);
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
}
