/**
 * MatchIndex at 1,000 / 10,000 / 100,000 stored articles: query time against a linear scan that
 * scores every article with the same scoring function, index (re)build time from stored rows,
 * serialised size per article, and peak heap for the largest library.
 */
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { MatchIndex, type DocTerms, type MatchDoc } from '../../src/match/index';
import { combineFeatures, KIND_WEIGHT, pairFeatures, timeProximity } from '../../src/match/similarity';
import { termKind } from '../../src/match/terms';
import { libraryDoc, libraryQueries, libraryRow } from './corpus';
import { round, summarize, time, type Figure } from './measure';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const heapUsed = () => v8.getHeapStatistics().used_heap_size;
const MB = 2 ** 20;

/** Same BM25 idf as the index, so both sides score identically. */
function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The library as a scan would hold it: every article's term vector, interned. */
class LinearLibrary {
  readonly vocabulary = new Map<string, number>();
  readonly kinds: ('word' | 'name' | 'number')[] = [];
  readonly df: number[] = [];
  readonly docs: { id: number | string; terms: Int32Array; tfs: Uint16Array; time: number | null }[] = [];

  add(row: DocTerms): void {
    const terms = new Int32Array(row.terms.length);
    row.terms.forEach((term, i) => {
      let id = this.vocabulary.get(term);
      if (id === undefined) {
        id = this.kinds.length;
        this.vocabulary.set(term, id);
        this.kinds.push(termKind(term));
        this.df.push(0);
      }
      this.df[id]!++;
      terms[i] = id;
    });
    this.docs.push({ id: row.id, terms, tfs: Uint16Array.from(row.tfs), time: row.time ?? row.capturedAt });
  }

  /** Scores every stored article against the query; the best `limit` ids. */
  scan(query: DocTerms, limit = 10): (number | string)[] {
    const n = this.docs.length;
    const weights = new Float64Array(this.kinds.length + query.terms.length);
    this.kinds.forEach((kind, id) => (weights[id] = idf(this.df[id]!, n) * KIND_WEIGHT[kind]));
    const queryVector = new Map<number, number>();
    const kindOf = (id: number) => this.kinds[id] ?? termKind(query.terms[id - this.kinds.length] ?? '');
    query.terms.forEach((term, i) => {
      let id = this.vocabulary.get(term);
      if (id === undefined) {
        id = this.kinds.length + i;
        weights[id] = idf(0, n) * KIND_WEIGHT[termKind(term)];
      }
      queryVector.set(id, query.tfs[i] ?? 1);
    });
    const weight = (id: number) => weights[id]!;
    const scored: { id: number | string; score: number }[] = [];
    for (const doc of this.docs) {
      const entries = function* (): Generator<[number, number]> {
        for (let i = 0; i < doc.terms.length; i++) yield [doc.terms[i]!, doc.tfs[i]!];
      };
      const features = pairFeatures(queryVector, entries(), weight, kindOf, timeProximity(query.time, doc.time));
      scored.push({ id: doc.id, score: combineFeatures(features) });
    }
    return scored
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((s) => s.id);
  }
}

function serialisedBytesPerArticle(index: MatchIndex): { snapshot: number; row: number } {
  const json = index.toJSON();
  // Measured piecewise: one 100,000-article string would approach V8's maximum string length.
  let snapshot = JSON.stringify(json.vocabulary).length + 64;
  let rowBytes = 0;
  let rowsSampled = 0;
  json.docs.forEach((doc, i) => {
    snapshot += JSON.stringify(doc).length + 1;
    if (i % 10 === 0) {
      rowBytes += JSON.stringify(index.getDocTerms(doc.id)).length;
      rowsSampled++;
    }
  });
  return { snapshot: snapshot / Math.max(1, json.docs.length), row: rowBytes / Math.max(1, rowsSampled) };
}

