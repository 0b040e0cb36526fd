// @vitest-environment jsdom
/** The popup's "Look for earlier versions in web archives" and "Copy as text", in jsdom. */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArchiveLookupResult, ArchiveSourceInfo, TabAnalysis } from '../../src/protocol/types';
import type { PopupClient } from '../../src/ui/shared/client';
import { Popup } from '../../src/ui/popup/Popup';
import {
  firstCaptureAnalysis,
  FOX_ARTICLE,
  FOX_V1,
  FOX_V2,
  NOW,
  readyAnalysis,
  storedHeader,
  TAB_ID,
  VERSION_COMPARISON,
} from './popup.fixtures';

const SOURCE: ArchiveSourceInfo = {
  name: 'Internet Archive',
  base: 'https://web.archive.org',
  originPattern: 'https://web.archive.org/*',
  granted: false,
  lookupOnOpen: false,
  lookedUpAt: null,
};

const ARCHIVED_V1 = {
  ...FOX_V1,
  capturedAt: Date.UTC(2024, 8, 25, 13, 52),
  origin: {
    kind: 'archive' as const,
    archive: 'Internet Archive',
    base: 'https://web.archive.org',
    captureUrl: 'https://web.archive.org/web/20240925135200id_/https://www.foxnews.com/x',
  },
};

function client(overrides: Partial<PopupClient> = {}, analyses: TabAnalysis[] = [firstCaptureAnalysis()]) {
  let call = 0;
  const fake = {
    inTab: false,
    resolveTabId: vi.fn(() => Promise.resolve(TAB_ID)),
    tabHeader: vi.fn(() => Promise.resolve(storedHeader())),
    analyseTab: vi.fn(() => Promise.resolve(analyses[Math.min(call++, analyses.length - 1)]!)),
    compareVersions: vi.fn(() => Promise.resolve(VERSION_COMPARISON)),
    compareSibling: vi.fn(() => Promise.reject(new Error('unused'))),
    showInPage: vi.fn(() => Promise.resolve(true)),
    requestSiteAccess: vi.fn(() => Promise.resolve(true)),
    archiveSource: vi.fn(() => Promise.resolve(SOURCE)),
    lookUpArchive: vi.fn<PopupClient['lookUpArchive']>(() => new Promise(() => undefined)),
    cancelArchiveLookup: vi.fn(() => Promise.resolve(true)),
    requestHostPattern: vi.fn(() => Promise.resolve(true)),
    copyText: vi.fn<PopupClient['copyText']>(() => Promise.resolve()),
    saveFile: vi.fn<PopupClient['saveFile']>(),
    watchStatus: vi.fn<PopupClient['watchStatus']>(() => Promise.resolve(null)),
    setWatch: vi.fn<PopupClient['setWatch']>(() => Promise.resolve(null)),
    watchPermissionsHeld: vi.fn<PopupClient['watchPermissionsHeld']>(() => Promise.resolve(false)),
    requestWatchPermissions: vi.fn<PopupClient['requestWatchPermissions']>(() => Promise.resolve(true)),
    openOptions: vi.fn(),
    openInTab: vi.fn(),
    now: () => NOW,
    ...overrides,
  };
  return fake satisfies PopupClient;
}

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const archiveSection = () => container.querySelector<HTMLElement>('[data-section="archive"]');
const lookupButton = async () => {
  await vi.waitFor(() => expect(container.querySelector('[data-archive-lookup]')).not.toBeNull());
  return container.querySelector<HTMLButtonElement>('[data-archive-lookup]')!;
};

const failed = (
  kind: Extract<ArchiveLookupResult, { state: 'failed' }>['kind'],
  retryAt: number | null = null,
) => ({ state: 'failed', archive: 'Internet Archive', kind, message: kind, retryAt }) as const;

