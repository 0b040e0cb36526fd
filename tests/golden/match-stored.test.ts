/**
 * A stored candidate is related from its match row (every term of its text and its shingles'
 * signature) instead of its whole text. The verdicts must be exactly those from the texts, on
 * real event clusters (../shared/datasets/siblings-dev.jsonl, read at run time) and on the pairs
 * where the exact shingle overlap decides: the same text at another address, lightly edited, and
 * a version at the same address.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { articleFromText } from '../../src/extract/index';
import {
  docFromArticle,
  docTerms,
  pairEvidence,
  prepareArticle,
  prepareStoredArticle,
  relateArticles,
} from '../../src/match/index';
import type { Article } from '../../src/model/types';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');

interface RawCluster {
  id: string;
  dataset: string;
  articles: { outlet?: string; url?: string | null; title?: string; text?: string; date?: string }[];
}

function clusters(): RawCluster[] {
  return readFileSync(path.join(shared, 'datasets', 'siblings-dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as RawCluster);
}

function articlesOf(cluster: RawCluster): Article[] {
  return cluster.articles.map((raw, n) => {
    const title = raw.title ?? '';
    const body = raw.text ?? '';
    const url = raw.url && /^https?:/.test(raw.url) ? raw.url : `https://${cluster.id}-${n}.example/`;
    return articleFromText(body.startsWith(title) ? body.slice(title.length) : body, url, {
      title,
      ...(raw.outlet ? { siteName: raw.outlet } : {}),
      ...(raw.date ? { publishedTime: raw.date } : {}),
    });
  });
}

const rowOf = (article: Article, n: number) => docTerms(docFromArticle(n, article));
/** A fresh object with the same content: the engine keeps its preparation per article object. */
const copy = (article: Article): Article => structuredClone(article);

describe('relating a stored candidate from its match row', () => {
  // Two datasets' clusters, merged into one pool per dataset so look-alike events meet too.
  const all = clusters();
  const pools = ['basil', 'ecbplus'].map((dataset) =>
    all
      .filter((cluster) => cluster.dataset === dataset)
      .slice(0, 3)
      .flatMap(articlesOf),
  );

  it('gives the verdicts the texts give, on real clusters', () => {
    for (const pool of pools) {
      expect(pool.length).toBeGreaterThan(6);
      for (const [k, article] of pool.entries()) {
        const candidates = pool.filter((_, j) => j !== k);
        const fromText = relateArticles(copy(article), candidates.map(copy));
        const fromRows = relateArticles(
          copy(article),
          candidates.map(copy),
          candidates.map((candidate, j) => rowOf(candidate, j)),
        );
        expect(fromRows).toEqual(fromText);
      }
    }
  });

  it('keeps the exact overlap where it decides: the same text elsewhere and a version', () => {
    const [original] = pools[0]!;
    const edited: Article = {
      ...copy(original!),
      url: 'https://syndication.example/wire/1',
      urlKey: 'syndication.example/wire/1',
      canonicalUrl: null,
      siteName: 'Syndication Partner',
      paragraphs: original!.paragraphs.filter((_, i) => i % 7 !== 3),
    };
    const rewritten: Article = {
      ...copy(original!),
      paragraphs: original!.paragraphs.map((p, i) => (i % 2 === 0 ? `${p} Updated at noon.` : p)),
    };
    for (const other of [edited, rewritten]) {
      const fromText = pairEvidence(prepareArticle(copy(original!)), prepareArticle(copy(other)));
      const fromRow = pairEvidence(
        prepareArticle(copy(original!)),
        prepareStoredArticle(copy(other), rowOf(other, 1)),
      );
      expect(fromText.version).not.toBeNull();
      expect(fromRow).toEqual(fromText);
    }
  });
});
