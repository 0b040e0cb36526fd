import { describe, expect, it } from 'vitest';
import { extractTerms } from '../../src/match/terms';
import { libraryRow, paragraphsOfLength, prng, realParagraphs, wordCount } from '../bench/corpus';
import { met, percentile, summarize, type Figure } from '../bench/measure';

describe('bench order statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(10);
    expect(percentile(sorted, 95)).toBe(19);
    expect(percentile([7], 95)).toBe(7);
    expect(summarize([5, 1, 3])).toMatchObject({ median: 3, p95: 5, min: 1, max: 5, runs: 3 });
  });

  it('judges a target on the figure it names', () => {
    const figure: Figure = {
      group: 'g',
      name: 'n',
      unit: 'ms',
      median: 10,
      p95: 40,
      target: { on: 'p95', op: '<=', bound: 30 },
    };
    expect(met(figure)).toBe(false);
    expect(met({ ...figure, target: { on: 'median', op: '<=', bound: 30 } })).toBe(true);
    expect(met({ ...figure, p95: null })).toBe(false);
    expect(met({ ...figure, target: undefined })).toBeNull();
  });
});

describe('bench corpus', () => {
  it('is deterministic for a seed', () => {
    const a = prng(42);
    const b = prng(42);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    expect(libraryRow(123)).toEqual(libraryRow(123));
    expect(libraryRow(123)).not.toEqual(libraryRow(124));
  });

  it('builds articles near the asked length from real paragraphs', () => {
    const paragraphs = paragraphsOfLength(1500, 7);
    const words = wordCount(paragraphs.join(' '));
    expect(words).toBeGreaterThanOrEqual(1500);
    expect(words).toBeLessThan(1500 * 1.2);
    for (const p of paragraphs) expect(realParagraphs()).toContain(p);
  });

  // libraryRow composes a library article's terms from its paragraphs' terms; that is only the
  // index's own view of the text while no term spans a line break.
  it('composes terms exactly as the matcher reads the joined text', () => {
    const [first, second, third] = realParagraphs();
    const joined = extractTerms([first, second, third].join('\n\n'));
    const summed = new Map<string, number>();
    for (const p of [first, second, third]) {
      for (const [term, tf] of extractTerms(p!)) summed.set(term, (summed.get(term) ?? 0) + tf);
    }
    expect(Object.fromEntries(joined)).toEqual(Object.fromEntries(summed));
  });
});
