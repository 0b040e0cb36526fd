/**
 * Checks shared by the hostile, faults and privacy e2e files: the library read straight from
 * IndexedDB in an extension page (not through the background, whose answers are what is being
 * tested), the store's invariants, and "did anything from the page come alive here".
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { pageExpression, type Evaluate } from './harness/popup';

export interface StoredLibrary {
  articles: { id: number; urlKey: string; title: string; versionCount: number; latestVersionId: number }[];
  versions: { id: number; articleId: number; contentHash: string; paragraphs: string[] }[];
  matchDocs: { articleId: number; versionId: number }[];
}

const evaluateIn =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

/** Every row of the library, read with the raw IndexedDB API from an extension page. */
export function readLibrary(extensionPage: Page): Promise<StoredLibrary> {
  return readLibraryWith(evaluateIn(extensionPage));
}

/** readLibrary through either browser's driver: `evaluate` runs in an extension page. */
export function readLibraryWith(evaluate: Evaluate): Promise<StoredLibrary> {
  return evaluate(async () => {
    const names = (await indexedDB.databases()).map((info) => info.name);
    // Opening a database that does not exist would create it at version 1, empty, under Dexie.
    if (!names.includes('crosscheck')) return { articles: [], versions: [], matchDocs: [] };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('crosscheck');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
    const [articles, versions, matchDocs] = [
      await all('articles'),
      await all('versions'),
      await all('matchDocs'),
    ];
    db.close();
    return {
      articles: articles.map((row) => ({
        id: row.id as number,
        urlKey: row.urlKey as string,
        title: row.title as string,
        versionCount: row.versionCount as number,
        latestVersionId: row.latestVersionId as number,
      })),
      versions: versions.map((row) => ({
        id: row.id as number,
        articleId: row.articleId as number,
        contentHash: row.contentHash as string,
        paragraphs: (row.article as { paragraphs: string[] }).paragraphs,
      })),
      matchDocs: matchDocs.map((row) => ({
        articleId: row.articleId as number,
        versionId: row.versionId as number,
      })),
    };
  }, null);
}

/**
 * What a half-written capture would break: every article has exactly the versions it counts, its
 * latest version and its match-index row exist, no version is orphaned, no content is stored twice.
 */
export function expectWholeLibrary(library: StoredLibrary): void {
  const articleIds = new Set(library.articles.map((article) => article.id));
  for (const article of library.articles) {
    const versions = library.versions.filter((version) => version.articleId === article.id);
    expect(versions.length, `versions of ${article.urlKey}`).toBe(article.versionCount);
    expect(
      versions.map((version) => version.id),
      article.urlKey,
    ).toContain(article.latestVersionId);
    expect(
      library.matchDocs.find((doc) => doc.articleId === article.id),
      `match row of ${article.urlKey}`,
    ).toEqual({ articleId: article.id, versionId: article.latestVersionId });
    const hashes = versions.map((version) => version.contentHash);
    expect(new Set(hashes).size, `distinct contents of ${article.urlKey}`).toBe(hashes.length);
  }
  for (const version of library.versions) expect(articleIds.has(version.articleId)).toBe(true);
  for (const doc of library.matchDocs) expect(articleIds.has(doc.articleId)).toBe(true);
}

export interface Inertness {
  /** Elements whose attributes carry a payload's code (an element was built from page text). */
  builtFromPageText: string[];
  /** Set by a payload that ran. */
  pwned: unknown;
  /** An inline script added now: it must not run (the extension page's CSP). */
  inlineScriptRan: boolean;
  /** The browser reported the inline script as a CSP violation. */
  cspViolations: string[];
}

/** Looks for any trace of page markup having come alive in `page` (popup, options, comparison). */
export function inertness(page: Page): Promise<Inertness> {
  return inertnessWith(evaluateIn(page));
}

/** inertness through either browser's driver: `evaluate` runs in the extension page checked. */
export async function inertnessWith(evaluate: Evaluate): Promise<Inertness> {
  // onerror/onload would fire after a failed load or a layout: give them the chance.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
    const probe = document.createElement('script');
    probe.textContent = 'window.__inlineProbe = true';
    document.head.append(probe);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Attribute values may quote page text (aria-label="Delete “…”"): that is inert. What is not:
    // an event-handler attribute, a script URL, or a frame, object or inline script.
    const builtFromPageText = [...document.querySelectorAll('*')]
      .filter(
        (element) =>
          [...element.attributes].some(
            (attribute) =>
              /^on/i.test(attribute.name) ||
              (/^(href|src|srcdoc|action|formaction|xlink:href|data)$/i.test(attribute.name) &&
                /^\s*(javascript|data):|__pwned/i.test(attribute.value)),
          ) ||
          /^(IFRAME|OBJECT|EMBED|FRAME)$/.test(element.tagName) ||
          (element.tagName === 'SCRIPT' && !element.hasAttribute('src') && element !== probe),
      )
      .map((element) => element.outerHTML.slice(0, 120));
    probe.remove();
    const scope = window as unknown as { __pwned?: unknown; __inlineProbe?: unknown };
    return {
      builtFromPageText,
      pwned: scope.__pwned ?? null,
      inlineScriptRan: scope.__inlineProbe === true,
      cspViolations: violations,
    };
  }, null);
}

export function expectInert(result: Inertness): void {
  expect(result.builtFromPageText).toEqual([]);
  expect(result.pwned).toBeNull();
  expect(result.inlineScriptRan).toBe(false);
  expect(result.cspViolations.some((violation) => violation.startsWith('script-src'))).toBe(true);
}
