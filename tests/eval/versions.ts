/**
 * Version comparison against real newsroom edits (NewsEdits pairs in ../shared/datasets, read at
 * run time). Per pair and overall:
 *   - coverage: of the sentences present in one version only, the share that some difference shows;
 *   - noise: differences whose two sides are equal once typography and case are set aside (must
 *     be 0): equal once normalised, or differing only in quotation marks, dashes, spacing or
 *     letter case (printed apart as typography-only and case-only); `moved` rows have equal sides
 *     by definition, so they are counted apart (moves) rather than as noise;
 *   - agreement: of NewsEdits' changed rows (old ≠ new, both present, neither surviving verbatim in
 *     the other version), the share we pair the same way;
 *   - the number of differences.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../../src/claims/index';
import { compareVersions } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle, Difference } from '../../src/model/types';
import { normalizeText } from '../../src/text/normalize';

const COVERAGE_TARGET = 0.99;
const NOISE_TARGET = 0;

interface VersionPair {
  id: string;
  outlet: string | null;
  old_text: string;
  new_text: string;
  aligned_sentences: [string, string][] | null;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const datasetPath = path.resolve(repoRoot, '..', 'shared', 'datasets', 'versions-dev.jsonl');

function analysed(text: string, id: string): AnalysedArticle {
  const paragraphs = text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const article = articleFromText(paragraphs.join('\n'), `https://eval.invalid/${id}`, { title: id });
  return analyse(article);
}

/** Letters and digits only: survives spaCy's "slow - moving" tokenisation and our own splitting. */
function key(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A difference's side with typography and case set aside: what a reader would call "the same". */
function styleKey(text: string): string {
  return normalizeText(text)
    .toLowerCase()
    .replace(/["'`]/g, '')
    .replace(/\s*-\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function typographyKey(text: string): string {
  return normalizeText(text)
    .replace(/["'`]/g, '')
    .replace(/\s*-\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface PairResult {
  id: string;
  oneSided: number;
  covered: number;
  noise: number;
  typographyOnly: number;
  caseOnly: number;
  moves: number;
  changedRows: number;
  agreed: number;
  differences: number;
}

function evaluatePair(pair: VersionPair): PairResult {
  const before = analysed(pair.old_text, pair.id);
  const after = analysed(pair.new_text, pair.id);
  const differences = compareVersions(before, after);

  const beforeNorms = new Set(before.claims.map((c) => c.norm));
  const afterNorms = new Set(after.claims.map((c) => c.norm));
  const shownBefore = differences.map((d) => (d.before ? normalizeText(d.before) : ''));
  const shownAfter = differences.map((d) => (d.after ? normalizeText(d.after) : ''));
  let oneSided = 0;
  let covered = 0;
  for (const claim of before.claims) {
    if (afterNorms.has(claim.norm)) continue;
    oneSided++;
    if (shownBefore.some((text) => text.includes(claim.norm))) covered++;
  }
  for (const claim of after.claims) {
    if (beforeNorms.has(claim.norm)) continue;
    oneSided++;
    if (shownAfter.some((text) => text.includes(claim.norm))) covered++;
  }

  const moves = differences.filter((d) => d.kind === 'moved').length;
  const listed = differences.filter((d: Difference) => d.kind !== 'moved' && d.before && d.after);
  const typographyOnly = listed.filter(
    (d) =>
      normalizeText(d.before!) !== normalizeText(d.after!) &&
      typographyKey(d.before!) === typographyKey(d.after!),
  ).length;
  const caseOnly = listed.filter(
    (d) => typographyKey(d.before!) !== typographyKey(d.after!) && styleKey(d.before!) === styleKey(d.after!),
  ).length;
  const noise = differences.filter(
    (d: Difference) => d.kind !== 'moved' && styleKey(d.before ?? '') === styleKey(d.after ?? ''),
  ).length;

  let changedRows = 0;
  let agreed = 0;
  const changed = differences
    .filter((d) => d.kind === 'changed' && d.before && d.after)
    .map((d) => ({ before: key(d.before!), after: key(d.after!) }));
  const rows = pair.aligned_sentences ?? [];
  const oldKeys = new Set(rows.map(([old]) => key(old)));
  const newKeys = new Set(rows.map(([, now]) => key(now)));
  for (const [old, now] of rows) {
    if (!old.trim() || !now.trim() || key(old) === key(now)) continue;
    // NewsEdits sometimes pairs a sentence with its neighbour (an off-by-one run after a split);
    // a row whose old sentence survives verbatim as a new sentence (or vice versa) is no edit.
    if (newKeys.has(key(old)) || oldKeys.has(key(now))) continue;
    changedRows++;
    const o = key(old);
    const n = key(now);
    if (changed.some((d) => overlaps(d.before, o) && overlaps(d.after, n))) agreed++;
  }
  return {
    id: pair.id,
    oneSided,
    covered,
    noise,
    typographyOnly,
    caseOnly,
    moves,
    changedRows,
    agreed,
    differences: differences.length,
  };
}

/** One sentence split differently on either side still counts as the same sentence. */
function overlaps(a: string, b: string): boolean {
  return a.length > 0 && b.length > 0 && (a.includes(b) || b.includes(a));
}

function ratio(part: number, whole: number): string {
  return whole === 0 ? '—' : (part / whole).toFixed(3);
}

export default function run(): Promise<boolean> {
  console.log('\n## versions: compareVersions on NewsEdits pairs');
  if (!existsSync(datasetPath)) {
    console.log(`dataset missing (${datasetPath}); skipped`);
    return Promise.resolve(true);
  }
  const pairs = readFileSync(datasetPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as VersionPair);
  const results = pairs.map(evaluatePair);
  const rows = results.map((r) => ({
    pair: r.id,
    'one-sided': r.oneSided,
    coverage: ratio(r.covered, r.oneSided),
    noise: r.noise,
    'typography-only': r.typographyOnly,
    'case-only': r.caseOnly,
    moves: r.moves,
    'changed rows': r.changedRows,
    agreement: ratio(r.agreed, r.changedRows),
    differences: r.differences,
  }));
  const total = (pick: (r: PairResult) => number) => results.reduce((sum, r) => sum + pick(r), 0);
  const coverage = total((r) => r.oneSided) === 0 ? 1 : total((r) => r.covered) / total((r) => r.oneSided);
  const noise = total((r) => r.noise);
  rows.push({
    pair: 'ALL',
    'one-sided': total((r) => r.oneSided),
    coverage: coverage.toFixed(3),
    noise,
    'typography-only': total((r) => r.typographyOnly),
    'case-only': total((r) => r.caseOnly),
    moves: total((r) => r.moves),
    'changed rows': total((r) => r.changedRows),
    agreement: ratio(
      total((r) => r.agreed),
      total((r) => r.changedRows),
    ),
    differences: total((r) => r.differences),
  });
  console.table(rows);
  const met = coverage >= COVERAGE_TARGET && noise <= NOISE_TARGET;
  console.log(
    `targets: coverage ≥ ${COVERAGE_TARGET} (${coverage.toFixed(3)}), noise = ${NOISE_TARGET} (${noise}) → ${met ? 'met' : 'NOT met'}`,
  );
  return Promise.resolve(met);
}
