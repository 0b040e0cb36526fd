/**
 * Auto-capture in the page: wait until the browser is idle, ask Readability's cheap "is this
 * probably an article?" first, and only then extract (in a second idle period) and send the
 * article to the background. Timings go to the console in development builds, so the cost on the
 * page's main thread can be measured.
 */
import { isProbablyReaderable } from '@mozilla/readability';
import { extractArticle } from '../extract/index';
import { sendMessage } from './messaging';

/**
 * Each main-thread step is also recorded as a User Timing measure (`crosscheck:autocapture:*`),
 * which the page's own timeline shows, so `npm run bench:browser` and DevTools can read the cost
 * the content script adds to the page without instrumenting the build.
 */
function recordStep(name: string, start: number, end: number): void {
  try {
    performance.measure(`crosscheck:autocapture:${name}`, { start, end });
  } catch {
    // User Timing L3 is missing in very old engines; the timings object still carries the figure.
  }
}

function idle(timeout: number): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, Math.min(timeout, 500));
  });
}

export interface AutoCaptureTimings {
  readerableCheckMs: number;
  extractMs: number;
  captured: boolean;
}

export async function autoCapturePage(): Promise<AutoCaptureTimings> {
  const timings: AutoCaptureTimings = { readerableCheckMs: 0, extractMs: 0, captured: false };
  await idle(3000);
  let started = performance.now();
  const readerable = isProbablyReaderable(document);
  let ended = performance.now();
  timings.readerableCheckMs = ended - started;
  recordStep('readerable', started, ended);
  if (!readerable) return timings;

  await idle(3000);
  started = performance.now();
  const result = extractArticle(document, location.href);
  ended = performance.now();
  timings.extractMs = ended - started;
  recordStep('extract', started, ended);
  if (result.ok) {
    await sendMessage('captured', { article: result.article });
    timings.captured = true;
  }
  console.debug('[crosscheck] auto-capture', timings);
  return timings;
}
