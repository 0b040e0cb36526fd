/**
 * `npm run bench:browser` (or `-- --only-import` for this figure alone): the options page's main
 * thread while it imports a 200 MB library file. The file is generated here (articles of 250–850
 * words, as browser.ts seeds the library) and chosen in the page's file input as a reader would.
 * A PerformanceObserver for 'longtask' and two heartbeats in the page (setTimeout every 4 ms,
 * requestAnimationFrame) measure the longest block, from choosing the file through reading and
 * checking it (in the worker) and forwarding the first `STORED_VERSIONS` versions to the
 * background. Storing all ~45,000 versions would take over half an hour (~43 ms a version in the
 * background, docs/performance.md), and every later batch costs the page what the first do.
 * The same file is also imported with `Worker` removed from the page, so the page checks it
 * itself as it did before the worker: the figure's baseline.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { IMPORT_LIMITS } from '../../src/model/library-file';
import { launchChromiumWithExtension, type ChromiumExtension } from '../e2e/harness/chromium';
import { libraryFileArticle, OUTLETS, paragraphsOfLength, pick, prng } from './corpus';
import { machine, met, printTable, resultsPath, round, writeResults, type Figure } from './measure';

/** Versions forwarded to the background before the measurement stops (10 batches). */
const STORED_VERSIONS = 1_000;
/** Distinct generated texts; each article adds a sentence of its own to one of them. */
const TEXTS = 400;

/** A library file of at most `bytes` bytes of UTF-8 (never fewer than its characters), and its article count. */
export function largeLibraryFile(bytes: number): { text: string; articles: number } {
  const texts = Array.from({ length: TEXTS }, (_, i) => {
    const random = prng(0x1a2b + i);
    return paragraphsOfLength(250 + Math.floor(random() * 600), 0x5eed + i);
  });
  const head = `{"format":"crosscheck-library","version":2,"exportedAt":"${new Date().toISOString()}","articles":[`;
  const parts: string[] = [head];
  let length = Buffer.byteLength(head) + 2;
  let n = 0;
  for (;;) {
    const random = prng(0xb0b0 + n);
    const outlet = pick(random, OUTLETS);
    const paragraphs = [...texts[n % TEXTS]!, `Story ${n}: officials counted ${n * 13 + 7} people.`];
    const entry = libraryFileArticle(n, outlet, paragraphs, random);
    const json = (n > 0 ? ',' : '') + JSON.stringify(entry);
    const size = Buffer.byteLength(json);
    if (length + size > bytes || n >= IMPORT_LIMITS.articles) break;
    parts.push(json);
    length += size;
    n++;
  }
  parts.push(']}');
  return { text: parts.join(''), articles: n };
}

interface ProbeState {
  longTask: number;
  longTasks: number;
  timeoutGap: number;
  /** When the longest heartbeat gap began. */
  gapAt: number;
  frameGap: number;
  stop: boolean;
  /** Progress texts with when they first showed. */
  phases: { at: number; text: string }[];
  tasks: { at: number; duration: number }[];
}

/**
 * Probes installed in the options page before the file is chosen: a string, so the bundler's
 * helpers for named functions never reach the page.
 */
