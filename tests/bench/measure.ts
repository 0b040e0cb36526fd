/**
 * The measuring primitives shared by `npm run bench` and `npm run bench:browser`: repeated timing
 * with a warm-up, order statistics, the result table, and bench/results.json.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Third-party evaluation data, read at run time from beside the repository, never copied in. */
export const datasetsDir = path.resolve(repoRoot, '..', 'shared', 'datasets');
export const seedsDir = path.join(repoRoot, 'tests', 'fixtures', 'seeds');
export const resultsPath = path.join(repoRoot, 'bench', 'results.json');

v8.setFlagsFromString('--expose-gc');
/** A full collection now, so heap figures and timings are not skewed by garbage of earlier work. */
export const collectGarbage = runInNewContext('gc') as () => void;

export interface Sample {
  median: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
}

/** Nearest-rank percentile of an ascending list (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: readonly number[]): Sample {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    runs: sorted.length,
  };
}

export interface TimeOptions {
  warmup?: number;
  runs?: number;
  /** Called before each run, outside the timed section (fresh clones, fresh inputs). */
  prepare?: () => void;
}

/** Milliseconds per call of `run`, after `warmup` untimed calls. */
export function time(run: () => unknown, options: TimeOptions = {}): Sample {
  const { warmup = 3, runs = 15, prepare } = options;
  for (let i = 0; i < warmup; i++) {
    prepare?.();
    run();
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    prepare?.();
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return summarize(times);
}

/**
 * Two competitors timed in alternation, so that machine noise (the other engineers' jobs on this
 * shared 2-core box, GC, CPU frequency) lands on both sides of a ratio rather than on one.
 */
export function timePair(
  ours: () => unknown,
  baseline: () => unknown,
  options: TimeOptions = {},
): { ours: Sample; baseline: Sample; ratios: Sample } {
  const { warmup = 2, runs = 11, prepare } = options;
  for (let i = 0; i < warmup; i++) {
    prepare?.();
    ours();
    prepare?.();
    baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    const first = i % 2 === 0 ? ours : baseline;
    const second = i % 2 === 0 ? baseline : ours;
    prepare?.();
    let start = performance.now();
    first();
    const t1 = performance.now() - start;
    prepare?.();
    start = performance.now();
    second();
    const t2 = performance.now() - start;
    a.push(i % 2 === 0 ? t1 : t2);
    b.push(i % 2 === 0 ? t2 : t1);
  }
  const ratios = a.map((t, i) => t / Math.max(1e-6, b[i]!));
  return { ours: summarize(a), baseline: summarize(b), ratios: summarize(ratios) };
}

/** A target: the figure (median or p95, as named) compared against a bound. */
export interface Target {
  on: 'median' | 'p95' | 'value';
  op: '<=' | '>=';
  bound: number;
}

export interface Figure {
  group: string;
  name: string;
  unit: 'ms' | '×' | 'KB' | 'MB' | 'B' | 'count';
  median: number | null;
  p95: number | null;
  /** A single measured value (one-off measurements such as a build time or a size). */
  value?: number;
  runs?: number;
  baseline?: string;
  target?: Target;
  note?: string;
}

export function met(figure: Figure): boolean | null {
  const { target } = figure;
  if (!target) return null;
  const measured = target.on === 'value' ? figure.value : figure[target.on];
  if (measured === null || measured === undefined || Number.isNaN(measured)) return false;
  return target.op === '<=' ? measured <= target.bound : measured >= target.bound;
}

function formatNumber(value: number | null | undefined, unit: Figure['unit']): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const suffix = unit === 'count' ? '' : unit === '×' ? '×' : ` ${unit}`;
  return `${value.toFixed(digits)}${suffix}`;
}

export function targetText(figure: Figure): string {
  const { target } = figure;
  if (!target) return '';
  const which = target.on === 'value' ? '' : `${target.on} `;
  return `${which}${target.op === '<=' ? '≤' : '≥'} ${formatNumber(target.bound, figure.unit)}`;
}

const pad = (text: string, width: number): string =>
  text.length >= width ? text.slice(0, width - 1) + ' ' : text + ' '.repeat(width - text.length);

export function printTable(title: string, figures: readonly Figure[]): void {
  console.log(`\n== ${title} ==`);
  console.log(
    `${pad('figure', 50)}${pad('median', 12)}${pad('p95', 12)}${pad('baseline', 30)}${pad('target', 18)}ok`,
  );
  for (const f of figures) {
    const ok = met(f);
    const median = f.value !== undefined && f.median === null ? f.value : f.median;
    console.log(
      `${pad(f.name, 50)}${pad(formatNumber(median, f.unit), 12)}${pad(formatNumber(f.p95, f.unit), 12)}` +
        `${pad(f.baseline ?? '', 30)}${pad(targetText(f), 18)}${ok === null ? '' : ok ? '✓' : '✗'}`,
    );
    if (f.note) console.log(`    ${f.note}`);
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryMB: number;
  platform: string;
  node: string;
  browser?: string;
  date: string;
}

export function machine(browser?: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryMB: Math.round(os.totalmem() / 2 ** 20),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...(browser ? { browser } : {}),
    date: new Date().toISOString(),
  };
}

/**
 * Writes one section of bench/results.json ("node" or "browser"), keeping the other section from
 * its last run, so both runners can be used independently.
 */
export function writeResults(sectionName: 'node' | 'browser', figures: readonly Figure[], extra: object): void {
  mkdirSync(path.dirname(resultsPath), { recursive: true });
  let previous: Record<string, unknown> = {};
  if (existsSync(resultsPath)) {
    try {
      previous = JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>;
    } catch {
      previous = {};
    }
  }
  // A partial run (`--only GROUP`) replaces its own groups and keeps the others' last figures.
  const groups = new Set(figures.map((f) => f.group));
  const section = previous[sectionName] as { figures?: Figure[] } | undefined;
  const kept = (section?.figures ?? []).filter((f) => !groups.has(f.group));
  const entry = {
    ...extra,
    figures: [...kept, ...figures.map((f) => ({ ...f, met: met(f) }))],
  };
  writeFileSync(resultsPath, JSON.stringify({ ...previous, [sectionName]: entry }, null, 2) + '\n');
}

export function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
