// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- act() callbacks */
/**
 * The options page exporting and importing a library larger than one message, against the real
 * service over fake-indexeddb: every message crosses a JSON boundary as it would in Chrome, and
 * its size is recorded.
 */
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProtocolMap } from '../../src/protocol/types';
import { TRANSFER_LIMITS } from '../../src/model/library-file';
import type { CrosscheckService } from '../../src/service/service';
import type { ProtocolClient } from '../../src/ui/shared/client';
import { OptionsApp } from '../../src/ui/options/OptionsApp';
import { FakeBackground, fakePage, type FakePage } from './options-fixtures';
import { byTestId, click, waitFor } from './options-dom';
import { freshService, librarySnapshot, seedArticle, syntheticLibraryFile } from './service-fixtures';

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

interface Wire {
  page: FakePage;
  calls: Partial<Record<keyof ProtocolMap, number>>;
  /** Longest JSON of any message or answer. */
  largest: number;
}

/** The options page's client bound to a real service, through JSON as Chrome's messaging is. */
function wired(service: CrosscheckService): Wire {
  const wire: Wire = { page: fakePage(new FakeBackground()), calls: {}, largest: 0 };
  const cross = <T,>(value: T): T => {
    const json = JSON.stringify(value);
    wire.largest = Math.max(wire.largest, json.length);
    return JSON.parse(json) as T;
  };
  const handlers: Partial<{ [K in keyof ProtocolMap]: (data: Parameters<ProtocolMap[K]>[0]) => unknown }> = {
    exportLibraryPage: (data) => service.exportLibraryPage(data),
    importLibraryBatch: (data) => service.importLibraryBatch(data.articles),
    storageUsage: () => service.storageUsage(),
    listLibrary: (data) => service.listLibrary(data),
    listOutlets: () => service.listOutlets(),
    getSettings: () => service.getSettings(),
    getArticle: (data) => service.getArticle(data.articleId),
  };
  wire.page.api = new Proxy({} as ProtocolClient, {
    get(_target, method: keyof ProtocolMap) {
      return async (data: unknown) => {
        wire.calls[method] = (wire.calls[method] ?? 0) + 1;
        const handler = handlers[method] as ((data: unknown) => Promise<unknown>) | undefined;
        if (!handler) throw new Error(`${method} is not wired in this test`);
        return cross(await handler(cross(data)));
      };
    },
  });
  return wire;
}

