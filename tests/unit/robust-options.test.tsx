// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- act() callbacks */
/**
 * The options page when storage is full: a clear banner that leads to the storage settings,
 * while the library that was stored stays listed and readable.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionsApp } from '../../src/ui/options/OptionsApp';
import { fakePage, seedLibrary, type FakePage } from './options-fixtures';
import { byTestId, rowIds, waitFor } from './options-dom';
import { IMPORT_LIMITS } from '../../src/model/library-file';

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

function pageWithUsage(usage: { quotaExceeded: boolean; bytes: number; quota: number }): FakePage {
  const { background } = seedLibrary();
  const page = fakePage(background);
  page.api = {
    ...page.api,
    storageUsage: async () => ({ articles: 2, versions: 3, ...usage }),
  };
  return page;
}

describe('options page when storage is full', () => {
  it('says the browser refused to store more, how much is used, and where to free space', async () => {
    const page = pageWithUsage({ quotaExceeded: true, bytes: 52_428_800, quota: 1_000_000_000 });
    await act(async () => render(<OptionsApp client={page} />, container));
    const banner = await waitFor(() => byTestId(container, 'quota-banner'), 'quota banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toMatch(/storage is full/i);
    expect(banner.textContent).toMatch(/50(\.0)? MB/);
    expect(banner.querySelector('a')?.getAttribute('href')).toBe('#settings');
    // What was stored is still listed.
    await waitFor(() => rowIds(container).length > 0, 'library rows');
    expect(rowIds(container).length).toBeGreaterThan(0);
  });

  it('shows no banner while there is room', async () => {
    const page = pageWithUsage({ quotaExceeded: false, bytes: 1_000_000, quota: 1_000_000_000 });
    await act(async () => render(<OptionsApp client={page} />, container));
    await waitFor(() => rowIds(container).length > 0, 'library rows');
    expect(byTestId(container, 'quota-banner')).toBeNull();
  });
});

describe('importing an oversized file', () => {
  it('refuses it by its size with the reason, without reading it or asking the background', async () => {
    const { background } = seedLibrary();
    const page = fakePage(background);
    location.hash = '#data';
    await act(async () => render(<OptionsApp client={page} />, container));
    const input = await waitFor(() => byTestId<HTMLInputElement>(container, 'import-file'), 'file input');
    const file = new File(['{}'], 'library.json', { type: 'application/json' });
    Object.defineProperty(file, 'size', { value: IMPORT_LIMITS.fileChars + 1 });
    let read = false;
    file.text = () => {
      read = true;
      return Promise.resolve('{}');
    };
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const report = await waitFor(() => byTestId(container, 'import-report'), 'import report');
    expect(report.textContent).toContain('the file is larger than 200 MB');
    expect(report.textContent).toContain('Nothing was changed.');
    expect(read).toBe(false);
    expect(background.calls.importLibrary ?? []).toEqual([]);
  });
});