describe('Looking for earlier versions in web archives', () => {
  it('sends nothing until clicked; asks for the archive’s host in the click, shows progress, and can cancel', async () => {
    const fake = client();
    render(<Popup client={fake} />, container);
    const button = await lookupButton();
    expect(archiveSection()?.textContent).toContain('Sends this article’s address to Internet Archive');
    expect(fake.lookUpArchive).not.toHaveBeenCalled();
    expect(fake.requestHostPattern).not.toHaveBeenCalled();

    button.click();
    expect(fake.requestHostPattern).toHaveBeenCalledWith('https://web.archive.org/*');
    await vi.waitFor(() => expect(fake.lookUpArchive).toHaveBeenCalledWith({ articleId: FOX_ARTICLE.id }));
    await vi.waitFor(() =>
      expect(container.querySelector('[data-archive-progress]')?.textContent).toContain(
        'Looking in Internet Archive',
      ),
    );
    container.querySelector<HTMLButtonElement>('[data-archive-cancel]')!.click();
    expect(fake.cancelArchiveLookup).toHaveBeenCalledWith({ articleId: FOX_ARTICLE.id });
  });

  it('sends nothing when the reader refuses the archive’s host', async () => {
    const fake = client({ requestHostPattern: vi.fn(() => Promise.resolve(false)) });
    render(<Popup client={fake} />, container);
    (await lookupButton()).click();
    await vi.waitFor(() =>
      expect(container.querySelector('[data-archive-failure="no-permission"]')).not.toBeNull(),
    );
    expect(fake.lookUpArchive).not.toHaveBeenCalled();
  });

  it('says "No archived copies of this address" when the archive has none', async () => {
    const fake = client({
      archiveSource: vi.fn(() => Promise.resolve({ ...SOURCE, granted: true })),
      lookUpArchive: vi.fn(() =>
        Promise.resolve<ArchiveLookupResult>({
          state: 'done',
          archive: 'Internet Archive',
          base: SOURCE.base,
          url: FOX_ARTICLE.url,
          listed: 0,
          captures: [],
          stored: 0,
          tookMs: 5,
        }),
      ),
    });
    render(<Popup client={fake} />, container);
    (await lookupButton()).click();
    expect(fake.requestHostPattern).not.toHaveBeenCalled();
    await vi.waitFor(() =>
      expect(container.querySelector('[data-archive-result]')?.textContent).toBe(
        'No archived copies of this address in Internet Archive.',
      ),
    );
    expect(fake.analyseTab).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['unavailable', 'Internet Archive is unavailable right now'],
    ['timeout', 'did not answer in time'],
    ['cancelled', 'Cancelled. Nothing was stored.'],
  ] as const)('tells the reader when the archive is %s', async (kind, text) => {
    const fake = client({ lookUpArchive: vi.fn(() => Promise.resolve(failed(kind))) });
    render(<Popup client={fake} />, container);
    (await lookupButton()).click();
    await vi.waitFor(() =>
      expect(container.querySelector(`[data-archive-failure="${kind}"]`)?.textContent).toContain(text),
    );
    expect(container.querySelector('[data-archive-lookup]')?.textContent).toBe('Try again');
  });

  it('waits out a near rate limit and retries by itself, saying when', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const lookUpArchive = vi
        .fn<PopupClient['lookUpArchive']>()
        .mockResolvedValueOnce(failed('rate-limited', NOW + 30_000))
        .mockReturnValue(new Promise(() => undefined));
      const fake = client({ lookUpArchive });
      render(<Popup client={fake} />, container);
      (await lookupButton()).click();
      await vi.waitFor(() =>
        expect(container.querySelector('[data-archive-failure="rate-limited"]')?.textContent).toContain(
          'will retry at',
        ),
      );
      expect(lookUpArchive).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(31_000);
      expect(lookUpArchive).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('analyses again once captures were stored, and names the archive’s version in the picker', async () => {
    const after = readyAnalysis({ versions: [ARCHIVED_V1, FOX_V2], baseVersionId: ARCHIVED_V1.id });
    const fake = client(
      {
        lookUpArchive: vi.fn(() =>
          Promise.resolve<ArchiveLookupResult>({
            state: 'done',
            archive: 'Internet Archive',
            base: SOURCE.base,
            url: FOX_ARTICLE.url,
            listed: 5,
            captures: [
              {
                timestamp: '20240925160300',
                capturedAt: Date.UTC(2024, 8, 25, 16, 3),
                url: 'https://web.archive.org/web/20240925160300id_/https://www.foxnews.com/x',
                status: 'skipped',
                // The English detail; the popup words the code in the UI language.
                reason: 'the page is a consent form (engine detail)',
                reasonCode: 'cookie-wall',
                contentHash: null,
                stored: false,
              },
            ],
            stored: 1,
            tookMs: 5,
          }),
        ),
      },
      [firstCaptureAnalysis(), after],
    );
    render(<Popup client={fake} />, container);
    (await lookupButton()).click();
    await vi.waitFor(() => expect(fake.analyseTab).toHaveBeenCalledTimes(2));
    await vi.waitFor(() =>
      // The archive's time in UTC, written as the UI language (jsdom: en-US) writes dates.
      expect(container.querySelector('#cc-base-version')?.textContent).toContain(
        'Internet Archive, captured Sep 25, 2024, 1:52 PM UTC',
      ),
    );
    await vi.waitFor(() => expect(container.querySelector('[data-archive-result]')).not.toBeNull());
    const result = container.querySelector('[data-archive-result]')?.textContent ?? '';
    expect(result).toContain('Added 1 earlier version from the archive.');
    expect(result).toContain('Sep 25, 2024, 4:03 PM UTC: not used (cookie wall)');

    container.querySelector<HTMLButtonElement>('[data-copy-text]')!.click();
    await vi.waitFor(() => expect(fake.copyText).toHaveBeenCalledTimes(1));
    const markdown = vi.mocked(fake.copyText).mock.calls[0]![0];
    expect(markdown).toContain('- Before: Internet Archive, captured 25 Sep 2024 13:52 UTC');
    expect(markdown).toContain(`content hash \`${FOX_V2.contentHash}\``);
    expect(markdown).toContain('40,000');
  });

  it('saves the changes as a report file from the popup: a keyboard-reachable button, one self-contained HTML file', async () => {
    const fake = client({}, [
      readyAnalysis({ versions: [ARCHIVED_V1, FOX_V2], baseVersionId: ARCHIVED_V1.id }),
    ]);
    render(<Popup client={fake} />, container);
    await vi.waitFor(() => expect(container.querySelector('[data-save-report]')).not.toBeNull());
    const save = container.querySelector<HTMLButtonElement>('[data-save-report]')!;
    // A native button in the tab order, named by its text: Tab reaches it, Enter and Space press it.
    expect(save.tagName).toBe('BUTTON');
    expect(save.type).toBe('button');
    expect(save.disabled).toBe(false);
    expect(save.tabIndex).toBe(0);
    expect(save.textContent).toBe('Save report');
    expect(fake.saveFile).not.toHaveBeenCalled();

    save.focus();
    expect(document.activeElement).toBe(save);
    save.click();
    expect(fake.saveFile).toHaveBeenCalledTimes(1);
    const [name, html, type] = vi.mocked(fake.saveFile).mock.calls[0]!;
    expect(type).toBe('text/html');
    expect(name).toBe(
      `crosscheck-report-foxnews.com-${ARCHIVED_V1.contentHash.slice(0, 8)}-${FOX_V2.contentHash.slice(0, 8)}.html`,
    );
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('Internet Archive, captured 25 Sep 2024 13:52 UTC');
    expect(html).toContain(ARCHIVED_V1.origin.captureUrl);
    expect(html).toContain(ARCHIVED_V1.contentHash);
    expect(html).toContain(FOX_V2.contentHash);
    expect(html).toContain('40,000');
    expect(html).not.toMatch(/<script|<img|<link|\ssrc=|\shref=/i);
    await vi.waitFor(() =>
      expect(container.querySelector('.cc-copy [role="status"]')?.textContent).toBe(
        'Report handed to your browser’s downloads',
      ),
    );
  });

  it('looks up by itself on open when the reader turned that on and allowed the archive', async () => {
    const fake = client({
      archiveSource: vi.fn(() => Promise.resolve({ ...SOURCE, granted: true, lookupOnOpen: true })),
    });
    render(<Popup client={fake} />, container);
    await vi.waitFor(() => expect(fake.lookUpArchive).toHaveBeenCalledTimes(1));
    // Asked about this article, and the lookup says it is the automatic one (looked up at most once).
    expect(fake.archiveSource).toHaveBeenCalledWith({ articleId: FOX_ARTICLE.id });
    expect(fake.lookUpArchive).toHaveBeenCalledWith({ articleId: FOX_ARTICLE.id, automatic: true });
    expect(fake.requestHostPattern).not.toHaveBeenCalled();
  });

  it('does not look up by itself an article already looked up in this archive; the button still does', async () => {
    const fake = client({
      archiveSource: vi.fn(() =>
        Promise.resolve({ ...SOURCE, granted: true, lookupOnOpen: true, lookedUpAt: NOW - 60_000 }),
      ),
    });
    render(<Popup client={fake} />, container);
    const button = await lookupButton();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.lookUpArchive).not.toHaveBeenCalled();
    button.click();
    expect(fake.lookUpArchive).toHaveBeenCalledWith({ articleId: FOX_ARTICLE.id });
  });

  it('goes back to its button when the background says the article was looked up already', async () => {
    const fake = client({
      archiveSource: vi.fn(() => Promise.resolve({ ...SOURCE, granted: true, lookupOnOpen: true })),
      lookUpArchive: vi.fn(() =>
        Promise.resolve<ArchiveLookupResult>({
          state: 'skipped',
          archive: 'Internet Archive',
          lookedUpAt: NOW,
        }),
      ),
    });
    render(<Popup client={fake} />, container);
    await vi.waitFor(() => expect(archiveSection()?.dataset.archiveState).toBe('idle'));
    expect(fake.lookUpArchive).toHaveBeenCalledTimes(1);
    expect((await lookupButton()).textContent).toBe('Look for earlier versions in web archives');
    expect(container.querySelector('[data-archive-result], [data-archive-failure]')).toBeNull();
    expect(fake.analyseTab).toHaveBeenCalledTimes(1);
  });

  it('never prompts on open without the archive’s permission: one line, and a button that asks in the click', async () => {
    const fake = client({
      archiveSource: vi.fn(() => Promise.resolve({ ...SOURCE, granted: false, lookupOnOpen: true })),
    });
    render(<Popup client={fake} />, container);
    await vi.waitFor(() => expect(container.querySelector('[data-archive-needs-access]')).not.toBeNull());
    const hint = container.querySelector<HTMLElement>('[data-archive-needs-access]')!;
    expect(hint.textContent).toContain(
      '“Check web archives for articles I open” is on, but Crosscheck may not reach Internet Archive yet.',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requestHostPattern).not.toHaveBeenCalled();
    expect(fake.lookUpArchive).not.toHaveBeenCalled();
    // One button, which asks for the archive's host inside its click, then looks up.
    expect(container.querySelectorAll('[data-archive-lookup]')).toHaveLength(1);
    const allow = hint.querySelector<HTMLButtonElement>('button[data-archive-allow]')!;
    expect(allow.textContent).toBe('Allow and look up');
    allow.click();
    expect(fake.requestHostPattern).toHaveBeenCalledWith('https://web.archive.org/*');
    await vi.waitFor(() => expect(fake.lookUpArchive).toHaveBeenCalledWith({ articleId: FOX_ARTICLE.id }));
  });

  it('neither hints nor looks up on open when the setting is off or something earlier is stored', async () => {
    const off = client({ archiveSource: vi.fn(() => Promise.resolve({ ...SOURCE, granted: false })) });
    render(<Popup client={off} />, container);
    await lookupButton();
    expect(container.querySelector('[data-archive-needs-access]')).toBeNull();
    render(null, container);
    const earlier = client(
      { archiveSource: vi.fn(() => Promise.resolve({ ...SOURCE, granted: true, lookupOnOpen: true })) },
      [readyAnalysis()],
    );
    render(<Popup client={earlier} />, container);
    await lookupButton();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(earlier.lookUpArchive).not.toHaveBeenCalled();
    expect(off.lookUpArchive).not.toHaveBeenCalled();
  });
});
