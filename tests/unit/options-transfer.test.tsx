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
import { freshService, librarySnapshot, syntheticLibraryFile } from './service-fixtures';

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