interface IndexMeasurement {
  times: number[];
  postings: number;
  touched: number;
  indexTop: Map<number, (number | string)[]>;
  buildMs: number;
  snapshotLoadMs: number;
  packedBytes: number;
  sizes: { snapshot: number; row: number };
  peak: number;
  heapBefore: number;
  retained: number;
}

/** Builds the index for `size` articles, queries it, and lets it go when it returns. */
function measureIndex(size: number, queries: MatchDoc[], queryRuns: number): IndexMeasurement {
  collectGarbage();
  const heapBefore = heapUsed();
  let peak = heapBefore;
  const index = new MatchIndex();
  const rows: DocTerms[] = [];
  for (let n = 0; n < size; n++) {
    rows.push(libraryRow(n));
    if (n % 5000 === 0) peak = Math.max(peak, heapUsed());
  }
  const buildStart = performance.now();
  for (const row of rows) index.addDocTerms(row);
  const buildMs = performance.now() - buildStart;
  peak = Math.max(peak, heapUsed());
  rows.length = 0;
  // The build's garbage (the rows) is collected before timing, or a major GC lands in a query.
  collectGarbage();

  const times: number[] = [];
  let postings = 0;
  let touched = 0;
  const indexTop = new Map<number, (number | string)[]>();
  queries.forEach((query, q) => {
    const sample = time(() => index.candidates(query, { limit: 10 }), { warmup: 2, runs: queryRuns });
    times.push(sample.median);
    const stats = index.stats;
    postings += stats.postingsScanned;
    touched += stats.docsTouched;
    indexTop.set(
      q,
      index.candidates(query, { limit: 10 }).map((c) => c.id),
    );
    peak = Math.max(peak, heapUsed());
  });
  const sizes = serialisedBytesPerArticle(index);
  // What a restarted worker does with the stored snapshot: a structured clone (IndexedDB's read)
  // and the load, timed together, once.
  const packed = index.toPacked();
  collectGarbage();
  const loadStart = performance.now();
  const loadedSize = MatchIndex.fromPacked(structuredClone(packed)).size;
  const snapshotLoadMs = performance.now() - loadStart;
  if (loadedSize !== index.size) throw new Error('the packed index lost documents');
  const packedBytes = packed.terms.byteLength + packed.tfs.byteLength + packed.offsets.byteLength;
  collectGarbage();
  const retained = heapUsed() - heapBefore;
  // Keeps the index reachable until the retained size has been read.
  if (index.size !== size) throw new Error(`index holds ${index.size} articles, expected ${size}`);
  return { times, postings, touched, indexTop, buildMs, snapshotLoadMs, packedBytes, sizes, peak, heapBefore, retained };
}

export interface ScalingOptions {
  sizes: number[];
  queryRuns: number;
}

