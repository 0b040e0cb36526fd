import 'fake-indexeddb/auto';
import { JSDOM } from 'jsdom';
import { extractArticle } from '../../src/extract/index';
import type { Article } from '../../src/model/types';
import { CrosscheckService } from '../../src/service/service';
import { openDb } from '../../src/store/schema';
import { SEED_PAGES, readFixture, type SeedPageName } from '../fixtures/pages';

const cache = new Map<SeedPageName, Article>();

/** A seed page run through the real extractor, as the extraction content script would send it. */
export function seedArticle(name: SeedPageName): Article {
  let article = cache.get(name);
  if (!article) {
    const { url } = SEED_PAGES[name];
    const dom = new JSDOM(readFixture(name), { url });
    const result = extractArticle(dom.window.document, url);
    if (!result.ok) throw new Error(`fixture ${name} did not extract: ${result.message}`);
    article = result.article;
    cache.set(name, article);
  }
  return structuredClone(article);
}

/** A service over a fresh, empty database of its own. */
export function freshService(): CrosscheckService {
  return new CrosscheckService(openDb({ name: `test-${Math.random().toString(36).slice(2)}` }));
}

export const T0 = Date.UTC(2024, 8, 25, 12);
export const HOUR = 3_600_000;

const HOSTS = ['www.foxnews.com', 'abcnews.go.com', 'www.reuters.com', 'www.bbc.co.uk', 'apnews.com'];

/**
 * A `crosscheck-library` file of `count` short articles across five outlets, each with
 * `versionsEach` versions, built from the seed texts: a library of any size that imports quickly.
 */
export function syntheticLibraryFile(count: number, versionsEach = 1): string {
  const text = seedArticle('abc-ceasefire').paragraphs;
  const articles = [];
  for (let i = 0; i < count; i++) {
    const host = HOSTS[i % HOSTS.length]!;
    const url = `https://${host}/world/story-${i}`;
    const versions = [];
    for (let v = 0; v < versionsEach; v++) {
      const paragraphs = [
        text[i % text.length]!,
        text[(i * 7 + 3) % text.length]!,
        `Story ${i} was updated ${v} times; officials counted ${i * 13 + v} people.`,
      ];
      versions.push({
        capturedAt: T0 + i * 60_000 + v * HOUR,
        article: { ...seedArticle('abc-ceasefire'), url, canonicalUrl: url, title: `Story ${i}`, paragraphs },
      });
    }
    articles.push({
      urlKey: url,
      url,
      title: `Story ${i}`,
      siteName: null,
      byline: null,
      outlet: host,
      publishedTime: null,
      firstCapturedAt: versions[0]!.capturedAt,
      lastCapturedAt: versions.at(-1)!.capturedAt,
      versions,
    });
  }
  return JSON.stringify({
    format: 'crosscheck-library',
    version: 1,
    exportedAt: new Date(T0).toISOString(),
    articles,
  });
}

/** Every article and version as the library lists them, for comparing two libraries. */
export async function librarySnapshot(service: CrosscheckService) {
  const page = await service.listLibrary({
    text: '',
    outlet: null,
    sort: 'captured-asc',
    offset: 0,
    limit: 1000,
  });
  const out = [];
  for (const item of page.items) {
    const versions = await service.listVersions(item.id);
    out.push({
      urlKey: item.urlKey,
      title: item.title,
      outlet: item.outlet,
      firstCapturedAt: item.firstCapturedAt,
      lastCapturedAt: item.lastCapturedAt,
      versions: versions.map((v) => ({
        capturedAt: v.capturedAt,
        contentHash: v.contentHash,
        claimCount: v.claimCount,
        changeCount: v.changeCount,
      })),
    });
  }
  return out;
}
