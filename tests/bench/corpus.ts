/**
 * Benchmark inputs built from real reporting: paragraphs of the founding articles and of the
 * third-party datasets (read at run time from ../shared, never copied into the repository),
 * recombined deterministically by a seeded PRNG into articles of a chosen length and into
 * libraries of any size with varied outlets, dates and figures.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { articleFromText } from '../../src/extract/index';
import type { LibraryFileArticle } from '../../src/model/library-file';
import type { Article } from '../../src/model/types';
import type { DocTerms, MatchDoc } from '../../src/match/index';
import { minhashSignature, shingleSet, SIGNATURE_LENGTH } from '../../src/match/shingles';
import { extractTerms } from '../../src/match/terms';
import { datasetsDir, seedsDir } from './measure';

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

export const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

export const SEED_FILES = ['fox-ceasefire-v1.txt', 'fox-ceasefire-v2.txt', 'abc-ceasefire.txt'] as const;

export function readSeedText(file: string): string {
  return readFileSync(path.join(seedsDir, file), 'utf8');
}

interface VersionRecord {
  id: string;
  old_text: string;
  new_text: string;
}

interface SiblingCluster {
  id: string;
  articles: { outlet: string | null; title: string | null; text: string }[];
}

function readJsonl<T>(file: string): T[] {
  const full = path.join(datasetsDir, file);
  if (!existsSync(full)) return [];
  return readFileSync(full, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function versionPairs(): VersionRecord[] {
  return readJsonl<VersionRecord>('versions-dev.jsonl');
}

export function siblingClusters(): SiblingCluster[] {
  return readJsonl<SiblingCluster>('siblings-dev.jsonl');
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => wordCount(p) >= 8 && /[.!?"”]$/.test(p));
}

let pool: string[] | undefined;

/**
 * Every distinct real paragraph available (seeds first, then the datasets), in a fixed order.
 * Only English datasets are used, so the claims figures measure the full English rules.
 */
export function realParagraphs(): string[] {
  if (pool) return pool;
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (text: string) => {
    for (const p of paragraphsOf(text)) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(p);
    }
  };
  for (const file of SEED_FILES) add(readSeedText(file));
  for (const record of versionPairs()) add(record.new_text);
  for (const cluster of siblingClusters()) for (const article of cluster.articles) add(article.text);
  pool = out;
  return out;
}

/** Paragraphs taken in PRNG order until the text has at least `words` words. */
export function paragraphsOfLength(words: number, seed: number): string[] {
  const random = prng(seed);
  const source = realParagraphs();
  const chosen: string[] = [];
  let total = 0;
  let misses = 0;
  while (total < words) {
    const paragraph = pick(random, source);
    const length = wordCount(paragraph);
    // Long paragraphs that would overshoot are passed over so the article lands near `words`.
    if (total + length > words * 1.05 && misses++ < 200) continue;
    chosen.push(paragraph);
    total += length;
  }
  return chosen;
}

export function articleOfLength(words: number, seed: number, outlet = 'example-news.com'): Article {
  const paragraphs = paragraphsOfLength(words, seed);
  return articleFromText(paragraphs.join('\n'), `https://www.${outlet}/story/${seed}`, {
    title: `Report ${seed}: ${paragraphs[0]!.split(/\s+/).slice(0, 8).join(' ')}`,
    siteName: outlet,
    publishedTime: '2024-09-25T12:00:00Z',
    lang: 'en',
  });
}

/**
 * A later version of `paragraphs` as newsrooms edit: some figures changed, a few sentences
 * reworded or dropped, a paragraph added and one moved. Deterministic for a seed.
 */
export function editedCopy(paragraphs: readonly string[], seed: number): string[] {
  const random = prng(seed);
  const source = realParagraphs();
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    const roll = random();
    if (roll < 0.03) continue;
    if (roll < 0.1) {
      out.push(paragraph.replace(/\d[\d,]*/, (n) => String(Number(n.replace(/,/g, '')) + 1 + Math.floor(random() * 50))));
    } else if (roll < 0.15) {
      const words = paragraph.split(' ');
      const at = Math.floor(random() * words.length);
      words.splice(at, 1, 'reportedly');
      out.push(words.join(' '));
    } else out.push(paragraph);
    if (random() < 0.04) out.push(pick(random, source));
  }
  if (out.length > 2 && random() < 0.5) out.push(out.splice(1, 1)[0]!);
  return out;
}

export const OUTLETS = [
  'foxnews.com',
  'abcnews.go.com',
  'nytimes.com',
  'theguardian.com',
  'apnews.com',
  'reuters.com',
  'bbc.co.uk',
  'cnn.com',
  'washingtonpost.com',
  'huffpost.com',
  'npr.org',
  'aljazeera.com',
  'latimes.com',
  'usatoday.com',
  'nbcnews.com',
  'cbsnews.com',
  'politico.com',
  'thehill.com',
  'independent.co.uk',
  'telegraph.co.uk',
  'seattletimes.com',
  'chicagotribune.com',
  'dw.com',
  'france24.com',
];

const DAY_MS = 86_400_000;
const START = Date.UTC(2022, 0, 1);

/** Replaces each figure with another of the same order of magnitude. */
function varyFigures(paragraph: string, random: () => number): string {
  return paragraph.replace(/\b\d[\d,]*\b/g, (raw) => {
    const digits = raw.replace(/,/g, '').length;
    if (digits === 4 && /^(19|20)\d\d$/.test(raw)) return String(2000 + Math.floor(random() * 26));
    const low = 10 ** (digits - 1);
    return String(low + Math.floor(random() * low * 9));
  });
}

/**
 * Stored article number `n` of a synthetic library: 5–14 real paragraphs with figures varied, one
 * of 24 outlets, published on one of ~1,100 days. A pure function of `n`, so a library of any size
 * is rebuilt identically without keeping the texts in memory.
 */
