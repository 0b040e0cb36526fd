/**
 * Auto-capture extracts in the background from the page's serialised HTML parsed by linkedom
 * (src/extract/serialise.ts → src/extract/from-html.ts); the popup extracts from the live
 * document. Both must find the same article: here the live document is jsdom's, and the
 * serialised path must give the identical Article (paragraphs, title, metadata, hash, furniture).
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/cli/load';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import { extractArticle } from '../../src/extract/index';
import { serialiseDocument } from '../../src/extract/serialise';
import { bigArticle, hostileArticle, noSentencePage } from '../fixtures/hostile/pages';
import { readFixture, SEED_PAGES, type SeedPageName } from '../fixtures/pages';

const PAGES: { name: string; html: string; url: string }[] = [
  ...(Object.keys(SEED_PAGES) as SeedPageName[]).map((name) => ({
    name,
    html: readFixture(name),
    url: SEED_PAGES[name].url,
  })),
  { name: 'hostile, edition 1', html: hostileArticle(1), url: 'https://news.example/local/council-vote' },
  { name: 'hostile, edition 2', html: hostileArticle(2), url: 'https://news.example/local/council-vote' },
  { name: 'big article', html: bigArticle('golden', 60), url: 'https://news.example/world/big' },
  { name: 'no sentence', html: noSentencePage(), url: 'https://news.example/gallery' },
];

describe('extraction from serialised HTML (linkedom) matches the live document (jsdom)', () => {
  for (const page of PAGES) {
    // The big article (50,000 elements) takes jsdom several seconds on a busy machine.
    it(page.name, { timeout: 60_000 }, () => {
      const doc = parseHtml(page.html, page.url);
      const live = extractArticle(doc, page.url);
      const html = serialiseDocument(doc);
      expect(html).not.toBeNull();
      const fromHtml = extractArticleFromHtml(html ?? '', page.url);
      expect(fromHtml).toEqual(live);
    });
  }

  it('finds the founding articles’ paragraphs through the serialised path', () => {
    for (const name of Object.keys(SEED_PAGES) as SeedPageName[]) {
      const doc = parseHtml(readFixture(name), SEED_PAGES[name].url);
      const result = extractArticleFromHtml(serialiseDocument(doc) ?? '', SEED_PAGES[name].url);
      expect(result.ok, name).toBe(true);
      if (result.ok) expect(result.article.paragraphs.length, name).toBeGreaterThan(5);
    }
  });
});
