/**
 * Document → Article. Readability finds the article in a clone of the page (the live page is
 * never touched: this runs in content scripts too); the blocks of its content become plain-text
 * paragraphs; the furniture rules take out what publishers put inside the body that is not
 * reporting. Page content never makes this throw: anything unusable is an `ok: false` result.
 */
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import type { Article, ExtractResult, NotArticleReason, RemovedFurniture } from '../model/types';
import { hashText, normalizeText } from '../text/normalize';
import { collectBlocks, type Block } from './blocks';
import { cleanParagraphs } from './furniture';
import { readMetadata } from './metadata';
import { normalizeUrlKey, outletOf } from './url';

/** Bumped whenever the same page could extract differently, so stored versions can be re-read. */
export const EXTRACTOR_VERSION = 'crosscheck-extract/1.1.0';

/**
 * Size bounds: pages above them are refused (`too-large`) rather than parsed. 5 MB of UTF-8 text
 * is about ten times the longest news article with comments; 100,000 elements is several times
 * the heaviest real news page in the evaluation set.
 */
export const MAX_TEXT_BYTES = 5 * 1024 * 1024;
export const MAX_ELEMENTS = 100_000;

export interface ExtractOptions {
  /** Skip the "is this an article?" gate (the reader insisted). */
  force?: boolean;
  /** Override MAX_TEXT_BYTES. */
  maxTextBytes?: number;
}

type ArticleMeta = Partial<
  Pick<Article, 'title' | 'byline' | 'siteName' | 'publishedTime' | 'modifiedTime' | 'lang'>
>;

const fail = (reason: NotArticleReason, message: string): ExtractResult => ({ ok: false, reason, message });

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 2 : 3;
  }
  return bytes;
}

/** Readability's readerable default: a paragraph counts from 140 characters of Latin text. */
const READERABLE_MIN_LENGTH = 140;
/** One Han, kana or hangul character carries about as much as 2.5 Latin ones. */
const CJK_CHARS_PER_LATIN = 2.5;

/** The readerable gate, with its length threshold scaled for Chinese, Japanese and Korean text. */
function readerableOptions(pageText: string): { minContentLength: number } {
  const sample = pageText.slice(0, 20_000);
  // Counted by what a deletion leaves, not by matching: a match array holds one string per letter.
  const letters = sample.length - sample.replace(/\p{L}/gu, '').length;
  const cjk =
    sample.length -
    sample.replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu, '').length;
  const cjkPage = letters > 0 && cjk / letters > 0.5;
  return {
    minContentLength: cjkPage
      ? Math.round(READERABLE_MIN_LENGTH / CJK_CHARS_PER_LATIN)
      : READERABLE_MIN_LENGTH,
  };
}

const ARTICLE_TYPES =
  /^(?:article|newsarticle|reportagenewsarticle|analysisnewsarticle|opinionnewsarticle|reviewnewsarticle|backgroundnewsarticle|blogposting|socialmediaposting|liveblogposting|report|scholarlyarticle|techarticle)$/i;

/**
 * The page says of itself that it is one article: `og:type` "article" or a JSON-LD item of an
 * Article type. Readability's readerable test counts only <p>-like elements of 140 characters, so
 * articles set in short paragraphs or bare <div>s fail it; the publisher's own word outweighs it.
 */