export function libraryDoc(n: number): MatchDoc {
  const random = prng(0x5eed0000 + n);
  const source = realParagraphs();
  const count = 5 + Math.floor(random() * 10);
  const paragraphs: string[] = [];
  for (let i = 0; i < count; i++) {
    const paragraph = pick(random, source);
    paragraphs.push(random() < 0.5 ? varyFigures(paragraph, random) : paragraph);
  }
  const outlet = pick(random, OUTLETS);
  const title = paragraphs[0]!.split(/\s+/).slice(0, 10).join(' ');
  return {
    id: n,
    urlKey: `${outlet}/story/${n}`,
    outlet,
    publishedTime: new Date(START + Math.floor(random() * 1100) * DAY_MS).toISOString(),
    capturedAt: START + n * 60_000,
    title,
    text: [title, ...paragraphs].join('\n\n'),
  };
}

/** Queries for the index: the founding articles and unseen dataset articles, as readers would open them. */
export function libraryQueries(): MatchDoc[] {
  const queries: MatchDoc[] = SEED_FILES.map((file, i) => {
    const text = readSeedText(file);
    const title = text.split('\n')[0]!.trim();
    const outlet = file.startsWith('fox') ? 'foxnews.com' : 'abcnews.go.com';
    return {
      id: `query-seed-${i}`,
      urlKey: `${outlet}/${file}`,
      outlet,
      publishedTime: '2024-09-25T12:00:00Z',
      title,
      text,
    };
  });
  for (const cluster of siblingClusters().slice(0, 5)) {
    const article = cluster.articles[0];
    if (!article) continue;
    queries.push({
      id: `query-${cluster.id}`,
      urlKey: `query/${cluster.id}`,
      outlet: article.outlet ?? 'unknown',
      publishedTime: null,
      title: article.title ?? '',
      text: article.text,
    });
  }
  return queries;
}

interface ParagraphTerms {
  terms: [string, number][];
  minima: Uint32Array;
}

let paragraphTerms: ParagraphTerms[] | undefined;

function minimaOf(signature: string): Uint32Array {
  const minima = new Uint32Array(signature.length / 8);
  for (let i = 0; i < minima.length; i++) minima[i] = parseInt(signature.slice(i * 8, i * 8 + 8), 16);
  return minima;
}

/**
 * Library row `n` in the form the store keeps per article (a DocTerms), composed from
 * per-paragraph terms instead of re-tokenising the whole text. Terms never span lines
 * (extractTerms reads line by line), so the term counts are exactly those of the joined text;
 * the MinHash signature is the element-wise minimum of the paragraphs' signatures, i.e. the
 * signature of every shingle inside a paragraph (the few spanning two paragraphs are left out).
 * This makes a 100,000-article library buildable in seconds; per-article tokenising cost is
 * measured separately on real texts.
 */
export function libraryRow(n: number): DocTerms {
  if (!paragraphTerms) {
    paragraphTerms = realParagraphs().map((p) => ({
      terms: [...extractTerms(p)],
      minima: minimaOf(minhashSignature(shingleSet(p))),
    }));
  }
  const random = prng(0x0ddba11 + n);
  const count = 5 + Math.floor(random() * 10);
  const counts = new Map<string, number>();
  const minima = new Uint32Array(SIGNATURE_LENGTH).fill(0xffffffff);
  for (let i = 0; i < count; i++) {
    const paragraph = pick(random, paragraphTerms);
    const vary = random() < 0.5;
    for (const [term, tf] of paragraph.terms) {
      let key = term;
      if (vary && term.startsWith('#') && /^#\d+$/.test(term)) {
        const digits = term.length - 1;
        key = digits === 4 && /^#(19|20)/.test(term)
          ? `#${2000 + Math.floor(random() * 26)}`
          : `#${10 ** (digits - 1) + Math.floor(random() * 9 * 10 ** (digits - 1))}`;
      }
      counts.set(key, (counts.get(key) ?? 0) + tf);
    }
    for (let k = 0; k < SIGNATURE_LENGTH; k++) minima[k] = Math.min(minima[k]!, paragraph.minima[k]!);
  }
  const outlet = pick(random, OUTLETS);
  let signature = '';
  for (const value of minima) signature += value.toString(16).padStart(8, '0');
  return {
    id: n,
    urlKey: `${outlet}/story/${n}`,
    outlet,
    time: START + Math.floor(random() * 1100) * DAY_MS,
    capturedAt: START + n * 60_000,
    terms: [...counts.keys()],
    tfs: [...counts.values()].map((tf) => Math.min(tf, 0xffff)),
    signature,
  };
}

/**
 * Generated article `n` of a library file, one version: its address from `outlet`, a publication
 * date drawn from `random` within 2022–2024, its title from the first paragraph.
 */
export function libraryFileArticle(
  n: number,
  outlet: string,
  paragraphs: string[],
  random: () => number,
): LibraryFileArticle {
  const url = `https://www.${outlet}/news/${n}/story`;
  const publishedTime = new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 1000) * 86_400_000).toISOString();
  const title = `${paragraphs[0]!.split(/\s+/).slice(0, 9).join(' ')} (${n})`;
  const article = articleFromText(paragraphs.join('\n'), url, { title, siteName: outlet, publishedTime, lang: 'en' });
  const capturedAt = Date.parse(publishedTime) + 3_600_000;
  return {
    urlKey: article.urlKey,
    url,
    title,
    siteName: outlet,
    byline: null,
    outlet,
    publishedTime,
    firstCapturedAt: capturedAt,
    lastCapturedAt: capturedAt,
    versions: [{ capturedAt, origin: { kind: 'reader' }, article }],
  };
}
