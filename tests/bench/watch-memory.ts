/**
 * The watch list's memory over many checks, in Node: the background's service over
 * fake-indexeddb checks one watched article against the local news server again and again, and
 * the heap is measured after a forced full GC at each checkpoint — so what is left is what the
 * service retains, not garbage V8 has not collected yet.
 *
 *   npx tsx tests/bench/watch-memory.ts [--checks 300] [--mode unchanged|edits] [--snapshots DIR]
 *
 * `unchanged`: the article reads the same every time (nothing stored but the watch row).
 * `edits`: it alternates between two versions, so every check extracts, compares and notifies
 * about a real edit, but stores at most two versions (the second time a text is read, its hash is
 * known). Both should level off after warm-up; a line that keeps climbing is a leak.
 */
import 'fake-indexeddb/auto';
import v8 from 'node:v8';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import { CrosscheckService, type WatchDeps } from '../../src/service/service';
import { openDb } from '../../src/store/schema';
import { startNewsServer } from '../stand-ins/news-server';
import { collectGarbage } from './measure';

const MB = 2 ** 20;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const checks = Number(option('checks', '300'));
/** --snapshots DIR: a heap snapshot at each checkpoint, to diff in DevTools (Memory → Comparison). */
const snapshots = process.argv.includes('--snapshots') ? option('snapshots', '.') : null;
const mode = option('mode', 'edits');
if (!Number.isInteger(checks) || checks < 1) throw new Error('--checks takes a whole number');
if (mode !== 'unchanged' && mode !== 'edits') throw new Error('--mode is unchanged or edits');

/** Heap in use after two full collections (the second catches what finalisers freed). */
function settledHeap(): number {
  collectGarbage();
  collectGarbage();
  return v8.getHeapStatistics().used_heap_size;
}

const news = await startNewsServer();
const service = new CrosscheckService(openDb({ name: `watch-memory-${Date.now()}` }), {
  snapshotDelayMs: null,
});
let clock = Date.now();
const deps: WatchDeps = {
  fetch,
  now: () => clock,
  online: () => true,
  random: () => 0.5,
  // The extension's own per-check timeout (the engine's default, 30 s).
};
const CHECK_TIMEOUT_MS = 30_000;

const html = await (await fetch(news.articleUrl)).text();
const extracted = extractArticleFromHtml(html, news.articleUrl);
if (!extracted.ok) throw new Error(extracted.message);
const { articleId } = await service.captureArticle(extracted.article, clock);
await service.setWatch(articleId, true, deps);

const checkpoints = new Set([0, 10, 25, 50, 100, 150, 200, 300, 500, 1000, checks]);
const rows: { checks: number; point: string; heapMB: number; ms: number }[] = [];
const started = performance.now();
let alerts = 0;
for (let n = 0; n <= checks; n++) {
  if (checkpoints.has(n)) {
    rows.push({ checks: n, point: 'right after', heapMB: +(settledHeap() / MB).toFixed(2), ms: Math.round(performance.now() - started) });
    if (snapshots) v8.writeHeapSnapshot(`${snapshots}/watch-${mode}-${n}.heapsnapshot`);
  }
  if (n === checks) break;
  news.setState(mode === 'edits' && n % 2 === 0 ? 'v2' : 'v1');
  // Each check three hours after the last, as the schedule would have it (the hourly budget and
  // the fetch log then stay as small as in real use).
  clock += 3 * 3_600_000;
  const run = await service.checkAllWatchesNow(deps);
  if (run.report.checked !== 1 || run.report.failed !== 0)
    throw new Error(`check ${n + 1}: ${JSON.stringify(run.report)}`);
  alerts += run.alerts.length;
}
// Whatever only a pending per-check timeout still holds is free once the last one has run out.
await new Promise((resolve) => setTimeout(resolve, CHECK_TIMEOUT_MS + 1_000));
rows.push({ checks, point: `${CHECK_TIMEOUT_MS / 1000 + 1} s later`, heapMB: +(settledHeap() / MB).toFixed(2), ms: Math.round(performance.now() - started) });
if (snapshots) v8.writeHeapSnapshot(`${snapshots}/watch-${mode}-${checks}-later.heapsnapshot`);
await news.stop();

console.log(`watch memory, ${checks} checks, mode ${mode}: ${alerts} notifications`);
console.table(rows);
const first = rows.find((r) => r.checks === Math.min(50, checks)) ?? rows[0]!;
const last = rows.at(-2)!;
const later = rows.at(-1)!;
console.log(
  `retained after forced GC: ${rows[0]!.heapMB} MB before the first check, ${first.heapMB} MB after ${first.checks}, ${last.heapMB} MB right after ${last.checks} (${(((last.heapMB - first.heapMB) * 1024) / Math.max(1, last.checks - first.checks)).toFixed(1)} KB per check from ${first.checks} on), ${later.heapMB} MB ${CHECK_TIMEOUT_MS / 1000 + 1} s later`,
);
