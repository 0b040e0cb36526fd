/**
 * Engine figures: extraction against plain Readability, claims by article length, comparison
 * against a whole-text jsdiff, and the pathological inputs that must stay bounded.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import { diffWords } from 'diff';
import { JSDOM, VirtualConsole } from 'jsdom';
import { extractClaims, analyse } from '../../src/claims/index';
import { compareSiblings, compareVersions } from '../../src/compare/index';
import { articleFromText, extractArticle } from '../../src/extract/index';
import type { AnalysedArticle, Article } from '../../src/model/types';
import { articleOfLength, editedCopy, paragraphsOfLength, readSeedText, versionPairs, wordCount } from './corpus';
import { datasetsDir, repoRoot, summarize, time, timePair, type Figure } from './measure';

const parse = (html: string, url: string): Document =>
  new JSDOM(html, { url, virtualConsole: new VirtualConsole() }).window.document;

interface Page {
  name: string;
  html: string;
  url: string;
}

/** The real news pages of the dataset when present, else the project's seed page fixtures. */
function extractionPages(): { source: string; pages: Page[] } {
  const dataset = path.join(datasetsDir, 'readability-news');
  if (existsSync(dataset)) {
    const pages = readdirSync(dataset, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(path.join(dataset, e.name, 'source.html')))
      .map((e) => ({
        name: e.name,
        html: readFileSync(path.join(dataset, e.name, 'source.html'), 'utf8'),
        url: `http://fakehost/test/${e.name}/page.html`,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { source: '../shared/datasets/readability-news', pages };
  }
  const dir = path.join(repoRoot, 'tests', 'fixtures', 'pages');
  // The same addresses as when the pages were flat `<name>.html` files, so figures stay comparable.
  const pages = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'source.html')))
    .map((e) => ({ name: e.name, html: readFileSync(path.join(dir, e.name, 'source.html'), 'utf8'), url: `https://example.com/${e.name}.html` }));
  return { source: 'tests/fixtures/pages', pages };
}

export function benchExtraction(runs: number): Figure[] {
  const { source, pages } = extractionPages();
  const figures: Figure[] = [];
  const ratios: number[] = [];
  let oursTotal = 0;
  let baselineTotal = 0;
  for (const page of pages) {
    const doc = parse(page.html, page.url);
    const kb = Math.round(page.html.length / 1024);
    const pair = timePair(
      () => extractArticle(doc, page.url),
      // Readability mutates what it parses, so the baseline gets a fresh clone each run, as
      // extractArticle makes its own.
      () => new Readability(doc.cloneNode(true) as Document).parse(),
      { warmup: 2, runs },
    );
    ratios.push(pair.ratios.median);
    oursTotal += pair.ours.median;
    baselineTotal += pair.baseline.median;
    figures.push({
      group: 'extract',
      name: `extract ${page.name} (${kb} KB) / Readability`,
      unit: '×',
      ...pair.ratios,
      baseline: `${pair.ours.median.toFixed(1)} ms vs ${pair.baseline.median.toFixed(1)} ms`,
      target: { on: 'median', op: '<=', bound: 1.25 },
    });
  }
  const all = summarize(ratios);
  figures.push({
    group: 'extract',
    name: `extract / Readability, all ${pages.length} pages`,
    unit: '×',
    ...all,
    baseline: `sum ${oursTotal.toFixed(0)} ms vs ${baselineTotal.toFixed(0)} ms`,
    target: { on: 'median', op: '<=', bound: 1.25 },
    note: `pages from ${source}; median/p95 over the pages' median ratios (${runs} alternating runs each)`,
  });
  return figures;
}

export function benchClaims(runs: number): Figure[] {
  return [250, 500, 1500, 3000].map((words) => {
    const article = articleOfLength(words, 1000 + words);
    const sample = time(() => extractClaims(article), { warmup: 3, runs });
    const actual = wordCount(article.paragraphs.join(' '));
    return {
      group: 'claims',
      name: `claims, ${actual.toLocaleString('en-US')}-word article`,
      unit: 'ms',
      ...sample,
      baseline: `${extractClaims(article).length} claims`,
      ...(words === 1500 ? { target: { on: 'p95' as const, op: '<=' as const, bound: 30 } } : {}),
    } satisfies Figure;
  });
}

const seedArticle = (file: string, outlet: string): AnalysedArticle =>
  analyse(
    articleFromText(readSeedText(file), `https://www.${outlet}/politics/ceasefire`, {
      siteName: outlet,
      publishedTime: '2024-09-25T12:00:00Z',
      lang: 'en',
    }),
  );

const wholeText = (a: Article): string => [a.title, ...a.paragraphs].join('\n\n');

