// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- async stand-ins for an async interface, and act() callbacks */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../src/ui/options/OptionsApp';
import { FLING_PX, OVERSCAN, ROW_HEIGHT, SETTLE_MS } from '../../src/ui/options/VirtualList';
import {
  bulkLibrary,
  FakeBackground,
  fakePage,
  makeArticle,
  seedLibrary,
  type FakePage,
} from './options-fixtures';
import { byTestId, click, rowIds, typeInto, waitFor } from './options-dom';

let container: HTMLElement;

beforeEach(() => {
  location.hash = '';
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => render(null, container));
  container.remove();
});

async function mount(page: FakePage, hash = ''): Promise<void> {
  location.hash = hash;
  await act(async () => render(<OptionsApp client={page} />, container));
}

describe('library', () => {
  it('lists every saved article with its id and a status line', async () => {
    const { background } = seedLibrary();
    await mount(fakePage(background));
    await waitFor(() => rowIds(container).length === 2, 'rows');
    expect(rowIds(container).sort()).toEqual([1, 2]);
    const status = await waitFor(() => byTestId(container, 'library-status')?.textContent, 'status');
    expect(status).toMatch(/^2 articles · 3 versions · search took \d+ ms$/);
  });

  it('filters by the article text as you type', async () => {
    const { background } = seedLibrary();
    await mount(fakePage(background));
    await waitFor(() => rowIds(container).length === 2, 'rows');
    // "Mossad" is only in ABC's report.
    await typeInto(byTestId<HTMLInputElement>(container, 'library-search')!, 'Mossad');
    await waitFor(() => rowIds(container).length === 1, 'filtered rows');
    expect(rowIds(container)).toEqual([2]);
    expect(byTestId(container, 'library-status')?.textContent).toMatch(/^1 of 2 articles match/);

    await typeInto(byTestId<HTMLInputElement>(container, 'library-search')!, 'no such words anywhere');
    await waitFor(() => container.textContent?.includes('No saved article matches'), 'no-match state');
    expect(rowIds(container)).toEqual([]);
  });

  it('follows a capture made in another tab: the background says the library changed', async () => {
    const { background } = seedLibrary();
    const listeners: (() => void)[] = [];
    const page: FakePage = {
      ...fakePage(background),
      onLibraryChanged: (listener) => {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    };
    await mount(page);
    await waitFor(() => rowIds(container).length === 2, 'rows');
    expect(listeners).toHaveLength(1);
    background.add(3, 'reuters.com', [
      makeArticle('https://www.reuters.com/world/ceasefire', 'Reuters', 'Reuters on the ceasefire', [
        'Talks went on.',
      ]),
    ]);
    await act(async () => listeners.forEach((listener) => listener()));
    await waitFor(() => rowIds(container).length === 3, 'the new row');
    expect(rowIds(container).sort()).toEqual([1, 2, 3]);
    await act(async () => render(null, container));
    expect(listeners).toHaveLength(0);
  });

  it('says honestly that nothing is saved yet', async () => {
    await mount(fakePage(new FakeBackground()));
    await waitFor(() => container.textContent?.includes('Nothing saved yet'), 'empty state');
    expect(rowIds(container)).toEqual([]);
  });

  it('keeps only the rows in view of a 10,000-article library in the DOM, and scrolls and keys through it', async () => {
    const page = fakePage(bulkLibrary(10_000));
    await mount(page);
    await waitFor(() => rowIds(container).length > 0, 'rows');
    // jsdom lays nothing out: the list assumes a 640-pixel viewport, 10 rows and the overscan.
    const inDom = () => container.querySelectorAll('li[data-index]').length;
    expect(inDom()).toBeLessThanOrEqual(10 + 2 * OVERSCAN + 1);
    expect(byTestId(container, 'library-status')?.textContent).toMatch(/^10,000 articles/);
    const list = byTestId(container, 'library-list')!;
    expect(list.style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    const newest = rowIds(container)[0];
    expect(newest).toBe(10_000);
    expect(list.querySelector('li')?.getAttribute('aria-setsize')).toBe('10000');

    // Scrolled to the end: placeholders first, then the last rows, read by range.
    const viewport = list.parentElement!;
    await act(async () => {
      viewport.scrollTop = 10_000 * ROW_HEIGHT - 640;
      viewport.dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => rowIds(container).includes(1), 'the oldest article');
    expect(inDom()).toBeLessThanOrEqual(10 + 2 * OVERSCAN + 1);
    expect(container.querySelector('li[data-article-id="1"]')?.getAttribute('aria-posinset')).toBe('10000');

    // Keys: Home goes back to the first row and focuses it; End to the last; ArrowDown one on.
    const key = async (name: string) =>
      act(async () => {
        (document.activeElement ?? list).dispatchEvent(
          new KeyboardEvent('keydown', { key: name, bubbles: true }),
        );
      });
    await act(async () => list.querySelector<HTMLElement>('li[data-index]')!.focus());
    await key('Home');
    await waitFor(() => document.activeElement?.getAttribute('data-index') === '0', 'the first row focused');
    expect(viewport.scrollTop).toBe(0);
    await key('ArrowDown');
    await waitFor(() => document.activeElement?.getAttribute('data-index') === '1', 'the second row focused');
    await key('End');
    await waitFor(
      () => document.activeElement?.getAttribute('data-index') === '9999',
      'the last row focused',
    );
    await waitFor(
      () => document.activeElement?.getAttribute('data-article-id') === '1',
      'the last row loaded',
    );

    await typeInto(byTestId<HTMLInputElement>(container, 'library-search')!, 'story number 9999');
    await waitFor(() => rowIds(container).length === 1, 'search result');
    expect(rowIds(container)).toEqual([9999]);
    expect(viewport.scrollTop).toBe(0);
  });

  it('shows rows that come in during a fling by their title alone, and in full once the list rests', async () => {
    const page = fakePage(bulkLibrary(1_000));
    await mount(page);
    await waitFor(() => rowIds(container).length > 0, 'rows');
    const list = byTestId(container, 'library-list')!;
    const viewport = list.parentElement!;
    const scrollTo = (top: number) =>
      act(async () => {
        viewport.scrollTop = top;
        viewport.dispatchEvent(new Event('scroll'));
      });
    const row = (index: number) => list.querySelector<HTMLElement>(`li[data-index="${index}"]`);
    const isFull = (index: number) => row(index)?.querySelector('.cc-row-check') !== null;

    // A step of FLING_PX is no fling: the rows coming in are full at once.
    await scrollTo(FLING_PX);
    const bottom = Math.ceil((FLING_PX + 640) / ROW_HEIGHT) + OVERSCAN - 1;
    await waitFor(() => row(bottom)?.hasAttribute('data-article-id'), 'the bottom row, loaded');
    expect(isFull(bottom)).toBe(true);

    // Three rows at once are: the rows that come in show their title, as text, with their place
    // in the list; the rows already in the DOM stay full.
    await scrollTo(FLING_PX + 3 * ROW_HEIGHT);
    const incoming = bottom + 3;
    await waitFor(() => row(incoming)?.hasAttribute('data-article-id'), 'the incoming row, loaded');
    expect(isFull(incoming)).toBe(false);
    expect(row(incoming)?.querySelector('.cc-row-title')?.textContent).toMatch(/\S/);
    expect(row(incoming)?.getAttribute('aria-posinset')).toBe(String(incoming + 1));
    expect(isFull(bottom)).toBe(true);

    await act(async () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 50)));
    await waitFor(() => isFull(incoming), 'the incoming row in full once the list rests');
    const rows = [...list.querySelectorAll<HTMLElement>('li[data-article-id]')];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((li) => li.querySelector('.cc-row-check') !== null)).toBe(true);
  });

  it('shows hostile titles as text, never as markup', async () => {
    const background = new FakeBackground();
    background.add(5, 'evil.example', [
      makeArticle('https://evil.example/a', 'Evil', '<img src=x onerror=alert(1)><script>alert(2)</script>', [
        'Body.',
      ]),
    ]);
    await mount(fakePage(background));
    await waitFor(() => rowIds(container).length === 1, 'row');
    expect(container.querySelectorAll('img, script')).toHaveLength(0);
    expect(container.textContent).toContain('<img src=x onerror=alert(1)><script>alert(2)</script>');
  });
});

