/**
 * The options page's flows, written once and run in each real browser by options.*.e2e.ts:
 * the library built by capturing the fixture pages through the popup, search, delete and undo,
 * export then import into a fresh profile, refusing damaged or hostile library files, and
 * auto-capture of an allowed page.
 * One browser and one local news site per file; tests run in order over the library they build.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseHtml } from '../../src/cli/load';
import { extractArticle } from '../../src/extract/index';
import type { LibraryPage, StoredVersion } from '../../src/protocol/types';
import { readFixture } from '../fixtures/pages';
import type { ExtensionDriver, TabHandle } from './harness/driver';
import { sendProtocolMessage, type ExtensionPageHandle } from './harness/extension-page';
import { waitFor } from './harness/popup';
import { HOSTILE_MARKUP, startNewsSite, type NewsSite } from './harness/site';
import { settledView } from './suite';

export interface OptionsBrowser {
  driver: ExtensionDriver;
  /** Opens `options.html<hash>` in a new tab once `readySelector` is on it. */
  optionsPage(hash: string, readySelector: string): Promise<ExtensionPageHandle>;
}

/** Launches the browser with the extension, each time in a fresh profile. */
export type LaunchOptionsBrowser = () => Promise<OptionsBrowser>;

const TITLES = {
  fox: 'US pushing for temporary Israel-Hezbollah ceasefire',
  abc: 'US urges diplomacy as Israel lays groundwork',
  council: 'approves water budget',
} as const;

const ROW = 'li[data-article-id]';
const SEARCH = '[data-testid="library-search"]';
const IMPORT_FILE = '[data-testid="import-file"]';

interface LibraryRow {
  id: string;
  title: string;
  versions: number;
}

function readRows(page: ExtensionPageHandle): Promise<LibraryRow[]> {
  return page.evaluate(
    () =>
      [...document.querySelectorAll('li[data-article-id]')].map((row) => ({
        id: row.getAttribute('data-article-id') ?? '',
        title: (row.querySelector('.cc-row-title')?.textContent ?? '').trim(),
        versions: Number(/\d+/.exec(row.querySelector('.cc-pill')?.textContent ?? '')?.[0] ?? NaN),
      })),
    null,
  );
}

/** Title and version count of each row, in a stable order, for comparing two libraries. */
const shapeOf = (rows: LibraryRow[]): string[] =>
  rows.map((row) => `${row.title} — ${row.versions}`).sort((a, b) => a.localeCompare(b));

/** Which of TITLES each row is (or its raw title), sorted. */
const namesOf = (rows: LibraryRow[]): string[] =>
  rows
    .map(
      (row) => Object.entries(TITLES).find(([, title]) => row.title.includes(title))?.[0] ?? `? ${row.title}`,
    )
    .sort();

/**
 * Waits until the library shows exactly the named articles; on timeout the assertion shows what
 * it shows instead.
 */
async function expectRows(page: ExtensionPageHandle, names: (keyof typeof TITLES)[]): Promise<LibraryRow[]> {
  const wanted = names.map((name) => TITLES[name]);
  await waitFor(
    page.evaluate,
    (titles) => {
      const shown = [...document.querySelectorAll('li[data-article-id] .cc-row-title')].map(
        (link) => link.textContent ?? '',
      );
      return shown.length === titles.length && titles.every((title) => shown.some((s) => s.includes(title)));
    },
    wanted,
    `the library to list ${names.join(', ')}`,
    10_000,
  ).catch(() => undefined);
  const rows = await readRows(page);
  expect(namesOf(rows)).toEqual([...names].sort());
  return rows;
}

/** The import report's text once it says `expected` (or, on timeout, whatever it says). */
async function importReportFor(page: ExtensionPageHandle, expected: RegExp): Promise<string> {
  await waitFor(
    page.evaluate,
    ({ source, flags }) =>
      new RegExp(source, flags).test(
        document.querySelector('[data-testid="import-report"]')?.textContent ?? '',
      ),
    { source: expected.source, flags: expected.flags },
    `an import report matching ${expected}`,
    20_000,
  ).catch(() => undefined);
  const text = await page.evaluate(
    () => document.querySelector<HTMLElement>('[data-testid="import-report"]')?.innerText ?? '',
    null,
  );
  expect(text).toMatch(expected);
  return text;
}

