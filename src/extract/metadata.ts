/**
 * Article metadata from the page's own declarations: `<link rel=canonical>`, OpenGraph and
 * `article:*` meta, JSON-LD (including `@graph` arrays), `<time datetime>`, `<html lang/dir>`.
 * Reads the live document without changing it.
 */

export interface PageMetadata {
  canonicalUrl: string | null;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /**
   * The organisation the page says published it: JSON-LD `publisher` (or the organisation it
   * credits as author or source), else `og:site_name`, else an organisation named in the byline.
   */
  publisher: string | null;
  publishedTime: string | null;
  modifiedTime: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPES =
  /^(?:Article|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|BlogPosting|LiveBlogPosting|SocialMediaPosting|TechArticle|WebPage)$/;
const RTL_LANGS = /^(?:ar|arc|dv|fa|ha|he|iw|khw|ks|ku|ps|sd|ur|yi)(?:-|$)/i;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typesOf(node: JsonObject): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Every object in the page's JSON-LD, flattened through arrays and `@graph`. */
function jsonLdObjects(doc: Document): JsonObject[] {
  const found: JsonObject[] = [];
  const visit = (value: Json | undefined, depth: number): void => {
    if (depth > 4 || value === undefined) return;
    if (Array.isArray(value)) for (const item of value) visit(item, depth + 1);
    else if (isObject(value)) {
      found.push(value);
      if (value['@graph'] !== undefined) visit(value['@graph'], depth + 1);
    }
  };
  for (const script of doc.getElementsByTagName('script')) {
    if ((script.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    const source = (script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '');
    try {
      visit(JSON.parse(source) as Json, 0);
    } catch {
      // Broken JSON-LD is common; the other metadata sources still apply.
    }
  }
  return found;
}

function articleJsonLd(doc: Document): JsonObject | null {
  const objects = jsonLdObjects(doc);
  const articles = objects.filter((o) => typesOf(o).some((t) => ARTICLE_TYPES.test(t)));
  // A WebPage wrapper is a fallback only: a real article type is more specific.
  return articles.find((o) => !typesOf(o).includes('WebPage')) ?? articles[0] ?? null;
}

function text(value: Json | undefined): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) return text(value[0]);
  if (isObject(value)) return text(value['@id'] ?? value.url ?? value.name);
  return null;
}

function names(value: Json | undefined): string | null {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out = list
    .map((item) => (typeof item === 'string' ? item : isObject(item) ? item.name : null))
    .filter((name): name is string => typeof name === 'string' && name.trim().length > 0)
    .map((name) => name.trim());
  return out.length ? [...new Set(out)].join(', ') : null;
}

const ORGANISATION_TYPES = /^(?:Organization|NewsMediaOrganization|Corporation|OnlineBusiness)$/;

/** The name of the first organisation among JSON-LD values (a publisher, author or source). */
function organisationName(value: Json | undefined, anyObject: boolean): string | null {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  for (const item of list) {
    if (!isObject(item)) continue;
    if (!anyObject && !typesOf(item).some((t) => ORGANISATION_TYPES.test(t))) continue;
    const name = typeof item.name === 'string' ? item.name.trim() : '';
    if (name) return name;
  }
  if (anyObject) {
    const first = list.find((item): item is string => typeof item === 'string' && item.trim().length > 0);
    if (first && !/^https?:/i.test(first)) return first.trim();
  }
  return null;
}

/**
 * An organisation credited in a byline: "By Jane Doe, Associated Press" or "Jane Doe | Reuters".
 * Only the part after the last separator, and only when it reads as a name of a few capitalised
 * words, so a second author ("By Jane Doe, John Roe") is not taken for a publisher.
 */
function bylineOrganisation(byline: string | null): string | null {
  if (!byline) return null;
  const parts = byline.split(/\s*(?:[,|·•—–]|\bfor\b)\s*/);
  if (parts.length < 2) return null;
  const last = (parts[parts.length - 1] ?? '').trim();
  const words = last.split(/\s+/);
  if (words.length === 0 || words.length > 5 || !words.every((w) => /^[\p{Lu}&]/u.test(w))) return null;
  // A person's name is two or three capitalised words too: an organisation says what it is, or is an acronym.
  const organisational =
    /\b(?:News|Press|Times|Post|Journal|Agency|Network|Media|Broadcasting|Herald|Tribune|Gazette|Telegraph|Wire)\b/.test(
      last,
    ) || /^\p{Lu}{2,6}$/u.test(last);
  return organisational ? last : null;
}

/**
 * Every `<meta>` value by its property/name/itemprop (lower-cased), first one wins. One pass over
 * the elements: attribute selectors per key are slow on large pages in jsdom.
 */
function metaIndex(doc: Document): Map<string, string> {
  const index = new Map<string, string>();
  for (const element of doc.getElementsByTagName('meta')) {
    const content = element.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attribute of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = element.getAttribute(attribute)?.trim().toLowerCase();
      if (key && !index.has(key)) index.set(key, content);
    }
  }
  return index;
}