describe('deleting', () => {
  it('asks first, deletes on confirmation, and offers Undo', async () => {
    const { background } = seedLibrary();
    await mount(fakePage(background));
    await waitFor(() => rowIds(container).length === 2, 'rows');

    const row = container.querySelector('[data-article-id="1"]')!;
    await click(byTestId(row, 'delete-article')!);
    const dialog = container.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('US pushes temporary ceasefire');
    expect(document.activeElement).toBe(byTestId(dialog, 'cancel-delete'));
    expect(background.calls.deleteItems).toBeUndefined();

    await click(byTestId(dialog, 'confirm-delete')!);
    await waitFor(() => rowIds(container).length === 1, 'row removed');
    expect(background.calls.deleteItems).toEqual([{ kind: 'article', articleId: 1 }]);
    expect(dialog.open).toBe(false);

    const undo = await waitFor(() => byTestId(container, 'undo-delete'), 'undo button');
    await click(undo);
    await waitFor(() => rowIds(container).length === 2, 'row restored');
    expect(background.calls.undoDelete).toHaveLength(1);
  });

  it('does nothing when the reader cancels', async () => {
    const { background } = seedLibrary();
    await mount(fakePage(background));
    await waitFor(() => rowIds(container).length === 2, 'rows');
    await click(byTestId(container.querySelector('[data-article-id="2"]')!, 'delete-article')!);
    await click(byTestId(container, 'cancel-delete')!);
    expect(container.querySelector('dialog')!.open).toBe(false);
    expect(background.calls.deleteItems).toBeUndefined();
    expect(rowIds(container)).toHaveLength(2);
  });
});

