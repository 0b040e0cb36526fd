/**
 * The report pairs the judged sibling set (tests/fixtures/judgments/siblings.jsonl) is about:
 * every same-event pair of the dev BASIL clusters in ../shared/datasets, and the founding
 * Fox/ABC pair from ../shared/seeds. Texts are read at run time and never copied.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../../src/claims/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle } from '../../src/model/types';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SIBLINGS_DATA = path.resolve(repoRoot, '..', 'shared', 'datasets', 'siblings-dev.jsonl');
const SEEDS = path.resolve(repoRoot, '..', 'shared', 'seeds');

export interface JudgedPair {
  /** "<article id>|<article id>": the key judgments are stored under. */
  key: string;
  /** The event cluster, so cross-validation splits by cluster. */
  cluster: string;
  left: AnalysedArticle;
  right: AnalysedArticle;
}

interface RawCluster {
  id: string;
  dataset: string;
  articles: { outlet: string | null; title: string | null; text: string | null }[];
}

function fromText(id: string, raw: string, title: string, outlet: string): AnalysedArticle {
  const body = raw.startsWith(title) ? raw.slice(title.length) : raw;
  const url = `https://${id.replace(/[^a-z0-9]+/gi, '-')}.example/story`;
  return analyse(articleFromText(body, url, { title, siteName: outlet }));
}

/** Every pair, in a fixed order; null when the dataset is not there. */
export function judgedPairs(): JudgedPair[] | null {
  if (!existsSync(SIBLINGS_DATA)) return null;
  const pairs: JudgedPair[] = [];
  const fox = path.join(SEEDS, 'fox-ceasefire-v2.txt');
  const abc = path.join(SEEDS, 'abc-ceasefire.txt');
  if (existsSync(fox) && existsSync(abc)) {
    pairs.push({
      key: 'seed:fox-ceasefire-v2|seed:abc-ceasefire',
      cluster: 'seed',
      left: fromText('seed-fox', readFileSync(fox, 'utf8'), '', 'Fox News'),
      right: fromText('seed-abc', readFileSync(abc, 'utf8'), '', 'ABC News'),
    });
  }
  for (const line of readFileSync(SIBLINGS_DATA, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const cluster = JSON.parse(line) as RawCluster;
    if (cluster.dataset !== 'basil') continue;
    const docs = cluster.articles.map((raw, n) =>
      fromText(`${cluster.id}-${n}`, raw.text ?? '', raw.title ?? '', raw.outlet ?? `doc ${n}`),
    );
    for (let i = 0; i < docs.length; i++)
      for (let j = i + 1; j < docs.length; j++)
        pairs.push({
          key: `${cluster.id}#${i}|${cluster.id}#${j}`,
          cluster: cluster.id,
          left: docs[i]!,
          right: docs[j]!,
        });
  }
  return pairs;
}
