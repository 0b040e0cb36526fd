import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { alignSentences, compareArticles, compareSiblings, compareVersions } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle } from '../../src/model/types';
import { styleKey } from '../../src/text/normalize';
import { readSeed } from '../fixtures/pages';

function analysed(paragraphs: string[], url = 'https://example.com/story'): AnalysedArticle {
  return analyse(articleFromText(paragraphs.join('\n'), url, { title: 'A story' }));
}

const word = fc.constantFrom(
  'Israel',
  'ceasefire',
  'officials',
  'said',
  '40,000',
  'troops',
  'Monday',
  '“quoted',
  'words”',
  'the',
  'at least',
  '560',
  'people',
  'killed',
  'Dr.',
  'U.S.',
  '—',
  'e.g.',
  '...',
  '?',
);
const sentence = fc.array(word, { minLength: 1, maxLength: 14 }).map((w) => `${w.join(' ')}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' '));
const paragraphs = fc.array(paragraph, { minLength: 1, maxLength: 8 });

/** Deterministic filler prose: `count` words from a vocabulary disjoint per seed. */
function prose(count: number, seed: string): string[] {
  const out: string[] = [];
  let sentenceWords: string[] = [];
  let paragraphSentences: string[] = [];
  for (let k = 0; k < count; k++) {
    sentenceWords.push(`${seed}${(k * 7919) % 997}`);
    if (sentenceWords.length === 12) {
      paragraphSentences.push(`${sentenceWords.join(' ')}.`);
      sentenceWords = [];
      if (paragraphSentences.length === 4) {
        out.push(paragraphSentences.join(' '));
        paragraphSentences = [];
      }
    }
  }
  if (paragraphSentences.length > 0) out.push(paragraphSentences.join(' '));
  return out;
}

describe('comparison properties', () => {
  it('finds no differences between an article and itself', () => {
    fc.assert(
      fc.property(paragraphs, (ps) => {
        const a = analysed(ps);
        expect(compareVersions(a, a)).toEqual([]);
        expect(
          compareSiblings(a, a).filter((d) => d.kind !== 'only-before' && d.kind !== 'only-after'),
        ).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws, keeps significance in 0..1 sorted, and shows every one-sided sentence', () => {
    fc.assert(
      fc.property(paragraphs, paragraphs, (x, y) => {
        const a = analysed(x);
        const b = analysed(y);
        const differences = compareVersions(a, b);
        for (let k = 0; k < differences.length; k++) {
          const d = differences[k]!;
          expect(d.significance).toBeGreaterThanOrEqual(0);
          expect(d.significance).toBeLessThanOrEqual(1);
          if (k > 0) expect(d.significance).toBeLessThanOrEqual(differences[k - 1]!.significance);
        }
        const shownBefore = differences.map((d) => d.before ?? '').join('\n');
        // Sentences equal but for typography are one sentence, so presence is by style key.
        const afterKeys = new Set(b.claims.map((c) => styleKey(c.norm)));
        for (const claim of a.claims) {
          if (!afterKeys.has(styleKey(claim.norm))) expect(shownBefore).toContain(claim.text);
        }
        const comparison = compareArticles(a, b);
        expect(comparison.similarity).toBeGreaterThanOrEqual(0);
        expect(comparison.similarity).toBeLessThanOrEqual(1);
        compareSiblings(a, b);
      }),
      { numRuns: 60 },
    );
  });

  it('does not report a sentence as moved when only paragraph breaks changed', () => {
    const seed = readSeed('fox-ceasefire-v1.txt')
      .split(/\n+/)
      .filter((p) => p.trim());
    const rejoined = [seed.slice(0, 3).join(' '), ...seed.slice(3)];
    const differences = compareVersions(analysed(seed), analysed(rejoined));
    expect(differences).toEqual([]);
  });

  it('reports a paragraph taken out and put back elsewhere as moved, nothing else', () => {
    const seed = readSeed('fox-ceasefire-v1.txt')
      .split(/\n+/)
      .filter((p) => p.trim());
    const moved = [...seed.slice(0, 2), ...seed.slice(3, 9), seed[2]!, ...seed.slice(9)];
    const differences = compareVersions(analysed(seed), analysed(moved));
    expect(differences.length).toBeGreaterThan(0);
    expect(new Set(differences.map((d) => d.kind))).toEqual(new Set(['moved']));
    expect(differences.map((d) => d.before).join(' ')).toContain('Sabrina Singh');
  });

  it('finishes on repeated sentences and on large unrelated texts', () => {
    const repeated = Array.from({ length: 300 }, () => 'The official said this. The official said this.');
    const shifted = ['A new opening line about the talks.', ...repeated];
    const differences = compareVersions(analysed(repeated), analysed(shifted));
    expect(differences.map((d) => d.kind)).toEqual(['added']);

    const left = analysed(prose(20_000, 'alpha'));
    const right = analysed(prose(20_000, 'beta'));
    const versus = compareVersions(left, right);
    expect(versus.every((d) => d.kind === 'added' || d.kind === 'removed')).toBe(true);
    expect(compareSiblings(left, right).some((d) => d.kind === 'conflict')).toBe(false);
  });

  it('aligns 100,000-word inputs (two totally different texts) without comparing every pair', () => {
    const left = prose(100_000, 'gamma').flatMap((p) => p.split(/(?<=\.) /));
    const right = prose(100_000, 'delta').flatMap((p) => p.split(/(?<=\.) /));
    const groups = alignSentences(left, right);
    expect(groups.length).toBe(left.length + right.length);
  });
});
