/**
 * Earlier versions from a web archive, as a new reader meets them, written once and run in each
 * real browser by archive.*.e2e.ts: the edited Fox article opened with nothing stored before, the
 * archive stand-in (tests/stand-ins/archive-server.ts) chosen in the options page, and "Look for
 * earlier versions" in the popup. Nothing may reach the archive before that click.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedCaptures, start, type ArchiveStandIn } from '../stand-ins/archive-server';
import type { ExtensionDriver } from './harness/driver';
import type { ExtensionPageHandle, SavedFile } from './harness/extension-page';
import { expandEverything, readPopup, waitFor } from './harness/popup';
import { startNewsSite, type NewsSite } from './harness/site';
import { settledView } from './suite';

/** The address the Fox page names as canonical: what an archive holds captures of. */
const FOX_ADDRESS =
  'https://www.foxnews.com/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war';

export interface ArchiveBrowser {
  driver: ExtensionDriver;
  optionsPage(hash: string, readySelector: string): Promise<ExtensionPageHandle>;
  /** Saves a picture of the open popup page, for a person to look at (ARCHIVE_SCREENSHOTS=<dir>). */
  screenshot(path: string): Promise<void>;
  /** Clicks `selector` in the open popup page as a user would and returns the file it saved as a download. */
  popupDownload(selector: string): Promise<SavedFile>;
}