/** Anything a file's markup could have brought to life in the page. */
function injected(
  page: ExtensionPageHandle,
): Promise<{ elements: number; pwned: unknown; polluted: unknown }> {
  return page.evaluate(
    () => ({
      elements: document.querySelectorAll(
        'img, script:not([src]), iframe, object, embed, [onerror], [onload]',
      ).length,
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      polluted: ({} as Record<string, unknown>).polluted ?? null,
    }),
    null,
  );
}

/**
 * Valid JSON that a naive merge would let reach Object.prototype. Written by hand: an object
 * literal's `__proto__` sets the prototype instead of making a key.
 */
const PROTO_FILE = `{"format":"crosscheck-library","version":1,"exportedAt":"2026-01-01T00:00:00.000Z","articles":[{"__proto__":{"polluted":true},"url":"http://127.0.0.1/x","versions":[]}]}`;

/** The right format, every entry wrong: markup where text goes, wrong types, a script address. */
const WRONG_TYPES_FILE = JSON.stringify({
  format: 'crosscheck-library',
  version: 1,
  exportedAt: '2026-01-01T00:00:00.000Z',
  articles: [
    {
      url: 'http://127.0.0.1/a',
      versions: [
        {
          capturedAt: 'yesterday',
          article: { title: HOSTILE_MARKUP, url: 'http://127.0.0.1/a', paragraphs: ['x'] },
        },
      ],
    },
    {
      url: 'http://127.0.0.1/b',
      versions: [
        {
          capturedAt: 1_767_225_600_000,
          article: { title: 42, url: 'http://127.0.0.1/b', paragraphs: [`${HOSTILE_MARKUP} text.`] },
        },
      ],
    },
    {
      url: 'javascript:window.__pwned=4',
      versions: [
        {
          capturedAt: 1_767_225_600_000,
          article: { title: HOSTILE_MARKUP, url: 'javascript:window.__pwned=4', paragraphs: ['Text.'] },
        },
      ],
    },
    { url: HOSTILE_MARKUP, versions: 'all of them' },
    'not an article',
  ],
});

/** Pixels per row and rows of overscan of the virtualised list (src/ui/options/VirtualList.tsx). */
const ROW_HEIGHT = 64;
const OVERSCAN = 6;
/** Every tenth article of the long library holds this word. */
const MARKER = 'kestrel';

/** A library file of `count` one-version articles, "Long library row i", row 0 captured first. */
function longLibraryFile(count: number): string {
  const start = Date.UTC(2026, 0, 1);
  const articles = Array.from({ length: count }, (_, i) => {
    const url = `https://long.example/story-${i}`;
    const title = `Long library row ${i}`;
    return {
      url,
      versions: [
        {
          capturedAt: start + i * 60_000,
          article: {
            url,
            title,
            paragraphs: [`${title} says what the ${i % 10 === 3 ? MARKER : 'sparrow'} saw at the lake.`],
          },
        },
      ],
    };
  });
  return JSON.stringify({
    format: 'crosscheck-library',
    version: 1,
    exportedAt: new Date(start).toISOString(),
    articles,
  });
}

/** What the virtualised list holds in the DOM and shows. */
function listShape(page: ExtensionPageHandle) {
  return page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('[data-testid="library-list"]');
    const viewport = list?.parentElement;
    const rows = [...(list?.querySelectorAll<HTMLElement>('li[data-index]') ?? [])];
    const box = viewport?.getBoundingClientRect();
    const inView = rows.filter((row) => {
      const r = row.getBoundingClientRect();
      return box !== undefined && r.bottom > box.top && r.top < box.bottom && row.dataset.articleId;
    });
    return {
      rows: rows.length,
      setSize: rows[0]?.getAttribute('aria-setsize') ?? null,
      listHeight: list?.getBoundingClientRect().height ?? 0,
      viewportHeight: viewport?.clientHeight ?? 0,
      rowHeight: rows[0]?.getBoundingClientRect().height ?? 0,
      titlesInView: inView.map((row) => row.querySelector('.cc-row-title')?.textContent ?? ''),
      focused: document.activeElement?.getAttribute('aria-posinset') ?? null,
      status: document.querySelector('[data-testid="library-status"]')?.textContent ?? '',
    };
  }, null);
}

