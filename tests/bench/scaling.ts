/**
 * MatchIndex at 1,000 / 10,000 / 100,000 stored articles: query time against a linear scan that
 * scores every article with the same scoring function, index (re)build time from stored rows,
 * snapshot load after a restart, and the memory the index itself holds (built, and loaded).
 */
import v8 from 'node:v8';
import { MatchIndex, type DocTerms, type MatchDoc, type PackedMatchIndex } from '../../src/match/index';
import { combineFeatures, KIND_WEIGHT, pairFeatures, timeProximity } from '../../src/match/similarity';
import { strongestTerms } from '../../src/match/index-store';
import { KIND_CODE } from '../../src/match/term-table';
import { termKind } from '../../src/match/terms';
import { libraryDoc, libraryQueries, libraryRow } from './corpus';
import { collectGarbage, round, summarize, time, type Figure } from './measure';


const MB = 2 ** 20;

/** Same BM25 idf as the index, so both sides score identically. */
function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The library as a scan would hold it: every article's term vector, interned. */
/**
 * A row cut to the terms the index keeps of it (MAX_TERMS_PER_DOC by tf × kind weight), so the
 * scan scores exactly what the index scores and the agreement figure measures the search alone.
 */
function cut(row: DocTerms): DocTerms {
  const tfs = Uint16Array.from(row.tfs, (tf) => Math.max(1, Math.min(0xffff, tf)));
  const kept = strongestTerms(tfs, (i) => KIND_CODE[termKind(row.terms[i]!)]);
  return { ...row, terms: kept.map((i) => row.terms[i]!), tfs: kept.map((i) => tfs[i]!) };
}

class LinearLibrary {
  readonly vocabulary = new Map<string, number>();
  readonly kinds: ('word' | 'name' | 'number')[] = [];
  readonly df: number[] = [];
  readonly docs: { id: number | string; terms: Int32Array; tfs: Uint16Array; time: number | null }[] = [];