const PROBES = `(() => {
  const probe = { longTask: 0, longTasks: 0, timeoutGap: 0, gapAt: 0, frameGap: 0, stop: false, phases: [], tasks: [] };
  window.__ccImport = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.longTask = Math.max(probe.longTask, entry.duration);
        probe.longTasks++;
        probe.tasks.push({ at: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask' });
  } catch {}
  let lastTimeout = performance.now();
  const onTimeout = () => {
    const now = performance.now();
    if (now - lastTimeout > probe.timeoutGap) {
      probe.timeoutGap = now - lastTimeout;
      probe.gapAt = lastTimeout;
    }
    lastTimeout = now;
    if (!probe.stop) setTimeout(onTimeout, 4);
  };
  setTimeout(onTimeout, 4);
  let lastFrame = performance.now();
  const onFrame = (now) => {
    probe.frameGap = Math.max(probe.frameGap, now - lastFrame);
    lastFrame = now;
    if (!probe.stop) requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);
  new MutationObserver(() => {
    const text =
      document.querySelector('[data-testid="import-progress"]')?.textContent ??
      document.querySelector('[data-testid="import-report"]')?.textContent?.slice(0, 120) ??
      '';
    if (text && probe.phases.at(-1)?.text !== text) probe.phases.push({ at: performance.now(), text });
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

interface Run {
  longTask: number;
  longTasks: number;
  timeoutGap: number;
  frameGap: number;
  checkedIn: string | null;
  /** Seconds from choosing the file to the end of reading, and of checking. */
  readS: number;
  checkS: number;
  /** Seconds forwarding batches until the measurement stopped. */
  forwardS: number;
  versionsDone: number;
  versionsTotal: number;
  /** The report, when the import ended before the measurement stopped. */
  report: string | null;
  /** The phase the longest block fell in, and the long tasks over 50 ms by phase. */
  longestIn: string;
  tasksByPhase: string;
}

const VERSIONS = /Importing: ([\d,]+) of ([\d,]+) versions/;
const count = (text: string | undefined) => Number((text ?? '').replaceAll(',', ''));

async function importOnce(extension: ChromiumExtension, file: string, onPage: boolean): Promise<Run> {
  const page: Page = await extension.newPage(extension.extensionUrl('options.html#data'));
  try {
    await page.waitForSelector('[data-testid="import-file"]');
    // Without a Worker the options page checks the file itself, as it did before the worker.
    if (onPage) await page.evaluate(() => Object.defineProperty(window, 'Worker', { value: undefined }));
    await page.evaluate(PROBES);
    const started = await page.evaluate(() => performance.now());
    await page.setInputFiles('[data-testid="import-file"]', file);
    const deadline = Date.now() + 20 * 60_000;
    for (;;) {
      const state = await page.evaluate(
        (pattern) => {
          const progress = document.querySelector('[data-testid="import-progress"]')?.textContent ?? '';
          const report = document.querySelector('[data-testid="import-report"]')?.textContent ?? null;
          const versions = new RegExp(pattern).exec(progress);
          return { report, done: versions?.[1] };
        },
        VERSIONS.source,
      );
      if (state.report !== null || count(state.done) >= STORED_VERSIONS) break;
      if (Date.now() > deadline) throw new Error('the import did not get through its first batches');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const probe = await page.evaluate(() => {
      const found = (window as unknown as { __ccImport: ProbeState }).__ccImport;
      found.stop = true;
      return {
        ...found,
        now: performance.now(),
        checkedIn: document.querySelector('[data-testid="import-card"]')?.getAttribute('data-checked-in') ?? null,
        report: document.querySelector('[data-testid="import-report"]')?.textContent ?? null,
      };
    });
    const firstAt = (test: (text: string) => boolean) =>
      probe.phases.find((phase) => test(phase.text))?.at ?? Number.NaN;
    const checking = firstAt((text) => /checking the file/.test(text));
    const sending = firstAt((text) => VERSIONS.test(text));
    const last = [...probe.phases].reverse().find((phase) => VERSIONS.test(phase.text));
    const versions = VERSIONS.exec(last?.text ?? '');
    const phaseAt = (at: number) =>
      at < started ? 'before' : at < checking ? 'reading' : at < sending ? 'checking' : 'sending';
    const top = [...probe.tasks].sort((a, b) => b.duration - a.duration)[0];
    const longestAt = top && top.duration >= probe.timeoutGap ? top.at : probe.gapAt;
    const byPhase = new Map<string, number[]>();
    for (const task of probe.tasks) byPhase.set(phaseAt(task.at), [...(byPhase.get(phaseAt(task.at)) ?? []), task.duration]);
    const tasksByPhase = [...byPhase]
      .map(([phase, durations]) => `${phase}: ${durations.length} (≤ ${Math.max(...durations).toFixed(0)} ms)`)
      .join(', ');
    return {
      longestIn: phaseAt(longestAt),
      tasksByPhase: tasksByPhase || 'none',
      longTask: probe.longTask,
      longTasks: probe.longTasks,
      timeoutGap: probe.timeoutGap,
      frameGap: probe.frameGap,
      checkedIn: probe.checkedIn,
      readS: (checking - started) / 1000,
      checkS: (sending - checking) / 1000,
      forwardS: (probe.now - sending) / 1000,
      versionsDone: count(versions?.[1]),
      versionsTotal: count(versions?.[2]),
      report: probe.report,
    };
  } finally {
    await page.close();
  }
}

/** The figure: the longest main-thread block of the options page during a 200 MB import. */
export async function benchOptionsImport(extension: ChromiumExtension): Promise<Figure[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crosscheck-import-bench-'));
  try {
    const started = performance.now();
    // A little under the limit, which counts characters and (on the page) bytes alike.
    const { text, articles } = largeLibraryFile(IMPORT_LIMITS.fileChars - 1024 * 1024);
    const file = path.join(dir, 'library-200mb.json');
    await writeFile(file, text);
    const mb = Buffer.byteLength(text) / 1e6;
    console.log(
      `  import file: ${mb.toFixed(0)} MB, ${articles.toLocaleString('en-US')} articles (${((performance.now() - started) / 1000).toFixed(0)} s to generate)`,
    );
    const worker = await importOnce(extension, file, false);
    console.log(`  checked in the ${worker.checkedIn}:`, worker);
    const page = await importOnce(extension, file, true);
    console.log(`  checked in the ${page.checkedIn}:`, page);
    const longest = (run: Run) => Math.max(run.longTask, run.timeoutGap);
    const s = (value: number) => value.toFixed(1);
    const stopped = (run: Run) =>
      run.report
        ? `the import ended: ${run.report.slice(0, 80)}`
        : `stopped after ${run.versionsDone.toLocaleString('en-US')} of ${run.versionsTotal.toLocaleString('en-US')} versions stored (${s(run.forwardS)} s)`;
    if (worker.checkedIn !== 'worker') throw new Error(`the import was checked in the ${worker.checkedIn}`);
    return [
      {
        group: 'import',
        name: 'options page: longest main-thread block during a 200 MB import',
        unit: 'ms',
        median: null,
        p95: null,
        value: round(longest(worker), 1),
        runs: 1,
        target: { on: 'value', op: '<=', bound: 50 },
        baseline: `checked on the page, as before the worker: ${longest(page).toFixed(0)} ms (read + check ${s(page.readS + page.checkS)} s)`,
        note:
          `${mb.toFixed(0)} MB, ${articles.toLocaleString('en-US')} articles of 250–850 words; the longer of the longest long task ` +
          `(long tasks ${worker.tasksByPhase}) and the longest gap of a 4 ms setTimeout heartbeat (${s(worker.timeoutGap)} ms); ` +
          `the longest block fell in ${worker.longestIn}; ` +
          `animation frames ≤ ${s(worker.frameGap)} ms apart; read ${s(worker.readS)} s, checked ${s(worker.checkS)} s in the worker, ` +
          `${stopped(worker)}: every later batch costs the page what these did`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `--only-import`: this figure alone, in a fresh Chromium (`ensureBuild` as browser.ts has it). */
export async function benchOptionsImportOnly(ensureBuild: () => string): Promise<void> {
  ensureBuild();
  const extension = await launchChromiumWithExtension();
  const browserVersion = extension.context.browser()?.version() ?? 'chromium';
  let figures: Figure[];
  try {
    figures = await benchOptionsImport(extension);
  } finally {
    await extension.close();
  }
  printTable('Options page in Chromium', figures);
  writeResults('browser', figures, { machine: machine(`Chromium ${browserVersion}`), options: { onlyImport: true } });
  const missed = figures.filter((f) => met(f) === false);
  console.log(missed.length ? `targets missed: ${missed.map((f) => f.name).join('; ')}` : 'all targets met');
  console.log(`results: ${resultsPath}`);
  if (process.argv.includes('--check') && missed.length > 0) process.exitCode = 1;
}
