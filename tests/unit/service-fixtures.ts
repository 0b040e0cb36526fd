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
