/**
 * What auto-capture's content script sends, checked before it costs anything: a page serialised
 * in parts (src/service/page-parts.ts) or, from older content scripts, an extracted article.
 * The sender is a web page's content script, so every field is checked, and the auto-capture
 * policy is asked again here although the script only runs where it allowed capture.
 */
import { extractArticleFromHtml } from '../extract/from-html';
import type { Article } from '../model/types';
import { CAPTURED_PART_CHARS, MAX_CAPTURED_HTML_CHARS, type TabAnalysis } from '../protocol/types';
import { StoreError } from '../store/errors';
import { validateIncoming } from './capture';
import type { ServiceContext } from './context';
import { autoCaptureAllowed } from './outlets-settings';
import type { PagePartBuffer } from './page-parts';

/** Parts are kept per tab, so one tab cannot complete (or spoil) another's page. */
const partKey = (tabId: number, captureId: string): string => `${tabId}:${captureId}`;

/** Keeps one earlier part of a page; false when it was refused. */
export function receivePagePart(
  parts: PagePartBuffer,
  tabId: number,
  data: unknown,
  now: number,
): { received: boolean } {
  const { captureId, index, html } = data as { captureId: unknown; index: unknown; html: unknown };
  if (
    typeof captureId !== 'string' ||
    typeof index !== 'number' ||
    typeof html !== 'string' ||
    html.length > CAPTURED_PART_CHARS
  )
    return { received: false };
  return { received: parts.add(partKey(tabId, captureId), index, html, now) };
}

/**
 * The article in a sent page (its last part completing the earlier ones), or null when it is not
 * to be stored: a part went missing, the policy refuses the site, or it is not an article.
 */
export async function articleOfSentPage(
  ctx: ServiceContext,
  parts: PagePartBuffer,
  tabId: number,
  data: unknown,
  now: number,
): Promise<Article | null> {
  const {
    url,
    html: last,
    captureId,
    parts: count,
  } = data as { url: unknown; html: unknown; captureId?: unknown; parts?: unknown };
  if (typeof url !== 'string' || typeof last !== 'string')
    throw new StoreError(
      'Refused a captured page: expected its address and markup',
      false,
      false,
      'refused-page',
    );
  const html =
    typeof captureId === 'string' && typeof count === 'number'
      ? parts.finish(partKey(tabId, captureId), count, last, now)
      : last;
  // A part went missing (the service worker restarted midway): not this time.
  if (html === null) return null;
  if (html.length > MAX_CAPTURED_HTML_CHARS)
    throw new StoreError(
      `Refused a captured page: more than ${MAX_CAPTURED_HTML_CHARS} characters of markup`,
      false,
      false,
      'refused-page',
    );
  // Checked before the page costs any parsing.
  if (!(await autoCaptureAllowed(ctx, url))) return null;
  const result = extractArticleFromHtml(html, url);
  if (!result.ok) return null;
  return validateIncoming(result.article);
}

/** A sent article, validated, or null when the policy refuses its site. */
export async function articleSent(ctx: ServiceContext, value: unknown): Promise<Article | null> {
  const article = validateIncoming(value);
  return (await autoCaptureAllowed(ctx, article.url)) ? article : null;
}

/** Auto-capture's answer for an analysis of what it sent; a failed store is an error for the sender. */
export function autoCaptureAnswer(analysis: TabAnalysis, badge: number): { stored: boolean; badge: number } {
  if (analysis.state === 'error')
    throw new StoreError(analysis.message, analysis.quotaExceeded, analysis.retryable);
  return { stored: analysis.state === 'ready' && analysis.savedNewVersion, badge };
}