export function benchScaling(options: ScalingOptions): Figure[] {
  const figures: Figure[] = [];
  const queries: MatchDoc[] = libraryQueries();
  const queryRows = queries.map((q) => MatchIndex.docTerms(q));
  const medians = new Map<number, number>();

  // Capture-time indexing from text (tokenising, MinHash, postings) on real recombined texts.
  const sample = Array.from({ length: 300 }, (_, i) => libraryDoc(i));
  const scratch = new MatchIndex();
  let next = 0;
  const add = time(() => scratch.add(sample[next++ % sample.length]!), { warmup: 20, runs: 280 });
  figures.push({
    group: 'match',
    name: 'index.add(article) from text, per article',
    unit: 'ms',
    ...add,
    note: 'tokenising + MinHash + postings; what each capture costs, and what a from-text rebuild costs per article',
  });

  for (const size of options.sizes) {
    const measured = measureIndex(size, queries, options.queryRuns);
    const { times, postings, touched, indexTop, buildMs, snapshotLoadMs, packedBytes, sizes, peak, heapBefore, retained } =
      measured;
    const querySample = summarize(times);
    medians.set(size, querySample.median);
    const label = size.toLocaleString('en-US');
    const target =
      size === 10_000
        ? { on: 'p95' as const, op: '<=' as const, bound: 50 }
        : size === 100_000
          ? { on: 'p95' as const, op: '<=' as const, bound: 250 }
          : undefined;

    // The scan holds its own copy of the vectors, built after the index is released so the
    // peak measured above is the index's alone.
    const linear = new LinearLibrary();
    for (let n = 0; n < size; n++) linear.add(libraryRow(n));
    // A scan of 100,000 articles takes seconds: one timed run per query there, three below.
    const scanRuns = size >= 100_000 ? 1 : 3;
    const scanTimes: number[] = [];
    let agreement = 0;
    queryRows.forEach((row, q) => {
      let top: (number | string)[] = [];
      const runs: number[] = [];
      for (let r = 0; r < scanRuns; r++) {
        const start = performance.now();
        top = linear.scan(row);
        runs.push(performance.now() - start);
      }
      scanTimes.push(summarize(runs).median);
      const expected = new Set(top);
      const ours = indexTop.get(q) ?? [];
      agreement += ours.filter((id) => expected.has(id)).length / Math.max(1, Math.min(10, expected.size));
    });
    const scan = summarize(scanTimes);

    figures.push({
      group: 'match',
      name: `candidates() at ${label} articles`,
      unit: 'ms',
      ...querySample,
      baseline: `linear scan ${scan.median.toFixed(1)} ms (p95 ${scan.p95.toFixed(1)})`,
      ...(target ? { target } : {}),
      note:
        `${queries.length} queries (seeds + dataset articles), median of ${options.queryRuns} runs each; ` +
        `postings walked ${Math.round(postings / queries.length)}, articles touched ${Math.round(touched / queries.length)} per query; ` +
        `top-10 agreement with the scan ${(100 * agreement / queries.length).toFixed(0)}%; scan/index ${(scan.median / querySample.median).toFixed(1)}×`,
    });
    figures.push({
      group: 'match',
      name: `index rebuild from stored rows, ${label} articles`,
      unit: 'ms',
      median: null,
      p95: null,
      value: round(buildMs, 1),
      note: `${((buildMs * 1000) / size).toFixed(1)} µs per article (MatchIndex.addDocTerms; measured once)`,
    });
    figures.push({
      group: 'match',
      name: `index load from its packed snapshot, ${label} articles`,
      unit: 'ms',
      median: null,
      p95: null,
      value: round(snapshotLoadMs, 1),
      baseline: `rebuild from rows ${round(buildMs, 0)} ms`,
      note: `structuredClone + MatchIndex.fromPacked, measured once; typed arrays ${Math.round(packedBytes / size)} B/article`,
    });
    figures.push({
      group: 'match',
      name: `serialised index per article, ${label} articles`,
      unit: 'B',
      median: null,
      p95: null,
      value: Math.round(sizes.snapshot),
      note: `snapshot (toJSON) ${Math.round(sizes.snapshot)} B/article; one stored DocTerms row ${Math.round(sizes.row)} B/article`,
    });
    if (size === Math.max(...options.sizes)) {
      figures.push({
        group: 'memory',
        name: `peak heap, ${label}-article index run`,
        unit: 'MB',
        median: null,
        p95: null,
        value: round(peak / MB, 1),
        note: `heap before ${(heapBefore / MB).toFixed(0)} MB; index retained after GC ${(retained / MB).toFixed(0)} MB (${((retained / size) / 1024).toFixed(1)} KB/article); sampled with v8.getHeapStatistics around build and queries`,
      });
    }
  }
  const at10k = medians.get(10_000);
  const at100k = medians.get(100_000);
  if (at10k !== undefined && at100k !== undefined) {
    figures.push({
      group: 'match',
      name: 'query growth 10k → 100k articles',
      unit: '×',
      median: null,
      p95: null,
      value: round(at100k / at10k, 2),
      baseline: 'linear growth 10×',
      target: { on: 'value', op: '<=', bound: 4 },
      note: 'ratio of median query times; "well under linear" is read as at most 4× for 10× the articles',
    });
  }
  return figures;
}
