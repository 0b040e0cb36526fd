/**
 * The comparison engine: what changed between two versions of an article, and where two outlets'
 * reports of one event differ, claim by claim. Pure: runs the same in the extension and in Node.
 */
import type { AnalysedArticle, Article, ComparedArticle, Comparison, Relation } from '../model/types';
import { compareSiblings } from './siblings';
import { relate } from '../match/index';
import { compareVersions } from './versions';

export { compareSiblings, siblingGroupOf } from './siblings';
export { compareVersions } from './versions';
export { alignSentences, type AlignedGroup } from './align';

/**
 * Compare two analysed articles. The relation is detected when not given; for `unrelated` the
 * list of differences is empty (nothing sensible can be said claim by claim).
 */
export function compareArticles(
  before: AnalysedArticle,
  after: AnalysedArticle,
  relation?: Relation,
): Comparison {
  const detected = relate(before.article, after.article);
  const chosen = relation ?? detected.relation;
  const differences =
    chosen === 'version'
      ? compareVersions(before, after)
      : chosen === 'sibling'
        ? compareSiblings(before, after)
        : [];
  return {
    relation: chosen,
    similarity: clamp01(detected.similarity),
    before: summarise(before.article),
    after: summarise(after.article),
    differences,
  };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

export function summarise(article: Article): ComparedArticle {
  return {
    title: article.title,
    siteName: article.siteName,
    url: article.url,
    byline: article.byline,
    publishedTime: article.publishedTime,
  };
}

/** The CLI's JSON contract (docs/cli.md): exactly these fields, in this order, nothing else. */
export function toCliJson(c: Comparison): object {
  const summary = (s: ComparedArticle) => ({
    title: s.title,
    siteName: s.siteName,
    url: s.url,
    byline: s.byline,
    publishedTime: s.publishedTime,
  });
  return {
    relation: c.relation,
    similarity: c.similarity,
    before: summary(c.before),
    after: summary(c.after),
    differences: c.differences.map((d) => ({
      kind: d.kind,
      before: d.before,
      after: d.after,
      facets: d.facets.map((f) => ({ type: f.type, before: f.before, after: f.after })),
      significance: d.significance,
      // Since 0.9 (docs/cli.md): how a misquote was altered, and whose excerpts each report holds.
      ...(d.alteration ? { alteration: d.alteration } : {}),
      ...(d.quotes
        ? { quotes: { speaker: d.quotes.speaker, before: d.quotes.before, after: d.quotes.after } }
        : {}),
    })),
  };
}
