/**
 * Metamorphic tests of the version comparison on real text: every NewsEdits dev pair
 * (../shared/datasets/versions-dev.jsonl) and the founding Fox pair (../shared/seeds/), read at run
 * time. The new side is rewritten in ways a reader would not call an edit — typography, paragraph
 * breaks, a stray quotation mark, a recased word — and the differences must stay the same; an
 * article compared with itself must give none.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { sentenceRanges } from '../../src/claims/segment';
import { compareVersions } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { Difference } from '../../src/model/types';
import { styleKey } from '../../src/text/normalize';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
const versionsPath = path.join(shared, 'datasets', 'versions-dev.jsonl');
const seedsDir = path.join(shared, 'seeds');

interface Pair {
  id: string;
  before: string[];
  after: string[];
}

const lines = (text: string): string[] =>
  text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean);

function loadPairs(): Pair[] {
  const pairs: Pair[] = [];
  if (existsSync(versionsPath)) {
    for (const line of readFileSync(versionsPath, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const pair = JSON.parse(line) as { id: string; old_text: string; new_text: string };
      pairs.push({ id: pair.id, before: lines(pair.old_text), after: lines(pair.new_text) });
    }
  }
  const v1 = path.join(seedsDir, 'fox-ceasefire-v1.txt');
  const v2 = path.join(seedsDir, 'fox-ceasefire-v2.txt');
  if (existsSync(v1) && existsSync(v2))
    pairs.push({
      id: 'seed-fox',
      before: lines(readFileSync(v1, 'utf8')),
      after: lines(readFileSync(v2, 'utf8')),
    });
  return pairs;
}

const PAIRS = loadPairs();
const URL = 'https://news.example/story';

function compare(before: string[], after: string[]): Difference[] {
  const a = analyse(articleFromText(before.join('\n'), URL, { title: 'Story' }));
  const b = analyse(articleFromText(after.join('\n'), URL, { title: 'Story' }));
  return compareVersions(a, b);
}

/** A difference as a reader judges it: its kind and its two sides' words, typography aside. */
function view(differences: Difference[]): string[] {
  return differences
    .map((d) => `${d.kind} | ${styleKey(d.before ?? '')} | ${styleKey(d.after ?? '')}`)
    .sort();
}

function typography(text: string, toCurly: boolean): string {
  const doubled = text.replace(/ /g, (_, offset: number) => (offset % 3 === 0 ? '  ' : ' '));
  if (!toCurly)
    return doubled
      .replace(/[“”„«»]/g, '"')
      .replace(/[‘’‚]/g, "'")
      .replace(/\s[—–]\s/g, ' - ');
  // A mark spaced on both sides (tokenised text) has no direction a converter could know: it stays.
  return doubled
    .replace(/"(?=[\p{L}\p{N}])/gu, '“')
    .replace(/(?<=\S)"/gu, '”')
    .replace(/(?<=[\p{L}\p{N}])'/gu, '’')
    .replace(/'/g, '‘')
    .replace(/ - /g, ' — ');
}

/** A stray opening mark before the `nth` sentence that has one after it in its paragraph. */
function strayQuote(paragraphs: string[], nth: number, mark: string): string[] {
  const candidates: [number, number][] = [];
  paragraphs.forEach((p, i) => {
    const ranges = sentenceRanges(p);
    for (let k = 1; k < ranges.length - 1; k++) candidates.push([i, ranges[k]![0]]);
  });
  if (!candidates.length) return paragraphs;
  const [index, at] = candidates[nth % candidates.length]!;
  return paragraphs.map((p, i) => (i === index ? `${p.slice(0, at)}${mark} ${p.slice(at)}` : p));
}

/** Flip the case of the first letter of a word in the middle of a sentence. */
function recase(paragraphs: string[], nth: number): string[] {
  const spots: [number, number][] = [];
  paragraphs.forEach((p, i) => {
    for (const m of p.matchAll(/(?<=[\p{Ll},] )\p{L}{4,}(?= \p{Ll})/gu)) spots.push([i, m.index]);
  });
  if (!spots.length) return paragraphs;
  const [index, at] = spots[nth % spots.length]!;
  return paragraphs.map((p, i) => {
    if (i !== index) return p;
    const ch = p[at]!;
    const flipped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
    return p.slice(0, at) + flipped + p.slice(at + 1);
  });
}

describe('metamorphic: version comparison on real pairs', { timeout: 20_000 }, () => {
  it('has the dev pairs and the founding pair to test', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(2);
  });

  for (const pair of PAIRS) {
    describe(pair.id, () => {
      const expected = view(compare(pair.before, pair.after));

      it('(e) finds nothing between an article and itself', () => {
        expect(compare(pair.after, pair.after)).toEqual([]);
        expect(compare(pair.before, pair.before)).toEqual([]);
      });

      it('(a) is blind to curly/straight quotes, dash styles and doubled spaces', () => {
        expect(
          view(
            compare(
              pair.before,
              pair.after.map((p) => typography(p, false)),
            ),
          ),
        ).toEqual(expected);
        expect(
          view(
            compare(
              pair.before,
              pair.after.map((p) => typography(p, true)),
            ),
          ),
        ).toEqual(expected);
      });

      it('(b) gives the same differences when the paragraphs arrive as one block', () => {
        expect(view(compare(pair.before, [pair.after.join(' ')]))).toEqual(expected);
      });

      it('(c) is blind to a stray opening quotation mark', () => {
        for (const [nth, mark] of [
          [0, '“'],
          [3, '"'],
          [7, '«'],
        ] as const)
          expect(view(compare(pair.before, strayQuote(pair.after, nth, mark)))).toEqual(expected);
      });

      it('(d) is blind to a case-only change of a word', () => {
        for (const nth of [0, 5, 11])
          expect(view(compare(pair.before, recase(pair.after, nth)))).toEqual(expected);
      });
    });
  }
});