export function defineOptionsFlows(launch: LaunchOptionsBrowser): void {
  let site: NewsSite | undefined;
  let reader: OptionsBrowser | undefined;
  let options: ExtensionPageHandle | undefined;
  let files: string | undefined;
  let exported: string | undefined;

  const context = (): { site: NewsSite; reader: OptionsBrowser; files: string } => {
    if (!site || !reader || !files) throw new Error('The browser did not start; see beforeAll');
    return { site, reader, files };
  };
  const optionsTab = (): ExtensionPageHandle => {
    if (!options) throw new Error('The options page did not open; see the first test');
    return options;
  };

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'crosscheck-library-files-'));
    site = await startNewsSite();
    reader = await launch();
  });
  afterAll(async () => {
    await options?.close().catch(() => undefined);
    await reader?.driver.close();
    await site?.close();
    if (files) await rm(files, { recursive: true, force: true });
  });

  /** Opens the popup for the tab, as a reader does, which saves the article. */
  const captureThroughPopup = async (driver: ExtensionDriver, tab: TabHandle) => {
    const popup = await driver.popupFor(tab);
    const view = await settledView(popup);
    await popup.close();
    expect(view.state, `${tab.url()}: ${view.reason ?? ''} ${view.text.slice(0, 200)}`).toBe('ready');
  };

  it('lists the captured articles, the edited Fox report with both its versions', async () => {
    const { site: news, reader: browser } = context();
    const fox = await browser.driver.open(news.foxUrl);
    await captureThroughPopup(browser.driver, fox);
    for (const url of [news.abcUrl, news.hostileUrl]) {
      const tab = await browser.driver.open(url);
      await captureThroughPopup(browser.driver, tab);
      await tab.close();
    }
    options = await browser.optionsPage('', ROW);
    await expectRows(options, ['fox', 'abc', 'council']);

    // Fox edits the article and the reader opens it again in its tab: the options page, open
    // all along, follows without being reloaded.
    news.publishFoxEdit();
    await fox.reload();
    await captureThroughPopup(browser.driver, fox);
    await fox.close();
    await waitFor(
      options.evaluate,
      (title) =>
        [...document.querySelectorAll('li[data-article-id]')].some(
          (row) =>
            (row.querySelector('.cc-row-title')?.textContent ?? '').includes(title) &&
            /\b2\b/.test(row.querySelector('.cc-pill')?.textContent ?? ''),
        ),
      TITLES.fox,
      'the open options page to show the Fox report with its second version',
      10_000,
    );
    const rows = await expectRows(options, ['fox', 'abc', 'council']);
    const versionsOf = (title: string) => rows.find((row) => row.title.includes(title))?.versions;
    expect(versionsOf(TITLES.fox)).toBe(2);
    expect(versionsOf(TITLES.abc)).toBe(1);
    expect(versionsOf(TITLES.council)).toBe(1);
    // The council page's title is markup: the row shows it as text and builds nothing from it.
    expect(rows.find((row) => row.title.includes(TITLES.council))?.title).toContain(
      HOSTILE_MARKUP.slice(0, 20),
    );
    expect(await injected(options)).toEqual({ elements: 0, pwned: null, polluted: null });
  });

  it('narrows the list as the reader searches, and says when nothing matches', async () => {
    const page = optionsTab();
    await page.fill(SEARCH, 'Hezbollah');
    await expectRows(page, ['abc', 'fox']);
    await page.fill(SEARCH, 'ABC');
    await expectRows(page, ['abc']);

    await page.fill(SEARCH, 'zqxjvw');
    await waitFor(
      page.evaluate,
      () => /zqxjvw/.test(document.querySelector('.cc-empty')?.textContent ?? ''),
      null,
      'the no-match state',
      10_000,
    );
    expect(await readRows(page)).toEqual([]);
    expect(await page.evaluate(() => document.querySelector('.cc-empty')?.textContent ?? '', null)).toMatch(
      /No saved article matches/,
    );

    await page.fill(SEARCH, '');
    await expectRows(page, ['abc', 'council', 'fox']);
  });

  it('deletes an article after confirmation, and Undo brings it back', async () => {
    const page = optionsTab();
    const before = await readRows(page);
    const abc = before.find((row) => row.title.includes(TITLES.abc));
    expect(abc).toBeDefined();
    await page.click(`li[data-article-id="${abc?.id}"] [data-testid="delete-article"]`);
    await page.click('[data-testid="confirm-delete"]');
    await expectRows(page, ['council', 'fox']);

    // The search follows the deletion and the Undo (the background patches what it had loaded).
    await page.fill(SEARCH, 'ABC');
    await waitFor(
      page.evaluate,
      () => document.querySelector('.cc-empty') !== null,
      null,
      'no match for the deleted article',
      10_000,
    );
    await page.fill(SEARCH, '');
    await expectRows(page, ['council', 'fox']);

    await page.click('[data-testid="undo-delete"]');
    const after = await expectRows(page, ['abc', 'council', 'fox']);
    expect(shapeOf(after)).toEqual(shapeOf(before));
    await page.fill(SEARCH, 'ABC');
    await expectRows(page, ['abc']);
    await page.fill(SEARCH, '');
    await expectRows(page, ['abc', 'council', 'fox']);
  });

  it('exports the library, and importing the file into a fresh profile reproduces it', async () => {
    const { files: dir } = context();
    const page = optionsTab();
    const library = await readRows(page);
    await page.click('[data-testid="tab-data"]');
    const saved = await page.download('[data-testid="export-library"]');
    expect(saved.name).toMatch(/^crosscheck-library-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(saved.text) as { format: string; articles: { versions: unknown[] }[] };
    expect(file.format).toBe('crosscheck-library');
    expect(file.articles.map((article) => article.versions.length).sort((a, b) => a - b)).toEqual([1, 1, 2]);
    exported = saved.text;
    const exportPath = join(dir, saved.name);
    await writeFile(exportPath, saved.text);

    const fresh = await launch();
    try {
      const data = await fresh.optionsPage('#data', IMPORT_FILE);
      await data.setInputFile(IMPORT_FILE, exportPath);
      const report = await importReportFor(data, /Added 3 articles and 4 versions/);
      expect(report).toMatch(/0 items were rejected/);
      await data.click('[data-testid="tab-library"]');
      const imported = await expectRows(data, ['abc', 'council', 'fox']);
      expect(shapeOf(imported)).toEqual(shapeOf(library));
      expect(await injected(data)).toEqual({ elements: 0, pwned: null, polluted: null });
    } finally {
      await fresh.driver.close();
    }
  });

  it('refuses a truncated file and hostile files with a reason, and changes nothing', async () => {
    const { files: dir } = context();
    const page = optionsTab();
    if (!exported) throw new Error('The export test did not run');
    await page.click('[data-testid="tab-library"]');
    const library = await expectRows(page, ['abc', 'council', 'fox']);

    const attempts: { name: string; text: string; reason: RegExp }[] = [
      {
        name: 'truncated.json',
        text: exported.slice(0, Math.floor(exported.length / 2)),
        reason: /Import refused[\s\S]*not valid JSON/,
      },
      { name: 'proto.json', text: PROTO_FILE, reason: /Import refused[\s\S]*forbidden key "__proto__"/ },
      { name: 'wrong-types.json', text: WRONG_TYPES_FILE, reason: /Added 0 articles and 0 versions/ },
    ];
    for (const attempt of attempts) {
      const path = join(dir, attempt.name);
      await writeFile(path, attempt.text);
      await page.click('[data-testid="tab-data"]');
      await page.setInputFile(IMPORT_FILE, path);
      const report = await importReportFor(page, attempt.reason);
      if (attempt.name === 'wrong-types.json') {
        // Every entry is listed with why it was refused; the markup in them is shown as text.
        expect(report).toMatch(/5 items were rejected/);
        expect(report).toMatch(/capturedAt: expected a capture time/);
        expect(report).toMatch(/title: expected a string/);
        expect(report).toMatch(/only http\(s\) addresses are stored/);
        expect(report).toMatch(/"versions" must be a list/);
        expect(report).toContain(HOSTILE_MARKUP.slice(0, 20));
      }
      // An <img> from the file would be counted at once, before its onerror could ever run.
      expect(await injected(page), attempt.name).toEqual({ elements: 0, pwned: null, polluted: null });
      await page.click('[data-testid="tab-library"]');
      expect(shapeOf(await expectRows(page, ['abc', 'council', 'fox'])), attempt.name).toEqual(
        shapeOf(library),
      );
    }
  });

  it(
    'checks a large file in a worker: the page keeps answering, and the import reports as before',
    { timeout: 120_000 },
    async () => {
      const { files: dir } = context();
      const page = optionsTab();
      if (!exported) throw new Error('The export test did not run');
      // The exported library again, each version padded with a field the import ignores: ~24 MB
      // that take a second or more to parse and check, most of it spent in JSON.parse. On the
      // page's main thread that would be one long block; in the worker the page only forwards.
      const file = JSON.parse(exported) as { articles: { versions: Record<string, unknown>[] }[] };
      const notes = Array.from({ length: 140_000 }, (_, i) => ({ note: `padding ${i}, ignored`, n: i }));
      for (const entry of file.articles) for (const version of entry.versions) version.notes = notes;
      const text = JSON.stringify(file);
      expect(text.length).toBeGreaterThan(20_000_000);
      const path = join(dir, 'large.json');
      await writeFile(path, text);

      await page.click('[data-testid="tab-data"]');
      await page.evaluate(() => {
        // A heartbeat every few milliseconds: the longest gap between two beats is the longest
        // the page's main thread was busy (timers are not throttled in the visible tab).
        const beat = { last: performance.now(), longest: 0, beats: 0, stop: false };
        (window as unknown as { __ccBeat: typeof beat }).__ccBeat = beat;
        const tick = () => {
          const now = performance.now();
          beat.longest = Math.max(beat.longest, now - beat.last);
          beat.last = now;
          beat.beats++;
          if (!beat.stop) setTimeout(tick, 4);
        };
        setTimeout(tick, 4);
      }, null);
      await page.setInputFile(IMPORT_FILE, path);
      // Every version is in the library already: recognised, nothing added, nothing refused.
      const report = await importReportFor(page, /Added 0 articles and 0 versions/);
      expect(report).toMatch(/4 versions were already saved/);
      expect(report).toMatch(/0 items were rejected/);
      const beat = await page.evaluate(() => {
        const found = (window as unknown as { __ccBeat: { longest: number; beats: number; stop: boolean } })
          .__ccBeat;
        found.stop = true;
        return {
          longest: found.longest,
          beats: found.beats,
          checkedIn: document.querySelector('[data-testid="import-card"]')?.getAttribute('data-checked-in'),
        };
      }, null);
      expect(beat.checkedIn, 'where the file was checked').toBe('worker');
      expect(beat.beats, 'heartbeats during the import').toBeGreaterThan(20);
      // Parsing this file on the page blocks it for a second or more; a loaded machine may
      // delay a beat, never by that much.
      expect(beat.longest, 'longest main-thread block during the import, ms').toBeLessThan(250);
    },
  );

  it(
    'auto-captures an allowed page without the popup, extracting it in the background as from the live page',
    { timeout: 120_000 },
    async () => {
      const { site: news, reader: browser } = context();
      const page = optionsTab();
      // A report the library does not hold yet: ABC's page published under another story id,
      // with enough links in its footer that it travels in several messages (CAPTURED_PART_CHARS).
      const links = Array.from(
        { length: 2500 },
        (_, i) =>
          `<li><a class="more-link" href="/International/story-${i}">More from ABC News, number ${i}</a></li>`,
      );
      const html = readFixture('abc-ceasefire')
        .replaceAll('id=113998452', 'id=114000001')
        .replace('</body>', `<footer><nav><ul>${links.join('')}</ul></nav></footer></body>`);
      const path = '/International/auto-captured/story';
      news.server.setPage(path, html);
      const url = news.server.url(path);
      await sendProtocolMessage(page, 'setSettings', { autoCapture: 'all' });
      try {
        const stored = async () =>
          (
            await sendProtocolMessage<LibraryPage>(page, 'listLibrary', {
              text: '',
              outlet: null,
              sort: 'captured-desc',
              offset: 0,
              limit: 50,
            })
          ).items.find((item) => item.urlKey.includes('114000001'));
        // The background registers the content script after answering setSettings: a page opened
        // in that moment is not captured, so it is opened again until it is.
        let found = await stored();
        for (let attempt = 0; attempt < 3 && !found; attempt++) {
          const tab = await browser.driver.open(url);
          for (let waited = 0; waited < 15_000 && !found; waited += 250) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            found = await stored();
          }
          await tab.close();
        }
        expect(found, 'the auto-captured article in the library').toBeDefined();
        const version = await sendProtocolMessage<StoredVersion>(page, 'getVersion', {
          versionId: found?.latestVersionId,
        });
        const reference = extractArticle(parseHtml(html, url), url);
        expect(reference.ok).toBe(true);
        if (reference.ok) expect(version.article.paragraphs).toEqual(reference.article.paragraphs);
      } finally {
        await sendProtocolMessage(page, 'setSettings', { autoCapture: 'off' });
      }
    },
  );

  it(
    'keeps a 300-article library to the rows in view, scrolls and keys to its end, and narrows it by search',
    { timeout: 180_000 },
    async () => {
      const { files: dir } = context();
      const count = 300;
      const path = join(dir, 'long-library.json');
      await writeFile(path, longLibraryFile(count));
      const fresh = await launch();
      try {
        const data = await fresh.optionsPage('#data', IMPORT_FILE);
        await data.setInputFile(IMPORT_FILE, path);
        await importReportFor(data, /Added 300 articles and 300 versions/);
        await data.click('[data-testid="tab-library"]');
        await waitFor(
          data.evaluate,
          () => document.querySelectorAll('li[data-article-id]').length > 0,
          null,
          'the long library',
          15_000,
        );
        const top = await listShape(data);
        expect(top.setSize).toBe(String(count));
        expect(top.rowHeight).toBe(ROW_HEIGHT);
        expect(top.listHeight).toBe(count * ROW_HEIGHT);
        const bound = (viewport: number) => Math.ceil(viewport / ROW_HEIGHT) + 1 + 2 * OVERSCAN + 1;
        expect(top.viewportHeight).toBeGreaterThan(ROW_HEIGHT);
        expect(top.rows).toBeLessThanOrEqual(bound(top.viewportHeight));
        expect(top.titlesInView[0]).toBe(`Long library row ${count - 1}`);

        // Scrolled to the end, the oldest article shows, and the DOM still holds a window.
        await data.evaluate(() => {
          const viewport = document.querySelector('[data-testid="library-list"]')?.parentElement;
          if (viewport) viewport.scrollTop = viewport.scrollHeight;
        }, null);
        await waitFor(
          data.evaluate,
          () =>
            [...document.querySelectorAll('li[data-article-id] .cc-row-title')].some(
              (title) => title.textContent === 'Long library row 0',
            ),
          null,
          'the last row after scrolling',
          10_000,
        );
        const end = await listShape(data);
        expect(end.titlesInView.at(-1)).toBe('Long library row 0');
        expect(end.rows).toBeLessThanOrEqual(bound(end.viewportHeight));

        // Keys: Home focuses and shows the first row, End the last.
        // Sent to the focused row (the first row when focus is elsewhere), as a key press would be.
        const press = (key: string) =>
          data.evaluate((name) => {
            const list = document.querySelector('[data-testid="library-list"]');
            let target = document.activeElement as HTMLElement | null;
            if (!list || !target || !list.contains(target)) {
              target = list?.querySelector<HTMLElement>('li[data-index]') ?? null;
              target?.focus();
            }
            target?.dispatchEvent(
              new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }),
            );
          }, key);
        await press('Home');
        await waitFor(
          data.evaluate,
          () => document.activeElement?.getAttribute('aria-posinset') === '1',
          null,
          'the first row focused',
          10_000,
        );
        expect((await listShape(data)).titlesInView[0]).toBe(`Long library row ${count - 1}`);
        await press('End');
        await waitFor(
          data.evaluate,
          () => document.activeElement?.getAttribute('aria-posinset') === '300',
          null,
          'the last row focused',
          10_000,
        );
        await waitFor(
          data.evaluate,
          () => document.activeElement?.querySelector('.cc-row-title')?.textContent === 'Long library row 0',
          null,
          'the last row loaded',
          10_000,
        );
        expect((await listShape(data)).titlesInView.at(-1)).toBe('Long library row 0');

        // A search narrows the list and the count, and starts again at the top.
        await data.fill(SEARCH, MARKER);
        await waitFor(
          data.evaluate,
          () =>
            /^30 of 300 articles/.test(
              document.querySelector('[data-testid="library-status"]')?.textContent ?? '',
            ),
          null,
          'the narrowed count',
          10_000,
        );
        const narrowed = await listShape(data);
        expect(narrowed.setSize).toBe('30');
        expect(narrowed.listHeight).toBe(30 * ROW_HEIGHT);
        expect(narrowed.titlesInView[0]).toBe('Long library row 293');
        expect(narrowed.titlesInView.every((title) => /row \d*3$/.test(title))).toBe(true);
        expect(narrowed.rows).toBeLessThanOrEqual(bound(narrowed.viewportHeight));
      } finally {
        await fresh.driver.close();
      }
    },
  );
}
