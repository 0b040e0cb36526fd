/**
 * `npm run bench`: the engine's speed on real inputs, in Node. Prints one table per group and
 * writes bench/results.json (git-ignored). `--check` exits non-zero when a target is missed;
 * `--only GROUP` (extract, claims, compare, pathological, match, library) runs one group; `--quick` uses
 * fewer runs and stops the scaling at 10,000 articles.
 */
import os from 'node:os';
import { benchLibrarySearch } from './library-search';
import { benchClaims, benchCompare, benchExtraction, benchPathological } from './engine';
import { machine, met, printTable, resultsPath, writeResults, type Figure } from './measure';
import { benchScaling } from './scaling';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const runs = quick ? 5 : 15;

const GROUPS: [string, string, () => Figure[] | Promise<Figure[]>][] = [
  ['extract', 'Extraction: ours vs plain Readability, per real page', () => benchExtraction(quick ? 3 : 15)],
  ['claims', 'Claims per article, by length', () => benchClaims(runs)],
  ['compare', 'Comparison per pair vs jsdiff diffWords over the whole texts', () => benchCompare(runs)],
  ['pathological', 'Pathological inputs (bounded, one run)', () => benchPathological()],
  [
    'match',
    'Candidate index scaling and memory',
    () => benchScaling({ sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 100_000], queryRuns: quick ? 3 : 5 }),
  ],
  ['library', 'Options-page library search', () => benchLibrarySearch({ size: quick ? 10_000 : 100_000, runs: quick ? 3 : 5 })],
];

const started = performance.now();
const loadBefore = os.loadavg();
const figures: Figure[] = [];
for (const [name, title, run] of GROUPS) {
  if (only && only !== name) continue;
  const groupFigures = await run();
  printTable(title, groupFigures);
  figures.push(...groupFigures);
}

const missed = figures.filter((f) => met(f) === false);
const seconds = (performance.now() - started) / 1000;
const info = {
  ...machine(),
  loadAverage: { before: loadBefore.map((l) => +l.toFixed(2)), after: os.loadavg().map((l) => +l.toFixed(2)) },
  seconds: Math.round(seconds),
  options: { quick, only: only ?? null },
};
writeResults('node', figures, { machine: info });
console.log(
  `\n${figures.length} figures in ${seconds.toFixed(0)} s; load average ${info.loadAverage.before.join(' ')} → ${info.loadAverage.after.join(' ')} on ${info.cores} cores`,
);
console.log(
  missed.length === 0
    ? 'all targets met'
    : `targets missed (${missed.length}): ${missed.map((f) => f.name).join('; ')}`,
);
console.log(`results: ${resultsPath}`);
if (args.includes('--check') && missed.length > 0) process.exitCode = 1;
