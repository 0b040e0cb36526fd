/**
 * Auto-capture in the page: wait until the browser is idle, ask Readability's cheap "is this
 * probably an article?" first, and only then extract (in a second idle period) and send the
 * article to the background. Timings go to the console in development builds, so the cost on the
 * page's main thread can be measured.
 */
import { isProbablyReaderable } from '@mozilla/readability';
import { extractArticle } from '../extract/index';
import { sendMessage } from './messaging';

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
  timings.readerableCheckMs = performance.now() - started;
  if (!readerable) return timings;

  await idle(3000);
  started = performance.now();
  const result = extractArticle(document, location.href);
  timings.extractMs = performance.now() - started;
  if (result.ok) {
    await sendMessage('captured', { article: result.article });
    timings.captured = true;
  }
  console.debug('[crosscheck] auto-capture', timings);
  return timings;
}
