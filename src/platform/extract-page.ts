/**
 * The extraction content script's whole job: read the live document (the extractor works on a
 * clone and never changes the page) and hand back the result. Nothing else runs in the page.
 */
import { extractArticle } from '../extract/index';
import type { ExtractResult } from '../model/types';

/** Set by the background just before it injects the script, since injected files take no arguments. */
export const EXTRACT_OPTIONS_KEY = '__crosscheckExtractOptions';

export function extractCurrentPage(): ExtractResult {
  const options = (globalThis as Record<string, unknown>)[EXTRACT_OPTIONS_KEY] as
    { force?: boolean } | undefined;
  const contentType = document.contentType;
  if (contentType && !/html|xml/i.test(contentType)) {
    return { ok: false, reason: 'unsupported', message: `This tab shows ${contentType}, not a web page.` };
  }
  return extractArticle(document, location.href, { force: options?.force === true });
}