async function chooseFile(text: string): Promise<void> {
  const input = await waitFor(() => byTestId<HTMLInputElement>(container, 'import-file'), 'file input');
  const file = new File([text], 'library.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/** Texts `testId` showed while the transfer ran, in order, without repeats. */
function watch(testId: string): { seen: string[]; stop: () => void } {
  const seen: string[] = [];
  const observer = new MutationObserver(() => {
    const text = byTestId(container, testId)?.textContent;
    if (text && seen.at(-1) !== text) seen.push(text);
  });
  observer.observe(container, { childList: true, subtree: true, characterData: true });
  return { seen, stop: () => observer.disconnect() };
}

const withoutDate = (json: string) => json.replace(/"exportedAt":"[^"]*"/, '"exportedAt":""');

/**
 * These move hundreds of analysed articles through the real service, so they take seconds of
 * CPU; on a loaded 2-core machine more than vitest's default 5 s. The bound is for a hang.
 */
const TRANSFER_MS = 60_000;

describe('a library larger than one message', { timeout: TRANSFER_MS }, () => {
  it('exports in pages with progress, and the file equals the one-piece export', async () => {
    const service = freshService();
    expect((await service.importLibrary(syntheticLibraryFile(450))).versionsAdded).toBe(450);
    const wire = wired(service);
    location.hash = '#data';
    await act(async () => render(<OptionsApp client={wire.page} />, container));
    const progress = watch('export-progress');
    await click(await waitFor(() => byTestId(container, 'export-library'), 'export button'));
    await waitFor(() => wire.page.saved.length === 1, 'file saved', TRANSFER_MS);
    progress.stop();

    expect(wire.calls.exportLibraryPage).toBe(3);
    expect(progress.seen).toContain('Exporting 200 of 450 articles…');
    expect(withoutDate(wire.page.saved[0]!.text)).toBe(withoutDate(await service.exportLibrary(null, 0)));
    expect(wire.largest).toBeLessThan(TRANSFER_LIMITS.messageChars);
  });

  it('imports in batches with progress into a fresh library, which ends up the same', async () => {
    const source = freshService();
    await source.importLibrary(syntheticLibraryFile(100, 2));
    const json = await source.exportLibrary(null, 0);
    const target = freshService();
    const wire = wired(target);
    location.hash = '#data';
    await act(async () => render(<OptionsApp client={wire.page} />, container));
    const progress = watch('import-progress');
    await chooseFile(json);
    const report = await waitFor(() => byTestId(container, 'import-report'), 'import report', TRANSFER_MS);
    progress.stop();

    expect(wire.calls.importLibraryBatch).toBe(2);
    expect(progress.seen).toContain('Importing: 100 of 200 versions done…');
    expect(report.textContent).toContain('Import finished');
    expect(report.textContent).toContain('Added 100 articles and 200 versions.');
    expect(report.textContent).toContain('0 items were rejected.');
    expect(await librarySnapshot(target)).toEqual(await librarySnapshot(source));
    expect(withoutDate(await target.exportLibrary(null, 0))).toBe(withoutDate(json));
  });

  it('reports how far a failing import got, and what the earlier batches stored stays readable', async () => {
    const json = syntheticLibraryFile(250);
    const target = freshService();
    let stored = 0;
    // Fault injection: storage fills up half-way through the second batch.
    target.db.versions.hook('creating', () => {
      if (++stored > 150) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const wire = wired(target);
    location.hash = '#data';
    await act(async () => render(<OptionsApp client={wire.page} />, container));
    await chooseFile(json);
    const report = await waitFor(() => byTestId(container, 'import-report'), 'import report', TRANSFER_MS);

    expect(wire.calls.importLibraryBatch).toBe(2);
    expect(report.getAttribute('role')).toBe('alert');
    expect(report.textContent).toContain('Import stopped');
    expect(report.textContent).toMatch(/Storage is full/);
    expect(byTestId(report, 'import-partial')?.textContent).toBe(
      'The first 100 of 250 versions were imported and are kept; the rest was not imported. Importing the same file again adds only what is missing.',
    );
    expect(report.textContent).toContain('Added 100 articles and 100 versions.');
    expect(report.textContent).not.toContain('Nothing was changed.');
    expect(await target.db.versions.count()).toBe(100);
    const library = await librarySnapshot(target);
    expect(library).toHaveLength(100);
    expect(library.every((article) => article.versions.length === 1)).toBe(true);
    expect((await target.getVersion(1))?.article.paragraphs.length).toBeGreaterThan(0);
  });
});

describe('version origins in an imported file are untrusted', () => {
  it('refuses origins that are not an archive’s web addresses or a printable name, and shows the rest as text', async () => {
    const v1 = seedArticle('fox-ceasefire-v1');
    const v2 = seedArticle('fox-ceasefire-v2');
    const hostileName = '<img src=x onerror="alert(1)"> Evil Archive';
    const archiveOrigin = (fields: Record<string, unknown>) => ({
      kind: 'archive',
      archive: 'Internet Archive',
      base: 'https://web.archive.org',
      captureUrl: 'https://web.archive.org/web/20240925135200id_/https://www.foxnews.com/x',
      ...fields,
    });
    const at = (hour: number) => Date.UTC(2024, 8, 25, hour);
    const variant = (article: typeof v1, n: number) => ({
      ...article,
      paragraphs: [...article.paragraphs, `Correction ${n}: an earlier version misstated a date.`],
    });
    const file = {
      format: 'crosscheck-library',
      version: 2,
      exportedAt: '2024-10-01T00:00:00.000Z',
      articles: [
        {
          url: v1.url,
          versions: [
            { capturedAt: at(10), origin: archiveOrigin({ archive: hostileName }), article: v1 },
            {
              capturedAt: at(11),
              origin: archiveOrigin({ captureUrl: 'javascript:alert(1)' }),
              article: variant(v1, 1),
            },
            {
              capturedAt: at(12),
              origin: archiveOrigin({ base: 'data:text/html,<script>alert(1)</script>' }),
              article: variant(v1, 2),
            },
            {
              capturedAt: at(13),
              origin: archiveOrigin({ archive: 'Internet\u202eArchive' }),
              article: variant(v1, 3),
            },
            { capturedAt: at(14), origin: { kind: 'admin' }, article: variant(v1, 4) },
            { capturedAt: at(15), origin: 'archive', article: variant(v1, 5) },
            {
              capturedAt: at(16),
              origin: archiveOrigin({ archive: 'x'.repeat(201) }),
              article: variant(v1, 6),
            },
            { capturedAt: at(20), origin: { kind: 'reader', extra: '<b>ignored</b>' }, article: v2 },
          ],
        },
      ],
    };
    const target = freshService();
    const wire = wired(target);
    location.hash = '#data';
    await act(async () => render(<OptionsApp client={wire.page} />, container));
    await chooseFile(JSON.stringify(file));
    const report = await waitFor(() => byTestId(container, 'import-report'), 'import report', TRANSFER_MS);
    expect(report.textContent).toContain('Added 1 article and 2 versions.');
    const reasons = byTestId(container, 'import-rejections')!.textContent ?? '';
    expect(reasons).toContain('versions[1].origin.captureUrl: only http(s) addresses are stored');
    expect(reasons).toContain('versions[2].origin.base: only http(s) addresses are stored');
    expect(reasons).toContain('versions[3].origin.archive: expected a name of printable characters');
    expect(reasons).toContain('versions[4].origin.kind: expected "reader" or "archive"');
    expect(reasons).toContain('versions[5].origin: expected an object');
    expect(reasons).toContain('versions[6].origin.archive: longer than 200 characters');

    const [article] = (
      await target.listLibrary({ text: '', outlet: null, sort: 'captured-asc', offset: 0, limit: 5 })
    ).items;
    if (!article) throw new Error('nothing imported');
    const versions = await target.listVersions(article.id);
    expect(versions.map((v) => v.origin)).toEqual([
      archiveOrigin({ archive: hostileName }),
      { kind: 'reader' },
    ]);

    // The accepted name is page data: the article's timeline shows it as text, never as markup.
    await act(async () => {
      location.hash = `#article/${article.id}`;
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    const origin = await waitFor(() => container.querySelector('[data-origin="archive"]'), 'archive origin');
    expect(origin.textContent).toContain(`${hostileName}, captured`);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    const link = origin.querySelector('a');
    expect(link?.getAttribute('href')).toBe(archiveOrigin({}).captureUrl);
  });
});
