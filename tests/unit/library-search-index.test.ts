import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchEntry } from '../../src/service/caches';
import { SearchIndex, UNINDEXED_LIMIT } from '../../src/service/search-index';
import { matchesTerms } from '../../src/store/search-text';
import { WordIndex } from '../../src/store/word-index';

const entry = (id: number, search: string, lastCapturedAt = id, outlet = 'a.example'): SearchEntry => ({
  id,
  outlet,
  siteName: null,
  storyId: null,
  lastCapturedAt,
  publishedKey: String(1000 - id),
  versionCount: 1,
  search,
});

describe('library word index', () => {
  const ids = (index: WordIndex, terms: string[], n: number) => {
    const { marks, stamp } = index.match(terms);
    return Array.from({ length: n }, (_, i) => i).filter((i) => marks[i] === stamp);
  };

  it('finds exactly the texts a substring search finds, for any terms', () => {
    const word = fc.stringMatching(/^[a-zé0-9,.'’-]{1,10}$/);
    const text = fc.array(word, { minLength: 0, maxLength: 30 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 12 }),
        fc.array(fc.stringMatching(/^[a-zé0-9,.'’-]{1,4}$/), { minLength: 0, maxLength: 3 }),
        fc.nat(),
        (texts, picked, at) => {
          // Terms cut out of the texts, so some match, plus random ones that mostly do not.
          const source = texts[at % texts.length]!.replace(/ /g, '');
          const terms = [
            ...picked,
            ...(source ? [source.slice(at % source.length, (at % source.length) + 3)] : []),
          ];
          const index = WordIndex.of(texts);
          const expected = texts.flatMap((t, i) => (matchesTerms(t, terms) ? [i] : []));
          expect(ids(index, terms, texts.length)).toEqual(expected);
        },
      ),
    );
  });

  it('answers single letters, pairs and words across many texts, and letters mixed with words', () => {
    const texts = Array.from({ length: 300 }, (_, i) =>
      i % 3 === 0 ? `ceasefire talks ${i} \n reuters` : `local weather ${i} mild`,
    );
    const index = WordIndex.of(texts);
    const expected = (terms: string[]) => texts.flatMap((t, i) => (matchesTerms(t, terms) ? [i] : []));
    for (const terms of [['c'], ['e'], ['z'], ['ce'], ['fire'], ['7'], ['w', '1'], ['talks', 'r', '12'], []])
      expect(ids(index, terms, texts.length), terms.join(' ')).toEqual(expected(terms));
  });

  it('reads the texts instead when a term is in too many words to be worth looking up', () => {
    // "qz" is in 200 words of one text: more postings than reading two texts costs.
    const many = Array.from({ length: 200 }, (_, i) => `qz${i}`).join(' ');
    const texts = [many, 'nothing here', `${many} ceasefire`];
    const index = WordIndex.of(texts);
    expect(ids(index, ['qz'], 3)).toEqual([0, 2]);
    expect(ids(index, ['qz', 'fire'], 3)).toEqual([2]);
    expect(ids(index, ['é'], 3)).toEqual([]);
  });
});

describe('SearchIndex', () => {
  const entries = [
    entry(1, 'ceasefire talks in cairo', 30),
    entry(2, 'local weather', 10, 'b.example'),
    entry(3, 'talks on the ceasefire stall', 20, 'b.example'),
    entry(4, 'a ceasefire.', 40),
  ];
  const ids = (found: readonly SearchEntry[]) => found.map((e) => e.id);
  const built = new SearchIndex(entries);
  expect(built.build()).toBe(true);

  it.each([
    ['reading the texts', new SearchIndex(entries)],
    ['from its word index', built],
  ])('gives the substring matches of every term in the asked order, %s', (_, index) => {
    expect(ids(index.search(['ceasefire'], null, 'captured-desc'))).toEqual([4, 1, 3]);
    expect(ids(index.search(['ceasefire'], null, 'captured-asc'))).toEqual([3, 1, 4]);
    expect(ids(index.search(['fire', 'talk'], null, 'published-asc'))).toEqual([3, 1]);
    expect(ids(index.search(['fire'], 'b.example', 'captured-desc'))).toEqual([3]);
    expect(ids(index.search([], null, 'captured-desc'))).toEqual([4, 1, 3, 2]);
    expect(ids(index.search(['zebra'], null, 'captured-desc'))).toEqual([]);
  });

  it('builds its word index in slices, to the index built at once', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      entry(i, i % 2 ? `ceasefire ${i}` : `weather ${i}`, i),
    );
    const index = new SearchIndex(many);
    expect(index.indexed).toBe(false);
    const scanned = ids(index.search(['fire', '7'], null, 'captured-asc'));
    expect(index.build(() => true)).toBe(false);
    expect(index.build(() => true)).toBe(false);
    expect(index.indexed).toBe(false);
    expect(index.build()).toBe(true);
    expect(ids(index.search(['fire', '17'], null, 'captured-asc'))).toEqual([
      17, 117, 171, 173, 175, 177, 179,
    ]);
    expect(ids(index.search(['fire', '7'], null, 'captured-asc'))).toEqual(scanned);
  });

  it('answers a repeated search from memory with the same result', () => {
    const index = built;
    const first = index.search(['talks'], null, 'captured-desc');
    expect(index.search(['talks'], null, 'captured-desc')).toBe(first);
    expect(ids(first)).toEqual([1, 3]);
  });
});

describe('SearchIndex after a change to some articles', () => {
  const sorts = ['captured-desc', 'captured-asc', 'published-desc', 'published-asc'] as const;
  const words = ['ceasefire', 'talks', 'cairo', 'weather', 'storm', 'vote', 'budget'];
  const ids = (found: readonly SearchEntry[]) => found.map((e) => e.id);

  it('answers every search as an index made anew from the changed entries would, built or not', () => {
    const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
    const entryOf = fc.record({
      id: fc.integer({ min: 1, max: 40 }),
      text,
      at: fc.nat(50),
      outlet: fc.constantFrom('a.example', 'b.example'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(entryOf, { selector: (e) => e.id, minLength: 1, maxLength: 25 }),
        fc.array(fc.uniqueArray(entryOf, { selector: (e) => e.id, maxLength: 6 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
        fc.boolean(),
        fc.constantFrom(...sorts),
        (initial, changes, deleted, buildFirst, sort) => {
          let current = initial.map((e) => entry(e.id, e.text, e.at, e.outlet));
          let index = new SearchIndex(current);
          if (buildFirst) index.build();
          // An order asked for before the change is one the patch derives rather than sorts.
          index.search([], null, sort);
          changes.forEach((change, n) => {
            const changedEntries = change.map((e) => entry(e.id, e.text, e.at, e.outlet));
            const gone = n === 0 ? deleted : [];
            const stored = changedEntries.filter((e) => !gone.includes(e.id));
            const touched = [...changedEntries.map((e) => e.id), ...gone];
            current = [...current.filter((e) => !touched.includes(e.id)), ...stored];
            index = index.patched(touched, stored)!;
            expect(index).not.toBeNull();
          });
          const fresh = new SearchIndex(current);
          for (const terms of [[], ['fire'], ['talks', 'cairo'], ['storm'], ['zebra']]) {
            for (const outlet of [null, 'b.example']) {
              expect(ids(index.search(terms, outlet, sort))).toEqual(ids(fresh.search(terms, outlet, sort)));
            }
          }
          expect(ids(index.entries).sort((a, b) => a - b)).toEqual(ids(current).sort((a, b) => a - b));
        },
      ),
    );
  });

  it('keeps the word index it built, and asks to be made anew once too many entries are outside it', () => {
    const many = Array.from({ length: 100 }, (_, i) => entry(i, `weather ${i}`, i));
    const index = new SearchIndex(many);
    expect(index.build()).toBe(true);
    const next = index.patched([5, 1000], [entry(5, 'ceasefire talks', 500), entry(1000, 'ceasefire', 501)])!;
    expect(next.indexed).toBe(true);
    expect(next.unindexed).toBe(2);
    expect(ids(next.search(['ceasefire'], null, 'captured-desc'))).toEqual([1000, 5]);
    expect(ids(next.search(['weather', '5'], null, 'captured-asc'))).toEqual([
      15, 25, 35, 45, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 65, 75, 85, 95,
    ]);
    const flood = Array.from({ length: UNINDEXED_LIMIT }, (_, i) => entry(2000 + i, 'vote', 2000 + i));
    expect(next.patched(ids(flood), flood)).toBeNull();
  });
});
