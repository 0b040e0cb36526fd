// @vitest-environment jsdom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareSiblings } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { Comparison } from '../../src/model/types';
import type { TabAnalysis } from '../../src/protocol/types';
import type { PopupClient } from '../../src/ui/shared/client';
import { tabIdFromSearch } from '../../src/ui/shared/routes';
import { Popup } from '../../src/ui/popup/Popup';
import {
  ABC_SIBLING,
  firstCaptureAnalysis,
  FOX_ARTICLE,
  FOX_V1,
  FOX_V2,
  NOW,
  readyAnalysis,
  SIBLING_COMPARISON,
  storedHeader,
  TAB_ID,
  VERSION_COMPARISON,
  VERSION_DIFFERENCES,
} from './popup.fixtures';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakeClient(overrides: Partial<PopupClient> = {}) {
  const client = {
    inTab: false,
    resolveTabId: vi.fn<PopupClient['resolveTabId']>(() => Promise.resolve(TAB_ID)),
    tabHeader: vi.fn<PopupClient['tabHeader']>(() => Promise.resolve(storedHeader())),
    analyseTab: vi.fn<PopupClient['analyseTab']>(() => Promise.resolve(readyAnalysis())),
    compareVersions: vi.fn<PopupClient['compareVersions']>(() => Promise.resolve(VERSION_COMPARISON)),
    compareSibling: vi.fn<PopupClient['compareSibling']>(() => Promise.resolve(SIBLING_COMPARISON)),
    showInPage: vi.fn<PopupClient['showInPage']>(() => Promise.resolve(true)),
    requestSiteAccess: vi.fn<PopupClient['requestSiteAccess']>(() => Promise.resolve(true)),
    archiveSource: vi.fn<PopupClient['archiveSource']>(() =>
      Promise.resolve({
        name: 'Internet Archive',
        base: 'https://web.archive.org',
        originPattern: 'https://web.archive.org/*',
        granted: false,
        lookupOnOpen: false,
        lookedUpAt: null,
      }),
    ),
    lookUpArchive: vi.fn<PopupClient['lookUpArchive']>(() => new Promise(() => undefined)),
    cancelArchiveLookup: vi.fn<PopupClient['cancelArchiveLookup']>(() => Promise.resolve(true)),
    requestHostPattern: vi.fn<PopupClient['requestHostPattern']>(() => Promise.resolve(true)),
    copyText: vi.fn<PopupClient['copyText']>(() => Promise.resolve()),
    saveFile: vi.fn<PopupClient['saveFile']>(),
    watchStatus: vi.fn<PopupClient['watchStatus']>(() => Promise.resolve(null)),
    setWatch: vi.fn<PopupClient['setWatch']>(() => Promise.resolve(null)),
    watchPermissionsHeld: vi.fn<PopupClient['watchPermissionsHeld']>(() => Promise.resolve(false)),
    requestWatchPermissions: vi.fn<PopupClient['requestWatchPermissions']>(() => Promise.resolve(true)),
    openOptions: vi.fn<PopupClient['openOptions']>(),
    openInTab: vi.fn<PopupClient['openInTab']>(),
    now: () => NOW,
    ...overrides,
  };
  return client satisfies PopupClient;
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

function root(): HTMLElement {
  const element = container.querySelector<HTMLElement>('.cc-popup');
  if (!element) throw new Error('popup not rendered');
  return element;
}

async function waitForState(state: string) {
  await vi.waitFor(() => expect(root().dataset.state).toBe(state));
}

function buttonNamed(name: string | RegExp, scope: ParentNode = container): HTMLButtonElement {
  const buttons = [...scope.querySelectorAll('button')];
  const match = buttons.find((button) =>
    typeof name === 'string' ? button.textContent?.trim() === name : name.test(button.textContent ?? ''),
  );
  if (!match)
    throw new Error(`no button "${String(name)}" among: ${buttons.map((b) => b.textContent).join(' | ')}`);
  return match;
}

describe('Popup', () => {
  it('watches the article after asking, in the click, for its site and notifications', async () => {
    const analysis = readyAnalysis();
    if (analysis.state !== 'ready') throw new Error('fixture');
    const watching = {
      articleId: analysis.article.id,
      url: analysis.article.url,
      title: analysis.article.title,
      outlet: analysis.article.outlet,
      siteName: analysis.article.siteName,
      movedTo: null,
      status: 'watching' as const,
      reason: null,
      startedAt: NOW,
      lastCheckAt: null,
      nextCheckAt: NOW + 3 * 3_600_000,
      versionCount: 2,
      unseen: 0,
      lastNews: null,
    };
    const client = fakeClient({ setWatch: vi.fn(() => Promise.resolve(watching)) });
    render(<Popup client={client} />, container);
    await waitForState('ready');
    const toggle = () => container.querySelector<HTMLButtonElement>('button[data-watch]')!;
    await vi.waitFor(() => expect(toggle().disabled).toBe(false));
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    toggle().click();
    // Synchronously, inside the gesture.
    expect(client.requestWatchPermissions).toHaveBeenCalledWith(new URL(analysis.article.url).origin);
    await vi.waitFor(() => expect(toggle().getAttribute('aria-pressed')).toBe('true'));
    expect(client.setWatch).toHaveBeenCalledWith({ articleId: analysis.article.id, watching: true });
    expect(container.textContent).toMatch(/Next check in 3 hr/);
  });

  it('says what watching would need when the reader refuses, and watches nothing', async () => {
    const client = fakeClient({ requestWatchPermissions: vi.fn(() => Promise.resolve(false)) });
    render(<Popup client={client} />, container);
    await waitForState('ready');
    const toggle = () => container.querySelector<HTMLButtonElement>('button[data-watch]')!;
    await vi.waitFor(() => expect(toggle().disabled).toBe(false));
    toggle().click();
    await vi.waitFor(() => expect(container.querySelector('[data-watch-refused]')).not.toBeNull());
    expect(container.querySelector('[data-watch-refused]')!.textContent).toMatch(
      /needs access to .* notifications/,
    );
    expect(client.setWatch).not.toHaveBeenCalled();
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    expect(root().dataset.state).toBe('ready');
  });

  it('paints the stored header while the analysis is still running, then shows the analysis', async () => {
    const analysis = deferred<TabAnalysis>();
    const client = fakeClient({ analyseTab: vi.fn(() => analysis.promise) });
    render(<Popup client={client} />, container);

    await vi.waitFor(() => expect(container.querySelector('h1')?.textContent).toBe(FOX_ARTICLE.title));
    expect(root().dataset.state).toBe('loading');
    expect(root().getAttribute('aria-busy')).toBe('true');
    expect(container.querySelector('.cc-meta')?.textContent).toContain('Fox News');
    expect(container.querySelector('.cc-meta')?.textContent).toContain('2 versions stored');
    expect(container.querySelector('time')?.textContent).toMatch(/^Captured 3 min/);
    expect(container.querySelector('time')?.getAttribute('title')).toMatch(/2024/);
    expect(client.analyseTab).toHaveBeenCalledWith({ tabId: TAB_ID });

    analysis.resolve(readyAnalysis());
    await waitForState('ready');
    expect(root().hasAttribute('data-reason')).toBe(false);
    expect(container.querySelector('[aria-live]')?.textContent).toBe(
      `Analysis ready: ${VERSION_DIFFERENCES.length} changes, 1 other report.`,
    );
  });

  it('lists changes most significant first with kinds, facet badges and word-level marks', async () => {
    render(<Popup client={fakeClient()} />, container);
    await waitForState('ready');

    const items = [...container.querySelectorAll<HTMLElement>('[data-section="changes"] [data-kind]')];
    expect(items).toHaveLength(8);
    const first = items[0]!;
    expect(first.dataset.kind).toBe('changed');
    expect(first.dataset.facets).toBe('number date');
    expect([...first.querySelectorAll('.cc-badge')].map((badge) => badge.textContent)).toEqual([
      'Number',
      'Date',
    ]);
    expect([...first.querySelectorAll('del')].map((del) => del.textContent).join('')).toContain('40,000');
    expect([...first.querySelectorAll('ins')].map((ins) => ins.textContent).join('')).toContain(
      'small number of',
    );
    expect(first.textContent).toContain('A precise figure (40,000) was replaced by vague wording');
    expect(first.querySelector('.cc-facet-changes')?.textContent).toContain(
      'Number 40,000 U.S. troops → a small number of U.S. troops',
    );
    expect(items[1]!.dataset.facets).toBe('attribution');
    expect(items.slice(3).some((item) => item.dataset.kind === 'added')).toBe(true);

    buttonNamed(`Show all ${VERSION_DIFFERENCES.length}`).click();
    await vi.waitFor(() =>
      expect(container.querySelectorAll('[data-section="changes"] [data-kind]')).toHaveLength(
        VERSION_DIFFERENCES.length,
      ),
    );
    const kinds = [...container.querySelectorAll<HTMLElement>('[data-section="changes"] [data-kind]')].map(
      (item) => item.dataset.kind,
    );
    expect(kinds).toContain('removed');
    expect(kinds).toContain('moved');
  });

  it('shows a change in the page: the after-claim, or the before-claim for a removal', async () => {
    const showInPage = vi.fn<PopupClient['showInPage']>(() => Promise.resolve(true));
    const client = fakeClient({ showInPage });
    render(<Popup client={client} />, container);
    await waitForState('ready');

    buttonNamed('Show in page', container.querySelector('[data-kind="changed"]')!).click();
    expect(client.showInPage).toHaveBeenCalledWith({ tabId: TAB_ID, text: VERSION_DIFFERENCES[0]!.after });

    buttonNamed(/^Show all/).click();
    showInPage.mockResolvedValueOnce(false);
    await vi.waitFor(() => expect(container.querySelector('[data-kind="removed"]')).not.toBeNull());
    buttonNamed('Show in page', container.querySelector('[data-kind="removed"]')!).click();
    const removed = VERSION_DIFFERENCES.find((difference) => difference.kind === 'removed')!;
    expect(client.showInPage).toHaveBeenLastCalledWith({ tabId: TAB_ID, text: removed.before });
    await vi.waitFor(() =>
      expect(container.querySelector('[data-kind="removed"]')?.textContent).toContain(
        'Not found in the page',
      ),
    );
  });

  it('says so on the first capture', async () => {
    render(
      <Popup client={fakeClient({ analyseTab: vi.fn(() => Promise.resolve(firstCaptureAnalysis())) })} />,
      container,
    );
    await waitForState('ready');
    expect(container.querySelector('[data-empty="first-capture"]')?.textContent).toContain(
      'Saved — nothing earlier to compare with yet',
    );
    expect(container.querySelector('[data-empty="no-siblings"]')?.textContent).toBe(
      "No other outlet's report of this story is saved yet. Reports you open are compared automatically.",
    );
    expect(container.querySelector('[aria-live]')?.textContent).toBe(
      'Analysis ready: first version saved, 0 other reports.',
    );
  });

  it('says when nothing changed since the base version', async () => {
    const unchanged = readyAnalysis({ changes: { ...VERSION_COMPARISON, differences: [] } });
    render(<Popup client={fakeClient({ analyseTab: vi.fn(() => Promise.resolve(unchanged)) })} />, container);
    await waitForState('ready');
    expect(container.querySelector('[data-empty="no-changes"]')?.textContent).toMatch(
      /^Nothing has changed since the version captured/,
    );
    expect(container.querySelectorAll('[data-section="changes"] [data-kind]')).toHaveLength(0);
  });

  it('compares against another earlier version picked in the select', async () => {
    const middle = { ...FOX_V1, id: 15, capturedAt: FOX_V1.capturedAt + 60 * 60_000 };
    const analysis = readyAnalysis({ versions: [FOX_V1, middle, FOX_V2] });
    const onlyOne: Comparison = { ...VERSION_COMPARISON, differences: VERSION_DIFFERENCES.slice(0, 1) };
    const client = fakeClient({
      analyseTab: vi.fn(() => Promise.resolve(analysis)),
      compareVersions: vi.fn(() => Promise.resolve(onlyOne)),
    });
    render(<Popup client={client} />, container);
    await waitForState('ready');

    const select = container.querySelector<HTMLSelectElement>('select#cc-base-version')!;
    expect([...select.options].map((option) => option.value)).toEqual(['10', '15']);
    expect(select.options[0]!.textContent).toMatch(/^Version 1 · .*\(first\)$/);
    select.value = '15';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(client.compareVersions).toHaveBeenCalledWith({ beforeVersionId: 15, afterVersionId: FOX_V2.id });
    await vi.waitFor(() =>
      expect(container.querySelectorAll('[data-section="changes"] [data-kind]')).toHaveLength(1),
    );
  });

  it('asks for the comparison itself when the analysis came without one', async () => {
    const client = fakeClient({ analyseTab: vi.fn(() => Promise.resolve(readyAnalysis({ changes: null }))) });
    render(<Popup client={client} />, container);
    await waitForState('ready');
    // Preact runs effects after paint, so the request comes a moment after the first render.
    await vi.waitFor(() =>
      expect(client.compareVersions).toHaveBeenCalledWith({
        beforeVersionId: FOX_V1.id,
        afterVersionId: FOX_V2.id,
      }),
    );
    await vi.waitFor(() =>
      expect(container.querySelectorAll('[data-section="changes"] [data-kind]').length).toBeGreaterThan(0),
    );
  });

  it('opens another outlet’s report to its differences, grouped by what they mean', async () => {
    const client = fakeClient();
    render(<Popup client={client} />, container);
    await waitForState('ready');

    const sibling = container.querySelector<HTMLElement>('.cc-sibling')!;
    expect(sibling.textContent).toContain('ABC News');
    expect(sibling.textContent).toContain('62% match');
    const disclosure = sibling.querySelector<HTMLButtonElement>('button[aria-expanded]')!;
    expect(disclosure.getAttribute('aria-expanded')).toBe('false');
    const panel = document.getElementById(disclosure.getAttribute('aria-controls')!)!;
    expect(panel.hidden).toBe(true);

    disclosure.click();
    expect(client.compareSibling).toHaveBeenCalledWith({
      versionId: FOX_V2.id,
      siblingVersionId: ABC_SIBLING.versionId,
    });
    await vi.waitFor(() => expect(panel.querySelectorAll('.cc-group')).toHaveLength(5));
    expect(disclosure.getAttribute('aria-expanded')).toBe('true');
    expect(panel.hidden).toBe(false);
    expect(
      [...panel.querySelectorAll('.cc-group-heading')].map((h) => h.firstChild?.textContent?.trim()),
    ).toEqual([
      'Misquoted or altered',
      'Quoted differently',
      'Reported differently',
      'Only in this article',
      'Only in ABC News',
    ]);
    const misquote = panel.querySelector<HTMLElement>('[data-kind="different-quote"]')!;
    expect(misquote.querySelector('[data-alteration]')?.textContent).toBe('Words changed');
    expect(misquote.querySelector('.cc-quote-diff del')?.textContent).toBe('parties');
    const excerpts = panel.querySelector<HTMLElement>('[data-kind="different-excerpts"]')!;
    expect(excerpts.querySelector('[data-speaker]')?.getAttribute('data-speaker')).toBe('Sabrina Singh');
    expect([...excerpts.querySelectorAll('.cc-quote')].map((q) => q.textContent)).toEqual([
      '“We know tensions are high, but we also see that there is a path forward for diplomacy”',
      '“Without characterizing Israeli operations … it doesn’t look like anything is imminent”',
    ]);
    const conflict = panel.querySelector<HTMLElement>('[data-kind="conflict"]')!;
    expect(conflict.textContent).toContain('opposite terms');
    expect(conflict.textContent).toContain('This article');
    expect(panel.querySelector('[data-kind="different-quote"]')?.getAttribute('data-facets')).toBe('quote');
    // Both quotes are shown in full as the two sides; a facet line would only repeat them.
    expect(panel.querySelector('[data-kind="different-quote"] .cc-facet-changes')).toBeNull();
    expect(panel.querySelector('a')?.getAttribute('href')).toBe(ABC_SIBLING.url);

    disclosure.click();
    await vi.waitFor(() => expect(panel.hidden).toBe(true));
    disclosure.click();
    expect(client.compareSibling).toHaveBeenCalledTimes(1);
  });

  it('shows a place and a who-did-what conflict under "Reported differently", names side by side', async () => {
    const opening = 'President Hamid Karzai and General David Petraeus met NATO officials on Monday.';
    const story = (lines: string[], n: number) =>
      analyse(articleFromText([opening, ...lines].join('\n\n'), `https://p${n}.example/s`, { title: 'R' }));
    const differences = compareSiblings(
      story(
        [
          'A suicide bomber killed nine soldiers at a checkpoint in Kabul on Monday morning.',
          'During the march in the capital, police fired tear gas at the crowd outside the ministry.',
        ],
        0,
      ),
      story(
        [
          'A suicide bomber killed nine soldiers at a checkpoint in Kandahar on Monday morning.',
          'During the march in the capital, protesters fired tear gas at the crowd outside the ministry.',
        ],
        1,
      ),
    );
    const client = fakeClient({
      compareSibling: vi.fn<PopupClient['compareSibling']>(() =>
        Promise.resolve({ ...SIBLING_COMPARISON, differences }),
      ),
    });
    render(<Popup client={client} />, container);
    await waitForState('ready');
    container.querySelector<HTMLButtonElement>('.cc-sibling button[aria-expanded]')!.click();
    await vi.waitFor(() =>
      expect(container.querySelector('[data-group="reported-differently"]')).not.toBeNull(),
    );
    const group = container.querySelector<HTMLElement>('[data-group="reported-differently"]')!;
    const conflicts = [...group.querySelectorAll<HTMLElement>('[data-kind="conflict"]')];
    expect(conflicts.map((c) => c.querySelector('.cc-facet-changes')?.textContent?.trim())).toEqual([
      'Name police → protesters',
      'Name Kabul → Kandahar',
    ]);
    expect(group.textContent).toContain("Different places for the same event: 'Kabul' vs 'Kandahar'.");
    expect(group.textContent).toContain(
      "Different actors for the same act ('fired'): 'police' vs 'protesters'.",
    );
    expect(conflicts.every((c) => c.getAttribute('data-facets') === 'entity')).toBe(true);
  });

  it('offers "Analyse anyway" on a page that is not an article', async () => {
    const notArticle: TabAnalysis = {
      state: 'not-article',
      tabId: TAB_ID,
      reason: 'not-readerable',
      message: 'This page has no article text Crosscheck could find.',
      title: 'Fox News - Breaking News Updates',
    };
    const client = fakeClient({
      tabHeader: vi.fn(() =>
        Promise.resolve({ tabId: TAB_ID, title: 'Fox News', url: 'https://www.foxnews.com/', stored: null }),
      ),
      analyseTab: vi.fn((request: { force?: boolean }) =>
        Promise.resolve(request.force ? readyAnalysis() : notArticle),
      ),
    });
    render(<Popup client={client} />, container);
    await waitForState('not-article');
    expect(root().dataset.reason).toBe('not-readerable');
    expect(container.textContent).toContain('This page has no article text Crosscheck could find.');

    buttonNamed('Analyse anyway').click();
    expect(client.analyseTab).toHaveBeenLastCalledWith({ tabId: TAB_ID, force: true });
    await waitForState('ready');
  });

  it('explains restricted pages without calling them errors', async () => {
    const restricted: TabAnalysis = { state: 'restricted', tabId: TAB_ID, reason: 'pdf', message: '' };
    render(
      <Popup client={fakeClient({ analyseTab: vi.fn(() => Promise.resolve(restricted)) })} />,
      container,
    );
    await waitForState('not-article');
    expect(root().dataset.reason).toBe('restricted');
    expect(container.querySelector('[data-restricted="pdf"]')?.textContent).toMatch(/PDF/);
    expect(container.textContent).not.toContain('Analyse anyway');
  });

  it('asks for site access straight from the click, then analyses again', async () => {
    const needsPermission: TabAnalysis = {
      state: 'needs-permission',
      tabId: TAB_ID,
      origin: 'https://www.foxnews.com',
      message: 'Crosscheck may only read a page after you click its toolbar button or allow the site.',
    };
    const client = fakeClient({
      analyseTab: vi.fn().mockResolvedValueOnce(needsPermission).mockResolvedValueOnce(readyAnalysis()),
    });
    render(<Popup client={client} />, container);
    await waitForState('not-article');
    expect(root().dataset.reason).toBe('needs-permission');
    expect(container.textContent).toContain("Crosscheck can't read this page yet");

    buttonNamed('Allow on www.foxnews.com').click();
    // Synchronously, inside the gesture: nothing awaited between the click and the request.
    expect(client.requestSiteAccess).toHaveBeenCalledWith('https://www.foxnews.com');
    await waitForState('ready');
    expect(client.analyseTab).toHaveBeenCalledTimes(2);
  });

  it('shows an error with Retry, and retries', async () => {
    const failed: TabAnalysis = {
      state: 'error',
      tabId: TAB_ID,
      code: 'tab-unreadable',
      message: 'The page could not be read.',
      retryable: true,
      quotaExceeded: false,
    };
    const client = fakeClient({
      analyseTab: vi.fn().mockResolvedValueOnce(failed).mockResolvedValueOnce(readyAnalysis()),
    });
    render(<Popup client={client} />, container);
    await waitForState('error');
    expect(root().dataset.reason).toBe('failed');
    expect(container.textContent).toContain('The page could not be read.');

    buttonNamed('Retry').click();
    await waitForState('ready');
    expect(client.analyseTab).toHaveBeenCalledTimes(2);
  });

  it('is an error, not a blank popup, when the background does not answer', async () => {
    const client = fakeClient({
      analyseTab: vi
        .fn()
        .mockRejectedValueOnce(new Error('Could not establish connection.'))
        .mockResolvedValue(readyAnalysis()),
    });
    render(<Popup client={client} />, container);
    await waitForState('error');
    expect(root().dataset.reason).toBe('unreachable');
    expect(container.textContent).toContain('Could not establish connection.');
    buttonNamed('Retry').click();
    await waitForState('ready');
  });

  it('points to the options page when the library is full', async () => {
    const full: TabAnalysis = {
      state: 'error',
      tabId: TAB_ID,
      code: 'storage-full',
      message: 'QuotaExceededError',
      retryable: false,
      quotaExceeded: true,
    };
    const client = fakeClient({ analyseTab: vi.fn(() => Promise.resolve(full)) });
    render(<Popup client={client} />, container);
    await waitForState('error');
    expect(root().dataset.reason).toBe('quota');
    expect(container.textContent).toContain('Your Crosscheck library is full');
    buttonNamed('Free space').click();
    expect(client.openOptions).toHaveBeenCalled();
  });

  it('renders article text containing markup as literal text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const analysis = readyAnalysis({
      article: { ...FOX_ARTICLE, title: `Breaking ${hostile}` },
      changes: {
        ...VERSION_COMPARISON,
        differences: [
          {
            ...VERSION_DIFFERENCES[0]!,
            reason: hostile,
            after: hostile,
            words: [{ value: hostile, added: true }],
          },
        ],
      },
      siblings: [{ ...ABC_SIBLING, title: hostile, siteName: hostile, url: 'javascript:alert(1)' }],
    });
    const client = fakeClient({
      tabHeader: vi.fn(() => Promise.resolve({ ...storedHeader(), title: hostile, stored: null })),
      analyseTab: vi.fn(() => Promise.resolve(analysis)),
    });
    render(<Popup client={client} />, container);
    await waitForState('ready');
    expect(container.querySelector('h1')?.textContent).toBe(`Breaking ${hostile}`);
    expect(container.querySelector('ins')?.textContent).toBe(hostile);
    expect(container.querySelector('.cc-sibling-title')?.textContent).toBe(hostile);
    container.querySelector<HTMLButtonElement>('.cc-disclosure')!.click();
    await vi.waitFor(() => expect(container.querySelectorAll('.cc-group').length).toBeGreaterThan(0));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
  });

  it('opens the library and, from the toolbar bubble, itself in a tab', async () => {
    const client = fakeClient();
    render(<Popup client={client} />, container);
    await waitForState('ready');
    buttonNamed('Library & settings').click();
    expect(client.openOptions).toHaveBeenCalled();
    buttonNamed('Open in a tab').click();
    expect(client.openInTab).toHaveBeenCalledWith(TAB_ID);
  });

  it('does not offer "Open in a tab" when it already is one', async () => {
    render(<Popup client={fakeClient({ inTab: true })} />, container);
    await waitForState('ready');
    expect(container.textContent).not.toContain('Open in a tab');
    expect(root().classList.contains('cc-popup--tab')).toBe(true);
  });
});

describe('tabIdFromSearch', () => {
  it('reads ?tabId=N and nothing else', () => {
    expect(tabIdFromSearch('?tabId=17')).toBe(17);
    expect(tabIdFromSearch('?tabId=17abc')).toBeNull();
    expect(tabIdFromSearch('?tabId=-3')).toBeNull();
    expect(tabIdFromSearch('')).toBeNull();
  });
});
