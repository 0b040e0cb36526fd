/**
 * Framing conflicts ("both reports say what X has stated, but differently") on real event
 * clusters (BASIL, ECB+) from ../shared/datasets, read at run time. Same-event pairs show how
 * often the rule fires and print a sample to read; pairs of different events (ECB+'s similar
 * but different events, and other clusters) must produce none.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../../src/claims/index';
import { compareSiblings } from '../../src/compare/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle, Difference } from '../../src/model/types';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = path.resolve(repoRoot, '..', 'shared', 'datasets', 'siblings-dev.jsonl');
const SAMPLE = Number(process.env.FRAMING_SAMPLE ?? 12);

interface RawCluster {
  id: string;
  dataset: string;
  hard_negative_cluster?: string | null;
  articles: { outlet: string | null; title: string | null; text: string | null }[];
}

interface Doc {
  cluster: string;
  hardNegative: string | null;
  label: string;
  analysed: AnalysedArticle;
}

function loadDocs(): Doc[] {
  const docs: Doc[] = [];
  for (const line of readFileSync(DATA, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const cluster = JSON.parse(line) as RawCluster;
    cluster.articles.forEach((raw, n) => {
      const title = raw.title ?? '';
      const body = raw.text ?? '';
      const text = body.startsWith(title) ? body.slice(title.length) : body;
      const url = `https://${cluster.id.replace(/[^a-z0-9]+/gi, '-')}-${n}.example/story`;
      const article = articleFromText(text, url, { title, siteName: raw.outlet ?? `doc ${n}` });
      docs.push({
        cluster: cluster.id,
        hardNegative: cluster.hard_negative_cluster ?? null,
        label: `${cluster.id}#${n}${raw.outlet ? ` (${raw.outlet})` : ''}`,
        analysed: analyse(article),
      });
    });
  }
  return docs;
}

/** The framing rule's conflicts: an attribution and a wording facet, no figures. */
function framings(differences: Difference[]): Difference[] {
  return differences.filter(
    (d) =>
      d.kind === 'conflict' &&
      d.facets.some((f) => f.type === 'attribution') &&
      d.facets.some((f) => f.type === 'wording'),
  );
}

export default async function framing(): Promise<boolean> {
  await Promise.resolve();
  if (!existsSync(DATA)) {
    console.log(`framing: ${DATA} not found, skipped`);
    return true;
  }
  const docs = loadDocs();
  const tally = {
    same: { pairs: 0, withFraming: 0, conflicts: 0 },
    hard: { pairs: 0, withFraming: 0, conflicts: 0 },
    other: { pairs: 0, withFraming: 0, conflicts: 0 },
  };
  const sample: { pair: string; difference: Difference }[] = [];
  const wrong: { pair: string; difference: Difference }[] = [];
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const a = docs[i]!;
      const b = docs[j]!;
      const bucket =
        a.cluster === b.cluster
          ? tally.same
          : a.hardNegative === b.cluster
            ? tally.hard
            : (i + j) % 7 === 0
              ? tally.other
              : null;
      if (!bucket) continue;
      const found = framings(compareSiblings(a.analysed, b.analysed));
      bucket.pairs++;
      bucket.conflicts += found.length;
      if (found.length > 0) bucket.withFraming++;
      const pair = `${a.label} vs ${b.label}`;
      for (const difference of found) (bucket === tally.same ? sample : wrong).push({ pair, difference });
    }
  }
  const row = (name: string, t: { pairs: number; withFraming: number; conflicts: number }) => ({
    pairs: name,
    compared: t.pairs,
    'with a framing conflict': t.withFraming,
    'framing conflicts': t.conflicts,
    'per pair': (t.conflicts / Math.max(1, t.pairs)).toFixed(3),
  });
  console.log('\nframing: same actor, same matter, different stance (target: none across different events)');
  console.table([
    row('same event', tally.same),
    row('ECB+ similar, different event', tally.hard),
    row('other events (sampled)', tally.other),
  ]);
  // An even spread over the found conflicts, so the sample is not one cluster's.
  const step = Math.max(1, Math.floor(sample.length / Math.max(1, SAMPLE)));
  const shown = sample.filter((_, k) => k % step === 0).slice(0, SAMPLE);
  if (shown.length > 0) console.log(`sample of ${shown.length} same-event framing conflicts:`);
  for (const { pair, difference } of shown) console.log(`  ${pair}\n    ${difference.reason ?? ''}`);
  for (const { pair, difference } of wrong)
    console.log(`  ✗ different events: ${pair}\n    ${difference.reason ?? ''}`);
  const met = wrong.length === 0;
  console.log(`framing: ${met ? 'targets met' : 'targets NOT met'}`);
  return met;
}
