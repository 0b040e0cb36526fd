/**
 * The metamorphic relations of metamorphic.test.ts as properties over generated articles: an
 * edited copy of a generated text is compared with it, then the edited side is rewritten in ways
 * that are not edits (typography, one block, a stray quotation mark, a recased word) and the
 * differences must not change.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/claims/index';
import { compareVersions } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { Difference } from '../../src/model/types';
import { styleKey } from '../../src/text/normalize';

const URL = 'https://news.example/story';

function compare(before: string[], after: string[]): Difference[] {
  const a = analyse(articleFromText(before.join('\n'), URL, { title: 'Story' }));
  const b = analyse(articleFromText(after.join('\n'), URL, { title: 'Story' }));
  return compareVersions(a, b);
}

const view = (differences: Difference[]): string[] =>
  differences.map((d) => `${d.kind} | ${styleKey(d.before ?? '')} | ${styleKey(d.after ?? '')}`).sort();

const word = fc.constantFrom(
  'officials',
  'ceasefire',
  'troops',
  'people',
  'killed',
  'Monday',
  'the',
  'gulf',
  'states',
  'at least',
  '560',
  '40,000',
  'Israel',
  'Hezbollah',
  'said',
  'in',
  'U.S.',
  'Dr. Smith',
);
const plain = fc
  .array(word, { minLength: 3, maxLength: 12 })
  .map((w) => `${w[0]!.charAt(0).toUpperCase()}${w.join(' ').slice(1)}.`);
const quoted = fc
  .tuple(fc.array(word, { minLength: 3, maxLength: 10 }), fc.constantFrom('“', '"', '«'), fc.boolean())
  .map(([w, mark, twoSentences]) => {
    const close = mark === '“' ? '”' : mark === '«' ? '»' : '"';
    const body = `${w.join(' ')}${twoSentences ? '. Then we will see' : ''}`;
    return `${mark}${body.charAt(0).toUpperCase()}${body.slice(1)},${close} an official said.`;
  });
const sentence = fc.oneof({ arbitrary: plain, weight: 3 }, { arbitrary: quoted, weight: 1 });
// Each sentence is made unique by a name of its own: repeated identical sentences make which
// copy was edited ambiguous, which is not what these properties are about.
const article = fc
  .array(fc.array(sentence, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 6 })
  .map((paragraphs) => {
    let n = 0;
    return paragraphs.map((p) => p.map((s) => `Person${n++} noted it. ${s}`));
  });

/** An edited copy: one sentence replaced, one dropped. */
function edited(paragraphs: string[][], seed: number): string[][] {
  const copy = paragraphs.map((p) => [...p]);
  const p = copy[seed % copy.length]!;
  p[seed % p.length] = 'A new sentence about 600 rockets was added.';
  const q = copy[(seed + 1) % copy.length]!;
  if (q.length > 1) q.splice((seed + 2) % q.length, 1);
  return copy;
}

const texts = (paragraphs: string[][]): string[] => paragraphs.map((p) => p.join(' '));

describe('metamorphic properties on generated articles', () => {
  const settings = { numRuns: 30 };

  it('(e) finds nothing between an article and itself', () => {
    fc.assert(
      fc.property(article, (paragraphs) => {
        expect(compare(texts(paragraphs), texts(paragraphs))).toEqual([]);
      }),
      settings,
    );
  });

  it('(a)(b)(c)(d) typography, one block, a stray mark and a recased word change nothing', () => {
    fc.assert(
      fc.property(article, fc.nat(1000), fc.constantFrom('“', '"', '«', '„'), (paragraphs, seed, mark) => {
        const before = texts(paragraphs);
        const after = edited(paragraphs, seed);
        const expected = view(compare(before, texts(after)));

        const straightened = texts(after).map((p) =>
          p.replace(/[“”«»]/g, '"').replace(/ {1}/g, (s, at: number) => (at % 4 ? s : '  ')),
        );
        expect(view(compare(before, straightened))).toEqual(expected);

        expect(view(compare(before, [texts(after).join(' ')]))).toEqual(expected);

        const withStray = after.map((p) => [...p]);
        const target = withStray[seed % withStray.length]!;
        const k = seed % target.length;
        // Before a sentence that does not itself open with a quotation.
        if (!/^["“«„]/.test(target[k]!)) target[k] = `${mark} ${target[k]}`;
        expect(view(compare(before, texts(withStray)))).toEqual(expected);

        const recased = texts(after).map((p) =>
          p.replace(/\bgulf\b/, 'Gulf').replace(/\bstates\b/, 'States'),
        );
        expect(view(compare(before, recased))).toEqual(expected);
      }),
      settings,
    );
  }, 30_000);
});
