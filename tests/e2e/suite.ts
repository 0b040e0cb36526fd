/**
 * The acceptance flows, written once and run in each real browser by its *.e2e.ts file: one
 * browser and one local news site per file, tests in order (the library they build up is shared).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExtensionDriver, PopupHandle, TabHandle } from './harness/driver';
import { expandEverything, readPopup, waitFor, waitForSettled, type PopupView } from './harness/popup';
import { HOSTILE_MARKUP, startNewsSite, type NewsSite } from './harness/site';

export interface SuiteContext {
  site: NewsSite;
  driver: ExtensionDriver;
}

export interface SuiteHooks {
  /** Runs between the first capture of the Fox article and opening the popup on its edit. */
  betweenCaptureAndEdit?: (context: SuiteContext) => Promise<void>;
}

export async function settledView(popup: PopupHandle): Promise<PopupView> {
  await waitForSettled(popup.evaluate);
  return readPopup(popup.evaluate);
}

export function defineAcceptanceFlows(
  launch: () => Promise<ExtensionDriver>,
  hooks: SuiteHooks = {},
): () => SuiteContext {
  let site: NewsSite | undefined;
  let driver: ExtensionDriver | undefined;
  const context = (): SuiteContext => {
    if (!site || !driver) throw new Error('The browser did not start; see beforeAll');
    return { site, driver };
  };

  beforeAll(async () => {
    site = await startNewsSite();
    driver = await launch();
  });
  afterAll(async () => {
    await driver?.close();
    await site?.close();
  });

  const popupFor = async (tab: TabHandle): Promise<{ popup: PopupHandle; view: PopupView }> => {
    const popup = await context().driver.popupFor(tab);
    return { popup, view: await settledView(popup) };
  };

  it('shows the open article’s title in the popup for its tab', async () => {
    const tab = await context().driver.open(context().site.abcUrl);
    const { popup, view } = await popupFor(tab);
    expect(view.state).toBe('ready');
    expect(view.title).toContain('US urges diplomacy as Israel lays groundwork for possible ground invasion');
    await popup.close();
    await tab.close();
  });

  it('saves the first version, then shows what the in-place edit changed, and how ABC’s report differs', async () => {
    const { site: news, driver: browser } = context();
    const fox = await browser.open(news.foxUrl);
    const first = await popupFor(fox);
    expect(first.view.state).toBe('ready');
    expect(first.view.changesNote).toContain('Saved — nothing earlier to compare with yet');
    await first.popup.close();

    await hooks.betweenCaptureAndEdit?.(context());

    news.publishFoxEdit();
    await fox.reload();
    const edited = await popupFor(fox);
    expect(edited.view.state).toBe('ready');
    await expandEverything(edited.popup.evaluate);
    const view = await readPopup(edited.popup.evaluate);

    const numberChange = view.changes.find(
      (difference) => difference.kind === 'changed' && difference.facets.includes('number'),
    );
    expect(numberChange, JSON.stringify(view.changes.map((d) => [d.kind, d.facets]))).toBeDefined();
    expect(`${numberChange?.before} ${numberChange?.facetLines.join(' ')}`).toContain('40,000');
    expect(`${numberChange?.after} ${numberChange?.facetLines.join(' ')}`).toContain('a small number');
    expect(view.changes.some((difference) => difference.facets.includes('attribution'))).toBe(true);

    const abc = view.siblings.find((sibling) => /ABC/i.test(sibling.outlet));
    expect(abc, JSON.stringify(view.siblings.map((s) => s.outlet))).toBeDefined();
    const quotes = abc?.groups
      .flatMap((group) => group.differences)
      // Both outlets quote Singh on Wednesday with other words: different excerpts, not a misquote.
      .filter((d) => d.kind === 'different-excerpts');
    expect(quotes?.length ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(quotes)).toMatch(/Singh|Sabrina/);
    await edited.popup.close();
    await fox.close();
  });

  it('fetches nothing but the pages the reader opened', () => {
    const { site: news } = context();
    const opened = [news.foxUrl, news.abcUrl, news.hostileUrl].map((url) => new URL(url).pathname);
    const served = new Set(['/favicon.ico', ...opened]);
    const foreign = news.server.requests.filter(
      (request) => request.method !== 'GET' || !served.has(new URL(request.url, 'http://x').pathname),
    );
    expect(foreign).toEqual([]);
  });

  it('shows markup and script from the page as inert text', async () => {
    const tab = await context().driver.open(context().site.hostileUrl);
    const { popup, view } = await popupFor(tab);
    expect(view.text).toContain(HOSTILE_MARKUP.slice(0, 20));
    const injected = await popup.evaluate(
      () => ({
        elements: document.body.querySelectorAll('img, script, iframe, object').length,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      }),
      null,
    );
    expect(injected).toEqual({ elements: 0, pwned: null });
    // onerror would fire asynchronously after an <img src=x> failed to load: look again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await waitFor(
      popup.evaluate,
      () => (window as unknown as { __pwned?: unknown }).__pwned === undefined,
      null,
      'no script ran',
    );
    await popup.close();
    await tab.close();
  });

  return context;
}
