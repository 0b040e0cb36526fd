import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/cli/load';
import { articleFromText, extractArticle, normalizeUrlKey } from '../../src/extract/index';
import type { Article } from '../../src/model/types';
import { normalizeText } from '../../src/text/normalize';
import { readFixture, readSeed, SEED_PAGES, type SeedPageName } from '../fixtures/pages';

/**
 * The furniture lines ../shared/seeds/README.md names, and where each must end up. These are the
 * requirements; every page's full result is pinned in tests/fixtures/pages/<name>/expected-*.json
 * (tests/golden/fixture-pages.test.ts).
 */
const FURNITURE: Record<SeedPageName, { removed: string[]; credits: string[] }> = {
  'fox-ceasefire-v1': { removed: [], credits: [] },
  'fox-ceasefire-v2': {
    removed: [
      'HOW A US-BACKED UN RESOLUTION FAILED TO STOP HEZBOLLAH TERROR TAKEOVER: ‘BIPARTISAN FAILURE’',
      'CLICK HERE TO GET THE FOX NEWS APP',
    ],
    credits: [
      'Fox News Digital’s Anders Hagstrom as well as The Associated Press contributed to this report.',
    ],
  },
  'abc-ceasefire': {
    removed: [
      'Smoke rises from the site of an Israeli airstrike that targeted the southern Lebanese village of Khiam, Sept. 25, 2024. (Rabih Daher/AFP via Getty Images)',
      'Copyright © 2024, ABC Audio. All rights reserved.',
    ],
    credits: [],
  },
};

const seedLines = (name: SeedPageName): string[] =>
  readSeed(SEED_PAGES[name].seed)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The seed's body: every line that is not named furniture or a credit. */
function expectedParagraphs(name: SeedPageName): string[] {
  const { removed, credits } = FURNITURE[name];
  return seedLines(name).filter((line) => !removed.includes(line) && !credits.includes(line));
}

function extractFixture(name: SeedPageName): Article {
  const { url } = SEED_PAGES[name];
  const result = extractArticle(parseHtml(readFixture(name), url), url);
  if (!result.ok) throw new Error(`${name}: ${result.reason}: ${result.message}`);
  return result.article;
}

const names = Object.keys(SEED_PAGES) as SeedPageName[];

describe.each(names)('seed page %s', (name) => {
  it('extracts exactly the seed paragraphs, as published', () => {
    const article = extractFixture(name);
    const expected = expectedParagraphs(name);
    expect(article.paragraphs.map(normalizeText)).toEqual(expected.map(normalizeText));
    // Display text keeps the publisher's typography (curly quotes, dashes) untouched.
    expect(article.paragraphs).toEqual(expected);
  });

  it('puts contributor lines in credits and records the furniture it removed', () => {
    const article = extractFixture(name);
    expect(article.credits).toEqual(FURNITURE[name].credits);
    const removedTexts = article.removed.map((r) => normalizeText(r.text));
    for (const line of FURNITURE[name].removed) expect(removedTexts).toContain(normalizeText(line));
    for (const r of article.removed) expect(r.rule).toMatch(/\S/);
  });

  it('extracts the same paragraphs from the seed as a text file', () => {
    const article = articleFromText(
      readSeed(SEED_PAGES[name].seed),
      `file:///seeds/${SEED_PAGES[name].seed}`,
    );
    expect(article.paragraphs).toEqual(expectedParagraphs(name));
    expect(article.credits).toEqual(FURNITURE[name].credits);
  });
});

describe('seed page metadata', () => {
  it('finds the Fox canonical address, title, site, dates and language', () => {
    const v1 = extractFixture('fox-ceasefire-v1');
    expect(v1.canonicalUrl).toBe(SEED_PAGES['fox-ceasefire-v1'].url);
    expect(v1.title).toBe('US pushing for temporary Israel-Hezbollah ceasefire amid fears of wider war');
    expect(v1.siteName).toBe('Fox News');
    expect(v1.byline).toBe('Liz Friden');
    expect(v1.publishedTime).toBe('2024-09-25T14:32:11-04:00');
    expect(v1.lang).toBe('en-US');
    expect(v1.dir).toBe('ltr');
  });

  it('keys both Fox versions to one address, with a later modification time in v2', () => {
    const v1 = extractFixture('fox-ceasefire-v1');
    const v2 = extractFixture('fox-ceasefire-v2');
    expect(v2.urlKey).toBe(v1.urlKey);
    expect(v1.urlKey).toBe(normalizeUrlKey(SEED_PAGES['fox-ceasefire-v2'].url));
    expect(v2.publishedTime).toBe(v1.publishedTime);
    expect(Date.parse(v2.modifiedTime ?? '')).toBeGreaterThan(Date.parse(v1.modifiedTime ?? ''));
    expect(v2.contentHash).not.toBe(v1.contentHash);
    expect(v2.title).toBe(v1.title);
  });

  it('reads ABC metadata from a JSON-LD @graph and strips the site from the title', () => {
    const abc = extractFixture('abc-ceasefire');
    expect(abc.canonicalUrl).toBe(SEED_PAGES['abc-ceasefire'].url);
    expect(abc.title).toBe(
      'US urges diplomacy as Israel lays groundwork for possible ground invasion of Lebanon',
    );
    expect(abc.siteName).toBe('ABC News');
    expect(abc.byline).toBe('Shannon K. Crawford, Luis Martinez');
    expect(abc.publishedTime).toBe('2024-09-25T18:47:00Z');
    expect(abc.modifiedTime).toBe('2024-09-25T18:52:00Z');
    expect(abc.lang).toBe('en');
  });

  it('is deterministic: the same page gives the same hash', () => {
    expect(extractFixture('abc-ceasefire').contentHash).toBe(extractFixture('abc-ceasefire').contentHash);
  });

  it('does not change the live document or run its scripts', () => {
    const { url } = SEED_PAGES['fox-ceasefire-v2'];
    const doc = parseHtml(readFixture('fox-ceasefire-v2'), url);
    const before = doc.documentElement.outerHTML;
    expect(extractArticle(doc, url).ok).toBe(true);
    expect(doc.documentElement.outerHTML).toBe(before);
    expect(doc.title).not.toBe('SCRIPT RAN');
  });
});
