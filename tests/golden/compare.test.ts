/**
 * The founding articles (../shared/seeds/README.md), wrapped in outlet-shaped pages and run
 * through the real extractor and claim analyser: what a reader must and must never be shown.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareArticles, compareSiblings, compareVersions, toCliJson } from '../../src/compare/index';
import { articleFromText, extractArticle } from '../../src/extract/index';
import type { AnalysedArticle, Difference } from '../../src/model/types';
import { readFixture, readSeed, SEED_PAGES, type SeedPageName } from '../fixtures/pages';

function page(name: SeedPageName): AnalysedArticle {
  const { url } = SEED_PAGES[name];
  const dom = new JSDOM(readFixture(name), { url });
  const result = extractArticle(dom.window.document, url);
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return analyse(result.article);
}

const foxV1 = page('fox-ceasefire-v1');
const foxV2 = page('fox-ceasefire-v2');
const abc = page('abc-ceasefire');

const shows = (d: Difference, text: string) => `${d.before ?? ''}\n${d.after ?? ''}`.includes(text);
const find = (list: Difference[], text: string) => list.filter((d) => shows(d, text));

describe('Fox v1 → v2 (a stored version)', () => {
  const comparison = compareArticles(foxV1, foxV2);
  const differences = comparison.differences;

  it('is detected as a version', () => {
    expect(comparison.relation).toBe('version');
    expect(comparison.similarity).toBeGreaterThan(0.5);
  });

  it('reports 40,000 troops becoming "a small number of" as a number change, and the dropped "On Monday"', () => {
    const [troops, ...rest] = find(differences, 'additional deployment of');
    expect(rest).toEqual([]);
    expect(troops?.kind).toBe('changed');
    const number = troops!.facets.find((f) => f.type === 'number');
    expect(number?.before).toContain('40,000');
    expect(number?.after ?? '').toMatch(/small number/);
    const date = troops!.facets.find((f) => f.type === 'date');
    expect(date?.before).toMatch(/Monday/);
    expect(date?.after).toBeNull();
    // The figure swap is the most significant change in the article.
    expect(differences[0]).toBe(troops);
  });

  it('reports the lede changing "a U.S. official told Fox News" to "Fox News has learned"', () => {
    const [lede] = find(differences, 'The Biden administration is in discussions');
    expect(lede?.kind).toBe('changed');
    const attribution = lede!.facets.find((f) => f.type === 'attribution');
    expect(attribution?.before).toMatch(/official told Fox News/);
    expect(attribution?.after).toMatch(/Fox News has learned/);
  });

  it('reports both dropped "the official said" attributions', () => {
    const dropped = differences.filter(
      (d) =>
        d.kind === 'changed' &&
        d.facets.some(
          (f) => f.type === 'attribution' && /the official said/.test(f.before ?? '') && f.after === null,
        ),
    );
    expect(dropped).toHaveLength(2);
    expect(dropped.some((d) => shows(d, 'France has been involved'))).toBe(true);
    expect(dropped.some((d) => shows(d, 'isn’t tethered'))).toBe(true);
  });

  it('reports the added claims', () => {
    const added = differences.filter((d) => d.kind === 'added');
    for (const text of [
      '21-day ceasefire',
      'We are counting on both parties',
      'war is not unavoidable',
      'more that 600 people',
      'Antony Blinken',
      'John Kirby',
      'Cyprus',
    ]) {
      expect(
        added.some((d) => shows(d, text)),
        text,
      ).toBe(true);
    }
    // Added claims with figures or quotes rank above plain added wording.
    const figures = added.find((d) => shows(d, 'more that 600 people'))!;
    expect(figures.significance).toBeGreaterThan(0.3);
  });

  it('never reports furniture, typography or the contributors line', () => {
    for (const text of ['CLICK HERE', 'BIPARTISAN FAILURE', 'contributed to this report', 'Sabrina Singh']) {
      expect(find(differences, text), text).toEqual([]);
    }
    expect(differences.some((d) => d.kind === 'moved')).toBe(false);
    for (const d of differences) {
      if (d.before !== null && d.after !== null) expect(d.before.normalize()).not.toBe(d.after.normalize());
    }
  });

  it('lists differences by significance, highest first, all within 0..1', () => {
    const values = differences.map((d) => d.significance);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('prints exactly the CLI JSON contract', () => {
    const json = toCliJson(comparison) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['relation', 'similarity', 'before', 'after', 'differences']);
    expect(Object.keys(json.before as object)).toEqual([
      'title',
      'siteName',
      'url',
      'byline',
      'publishedTime',
    ]);
    const first = (json.differences as Record<string, unknown>[])[0]!;
    expect(Object.keys(first)).toEqual(['kind', 'before', 'after', 'facets', 'significance']);
    expect(Object.keys((first.facets as object[])[0]!)).toEqual(['type', 'before', 'after']);
  });

  it('gives the same result from the plain seed texts (straight vs curly quotes, line breaks)', () => {
    const fromText = (file: string) =>
      analyse(articleFromText(readSeed(file), SEED_PAGES['fox-ceasefire-v1'].url, { title: 'Ceasefire' }));
    const plain = compareVersions(fromText('fox-ceasefire-v1.txt'), fromText('fox-ceasefire-v2.txt'));
    expect(find(plain, 'Sabrina Singh')).toEqual([]);
    expect(find(plain, '40,000').map((d) => d.kind)).toEqual(['changed']);
  });
});

describe('Fox v2 vs ABC (sibling reports)', () => {
  const comparison = compareArticles(foxV2, abc);
  const differences = comparison.differences;

  it('is detected as a sibling', () => {
    expect(comparison.relation).toBe('sibling');
  });

  it('finds Sabrina Singh quoted with different words', () => {
    // Since the misquote/excerpt split: one person quoted with other words is `different-excerpts`.
    const quotes = differences.filter((d) => d.kind === 'different-excerpts');
    const singh = quotes.find((d) => shows(d, 'We know tensions are high'));
    expect(singh).toBeDefined();
    expect(singh!.after).toMatch(/doesn’t look like anything is imminent/);
  });

  it('lists what only one outlet reports, salient claims first', () => {
    const onlyFox = differences.filter((d) => d.kind === 'only-before');
    const onlyAbc = differences.filter((d) => d.kind === 'only-after');
    expect(onlyFox.some((d) => shows(d, 'at least 560 people'))).toBe(true);
    expect(onlyFox.some((d) => shows(d, 'more that 600 people'))).toBe(true);
    expect(onlyAbc.some((d) => shows(d, '80,000 U.S. citizens'))).toBe(true);
    expect(onlyAbc.some((d) => shows(d, 'Benjamin Netanyahu'))).toBe(true);
    const citizens = onlyAbc.find((d) => shows(d, '80,000 U.S. citizens'))!;
    const plain = onlyAbc.find((d) => shows(d, 'little leverage over Hezbollah'));
    if (plain) expect(citizens.significance).toBeGreaterThan(plain.significance);
  });

  it('invents no conflicting figures', () => {
    const conflicts = differences.filter((d) => d.kind === 'conflict');
    expect(conflicts.filter((d) => d.facets.some((f) => f.type === 'number'))).toEqual([]);
  });

  it('reports Israel "does not want a war" (Fox) vs "battle plans" (ABC) as framing that pulls apart', () => {
    const framing = differences.filter((d) => d.kind === 'conflict');
    expect(framing).toHaveLength(1);
    const [conflict] = framing;
    expect(conflict!.before).toMatch(/does not want a war/);
    expect(conflict!.after).toMatch(/battle plans/);
    expect(conflict!.reason).toMatch(/^Both reports say what Israel has stated or signaled, but differently/);
    expect(conflict!.reason).toMatch(
      /'does not want a war with Hezbollah' vs 'intends to move forward with battle plans'/,
    );
    expect(conflict!.facets.map((f) => f.type)).toEqual(['attribution', 'wording']);
    expect(conflict!.facets[0]).toMatchObject({ before: 'Israel has stated', after: 'Israel has signaled' });
  });

  it('ranks what the seeds README lists as only in one report among the first items of its list', () => {
    const rank = (kind: Difference['kind'], text: string) =>
      differences.filter((d) => d.kind === kind).findIndex((d) => shows(d, text));
    const onlyFox = [
      'killed at least 560 people on Monday',
      'more that 600 people in recent days',
      '21-day ceasefire',
      '55 rockets',
      'additional deployment of a small number of U.S. troops',
    ];
    const onlyAbc = [
      'headquarters of Israel’s intelligence service Mossad',
      'hundreds of communication devices',
      '80,000 U.S. citizens',
      'Benjamin Netanyahu said',
    ];
    for (const text of onlyFox) expect(rank('only-before', text), text).toBeGreaterThanOrEqual(0);
    for (const text of onlyFox) expect(rank('only-before', text), text).toBeLessThan(8);
    for (const text of onlyAbc) expect(rank('only-after', text), text).toBeGreaterThanOrEqual(0);
    for (const text of onlyAbc) expect(rank('only-after', text), text).toBeLessThan(8);
  });

  it('keeps low-information sentences below every listed fact', () => {
    const significance = (text: string) => differences.find((d) => shows(d, text))!.significance;
    const lowest = Math.min(
      ...[
        '55 rockets',
        'small number of U.S. troops',
        'Mossad',
        'communication devices',
        'Netanyahu said',
      ].map(significance),
    );
    for (const plain of [
      'little leverage over Hezbollah',
      'The lack of transparency',
      'France has been involved in the discussions',
      'The proposal is for a temporary ceasefire',
    ])
      expect(significance(plain), plain).toBeLessThan(lowest);
  });
});

describe('sibling figures and hedges', () => {
  const fromLines = (lines: string[], url: string) =>
    analyse(articleFromText(lines.join('\n'), url, { title: 'Strikes in Lebanon', siteName: url }));

  it('reads "at least 560 … on Monday" vs "more than 600 … in recent days" as compatible, and says why', () => {
    const a = fromLines(
      [
        'Lebanese officials said a massive Israeli barrage killed at least 560 people on Monday in southern Lebanon.',
        'Hezbollah fired rockets at Israel.',
      ],
      'https://a.example/story',
    );
    const b = fromLines(
      [
        'Israeli strikes on southern Lebanon have killed more than 600 people in recent days, Lebanese officials said.',
        'Hezbollah fired dozens of rockets at northern Israel.',
      ],
      'https://b.example/story',
    );
    const differences = compareSiblings(a, b);
    const figures = differences.find((d) => d.kind === 'conflict');
    expect(figures?.reason).toMatch(/560.*600/);
    expect(figures?.reason).toMatch(/may not be a contradiction/);
    expect(figures!.significance).toBeLessThan(0.9);
  });

  it('flags different figures for the same count without compatible hedges as a conflict', () => {
    const a = fromLines(
      ['Lebanese officials said an Israeli barrage on Monday killed 560 people in southern Lebanon.'],
      'https://a.example/story',
    );
    const b = fromLines(
      ['Lebanese officials said an Israeli barrage on Monday killed 492 people in southern Lebanon.'],
      'https://b.example/story',
    );
    const [conflict] = compareSiblings(a, b).filter((d) => d.kind === 'conflict');
    expect(conflict?.facets.find((f) => f.type === 'number')?.before).toMatch(/560/);
    expect(conflict!.significance).toBeGreaterThan(0.9);
  });

  it('invents no conflicts between unrelated articles', () => {
    const fox = fromLines(readSeed('fox-ceasefire-v1.txt').split('\n'), 'https://a.example/story');
    const other = fromLines(
      [
        'The city council approved a budget of $4 million for road repairs on Tuesday.',
        'At least 12 people spoke at the meeting, officials said.',
        '“We have waited long enough,” said council member Maria Lopez.',
      ],
      'https://b.example/story',
    );
    const comparison = compareArticles(fox, other);
    expect(comparison.relation).toBe('unrelated');
    expect(comparison.differences).toEqual([]);
    expect(
      compareSiblings(fox, other).filter((d) => d.kind === 'conflict' || d.kind === 'different-quote'),
    ).toEqual([]);
  });
});
