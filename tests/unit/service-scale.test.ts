import { describe, expect, it } from 'vitest';
import type { ArticleRow } from '../../src/store/schema';
import { searchTextOf } from '../../src/store/search-text';
import { publishedKeyOf } from '../../src/store/rows';
import { T0, freshService, seedArticle } from './service-fixtures';

describe('library at scale', () => {
  it('searches and pages 10,000 articles', async () => {
    const service = freshService();
    const base = seedArticle('abc-ceasefire');
    const rows: Omit<ArticleRow, 'id'>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const title = `Report ${i} on ${i % 7 === 0 ? 'ceasefire talks' : 'local weather'}`;
      const outlet = `outlet${i % 40}.example`;
      const article = { ...base, title, paragraphs: base.paragraphs.map((p) => `${p} item${i}`) };
      rows.push({
        urlKey: `https://${outlet}/story/${i}`,
        url: `https://${outlet}/story/${i}`,
        title,
        siteName: null,
        byline: null,
        outlet,
        publishedTime: null,
        publishedKey: publishedKeyOf(null, T0 + i),
        firstCapturedAt: T0 + i,
        lastCapturedAt: T0 + i,
        lastSeenAt: T0 + i,
        versionCount: 1,
        latestVersionId: i + 1,
        storyId: null,
        search: searchTextOf({ title, outlet, siteName: null, byline: null }, article),
      });
    }
    await service.db.articles.bulkAdd(rows);

    const first = await service.listLibrary({
      text: 'ceasefire talks',
      outlet: null,
      sort: 'captured-desc',
      offset: 0,
      limit: 50,
    });
    expect(first.total).toBe(1429);
    expect(first.items[0]?.title).toBe('Report 9996 on ceasefire talks');
    const again = await service.listLibrary({
      text: 'item9999',
      outlet: null,
      sort: 'captured-desc',
      offset: 0,
      limit: 50,
    });
    expect(again.items.map((a) => a.title)).toEqual(['Report 9999 on local weather']);
    const plain = await service.listLibrary({
      text: '',
      outlet: null,
      sort: 'published-asc',
      offset: 9990,
      limit: 50,
    });
    expect(plain.items).toHaveLength(10);
    console.log(
      `10,000 articles: first text query ${first.tookMs.toFixed(0)} ms (loads the search field), next ${again.tookMs.toFixed(1)} ms, index page ${plain.tookMs.toFixed(1)} ms`,
    );
  }, 120_000);
});
