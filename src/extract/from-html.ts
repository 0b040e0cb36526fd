/**
 * HTML → Article without a browser DOM. The MV3 service worker has no DOMParser, and the
 * permission set rules out an offscreen document, so auto-captured pages (serialised by
 * src/extract/serialise.ts in the page) are parsed with linkedom and go through the same
 * `extractArticle` as a live document.
 */
import { parseHTML } from 'linkedom/worker';
import type { ExtractResult } from '../model/types';
import { extractArticle, type ExtractOptions } from './extract';

export function parseHtmlDocument(html: string): Document {
  return parseHTML(html).document;
}

export function extractArticleFromHtml(
  html: string,
  url: string,
  options: ExtractOptions = {},
): ExtractResult {
  let doc: Document;
  try {
    doc = parseHtmlDocument(html);
  } catch (error) {
    return {
      ok: false,
      reason: 'no-content',
      message: `could not parse the page: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return extractArticle(doc, url, options);
}
