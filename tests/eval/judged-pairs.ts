/**
 * The report pairs the judged sibling set (tests/fixtures/judgments/siblings.jsonl) is about:
 * every same-event pair of the dev BASIL clusters in ../shared/datasets, the founding Fox/ABC
 * pair from ../shared/seeds, and (for conflicts only) pairs of the first documents of each dev
 * ECB+ cluster (both files). Texts are read at run time and never copied.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from '../../src/claims/index';
import { articleFromText } from '../../src/extract/index';
import type { AnalysedArticle } from '../../src/model/types';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SIBLINGS_DATA = path.resolve(repoRoot, '..', 'shared', 'datasets', 'siblings-dev.jsonl');
const ECB_EXTRA = path.resolve(repoRoot, '..', 'shared', 'datasets', 'siblings-dev-ecbplus-extra.jsonl');
/** ECB+ documents per cluster that are paired (the first ones with text, in file order). */
const ECB_DOCS = 5;
/** An ECB+ document shorter than this (title and text) has no sentences to compare. */
const ECB_MIN_CHARS = 300;
const SEEDS = path.resolve(repoRoot, '..', 'shared', 'seeds');

export interface JudgedPair {
  /** "<article id>|<article id>": the key judgments are stored under. */
  key: string;
  /** The event cluster, so cross-validation splits by cluster. */
  cluster: string;
  /**
   * The cross-validation fold key: the cluster, except that an ECB+ topic's two subtopics
   * (similar events) share one, so no topic is on both sides of a split.
   */
  fold: string;
  /** Whether its quotes were judged (BASIL and the seeds); ECB+ pairs are judged for conflicts only. */
  quotesJudged: boolean;
  left: AnalysedArticle;
  right: AnalysedArticle;
}

interface RawCluster {
  id: string;
  dataset: string;
  topic?: string;
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
      fold: 'seed',
      quotesJudged: true,
      left: fromText('seed-fox', readFileSync(fox, 'utf8'), '', 'Fox News'),
      right: fromText('seed-abc', readFileSync(abc, 'utf8'), '', 'ABC News'),
    });
  }
  const lines = readFileSync(SIBLINGS_DATA, 'utf8').split('\n');
  if (existsSync(ECB_EXTRA)) lines.push(...readFileSync(ECB_EXTRA, 'utf8').split('\n'));
  for (const line of lines) {
    if (!line.trim()) continue;
    const cluster = JSON.parse(line) as RawCluster;
    const basil = cluster.dataset === 'basil';
    if (!basil && cluster.dataset !== 'ecbplus') continue;
    // ECB+ titles are the document's first sentence, not repeated in its text.
    const docs = cluster.articles
      .map((raw, n) => ({ raw, n }))
      .filter(({ raw }) => basil || (raw.title ?? '').length + (raw.text ?? '').length >= ECB_MIN_CHARS)
      .slice(0, basil ? undefined : ECB_DOCS)
      .map(({ raw, n }) => ({
        n,
        doc: basil
          ? fromText(`${cluster.id}-${n}`, raw.text ?? '', raw.title ?? '', raw.outlet ?? `doc ${n}`)
          : fromText(`${cluster.id}-${n}`, `${raw.title ?? ''}\n\n${raw.text ?? ''}`, 'Report', `doc ${n}`),
      }));
    for (let i = 0; i < docs.length; i++)
      for (let j = i + 1; j < docs.length; j++)
        pairs.push({
          key: `${cluster.id}#${docs[i]!.n}|${cluster.id}#${docs[j]!.n}`,
          cluster: cluster.id,
          fold: basil ? cluster.id : `ecbplus-${cluster.topic ?? cluster.id}`,
          quotesJudged: basil,
          left: docs[i]!.doc,
          right: docs[j]!.doc,
        });
  }
  return pairs;
}
