/**
 * Extraction quality on real news pages: Readability's own test pages
 * (../shared/datasets/readability-news/, read at run time). For each page, our article text is
 * compared with Readability's expected extraction by multiset token F1; what we take out beyond
 * Readability should only be furniture, so the removed lines are printed for inspection. Also
 * times our extraction against a plain Readability parse of a clone (the bench does it properly).
 *
 * Each page also goes through auto-capture's path (the document serialised as the content script
 * does, parsed by linkedom, then the same extraction): its F1 is printed next to the jsdom one,
 * with whether its paragraphs are identical to the jsdom path's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { stripSiteSuffix } from '../../src/extract/extract';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import { extractArticle } from '../../src/extract/index';
import { serialiseDocument } from '../../src/extract/serialise';
import { normalizeText } from '../../src/text/normalize';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATASET = path.resolve(repoRoot, '..', 'shared', 'datasets', 'readability-news');
const TARGET_MEAN_F1 = 0.98;

interface ExpectedMetadata {
  title?: string | null;
  byline?: string | null;
  siteName?: string | null;
  publishedTime?: string | null;
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function counts(list: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const token of list) map.set(token, (map.get(token) ?? 0) + 1);
  return map;
}

/** Multiset token F1, with how many tokens only each side has. */
export function tokenF1(
  ours: string,
  expected: string,
): { f1: number; onlyOurs: number; onlyExpected: number } {
  const a = counts(tokens(ours));
  const b = counts(tokens(expected));
  let common = 0;
  let sizeA = 0;
  let sizeB = 0;
  for (const n of a.values()) sizeA += n;
  for (const n of b.values()) sizeB += n;
  for (const [token, n] of a) common += Math.min(n, b.get(token) ?? 0);
  const precision = sizeA ? common / sizeA : 0;
  const recall = sizeB ? common / sizeB : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, onlyOurs: sizeA - common, onlyExpected: sizeB - common };
}

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  normalizeText(a ?? '').toLowerCase() === normalizeText(b ?? '').toLowerCase();

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function timeIt(run: () => void, repeats = 3): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const pad = (value: string | number, width: number): string => String(value).padEnd(width);

