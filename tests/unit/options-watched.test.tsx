// @vitest-environment jsdom
/* eslint-disable @typescript-eslint/require-await -- async stand-ins for an async interface, and act() callbacks */
/** The options page's "Watched" section (#watched): the list, "Check now" with progress, unwatch. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchCheckReport, WatchSummary } from '../../src/protocol/types';
import { OptionsApp } from '../../src/ui/options/OptionsApp';
import { parseOptionsRoute } from '../../src/ui/shared/routes';
import { FakeBackground, fakePage } from './options-fixtures';
import { click, waitFor } from './options-dom';

const NOW = Date.UTC(2026, 11, 1, 12);

function watched(overrides: Partial<WatchSummary> = {}): WatchSummary {
  return {
    articleId: 7,
    url: 'https://www.foxnews.com/politics/ceasefire',
    title: 'US pushing for temporary Israel-Hezbollah ceasefire',
    outlet: 'foxnews.com',
    siteName: 'Fox News',
    movedTo: null,
    status: 'watching',
    reason: null,
    startedAt: NOW - 3_600_000,
    lastCheckAt: null,
    nextCheckAt: NOW + 2 * 3_600_000,
    versionCount: 1,
    unseen: 0,
    lastNews: null,
    ...overrides,
  };
}

let container: HTMLElement;

beforeEach(() => {
  location.hash = '#watched';
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => render(null, container));
  container.remove();
});

function setup(initial: WatchSummary[]) {
  const page = fakePage(new FakeBackground());
  let list = initial;
  let finish: (report: WatchCheckReport) => void = () => undefined;
  const calls: { setWatch: unknown[]; checks: number } = { setWatch: [], checks: 0 };
  page.api.listWatches = async () => list;
  page.api.checkWatchesNow = () => {
    calls.checks++;
    return new Promise((resolve) => (finish = resolve));
  };
  page.api.setWatch = async (data) => {
    calls.setWatch.push(data);
    list = list.filter((w) => w.articleId !== data.articleId);
    return null;
  };
  return {
    page,
    calls,
    setList: (next: WatchSummary[]) => (list = next),
    finish: (report: WatchCheckReport) => finish(report),
  };
}

const text = (selector: string) => container.querySelector(selector)?.textContent ?? '';

describe('the Watched section', () => {
  it('is addressed as options.html#watched', () => {
    expect(parseOptionsRoute('#watched')).toEqual({ view: 'watched' });
  });

  it('lists each watched article with last and next check, status and versions', async () => {
    const { page } = setup([
      watched(),
      watched({
        articleId: 8,
        title: 'Taken down',
        status: 'removed',
        reason: 'the article was taken down (404)',
      }),
    ]);
    await act(async () => render(<OptionsApp client={page} />, container));
    await waitFor(() => container.querySelectorAll('[data-watch-row]').length === 2, 'rows');
    const first = container.querySelector('[data-watch-row="7"]')!;
    expect(first.getAttribute('data-versions')).toBe('1');
    expect(first.querySelector('[data-last-check]')?.textContent).toBe('Not checked yet');
    expect(first.querySelector('[data-next-check]')?.textContent).toMatch(/^Next check: /);
    expect(first.querySelector('[data-watch-state]')?.textContent).toBe('Watching');
    const removed = container.querySelector('[data-watch-row="8"]')!;
    expect(removed.querySelector('[data-watch-state]')?.textContent).toBe('Taken down');
    expect(removed.textContent).toContain('the article was taken down (404)');
  });

  it('"Check now" shows progress while the background works, then what it found', async () => {
    const harness = setup([watched()]);
    await act(async () => render(<OptionsApp client={harness.page} />, container));
    const button = await waitFor(
      () => container.querySelector<HTMLButtonElement>('[data-check-now]'),
      'button',
    );
    await click(button);
    expect(harness.calls.checks).toBe(1);
    await waitFor(() => /Checking 0 of 1/.test(text('[data-check-progress]')), 'progress');
    expect(button.disabled).toBe(true);
    // The background applied the check: the list, re-read meanwhile, shows it.
    harness.setList([
      watched({
        lastCheckAt: Date.now() + 1,
        versionCount: 2,
        unseen: 1,
        lastNews: {
          kind: 'changed',
          summary: 'Fox News changed "40,000 U.S. troops"',
          at: NOW,
          beforeVersionId: 1,
          afterVersionId: 2,
        },
      }),
    ]);
    await waitFor(() => /Checking 1 of 1/.test(text('[data-check-progress]')), 'progress to move');
    await act(async () => harness.finish({ checked: 1, changed: 1, failed: 0, held: 0, tookMs: 40 }));
    await waitFor(() => /Checked 1: 1 edited, 0 failed/.test(text('[data-check-progress]')), 'report');
    await waitFor(
      () => container.querySelector('[data-watch-row]')?.getAttribute('data-versions') === '2',
      'versions',
    );
    expect(text('[data-last-news]')).toContain('40,000');
    const compare = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Compare the last edit',
    )!;
    await click(compare);
    expect(harness.page.opened).toEqual(['compare.html?before=1&after=2']);
  });

  it('unwatches an article', async () => {
    const harness = setup([watched()]);
    await act(async () => render(<OptionsApp client={harness.page} />, container));
    const unwatch = await waitFor(() => container.querySelector('[data-unwatch]'), 'unwatch');
    await click(unwatch);
    await waitFor(() => container.querySelectorAll('[data-watch-row]').length === 0, 'row gone');
    expect(harness.calls.setWatch).toEqual([{ articleId: 7, watching: false }]);
    expect(container.textContent).toContain('No watched articles yet');
  });
});
