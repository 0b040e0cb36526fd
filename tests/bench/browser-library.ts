/**
 * The options page's library in Chromium, over the articles `bench:browser` has stored: a search
 * keystroke until its rows and count are rendered (the page's 120 ms debounce included), and the
 * frame times of the virtualised list scrolled from top to bottom.
 */
import type { Page } from 'playwright-core';
import type { ChromiumExtension } from '../e2e/harness/chromium';
import { pageExpression } from '../e2e/harness/popup';
import { summarize, type Figure } from './measure';

/** Typed whole into the box, each after clearing it: words, a name, a figure, prefixes, a miss. */
const QUERIES = ['ceasefire', 'minister', 'police', 'israel', 'hospital', 'said', '2024', 'c', 'ce', 'zzqx'];
const SEARCH_DELAY_MS = 120;
/** Pixels scrolled per frame: a fast fling, ~18,000 px a second. */
const SCROLL_STEP = 300;

/** Milliseconds from the input event to the status saying "… of N articles" (or not, when cleared). */
function typeAndWait(page: Page, text: string): Promise<number> {
  // pageExpression: tsx names inner functions with a helper the page does not have.
  return page.evaluate<number>(
    pageExpression(
      (query: string) =>
      new Promise<number>((resolve, reject) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="library-search"]');
        const status = document.querySelector('[data-testid="library-status"]');
        if (!input || !status) return reject(new Error('no search box or status on the page'));
        const done = () => (query ? / of /.test(status.textContent ?? '') : !/ of /.test(status.textContent ?? ''));
        let started = 0;
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true });
        input.value = query;
        started = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
      text,
    ),
  );
}

export async function benchLibraryPage(extension: ChromiumExtension, stored: number): Promise<Figure[]> {
  const page = await extension.newPage(extension.extensionUrl('options.html#library'));
  try {
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.waitForSelector('li[data-article-id]', { timeout: 60_000 });
    const label = stored.toLocaleString('en-US');

    const keystrokes: number[] = [];
    for (let run = 0; run < 4; run++) {
      for (const query of QUERIES) {
        const ms = await typeAndWait(page, query);
        // The first pass loads the search entries and warms up; it is not counted.
        if (run > 0) keystrokes.push(ms - SEARCH_DELAY_MS);
        await typeAndWait(page, '');
      }
    }

    const frames = await page.evaluate<number[]>(
      pageExpression(
        (step: number) =>
        new Promise<number[]>((resolve) => {
          const viewport = document.querySelector('[data-testid="library-list"]')?.parentElement;
          if (!viewport) return resolve([]);
          const gaps: number[] = [];
          const end = viewport.scrollHeight - viewport.clientHeight;
          let last = -1;
          const frame = (now: number) => {
            if (last >= 0) gaps.push(now - last);
            last = now;
            viewport.scrollTop = Math.min(end, viewport.scrollTop + step);
            if (viewport.scrollTop >= end || gaps.length >= 600) resolve(gaps);
            else requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
        SCROLL_STEP,
      ),
    );
    const rowsInDom = await page.evaluate(() => document.querySelectorAll('li[data-index]').length, null);
    return [
      {
        group: 'library',
        name: `search keystroke → rows, ${label} stored articles`,
        unit: 'ms',
        ...summarize(keystrokes),
        target: { on: 'p95', op: '<=', bound: 50 },
        note: `input event → status and rows rendered, less the ${SEARCH_DELAY_MS} ms debounce; ${QUERIES.length} queries × 3 runs`,
      },
      {
        group: 'library',
        name: `library scroll frame, ${label} stored articles`,
        unit: 'ms',
        ...summarize(frames),
        target: { on: 'p95', op: '<=', bound: 17 },
        note: `requestAnimationFrame gaps scrolling ${SCROLL_STEP} px a frame (${frames.length} frames); ${rowsInDom} rows in the DOM at the end`,
      },
    ];
  } finally {
    await page.close();
  }
}