function resolveUrl(href: string | null, base: string): string | null {
  if (!href) return null;
  try {
    const resolved = new URL(href, base);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/** ISO 8601 as the page wrote it when it already is; otherwise parsed and re-written, else null. */
export function isoDate(value: string | null): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed))
    return trimmed.replace(' ', 'T');
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

export function readMetadata(doc: Document, url: string): PageMetadata {
  const ld = articleJsonLd(doc);
  const metas = metaIndex(doc);
  const meta = (...keys: string[]): string | null => {
    for (const key of keys) {
      const value = metas.get(key.toLowerCase());
      if (value) return value;
    }
    return null;
  };
  let canonicalHref: string | null = null;
  for (const link of doc.getElementsByTagName('link')) {
    if (/(?:^|\s)canonical(?:\s|$)/i.test(link.getAttribute('rel') ?? '')) {
      canonicalHref = link.getAttribute('href');
      break;
    }
  }
  const canonical =
    resolveUrl(canonicalHref, url) ??
    resolveUrl(meta('og:url'), url) ??
    resolveUrl(text(ld?.url) ?? text(ld?.mainEntityOfPage), url);

  const times = [...doc.getElementsByTagName('time')]
    .map((t) => t.getAttribute('datetime'))
    .filter((value): value is string => !!value);
  const published =
    isoDate(text(ld?.datePublished)) ??
    isoDate(meta('article:published_time', 'datePublished', 'og:published_time', 'pubdate', 'date')) ??
    isoDate(times[0] ?? null);
  const modified =
    isoDate(text(ld?.dateModified)) ??
    isoDate(meta('article:modified_time', 'dateModified', 'og:updated_time', 'last-modified')) ??
    (times.length > 1 ? isoDate(times[times.length - 1] ?? null) : null);

  const html = doc.documentElement;
  const lang =
    html?.getAttribute('lang')?.trim() ||
    html?.getAttribute('xml:lang')?.trim() ||
    meta('content-language') ||
    meta('og:locale')?.replace('_', '-') ||
    null;
  const declaredDir = (html?.getAttribute('dir') ?? doc.body?.getAttribute('dir') ?? '').toLowerCase();
  const dir =
    declaredDir === 'rtl' || declaredDir === 'ltr'
      ? declaredDir
      : lang && RTL_LANGS.test(lang)
        ? 'rtl'
        : null;

  const publisher = ld?.publisher;
  const byline = names(ld?.author) ?? meta('author', 'article:author', 'dc.creator', 'byl');
  const siteName = meta('og:site_name') ?? (isObject(publisher) ? text(publisher.name) : null);
  const publisherName =
    organisationName(publisher, true) ??
    organisationName(ld?.sourceOrganization, true) ??
    organisationName(ld?.author, false) ??
    meta('og:site_name') ??
    bylineOrganisation(byline);
  return {
    canonicalUrl: canonical,
    title: meta('og:title', 'twitter:title') ?? text(ld?.headline),
    byline,
    siteName,
    publisher: publisherName,
    publishedTime: published,
    modifiedTime: modified,
    lang,
    dir,
  };
}
