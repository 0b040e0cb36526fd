import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { articleFromText, extractArticle } from '../../src/extract/index';
import { outletOf, relate, sameOutlet } from '../../src/match/index';
import type { Article } from '../../src/model/types';
import { readFixture } from '../fixtures/pages';

function article(url: string, siteName: string | null, publisher?: string | null): Article {
  const base = articleFromText('One sentence of text.', url, siteName ? { siteName } : {});
  return publisher === undefined ? base : { ...base, publisher };
}

describe('outletOf and sameOutlet', () => {
  it('tells two publishers on one host apart by the publisher each page names', () => {
    const a = article('https://news.aggregator.example/a', 'Aggregator', 'Daily Ledger');
    const b = article('https://news.aggregator.example/b', 'Aggregator', 'Evening Courier');
    expect(sameOutlet(a, b)).toBe(false);
    expect(outletOf(a)).toBe('daily ledger');
  });

  it('takes one publisher on two hosts, and spelling variants of its name, as one outlet', () => {
    const a = article('https://www.ledger.example/a', 'The Daily Ledger');
    const b = article('https://m.ledger-mirror.example/b', 'Daily Ledger, Inc.');
    expect(sameOutlet(a, b)).toBe(true);
  });

  it('falls back to the host when a page names no publisher', () => {
    const named = article('https://www.ledger.example/a', 'Daily Ledger');
    const unnamed = article('https://ledger.example/b', null);
    const elsewhere = article('https://courier.example/c', null);
    expect(sameOutlet(named, unnamed)).toBe(true);
    expect(sameOutlet(unnamed, elsewhere)).toBe(false);
    expect(outletOf(unnamed)).toBe('ledger.example');
  });

  it(
    'keeps the seed reports of Fox and ABC apart when both are served from one host',
    { timeout: 30_000 },
    () => {
      const local = (name: 'fox-ceasefire-v2' | 'abc-ceasefire', own: RegExp, url: string) => {
        const html = readFixture(name).replace(own, 'http://127.0.0.1:8080');
        const result = extractArticle(new JSDOM(html, { url }).window.document, url);
        if (!result.ok) throw new Error(result.message);
        return result.article;
      };
      const fox = local(
        'fox-ceasefire-v2',
        /https:\/\/www\.foxnews\.com/g,
        'http://127.0.0.1:8080/politics/x',
      );
      const abc = local(
        'abc-ceasefire',
        /https:\/\/abcnews\.go\.com/g,
        'http://127.0.0.1:8080/International/y',
      );
      expect(fox.publisher).toBe('Fox News');
      expect(abc.publisher).toBe('ABC News');
      expect(sameOutlet(fox, abc)).toBe(false);
      expect(relate(fox, abc).relation).toBe('sibling');
    },
  );
});