describe('import and export', () => {
  async function importFile(page: FakePage, text: string): Promise<HTMLElement> {
    await mount(page, '#data');
    const input = await waitFor(() => byTestId<HTMLInputElement>(container, 'import-file'), 'file input');
    const file = new File([text], 'library.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    return waitFor(() => byTestId(container, 'import-report'), 'import report');
  }

  it('reports what was added, the duplicates and each rejection with its reason', async () => {
    const { background } = seedLibrary();
    background.importReport = {
      ok: true,
      articlesAdded: 1,
      versionsAdded: 2,
      duplicates: 3,
      rejected: [{ item: 'article 4 (https://example.com/x)', reason: 'no paragraphs' }],
      fatal: null,
    };
    const article = makeArticle('https://example.com/x', 'Example', 'X', ['Some text.']);
    const file = {
      format: 'crosscheck-library',
      version: 1,
      exportedAt: '2024-09-25T12:00:00.000Z',
      articles: [{ url: article.url, versions: [{ capturedAt: 1_727_000_000_000, article }] }],
    };
    const report = await importFile(fakePage(background), JSON.stringify(file));
    // The page validated the file and sent its one valid version in one batch; a version 1 file's
    // versions are the reader's own.
    expect(background.calls.importLibraryBatch).toEqual([
      {
        articles: [
          {
            item: 'articles[0] (https://example.com/x)',
            versions: [{ ...file.articles[0]!.versions[0]!, origin: { kind: 'reader' } }],
          },
        ],
      },
    ]);
    expect(report.textContent).toContain('Added 1 article and 2 versions.');
    expect(report.textContent).toContain('3 versions were already saved.');
    const rejection = byTestId(report, 'import-rejections')!;
    expect(rejection.textContent).toContain('article 4 (https://example.com/x)');
    expect(rejection.textContent).toContain('no paragraphs');
  });

  it('says nothing was changed when the whole file is refused', async () => {
    const { background } = seedLibrary();
    background.importReport = {
      ok: false,
      articlesAdded: 0,
      versionsAdded: 0,
      duplicates: 0,
      rejected: [],
      fatal: 'This is not a Crosscheck export file.',
    };
    const report = await importFile(fakePage(background), 'not json');
    // Refused by the page's own check of the whole file, before anything is sent.
    expect(report.textContent).toContain('not valid JSON (damaged or truncated file)');
    expect(report.textContent).toContain('Nothing was changed.');
    expect(background.calls.importLibraryBatch).toBeUndefined();
  });

  it('exports the whole library or just the ticked articles', async () => {
    const { background } = seedLibrary();
    const page = fakePage(background);
    await mount(page, '#data');
    await click(await waitFor(() => byTestId(container, 'export-library'), 'export button'));
    await waitFor(() => page.saved.length === 1, 'file saved');
    expect(background.calls.exportLibraryPage).toEqual([
      { articleIds: null, offset: 0, versionOffset: 0, limit: 200 },
    ]);
    expect(page.saved[0]!.name).toMatch(/^crosscheck-library-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(page.saved[0]!.text) as { format: string; version: number; articles: unknown[] };
    expect(file).toMatchObject({ format: 'crosscheck-library', version: 2 });
    expect(file.articles).toHaveLength(2);

    await act(async () => {
      location.hash = '#library';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    const check = await waitFor(
      () => container.querySelector<HTMLInputElement>('[data-article-id="2"] input[type=checkbox]'),
      'row',
    );
    await click(check);
    await click(await waitFor(() => byTestId(container, 'export-selected'), 'export selected'));
    await waitFor(() => page.saved.length === 2, 'selection saved');
    expect(background.calls.exportLibraryPage?.[1]).toMatchObject({ articleIds: [2], offset: 0 });
  });
});

describe('outlets and settings', () => {
  it('asks the browser for an outlet before turning its auto-capture on', async () => {
    const { background } = seedLibrary();
    const page = fakePage(background);
    await mount(page, '#outlets');
    const row = await waitFor(() => container.querySelector('tr[data-outlet="foxnews.com"]'), 'outlet row');
    await click(byTestId(row, 'outlet-auto-capture')!);
    await waitFor(() => background.calls.setOutletPolicy?.length === 1, 'policy set');
    expect(page.permissionRequests).toEqual([['https://*.foxnews.com/*', 'http://*.foxnews.com/*']]);
    expect(background.calls.setOutletPolicy).toEqual([{ outlet: 'foxnews.com', autoCapture: true }]);
  });

  it('leaves auto-capture off when the browser refuses the permission', async () => {
    const { background } = seedLibrary();
    const page = fakePage(background);
    page.grant = false;
    await mount(page, '#settings');
    await click(await waitFor(() => byTestId(container, 'auto-capture-all'), 'mode radio'));
    await waitFor(
      () => container.textContent?.includes('did not grant access to all sites'),
      'refusal notice',
    );
    expect(page.permissionRequests).toEqual([['http://*/*', 'https://*/*']]);
    expect(background.calls.setSettings).toBeUndefined();
    expect(background.settings.autoCapture).toBe('off');
  });
});

describe('article page', () => {
  it('shows the versions on a timeline and opens comparisons in a tab', async () => {
    const { background, versionIds } = seedLibrary();
    const page = fakePage(background);
    await mount(page, '#article/1');
    await waitFor(() => container.querySelectorAll('[data-version-id]').length === 2, 'timeline');
    expect(container.textContent).toContain('First capture');
    expect(container.textContent).toContain('5 changes');

    await click(byTestId(container, 'compare-versions')!);
    expect(page.opened).toEqual([`compare.html?before=${versionIds.v1}&after=${versionIds.v2}`]);
    await click(byTestId(container, 'compare-sibling')!);
    expect(page.opened[1]).toBe(`compare.html?before=${versionIds.v2}&after=${versionIds.abc}&sibling=1`);
  });
});
