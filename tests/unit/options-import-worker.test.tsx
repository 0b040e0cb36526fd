// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- act() callbacks */
/**
 * The data panel with a client that checks files in a worker (`PageClient.prepareImport`; the
 * worker itself is tested in import-worker.test.ts and in the e2e options suite): its progress
 * through reading and checking, the fallback to the page when no worker starts, and a clear error
 * when the worker fails.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportWorkerUnavailable, type PreparedImportSource } from '../../src/protocol/import-worker';
import { prepareImport } from '../../src/protocol/library-transfer';
import { OptionsApp } from '../../src/ui/options/OptionsApp';
import type { PageClient } from '../../src/ui/shared/client';
import { FakeBackground, fakePage, makeArticle, type FakePage } from './options-fixtures';
import { byTestId, waitFor } from './options-dom';

let container: HTMLElement;

beforeEach(() => {
  location.hash = '#data';
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => render(null, container));
  container.remove();
});

const article = makeArticle('https://example.com/x', 'Example', 'X', ['Some text.']);
const FILE = JSON.stringify({
  format: 'crosscheck-library',
  version: 2,
  exportedAt: '2024-09-25T12:00:00.000Z',
  articles: [
    { url: article.url, versions: [{ capturedAt: 1_727_000_000_000, origin: { kind: 'reader' }, article }] },
    { url: 'https://example.com/y', versions: [{ capturedAt: 'never', article }] },
  ],
});

function backgroundWithReport(): FakeBackground {
  const background = new FakeBackground();
  background.importReport = {
    ok: true,
    articlesAdded: 1,
    versionsAdded: 1,
    duplicates: 0,
    rejected: [],
    fatal: null,
  };
  return background;
}

/** Progress texts shown, in order, without repeats. */
function watchProgress(): string[] {
  const seen: string[] = [];
  new MutationObserver(() => {
    const text = byTestId(container, 'import-progress')?.textContent;
    if (text && seen.at(-1) !== text) seen.push(text);
  }).observe(container, { childList: true, subtree: true, characterData: true });
  return seen;
}

async function importWith(page: FakePage): Promise<HTMLElement> {
  await act(async () => render(<OptionsApp client={page} />, container));
  const input = await waitFor(() => byTestId<HTMLInputElement>(container, 'import-file'), 'file input');
  const file = new File([FILE], 'library.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  return waitFor(
    () => byTestId(container, 'import-report') ?? container.querySelector<HTMLElement>('.cc-inline-error'),
    'an import report or an error',
  );
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
const checkedIn = () => byTestId(container, 'import-card')?.getAttribute('data-checked-in');

describe('importing with a worker', () => {
  it('shows reading and checking, forwards the batches it hands over, and closes it', async () => {
    const background = backgroundWithReport();
    const page = fakePage(background);
    let closed = 0;
    const asked: number[] = [];
    const prepare: NonNullable<PageClient['prepareImport']> = async (file, onProgress) => {
      const json = await file.text();
      onProgress?.({ phase: 'reading', done: 1024 * 1024, total: 2 * 1024 * 1024 });
      await pause();
      onProgress?.({ phase: 'checking' });
      await pause();
      const { prepared, batches } = prepareImport(json);
      const source: PreparedImportSource = {
        prepared,
        batch: async (index) => {
          asked.push(index);
          return batches[index]!;
        },
        close: () => closed++,
      };
      return source;
    };
    page.prepareImport = prepare;
    const seen = watchProgress();
    const report = await importWith(page);

    expect(seen.slice(0, 3)).toEqual([
      'Importing…',
      'Importing: reading the file, 1 of 2 MB…',
      'Importing: checking the file…',
    ]);
    expect(asked).toEqual([0]);
    expect(closed).toBe(1);
    expect(checkedIn()).toBe('worker');
    expect(report.textContent).toContain('Added 1 article and 1 version.');
    expect(report.textContent).toContain('1 item was rejected.');
    expect(report.textContent).toContain('capturedAt: expected a capture time');
    expect(background.calls.importLibraryBatch).toHaveLength(1);
  });

  it('checks the file on the page, with the same report, when no worker starts', async () => {
    const withoutWorker = backgroundWithReport();
    const expected = (await importWith(fakePage(withoutWorker))).textContent;
    await act(async () => render(null, container));

    const background = backgroundWithReport();
    const page = fakePage(background);
    page.prepareImport = () => Promise.reject(new ImportWorkerUnavailable('the import worker did not start'));
    const report = await importWith(page);
    expect(checkedIn()).toBe('page');
    expect(report.textContent).toBe(expected);
    expect(background.calls.importLibraryBatch).toEqual(withoutWorker.calls.importLibraryBatch);
  });

  it('says why when the worker fails, sends nothing, and lets the reader choose a file again', async () => {
    const background = backgroundWithReport();
    const page = fakePage(background);
    page.prepareImport = () =>
      Promise.reject(new Error('the file could not be checked (the import worker stopped: out of memory)'));
    const shown = await importWith(page);
    expect(shown.getAttribute('role')).toBe('alert');
    expect(shown.textContent).toContain('the import worker stopped: out of memory');
    expect(background.calls.importLibraryBatch).toBeUndefined();
    expect(byTestId<HTMLInputElement>(container, 'import-file')?.disabled).toBe(false);
    expect(byTestId(container, 'import-progress')).toBeNull();
  });
});