export function defineArchiveFlows(launch: () => Promise<ArchiveBrowser>): void {
  let site: NewsSite | undefined;
  let archive: ArchiveStandIn | undefined;
  let browser: ArchiveBrowser | undefined;

  beforeAll(async () => {
    site = await startNewsSite();
    // The reader arrives after the edit: the live page is the edited article.
    site.publishFoxEdit();
    archive = await start({ captures: () => seedCaptures(FOX_ADDRESS) });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.driver.close();
    await archive?.stop();
    await site?.close();
  });

  it('points the archive setting at the stand-in through the options page', async () => {
    if (!browser || !archive) throw new Error('The browser did not start');
    const options = await browser.optionsPage('#settings', '[data-testid="archive-base"]');
    expect(
      await options.evaluate(
        () => (document.querySelector('[data-testid="archive-on-open"]') as HTMLInputElement).checked,
        null,
      ),
    ).toBe(false);
    await options.fill('[data-testid="archive-base"]', archive.base);
    await options.click('[data-testid="save-archive"]');
    await waitFor(
      options.evaluate,
      () => document.querySelector('.cc-inline-ok') !== null,
      null,
      'the archive setting saved',
    );
    await options.close();
    expect(archive.requests).toEqual([]);
  });

  it('shows the 40,000 → "a small number" edit after "Look for earlier versions", on the first visit', async () => {
    if (!browser || !archive || !site) throw new Error('The browser did not start');
    const tab = await browser.driver.open(site.foxUrl);
    const popup = await browser.driver.popupFor(tab);
    const first = await settledView(popup);
    expect(first.state).toBe('ready');
    expect(first.changesNote).toContain('Saved — nothing earlier to compare with yet');
    await waitFor(
      popup.evaluate,
      () => document.querySelector('[data-archive-lookup]') !== null,
      null,
      'the archive button',
    );
    // Nothing was sent to the archive before the reader asked.
    expect(archive.requests).toEqual([]);

    const began = Date.now();
    await popup.evaluate(
      () => (document.querySelector('[data-archive-lookup]') as HTMLButtonElement).click(),
      null,
    );
    await waitFor(
      popup.evaluate,
      () =>
        document.querySelector('[data-archive-result]') !== null &&
        document.querySelector('[data-section="changes"] li[data-kind]') !== null,
      null,
      'the changes since the earliest capture',
      60_000,
    );
    const tookMs = Date.now() - began;
    await settledView(popup);
    await expandEverything(popup.evaluate);
    const view = await readPopup(popup.evaluate);
    const numberChange = view.changes.find(
      (difference) => difference.kind === 'changed' && difference.facets.includes('number'),
    );
    expect(numberChange, JSON.stringify(view.changes.map((d) => [d.kind, d.facets]))).toBeDefined();
    expect(`${numberChange?.before} ${numberChange?.facetLines.join(' ')}`).toContain('40,000');
    expect(`${numberChange?.after} ${numberChange?.facetLines.join(' ')}`).toContain('a small number');
    // The version compared with is named by its origin and the archive's time, in UTC, written
    // as the browser's language writes dates.
    const captured = await popup.evaluate(
      (time) =>
        new Intl.DateTimeFormat(navigator.language, {
          year: 'numeric',
          month: 'short',
          day: 'numeric',
          hour: 'numeric',
          minute: '2-digit',
          timeZone: 'UTC',
          timeZoneName: 'short',
        }).format(new Date(time)),
      Date.UTC(2024, 8, 25, 13, 52),
    );
    expect(captured).toMatch(/2024.*UTC/);
    expect(view.text).toContain(`${new URL(archive.base).host}, captured ${captured}`);
    expect(view.text).toContain('Added 1 earlier version from the archive.');

    // Only the article's address went to the archive: one CDX query and raw captures of it.
    const kinds = archive.requests.map((request) => request.kind);
    expect(kinds[0]).toBe('cdx');
    expect(kinds.slice(1).every((kind) => kind === 'raw')).toBe(true);
    for (const request of archive.requests) expect(decodeURIComponent(request.path)).toContain(FOX_ADDRESS);

    // "Save report" from the popup's changes: one self-contained HTML file reaches the downloads.
    const saved = await browser.popupDownload('[data-save-report]');
    // Named by the address the reader has open (here the local news site's) and both versions' hashes.
    const host = new URL(site.foxUrl).hostname.replace(/\./g, '\\.');
    expect(saved.name).toMatch(new RegExp(`^crosscheck-report-${host}-\\w{8}-\\w{8}\\.html$`));
    expect(saved.text).toMatch(/^<!doctype html>/);
    expect(saved.text).toContain(`default-src 'none'`);
    expect(saved.text).toContain(
      `capture address: <span class="address">${archive.base}/web/20240925135200id_/`,
    );
    expect(saved.text).toContain('40,000');
    expect(saved.text).not.toMatch(/<script|<img|<link|\ssrc=|\shref=/i);

    const shots = process.env.ARCHIVE_SCREENSHOTS;
    if (shots) await browser.screenshot(`${shots}/archive-${browser.driver.browserName}.png`);
    console.log(
      `archive e2e: lookup and re-analysis ${tookMs} ms, ${archive.requests.length} archive requests ` +
        `(${kinds.filter((k) => k === 'raw').length} captures read)`,
    );
    await popup.close();
    await tab.close();
  });

  it('"Check web archives for articles I open" looks a new article up by itself once, not on every open', async () => {
    if (!browser || !archive || !site) throw new Error('The browser did not start');
    const options = await browser.optionsPage('#settings', '[data-testid="archive-on-open"]');
    await options.click('[data-testid="archive-on-open"]');
    await waitFor(
      options.evaluate,
      () =>
        (document.querySelector('[data-testid="archive-on-open"]') as HTMLInputElement).checked &&
        document.querySelector('.cc-inline-ok') !== null,
      null,
      'the setting turned on',
    );
    await options.close();
    archive.requests.length = 0;

    // ABC's report, opened for the first time: looked up on open, without a click.
    const tab = await browser.driver.open(site.abcUrl);
    const first = await browser.driver.popupFor(tab);
    expect((await settledView(first)).state).toBe('ready');
    await waitFor(
      first.evaluate,
      () => document.querySelector('[data-archive-result]') !== null,
      null,
      'the lookup on open',
      60_000,
    );
    expect(
      await first.evaluate(() => document.querySelector('[data-archive-result]')?.textContent, null),
    ).toBe(`No archived copies of this address in ${new URL(archive.base).host}.`);
    expect(archive.requests.map((request) => request.kind)).toEqual(['cdx']);
    expect(decodeURIComponent(archive.requests[0]!.path)).toContain('abcnews.go.com');
    await first.close();

    // Opened again: the article was looked up already, so nothing is sent and the button waits.
    const second = await browser.driver.popupFor(tab);
    expect((await settledView(second)).state).toBe('ready');
    await waitFor(
      second.evaluate,
      () => document.querySelector('[data-archive-lookup]') !== null,
      null,
      'the archive button',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(archive.requests).toHaveLength(1);
    expect(
      await second.evaluate(
        () => document.querySelector('[data-section="archive"]')?.getAttribute('data-archive-state'),
        null,
      ),
    ).toBe('idle');
    await second.close();
    await tab.close();
  });
}
