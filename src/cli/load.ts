/**
 * CLI inputs → Article: an `.html` file, a `.txt` file (one paragraph per line) or an http(s)
 * URL. Bytes are decoded the way a browser would (BOM, then the Content-Type charset, then
 * `<meta charset>`), and pages are parsed by jsdom without running their scripts.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { JSDOM, VirtualConsole } from 'jsdom';
import { decodeHtml } from '../extract/decode';
import { articleFromText, extractArticle } from '../extract/index';
import type { Article } from '../model/types';
import { CliError } from './errors';

export const FETCH_TIMEOUT_MS = 20_000;
/** Raw bytes we are willing to read; the extractor bounds the text further. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export interface LoadOptions {
  /** Extract even a page that does not look like an article (the reader insisted). */
  force?: boolean;
  /**
   * Take a short page as an article: a three-sentence brief fails the "looks like an article"
   * gate, which wants several long paragraphs, yet it is a news report. A page without a single
   * sentence of text is still refused.
   */
  briefs?: boolean;
}

/** The input was read, but holds no article: a caller ranking many inputs can report it and go on. */
export class UnreadableInput extends CliError {}

/** A jsdom Document for page HTML: scripts never run, resources never load, CSS noise silenced. */
export function parseHtml(html: string, url: string): Document {
  try {
    return new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document;
  } catch (error) {
    // jsdom parses every style sheet as it builds the tree and throws on CSS it cannot read
    // (an unexpanded Sass variable inside calc(), say). No style sheet holds article text, so the
    // page is read again with their contents left out rather than refused.
    if (!(error instanceof SyntaxError)) throw error;
    const unstyled = html.replace(/(<style\b[^>]*>)[\s\S]*?(<\/style\s*>)/gi, '$1$2');
    return new JSDOM(unstyled, { url, virtualConsole: new VirtualConsole() }).window.document;
  }
}

function looksLikeHtml(text: string): boolean {
  return /<(?:!doctype html|html|head|body|p|div|article)[\s>]/i.test(text.slice(0, 4096));
}

function articleFromHtml(html: string, url: string, source: string, options: LoadOptions): Article {
  const doc = parseHtml(html, url);
  let result = extractArticle(doc, url, { force: options.force ?? false });
  // Extraction reads a clone of the document, so the same one serves the second attempt.
  if (!result.ok && result.reason === 'not-readerable' && options.briefs)
    result = extractArticle(doc, url, { force: true });
  if (!result.ok) {
    const hint = result.reason === 'not-readerable' ? ' (use --force to extract anyway)' : '';
    throw new UnreadableInput(`${source}: not an article: ${result.reason}: ${result.message}${hint}`);
  }
  return result.article;
}

async function loadUrl(input: string, options: LoadOptions): Promise<Article> {
  let response: Response;
  try {
    response = await fetch(input, {
      redirect: 'follow',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1' },
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer in ${FETCH_TIMEOUT_MS / 1000} s`
        : cause;
    throw new CliError(`${input}: unreachable: ${why}`);
  }
  if (!response.ok)
    throw new CliError(`${input}: unreachable: HTTP ${response.status} ${response.statusText}`.trim());
  const contentType = response.headers.get('content-type');
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_INPUT_BYTES) throw new CliError(`${input}: too large (${declared} bytes)`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_INPUT_BYTES) throw new CliError(`${input}: too large (${bytes.length} bytes)`);
  const finalUrl = response.url || input;
  if (mime === 'text/plain') return articleFromText(decodeHtml(bytes, contentType), finalUrl);
  if (mime && mime !== 'text/html' && mime !== 'application/xhtml+xml')
    throw new UnreadableInput(`${input}: not HTML (${mime})`);
  return articleFromHtml(decodeHtml(bytes, contentType), finalUrl, input, options);
}

async function loadFile(input: string, options: LoadOptions): Promise<Article> {
  const file = path.resolve(input);
  const info = await stat(file).catch(() => null);
  if (!info) throw new CliError(`${input}: no such file`);
  if (!info.isFile()) throw new CliError(`${input}: not a file`);
  if (info.size > MAX_INPUT_BYTES) throw new CliError(`${input}: too large (${info.size} bytes)`);
  const bytes = new Uint8Array(await readFile(file));
  const url = pathToFileURL(file).href;
  if (/\.txt$/i.test(file)) return articleFromText(decodeHtml(bytes), url);
  if (bytes.subarray(0, 5).every((b, i) => b === '%PDF-'.charCodeAt(i)))
    throw new UnreadableInput(`${input}: not HTML (a PDF document)`);
  const html = decodeHtml(bytes);
  // NUL bytes do not occur in text; an image or archive renamed .html would have them.
  if (html.slice(0, 4096).includes('\u0000') || !looksLikeHtml(html))
    throw new UnreadableInput(`${input}: not HTML (expected an .html page or a .txt file)`);
  return articleFromHtml(html, url, input, options);
}

/** The article an input holds; one-line CliError for every way the input can be unusable. */
export function loadArticle(input: string, options: LoadOptions = {}): Promise<Article> {
  return /^https?:\/\//i.test(input) ? loadUrl(input, options) : loadFile(input, options);
}
