import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../src/extract/metadata';
import {
  compareRelated,
  groupScores,
  relateGroup,
  SAME_EVENT_MODEL,
  SAME_EVENT_THRESHOLD,
  sameEventScore,
  SIBLING_THRESHOLD,
  type PairEvidence,
  type SameEventEvidence,
} from '../../src/match/index';

const strong: SameEventEvidence = {
  text: 0.7,
  names: 0.6,
  numbers: 0.5,
  lede: 0.6,
  leadNames: 0.8,
  yearConflict: 0,
  leadConflict: 0,
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
    for (const key of ['yearConflict', 'leadConflict', 'timeGap'] as const)
      expect(weights[key]).toBeLessThan(0);
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

describe('candidates judged together, grouped by event', () => {
  const weak: SameEventEvidence = {
    text: 0.2,
    names: 0.1,
    numbers: 0,
    lede: 0.15,
    leadNames: 0.2,
    yearConflict: 0,
    leadConflict: 0,
    timeClose: 0,
    timeGap: 0,
  };
  const none: SameEventEvidence = { ...weak, text: 0.02, names: 0, lede: 0, leadNames: 0 };
  const fair: SameEventEvidence = { ...strong, text: 0.5, names: 0.4, lede: 0.4, leadNames: 0.5, numbers: 0 };
  const evidence = (e: SameEventEvidence, sameOutlet = false): PairEvidence => ({
    overlap: 0,
    version: null,
    sameOutlet,
    evidence: e,
  });
  /** Pair evidence from a symmetric table of item pairs, "01" meaning items 0 and 1. */
  const table =
    (pairs: Record<string, PairEvidence>) =>
    (i: number, j: number): PairEvidence =>
      pairs[`${Math.min(i, j)}${Math.max(i, j)}`] ?? evidence(none);

  it('scores each item by the average linkage at which it joins item 0', () => {
    const scores = [
      [1, 0.9, 0.1, 0.4],
      [0.9, 1, 0.9, 0.05],
      [0.1, 0.9, 1, 0.05],
      [0.4, 0.05, 0.05, 1],
    ];
    const group = groupScores(4, (i, j) => scores[i]![j]!);
    expect(group[0]).toBe(1);
    expect(group[1]).toBeCloseTo(0.9);
    // The brief that shares little with the article joins through the report both agree with.
    expect(group[2]).toBeCloseTo((0.1 + 0.9) / 2);
    // The look-alike that matches the article alone disagrees with the rest of its event.
    expect(group[3]).toBeCloseTo((0.4 + 0.05 + 0.05) / 3);
  });

  it('gives a lone pair exactly its own score', () => {
    expect(groupScores(2, () => 0.42)).toEqual([1, 0.42]);
  });

  it('lists a brief the article alone would leave out when another report vouches for it', () => {
    const pair = table({ '01': evidence(strong), '02': evidence(weak), '12': evidence(strong) });
    expect(sameEventScore(weak)).toBeLessThan(SAME_EVENT_THRESHOLD);
    const [report, brief] = relateGroup(2, pair);
    expect(report!.relation).toBe('sibling');
    expect(brief!.relation).toBe('sibling');
    expect(brief!.reason).toContain('with the other reports of this event');
  });

  it('keeps out a look-alike that matches the article alone but none of its other reports', () => {
    const pair = table({
      '01': evidence(strong),
      '02': evidence(strong),
      '12': evidence(strong),
      '03': evidence(fair),
    });
    expect(sameEventScore(fair)).toBeGreaterThanOrEqual(SAME_EVENT_THRESHOLD);
    const verdicts = relateGroup(3, pair);
    expect(verdicts.map((v) => v.relation)).toEqual(['sibling', 'sibling', 'unrelated']);
    expect(verdicts[2]!.reason).toContain('unlike the other reports of this event');
    // Alone with the article, the same look-alike is listed: the pair has nothing to weigh it against.
    expect(relateGroup(1, (_, j) => pair(0, j + 2))[0]!.relation).toBe('sibling');
  });

  it('orders reports that joined the event together by their own scores', () => {
    // Two reports agree with each other more than either does with the article, so they join
    // it in one merge and share its height; the one closer to the article comes first.
    const pair = table({
      '01': evidence(fair),
      '02': evidence(strong),
      '12': evidence({ ...strong, text: 0.95, lede: 0.9, names: 0.9 }),
    });
    const verdicts = relateGroup(2, pair);
    expect(verdicts[0]!.similarity).toBe(verdicts[1]!.similarity);
    expect(verdicts[1]!.alone).toBeGreaterThan(verdicts[0]!.alone);
    const ranked = verdicts
      .map((v, k) => ({ k, relation: v.relation, score: v.similarity, alone: v.alone }))
      .sort(compareRelated)
      .map(({ k }) => k);
    expect(ranked).toEqual([1, 0]);
  });

  it('decides a version by the pair alone and never lists the same outlet', () => {
    const pair = table({
      '01': { ...evidence(strong), version: 'same address', overlap: 1 },
      '02': evidence(strong, true),
      '12': evidence(strong),
    });
    const [version, sameOutlet] = relateGroup(2, pair);
    expect(version!.relation).toBe('version');
    expect(sameOutlet!.relation).toBe('unrelated');
    expect(sameOutlet!.reason).toContain('same outlet');
  });
});