function declaresArticle(doc: Document): boolean {
  for (const meta of doc.querySelectorAll('meta[property="og:type"], meta[name="og:type"]'))
    if (/^article$/i.test((meta.getAttribute('content') ?? '').trim())) return true;
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const text = script.textContent ?? '';
    for (const match of text.matchAll(/"@type"\s*:\s*(?:"([^"]{1,40})"|\[([^\]]{1,200})\])/g)) {
      const types = match[1] ? [match[1]] : (match[2] ?? '').split(',').map((t) => t.replace(/["\s]/g, ''));
      if (types.some((t) => ARTICLE_TYPES.test(t))) return true;
    }
  }
  return false;
}

/** Enough text to hold at least one sentence in any script. */
function hasSentences(paragraphs: string[]): boolean {
  return paragraphs.some((p) => /[\p{L}\p{N}]/u.test(p) && (p.split(/\s+/).length >= 4 || p.length >= 20));
}

function isProse(block: Block): boolean {
  return !block.heading && block.text.length >= 60 && block.linkChars < block.text.length / 2;
}

/**
 * The element holding the article body: the deepest one with nine tenths of the prose in it.
 * Anything Readability kept outside it (standfirst, video titles, lists of more stories) is chrome.
 */
function bodyContainer(root: Element, blocks: Block[]): Element {
  const prose = blocks.filter(isProse);
  const total = prose.reduce((sum, b) => sum + b.text.length, 0);
  if (total === 0) return root;
  const weight = new Map<Element, number>();
  for (const block of prose) {
    for (let el: Element | null = block.element; el && el !== root; el = el.parentElement)
      weight.set(el, (weight.get(el) ?? 0) + block.text.length);
  }
  let container = root;
  for (;;) {
    let next: Element | null = null;
    for (const child of container.children) if ((weight.get(child) ?? 0) >= total * 0.9) next = child;
    if (!next) return container;
    container = next;
  }
}

/** How far into the body a repeated headline is still the headline. */
const TITLE_SEARCH = 4;

/** "Headline | Fox News" → "Headline", when the cut-off part names the site. */
export function stripSiteSuffix(title: string, siteName: string | null, url: string): string {
  const trimmed = title.replace(/\s+/g, ' ').trim();
  const host = outletOf(url).split('.')[0] ?? '';
  const names = [siteName, host]
    .filter((n): n is string => !!n)
    .map((n) => n.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''));
  const isSite = (part: string): boolean => {
    const key = part.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    return (
      key.length > 0 &&
      names.some((n) => n.length > 0 && (key === n || key.startsWith(n) || n.startsWith(key)))
    );
  };
  const separator = /\s+[|–—·»:-]\s+/;
  const parts = trimmed.split(separator);
  if (parts.length < 2) return trimmed;
  const lastPart = parts[parts.length - 1] ?? '';
  const firstPart = parts[0] ?? '';
  const match = trimmed.match(new RegExp(`^(.*)${separator.source}(.*)$`));
  if (isSite(lastPart) && match?.[1]) return match[1].trim();
  if (isSite(firstPart)) return trimmed.slice(trimmed.search(separator)).replace(separator, '').trim();
  return trimmed;
}

/** The Article.contentHash of a title and paragraphs: equal when nothing a reader sees changed. */
export function contentHashOf(article: Pick<Article, 'title' | 'paragraphs'>): string {
  return hashText(normalizeText(article.title + '\n' + article.paragraphs.join('\n')));
}

function buildArticle(
  url: string,
  fields: Omit<Article, 'url' | 'urlKey' | 'contentHash' | 'extractorVersion'>,
): Article {
  const keySource = fields.canonicalUrl ?? url;
  return {
    url,
    urlKey: normalizeUrlKey(keySource),
    ...fields,
    contentHash: contentHashOf(fields),
    extractorVersion: EXTRACTOR_VERSION,
  };
}

export function extractArticle(doc: Document, url: string, options: ExtractOptions = {}): ExtractResult {
  try {
    return extractUnguarded(doc, url, options);
  } catch (error) {
    // Readability and the DOM can still fail on pathological markup; that is the page's problem.
    return fail(
      'no-content',
      `could not read the page: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function extractUnguarded(doc: Document, url: string, options: ExtractOptions): ExtractResult {
  const body = doc.body;
  if (!body) return fail('empty', 'the page has no body');
  const maxBytes = options.maxTextBytes ?? MAX_TEXT_BYTES;
  const pageText = body.textContent ?? '';
  if (!pageText.trim()) return fail('empty', 'the page has no text');
  if (pageText.length > maxBytes || utf8Length(pageText) > maxBytes)
    return fail('too-large', `the page has more than ${Math.round(maxBytes / 1024)} KB of text`);
  const elementCount = doc.getElementsByTagName('*').length;
  if (elementCount > MAX_ELEMENTS)
    return fail('too-large', `the page has ${elementCount} elements, more than ${MAX_ELEMENTS}`);
  if (!options.force && !isProbablyReaderable(doc, readerableOptions(pageText)) && !declaresArticle(doc))
    return fail('not-readerable', 'the page does not look like an article (too little running text)');

  const meta = readMetadata(doc, url);
  type Parsed = ReturnType<Readability<Element>['parse']>;
  let parsed: Parsed;
  let content: Element | null | undefined;
  try {
    const clone = doc.cloneNode(true) as Document;
    parsed = new Readability<Element>(clone, {
      keepClasses: true,
      serializer: (node) => node as Element,
      maxElemsToParse: MAX_ELEMENTS,
    }).parse();
    content = parsed?.content;
  } catch (error) {
    // Readability and cloning recurse over the tree; a page nested thousands of levels deep
    // overflows the stack. The block walk is iterative and only reads, so it can take the live
    // body directly and still find the running text.
    if (!(error instanceof RangeError)) throw error;
    parsed = null;
    content = body;
  }
  if (!content) return fail('no-content', 'no article text was found on the page');

  const collected = collectBlocks(content);
  const container = bodyContainer(content, collected.blocks);
  const removed: RemovedFurniture[] = [...collected.removed];
  const inBody: Block[] = [];
  for (const block of collected.blocks) {
    if (container === content || container.contains(block.element)) inBody.push(block);
    else removed.push({ text: block.text, rule: 'outside-body' });
  }
  const kept = inBody.map((block) => block.text);

  const siteName = meta.siteName ?? parsed?.siteName?.trim() ?? null;
  const rawTitle = meta.title ?? parsed?.title ?? doc.title ?? '';
  const title = stripSiteSuffix(rawTitle, siteName, url);
  // Readability may keep the headline as the first block; it is the title, not a claim.
  const titleKey = normalizeText(title).toLowerCase();
  while (kept.length && normalizeText(kept[0] ?? '').toLowerCase() === titleKey) {
    removed.push({ text: kept.shift() ?? '', rule: 'title' });
  }
  // …or repeat it a little further down, after a kicker or the page's own address.
  for (let k = 1; k < Math.min(kept.length, TITLE_SEARCH); k++) {
    if (normalizeText(kept[k] ?? '').toLowerCase() !== titleKey) continue;
    removed.push({ text: kept[k] ?? '', rule: 'title' });
    kept.splice(k, 1);
    break;
  }

  const cleaned = cleanParagraphs(kept);
  if (!hasSentences(cleaned.paragraphs)) return fail('no-content', 'the article text has no sentences');
  const readabilityDir = parsed?.dir === 'rtl' || parsed?.dir === 'ltr' ? parsed.dir : null;

  return {
    ok: true,
    article: buildArticle(url, {
      canonicalUrl: meta.canonicalUrl,
      title: title || titleFromUrl(url),
      byline: meta.byline ?? parsed?.byline?.trim() ?? null,
      siteName,
      publisher: meta.publisher,
      publishedTime: meta.publishedTime ?? parsed?.publishedTime ?? null,
      modifiedTime: meta.modifiedTime,
      lang: meta.lang ?? parsed?.lang ?? null,
      dir: meta.dir ?? readabilityDir,
      paragraphs: cleaned.paragraphs,
      credits: cleaned.credits,
      removed: [...removed, ...cleaned.removed],
    }),
  };
}

/** "…/us-pushes-ceasefire.txt" → "us pushes ceasefire". */
function titleFromUrl(url: string): string {
  let path = url;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    // Not a URL: a bare file name is fine as it is.
  }
  const last = path.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return (
    last
      .replace(/\.[a-z0-9]{1,5}$/i, '')
      .replace(/[-_+]+/g, ' ')
      .trim() || 'Untitled'
  );
}

/**
 * A plain-text article (one paragraph per non-empty line). The first line is the title only when
 * no title is given and it reads like one: short, without a final full stop.
 */
export function articleFromText(text: string, url: string, meta: ArticleMeta = {}): Article {
  const cleaned = cleanParagraphs(text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/));
  let title = meta.title?.trim() ?? '';
  if (!title) {
    const first = cleaned.paragraphs[0] ?? '';
    const words = first.split(/\s+/).length;
    if (
      first &&
      words <= 25 &&
      first.length <= 200 &&
      !/[.!?。！？]["”’']?$/.test(first) &&
      cleaned.paragraphs.length > 1
    ) {
      title = first;
      cleaned.paragraphs.shift();
    } else title = titleFromUrl(url);
  }
  const lang = meta.lang ?? null;
  return buildArticle(url, {
    canonicalUrl: null,
    title,
    byline: meta.byline ?? null,
    siteName: meta.siteName ?? null,
    publishedTime: meta.publishedTime ?? null,
    modifiedTime: meta.modifiedTime ?? null,
    lang,
    dir: lang && /^(?:ar|fa|he|iw|ps|ur|yi)(?:-|$)/i.test(lang) ? 'rtl' : null,
    paragraphs: cleaned.paragraphs,
    credits: cleaned.credits,
    removed: cleaned.removed,
  });
}