  add(full: DocTerms): void {
    const row = cut(full);
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
  scan(fullQuery: DocTerms, limit = 10): (number | string)[] {
    const query = cut(fullQuery);
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

const heapUsed = () => v8.getHeapStatistics().used_heap_size;

/**
 * The memory an index holds: its share of V8's heap (measured after a collection) plus the typed
 * arrays it reports holding, which live outside the heap. process.memoryUsage().arrayBuffers
 * would count them too, but a collected array's backing store is freed later, in the background,
 * so a synchronous before/after reading of it is unreliable.
 */
function indexMemory(index: MatchIndex, heapBefore: number): number {
  return heapUsed() - heapBefore + index.typedArrayBytes;
}

interface IndexMeasurement {
  times: number[];
  loadedTimes: number[];
  postings: number;
  touched: number;
  indexTop: Map<number, (number | string)[]>;
  buildMs: number;
  buildPeak: number;
  builtRetained: number;
  snapshotLoadMs: number;
  cloneMs: number;
  packedBytes: number;
  rowBytes: number;
  loadPeak: number;
  loadedRetained: number;
}

function sizeOf(packed: PackedMatchIndex): number {
  return Object.values(packed).reduce<number>(
    (sum, value) => sum + (ArrayBuffer.isView(value) ? value.byteLength : 0),
    0,
  );
}

function queryAll(index: MatchIndex, queries: MatchDoc[], queryRuns: number): number[] {
  return queries.map(
    (query) => time(() => index.candidates(query, { limit: 10 }), { warmup: 2, runs: queryRuns }).median,
  );
}

/**
 * Builds the index for `size` articles from rows generated one at a time (as the service reads
 * them from IndexedDB), queries it, packs it, then — with the built index released — loads the
 * packed copy as a restarted worker does and queries that. Memory is the index's own: measured
 * against what was in use just before, after a collection.
 */
function measureIndex(size: number, queries: MatchDoc[], queryRuns: number): IndexMeasurement {
  collectGarbage();
  const before = heapUsed();
  let buildPeak = 0;
  let rowBytes = 0;
  function* rows(): Generator<DocTerms> {
    for (let n = 0; n < size; n++) {
      const row = libraryRow(n);
      if (n % 1000 === 0) rowBytes += JSON.stringify(row).length;
      if (n % 5000 === 0) buildPeak = Math.max(buildPeak, heapUsed() - before);
      yield row;
    }
  }
  const buildStart = performance.now();
  let index: MatchIndex | null = MatchIndex.fromDocTerms(rows());
  const buildMs = performance.now() - buildStart;
  // Typed arrays only at the end: during the build they are at most the final ones plus a merge's copy.
  buildPeak = Math.max(buildPeak, heapUsed() - before) + 2 * index.typedArrayBytes;
  collectGarbage();
  const builtRetained = indexMemory(index, before);

  const times = queryAll(index, queries, queryRuns);
  let postings = 0;
  let touched = 0;
  const indexTop = new Map<number, (number | string)[]>();
  queries.forEach((query, q) => {
    indexTop.set(
      q,
      index!.candidates(query, { limit: 10 }).map((c) => c.id),
    );
    postings += index!.stats.postingsScanned;
    touched += index!.stats.docsTouched;
  });
  if (index.size !== size) throw new Error(`index holds ${index.size} articles, expected ${size}`);
  const packed = index.toPacked();
  const packedBytes = sizeOf(packed);
  index = null;
  collectGarbage();

  // What a restarted worker does with the stored snapshot: IndexedDB's read (a structured
  // clone) and the load, timed together, once; the packed original is the bench's, not counted.
  const beforeLoad = heapUsed();
  const cloneStart = performance.now();
  const stored = structuredClone(packed);
  const cloneMs = performance.now() - cloneStart;
  const loaded = MatchIndex.fromPacked(stored);
  const snapshotLoadMs = performance.now() - cloneStart;
  // The clone's arrays become the index's own, so the peak is the loaded index plus the garbage
  // the load made on the heap before any collection.
  const loadPeak = indexMemory(loaded, beforeLoad);
  collectGarbage();
  const loadedRetained = indexMemory(loaded, beforeLoad);
  if (loaded.size !== size) throw new Error('the packed index lost documents');
  const loadedTimes = queryAll(loaded, queries, queryRuns);
  return {
    times,
    loadedTimes,
    postings,
    touched,
    indexTop,
    buildMs,
    buildPeak,
    builtRetained,
    snapshotLoadMs,
    cloneMs,
    packedBytes,
    rowBytes: rowBytes / Math.ceil(size / 1000),
    loadPeak,
    loadedRetained,
  };
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
    const { times, loadedTimes, postings, touched, indexTop } = measured;
    const querySample = summarize(times);
    medians.set(size, querySample.median);
    const label = size.toLocaleString('en-US');
    const largest = size >= 100_000;
    const target =
      size === 10_000
        ? { on: 'p95' as const, op: '<=' as const, bound: 50 }
        : largest
          ? { on: 'p95' as const, op: '<=' as const, bound: 100 }
          : undefined;

    // The scan holds its own copy of the vectors, built after the index is released so the
    // memory measured above is the index's alone.
    const linear = new LinearLibrary();
    for (let n = 0; n < size; n++) linear.add(libraryRow(n));
    // A scan of 100,000 articles takes seconds: one timed run per query there, three below.
    const scanRuns = largest ? 1 : 3;
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
        `top-10 agreement with the scan ${(100 * agreement / queries.length).toFixed(0)}%; scan/index ${(scan.median / querySample.median).toFixed(1)}×; ` +
        `on the index loaded from its snapshot: median ${summarize(loadedTimes).median.toFixed(1)} ms, p95 ${summarize(loadedTimes).p95.toFixed(1)} ms`,
    });
    figures.push({
      group: 'match',
      name: `index rebuild from stored rows, ${label} articles`,
      unit: 'ms',
      median: null,
      p95: null,
      value: round(measured.buildMs, 1),
      note: `${((measured.buildMs * 1000) / size).toFixed(1)} µs per article (MatchIndex.fromDocTerms over rows read one at a time; measured once, row generation included)`,
    });
    figures.push({
      group: 'match',
      name: `index load from its packed snapshot, ${label} articles`,
      unit: 'ms',
      median: null,
      p95: null,
      value: round(measured.snapshotLoadMs, 1),
      baseline: `rebuild from rows ${round(measured.buildMs, 0)} ms`,
      ...(largest ? { target: { on: 'value' as const, op: '<=' as const, bound: 1000 } } : {}),
      note: `structuredClone (${round(measured.cloneMs, 0)} ms) + MatchIndex.fromPacked, measured once; snapshot ${Math.round(measured.packedBytes / size)} B/article in typed arrays; one stored DocTerms row ${Math.round(measured.rowBytes)} B/article as JSON`,
    });
    figures.push({
      group: 'memory',
      name: `index retained, ${label} articles, loaded from its snapshot`,
      unit: 'MB',
      median: null,
      p95: null,
      value: round(measured.loadedRetained / MB, 1),
      ...(largest ? { target: { on: 'value' as const, op: '<=' as const, bound: 100 } } : {}),
      note: `${Math.round(measured.loadedRetained / size)} B/article (its V8 heap after GC + its typed arrays); right after a rebuild ${round(measured.builtRetained / MB, 1)} MB`,
    });
    figures.push({
      group: 'memory',
      name: `peak while loading the ${label}-article snapshot`,
      unit: 'MB',
      median: null,
      p95: null,
      value: round(measured.loadPeak / MB, 1),
      ...(largest
        ? { target: { on: 'value' as const, op: '<=' as const, bound: round((2 * measured.loadedRetained) / MB, 1) } }
        : {}),
      note: `structured clone + load, before any collection; target 2× the retained index; a rebuild from rows peaks at about ${round(measured.buildPeak / MB, 1)} MB (heap sampled every 5,000 rows + twice the final typed arrays)`,
    });
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