function comparePair(
  ratios: number[],
  name: string,
  before: AnalysedArticle,
  after: AnalysedArticle,
  compare: (a: AnalysedArticle, b: AnalysedArticle) => unknown,
  runs: number,
  target?: Figure['target'],
): Figure {
  const textBefore = wholeText(before.article);
  const textAfter = wholeText(after.article);
  const pair = timePair(
    () => compare(before, after),
    () => diffWords(textBefore, textAfter),
    { warmup: 2, runs },
  );
  ratios.push(pair.ratios.median);
  return {
    group: 'compare',
    name,
    unit: 'ms',
    ...pair.ours,
    baseline: `diffWords ${pair.baseline.median.toFixed(2)} ms (${pair.ratios.median.toFixed(2)}×)`,
    ...(target ? { target } : {}),
  };
}

export function benchCompare(runs: number): Figure[] {
  const fox1 = seedArticle('fox-ceasefire-v1.txt', 'foxnews.com');
  const fox2 = seedArticle('fox-ceasefire-v2.txt', 'foxnews.com');
  const abc = seedArticle('abc-ceasefire.txt', 'abcnews.go.com');
  const ratios: number[] = [];
  const figures: Figure[] = [
    comparePair(ratios, 'compareVersions fox v1 → v2', fox1, fox2, compareVersions, runs),
    comparePair(ratios, 'compareSiblings fox v2 vs ABC', fox2, abc, compareSiblings, runs),
  ];
  for (const record of versionPairs()) {
    const url = `https://example.com/${record.id}`;
    const before = analyse(articleFromText(record.old_text, url, { lang: 'en' }));
    const after = analyse(articleFromText(record.new_text, url, { lang: 'en' }));
    figures.push(comparePair(ratios, `compareVersions ${record.id}`, before, after, compareVersions, runs));
  }
  const paragraphs = paragraphsOfLength(1500, 4242);
  const before = analyse(articleFromText(paragraphs.join('\n'), 'https://example.com/long', { lang: 'en' }));
  const after = analyse(
    articleFromText(editedCopy(paragraphs, 7).join('\n'), 'https://example.com/long', { lang: 'en' }),
  );
  figures.push(
    comparePair(ratios, 'compareVersions, two 1,500-word versions', before, after, compareVersions, runs, {
      on: 'p95',
      op: '<=',
      bound: 20,
    }),
  );
  figures.push({
    group: 'compare',
    name: `compare / diffWords, all ${ratios.length} pairs`,
    unit: '×',
    ...summarize(ratios),
    baseline: 'jsdiff diffWords, whole texts',
    target: { on: 'median', op: '<=', bound: 1 },
    note: 'per pair: median of alternating runs; claims are extracted beforehand (the store keeps them), so both sides start from text already in memory',
  });
  return figures;
}

/**
 * Inputs far outside news sizes: they must finish within a stated bound, not quickly. One run
 * each (claims included, as the background would do it), bound 2 s for the comparison itself.
 */
export function benchPathological(): Figure[] {
  const figures: Figure[] = [];
  const big = paragraphsOfLength(100_000, 99);
  const bigBefore = articleFromText(big.join('\n'), 'https://example.com/huge', { lang: 'en' });
  const bigAfter = articleFromText(editedCopy(big, 100).join('\n'), 'https://example.com/huge', { lang: 'en' });
  let start = performance.now();
  const a = analyse(bigBefore);
  const b = analyse(bigAfter);
  const claimsMs = (performance.now() - start) / 2;
  start = performance.now();
  const differences = compareVersions(a, b);
  const compareMs = performance.now() - start;
  figures.push({
    group: 'pathological',
    name: '100,000-word article vs its edited copy',
    unit: 'ms',
    median: null,
    p95: null,
    value: Math.round(compareMs),
    runs: 1,
    baseline: `claims ${Math.round(claimsMs)} ms per side`,
    target: { on: 'value', op: '<=', bound: 2000 },
    note: `${a.claims.length} vs ${b.claims.length} claims, ${differences.length} differences`,
  });

  const left = articleFromText(paragraphsOfLength(20_000, 501).join('\n'), 'https://one.example/a', { lang: 'en' });
  const right = articleFromText(paragraphsOfLength(20_000, 502).join('\n'), 'https://two.example/b', { lang: 'en' });
  const l = analyse(left);
  const r = analyse(right);
  for (const [name, run] of [
    ['compareVersions', () => compareVersions(l, r)],
    ['compareSiblings', () => compareSiblings(l, r)],
  ] as const) {
    start = performance.now();
    const found = run();
    const ms = performance.now() - start;
    figures.push({
      group: 'pathological',
      name: `two unrelated 20,000-word articles, ${name}`,
      unit: 'ms',
      median: null,
      p95: null,
      value: Math.round(ms),
      runs: 1,
      target: { on: 'value', op: '<=', bound: 2000 },
      note: `${l.claims.length} vs ${r.claims.length} claims, ${found.length} differences`,
    });
  }
  return figures;
}
