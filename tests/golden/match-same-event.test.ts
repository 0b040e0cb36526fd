import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/extract/metadata';
import {
  SAME_EVENT_MODEL,
  SAME_EVENT_THRESHOLD,
  sameEventScore,
  SIBLING_THRESHOLD,
  type SameEventEvidence,
} from '../../src/match/index';

const strong: SameEventEvidence = {
  text: 0.7,
  names: 0.6,
  numbers: 0.5,
  lede: 0.6,
  leadNames: 0.8,
  yearConflict: 0,
  timeClose: 0,
  timeGap: 0,
};

describe('the same-event score', () => {
  it('decides at the threshold the index uses for siblings', () => {
    expect(SAME_EVENT_THRESHOLD).toBe(SIBLING_THRESHOLD);
  });

  it('is lowered by evidence against one event, not overruled by it', () => {
    const base = sameEventScore(strong);
    const conflicting = sameEventScore({ ...strong, yearConflict: 1, timeGap: 1 });
    expect(conflicting).toBeLessThan(base);
    // Strong agreement of text and names still outweighs a year mentioned only on one side.
    expect(sameEventScore({ ...strong, yearConflict: 1 })).toBeGreaterThanOrEqual(SAME_EVENT_THRESHOLD);
  });

  it('rises with publication within days when both pages give a time', () => {
    const weak = { ...strong, text: 0.35, lede: 0.25, names: 0.3, leadNames: 0.3 };
    expect(sameEventScore({ ...weak, timeClose: 1 })).toBeGreaterThan(sameEventScore(weak));
  });

  it('gives every piece of supporting evidence positive weight and every piece against negative', () => {
    const { weights } = SAME_EVENT_MODEL;
    for (const key of ['text', 'names', 'numbers', 'lede', 'leadNames', 'timeClose'] as const)
      expect(weights[key]).toBeGreaterThan(0);
    for (const key of ['yearConflict', 'timeGap'] as const) expect(weights[key]).toBeLessThan(0);
  });
});

describe('the publisher a page names', () => {
  const read = (head: string, body = '') =>
    readMetadata(
      new JSDOM(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, {
        url: 'https://news.aggregator.example/story/1',
      }).window.document,
      'https://news.aggregator.example/story/1',
    );

  it('is the JSON-LD publisher before the site name', () => {
    const meta = read(
      `<meta property="og:site_name" content="Aggregator News">
       <script type="application/ld+json">{"@type":"NewsArticle","headline":"x",
         "publisher":{"@type":"Organization","name":"Daily Ledger"}}</script>`,
    );
    expect(meta.publisher).toBe('Daily Ledger');
    expect(meta.siteName).toBe('Aggregator News');
  });

  it('is og:site_name when there is no JSON-LD publisher', () => {
    expect(read('<meta property="og:site_name" content="Evening Courier">').publisher).toBe(
      'Evening Courier',
    );
  });

  it('is an organisation named in the byline, never a second author', () => {
    expect(read('<meta name="author" content="Jane Doe, Riverside Press">').publisher).toBe(
      'Riverside Press',
    );
    expect(read('<meta name="author" content="Jane Doe, John Roe">').publisher).toBeNull();
  });
});