function runExtractionEval(): boolean {
  console.log('\n== extraction: readability-news (token F1 vs Readability expected) ==');
  if (!existsSync(DATASET)) {
    console.log(`dataset missing: ${DATASET} — skipped`);
    return true;
  }
  const pages = readdirSync(DATASET, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(DATASET, entry.name, 'source.html')))
    .map((entry) => entry.name)
    .sort();

  console.log(
    `${pad('page', 16)}${pad('ok', 5)}${pad('F1', 7)}${pad('F1(ld)', 8)}${pad('same', 6)}${pad('+ours', 7)}${pad('-ours', 7)}${pad('meta t/b/s/p', 14)}${pad('ms', 8)}${pad('ms(ld)', 8)}ms(readability)`,
  );
  const f1s: number[] = [];
  const linkedomF1s: number[] = [];
  let identical = 0;
  let linkedomTotal = 0;
  let allOk = true;
  let oursTotal = 0;
  let readabilityTotal = 0;
  const notes: string[] = [];
  for (const page of pages) {
    const dir = path.join(DATASET, page);
    const html = readFileSync(path.join(dir, 'source.html'), 'utf8');
    const expectedHtml = readFileSync(path.join(dir, 'expected.html'), 'utf8');
    const metadata = JSON.parse(
      readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8'),
    ) as ExpectedMetadata;
    const url = `http://fakehost/test/${page}/page.html`;
    const doc = new JSDOM(html, { url }).window.document;
    const expectedText = new JSDOM(expectedHtml).window.document.body.textContent ?? '';

    const result = extractArticle(doc, url);
    const ms = timeIt(() => extractArticle(doc, url));
    const serialised = serialiseDocument(doc) ?? '';
    const viaLinkedom = extractArticleFromHtml(serialised, url);
    const linkedomMs = timeIt(() => extractArticleFromHtml(serialised, url));
    linkedomTotal += linkedomMs;
    const linkedomText = viaLinkedom.ok
      ? [...viaLinkedom.article.paragraphs, ...viaLinkedom.article.credits].join('\n')
      : '';
    const linkedomScore = tokenF1(linkedomText, expectedText);
    linkedomF1s.push(linkedomScore.f1);
    // The whole article, not only its text: metadata comes from the serialised head too.
    const sameParagraphs =
      result.ok && viaLinkedom.ok
        ? JSON.stringify(result.article) === JSON.stringify(viaLinkedom.article)
        : result.ok === viaLinkedom.ok;
    if (sameParagraphs) identical++;
    else
      notes.push(
        `  ${pad(page, 16)}linkedom path differs: ${viaLinkedom.ok ? `${viaLinkedom.article.paragraphs.length} paragraphs` : viaLinkedom.reason} vs ${result.ok ? `${result.article.paragraphs.length}` : result.reason}`,
      );
    const readabilityMs = timeIt(() => new Readability(doc.cloneNode(true) as Document).parse());
    oursTotal += ms;
    readabilityTotal += readabilityMs;
    if (!result.ok) {
      allOk = false;
      f1s.push(0);
      console.log(`${pad(page, 16)}${pad('NO', 5)}${result.reason}: ${result.message}`);
      continue;
    }
    const { article } = result;
    const ours = [...article.paragraphs, ...article.credits].join('\n');
    const score = tokenF1(ours, expectedText);
    f1s.push(score.f1);
    const flag = (
      expected: string | null | undefined,
      actual: string | null,
      equal: (a: string | null | undefined, b: string | null) => boolean = same,
    ): string => (expected == null ? '-' : equal(expected, actual) ? 'y' : 'n');
    // Our titles drop the " - Site" suffix Readability keeps; instants compare as instants.
    const sameTitle = (expected: string | null | undefined, actual: string | null): boolean =>
      same(stripSiteSuffix(expected ?? '', article.siteName, url), actual);
    const sameInstant = (expected: string | null | undefined, actual: string | null): boolean =>
      same(expected, actual) || (!!expected && !!actual && Date.parse(expected) === Date.parse(actual));
    const metaFlags = [
      flag(metadata.title, article.title, sameTitle),
      flag(metadata.byline, article.byline),
      flag(metadata.siteName, article.siteName),
      flag(metadata.publishedTime, article.publishedTime, sameInstant),
    ].join('/');
    console.log(
      `${pad(page, 16)}${pad('yes', 5)}${pad(score.f1.toFixed(3), 7)}${pad(linkedomScore.f1.toFixed(3), 8)}${pad(sameParagraphs ? 'yes' : 'NO', 6)}${pad(score.onlyOurs, 7)}${pad(score.onlyExpected, 7)}${pad(metaFlags, 14)}${pad(ms.toFixed(1), 8)}${pad(linkedomMs.toFixed(1), 8)}${readabilityMs.toFixed(1)}`,
    );
    const expectedNorm = normalizeText(expectedText).toLowerCase();
    const keptByReadability = article.removed.filter((r) =>
      expectedNorm.includes(normalizeText(r.text).toLowerCase().slice(0, 60)),
    );
    for (const r of keptByReadability.slice(0, 4))
      notes.push(`  ${pad(page, 16)}[${r.rule}] ${r.text.replace(/\s+/g, ' ').slice(0, 90)}`);
    if (metaFlags.includes('n'))
      notes.push(
        `  ${pad(page, 16)}meta: title=${JSON.stringify(article.title)} vs ${JSON.stringify(metadata.title)}; byline=${JSON.stringify(article.byline)} vs ${JSON.stringify(metadata.byline)}; site=${JSON.stringify(article.siteName)} vs ${JSON.stringify(metadata.siteName)}; published=${article.publishedTime} vs ${metadata.publishedTime}`,
      );
  }
  const mean = f1s.reduce((sum, f) => sum + f, 0) / Math.max(1, f1s.length);
  const linkedomMean = linkedomF1s.reduce((sum, f) => sum + f, 0) / Math.max(1, linkedomF1s.length);
  console.log('\nremoved by us but kept by Readability (examples):');
  for (const note of notes) console.log(note);
  console.log(
    `\npages ${pages.length}, extracted ${f1s.filter((f) => f > 0).length}, mean F1 ${mean.toFixed(4)} (target ≥ ${TARGET_MEAN_F1}); time ours/readability ${(oursTotal / Math.max(1e-9, readabilityTotal)).toFixed(2)}×`,
  );
  console.log(
    `auto-capture path (serialised → linkedom): mean F1 ${linkedomMean.toFixed(4)}, articles (paragraphs, metadata, furniture) identical to the jsdom path's on ${identical}/${pages.length} pages; time linkedom path/jsdom path ${(linkedomTotal / Math.max(1e-9, oursTotal)).toFixed(2)}× (parse included, serialisation not)`,
  );
  const met = allOk && mean >= TARGET_MEAN_F1 && linkedomMean >= TARGET_MEAN_F1;
  console.log(`extraction targets ${met ? 'MET' : 'NOT MET'}`);
  return met;
}

export default function extractionEval(): Promise<boolean> {
  return Promise.resolve(runExtractionEval());
}
