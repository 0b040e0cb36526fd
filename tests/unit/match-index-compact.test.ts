/**
 * The compact match index through its public interface: whatever sequence of adds, replacements
 * and removals it went through (with merges of its tail along the way), it answers like an index
 * built afresh from the rows still in it, and like its own packed snapshot.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../bench/corpus';
import {
  MatchIndex,
  MAX_TERMS_PER_DOC,
  type Candidate,
  type DocTerms,
  type MatchDoc,
} from '../../src/match/index';

const TOPICS = 40;

/** Letters for a number, so generated words tokenise as words, not figures. */
function letters(n: number): string {
  let out = '';
  do {
    out += String.fromCharCode(97 + (n % 26));
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

/** An article about one of TOPICS events: its event's names and figures among common words. */
function article(id: number, random: () => number, sentences = 3 + Math.floor(random() * 12)): MatchDoc {
  const topic = Math.floor(random() * TOPICS);
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const words = ['Then'];
    for (let w = 0; w < 10; w++) {
      const pick = random();
      if (pick < 0.12) words.push(`Pers${letters(topic)} Nam${letters(Math.floor(random() * 6))}`);
      else if (pick < 0.2) words.push(String(1000 + topic * 10 + Math.floor(random() * 5)));
      else if (pick < 0.55) words.push(`ev${letters(topic)}x${letters(Math.floor(random() * 30))}`);
      else words.push(`com${letters(Math.floor(random() * 3000))}`);
    }
    lines.push(words.join(' ') + '.');
  }
  return {
    id,
    urlKey: `outlet${id % 7}.example/story/${id}`,
    outlet: `outlet${id % 7}.example`,
    publishedTime: new Date(Date.UTC(2024, 0, 1) + topic * 86_400_000 * 10).toISOString(),
    capturedAt: Date.UTC(2024, 0, 1) + id * 60_000,
    title: `Story ${id}`,
    text: lines.join(' '),
  };
}

const KIND_WEIGHTS = { name: 1.6, number: 1.4, word: 1 };
function weightOf(row: DocTerms, i: number): number {
  const term = row.terms[i]!;
  const kind = term.startsWith('~') ? 'name' : term.startsWith('#') ? 'number' : 'word';
  return (1 + Math.log(row.tfs[i]!)) * KIND_WEIGHTS[kind];
}

/** How a term of the generated text was written: names capitalised, figures as digits. */
function surface(term: string): string {
  if (term.startsWith('#')) return term.slice(1);
  if (term.startsWith('~')) return term.slice(1).replace(/\b\w/g, (c) => c.toUpperCase());
  return term;
}

const rounded = (found: Candidate[]) =>
  found.map((c) => ({ id: c.id, relation: c.relation, score: Math.round(c.score * 1e9) }));

describe('the compact match index', () => {
  it('answers like a fresh rebuild from its surviving rows after adds, replacements, removals and merges', () => {
    const random = prng(7);
    const index = new MatchIndex();
    const live = new Map<number, DocTerms>();
    const docs = new Map<number, MatchDoc>();
    // Enough postings to pass the merge threshold several times over.
    for (let step = 0; step < 700; step++) {
      const action = random();
      if (action < 0.75 || live.size < 10) {
        const id = Math.floor(random() * 600);
        const doc = article(id, random);
        live.set(id, index.add(doc));
        docs.set(id, doc);
      } else {
        const ids = [...live.keys()];
        const id = ids[Math.floor(random() * ids.length)]!;
        expect(index.remove(id)).toBe(true);
        live.delete(id);
      }
    }
    expect(index.size).toBe(live.size);
    const fresh = MatchIndex.fromDocTerms(live.values());
    const restored = MatchIndex.fromPacked(structuredClone(index.toPacked()));
    const probes = [...docs.entries()].filter(([id], i) => live.has(id) && i % 11 === 0);
    expect(probes.length).toBeGreaterThan(10);
    let siblings = 0;
    for (const [id] of probes) {
      // A new article on the same event as a stored one, from a new address.
      const asked = { ...article(5000 + id, prng(id)), id: 5000 + id };
      const ours = index.candidates(asked, { limit: 10 });
      siblings += ours.filter((c) => c.relation === 'sibling').length;
      expect(rounded(ours)).toEqual(rounded(fresh.candidates(asked, { limit: 10 })));
      expect(rounded(restored.candidates(asked, { limit: 10 }))).toEqual(rounded(ours));
    }
    // The comparison is about real answers: same-event reports are found.
    expect(siblings).toBeGreaterThan(probes.length);
  });

  it('keeps at most MAX_TERMS_PER_DOC terms of a long article, names and figures first', () => {
    const random = prng(11);
    const index = new MatchIndex();
    const long = index.add(article(1, random, 400));
    expect(long.terms.length).toBeGreaterThan(MAX_TERMS_PER_DOC);
    const packed = index.toPacked();
    // One article: each kept term has exactly one posting.
    expect(packed.postings.length).toBe(MAX_TERMS_PER_DOC);
    // The cut is by tf × kind weight: a term said many times outranks a name said once.
    const strongest = [...long.terms.keys()].sort(
      (x, y) => weightOf(long, y) - weightOf(long, x) || x - y,
    )[0]!;
    const probe = index.candidates(
      {
        id: 9,
        urlKey: 'elsewhere.example/a',
        outlet: 'elsewhere.example',
        publishedTime: null,
        title: '',
        text: `Then ${surface(long.terms[strongest]!)} again.`,
      },
      { limit: 1 },
    );
    expect(probe.map((c) => c.id)).toEqual([1]);
  });

  it('drops a removed article from its snapshot entirely, outlet included', () => {
    const random = prng(3);
    const a = article(1, random);
    const b = { ...article(2, random), outlet: 'only-here.example', urlKey: 'only-here.example/x' };
    const index = new MatchIndex();
    index.add(a);
    index.add(b);
    index.remove(2);
    const packed = index.toPacked();
    expect(packed.ids).toEqual([1]);
    expect(packed.outlets).toEqual([a.outlet]);
    expect(Array.from(packed.df).reduce((s, v) => s + v, 0)).toBe(packed.postings.length);
  });
});
