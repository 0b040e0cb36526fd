import type { AnalysedArticle, Claim, Difference } from '../model/types';
import { normalizeText, styleKey } from '../text/normalize';
import { alignSentences } from './align';
import { facetChanges } from './facets';
import { carriedFacets, changedSignificance, oneSidedSignificance, round } from './significance';
import { changedShare, wordDiff } from './words';

const MOVED_SIGNIFICANCE = 0.15;

/**
 * What changed between two versions of one article, claim by claim, most significant first.
 * Claims are compared on their style key, so typography, line breaks, letter case and stray
 * quotation marks never show up as changes.
 */
export function compareVersions(before: AnalysedArticle, after: AnalysedArticle): Difference[] {
  const differences: Difference[] = [...metadataChanges(before, after)];
  const groups = alignSentences(
    before.claims.map((c) => styleKey(c.norm)),
    after.claims.map((c) => styleKey(c.norm)),
  );
  for (const group of groups) {
    const old = group.before.map((k) => before.claims[k]!);
    const now = group.after.map((k) => after.claims[k]!);
    const difference = describeGroup(old, now, group.moved);
    if (difference) differences.push(difference);
  }
  return sortBySignificance(differences);
}

export function sortBySignificance(differences: Difference[]): Difference[] {
  // Array.prototype.sort is stable, so equal significance keeps reading order.
  return differences.sort((x, y) => y.significance - x.significance);
}

function joined(claims: readonly Claim[], field: 'text' | 'norm'): string {
  return claims.map((c) => c[field]).join(' ');
}

function describeGroup(old: Claim[], now: Claim[], moved: boolean): Difference | null {
  const first = (claims: Claim[]) => claims[0]?.id ?? null;
  if (now.length === 0) {
    return {
      kind: 'removed',
      before: joined(old, 'text'),
      after: null,
      facets: carriedFacets(old, 'before'),
      significance: oneSidedSignificance(old),
      beforeId: first(old),
      afterId: null,
      words: null,
      reason: null,
    };
  }
  if (old.length === 0) {
    return {
      kind: 'added',
      before: null,
      after: joined(now, 'text'),
      facets: carriedFacets(now, 'after'),
      significance: oneSidedSignificance(now),
      beforeId: null,
      afterId: first(now),
      words: null,
      reason: null,
    };
  }
  const beforeNorm = joined(old, 'norm');
  const afterNorm = joined(now, 'norm');
  if (beforeNorm === afterNorm || styleKey(beforeNorm) === styleKey(afterNorm)) {
    if (!moved) return null;
    return {
      kind: 'moved',
      before: joined(old, 'text'),
      after: joined(now, 'text'),
      facets: [],
      significance: MOVED_SIGNIFICANCE,
      beforeId: first(old),
      afterId: first(now),
      words: null,
      reason: 'The same text now appears elsewhere in the article.',
    };
  }
  const words = wordDiff(beforeNorm, afterNorm);
  const facets = facetChanges(old, now, words);
  const reasons: string[] = [];
  if (old.length > 1)
    reasons.push(`${old.length} sentences were merged into ${now.length === 1 ? 'one' : now.length}.`);
  else if (now.length > 1) reasons.push(`One sentence was split into ${now.length}.`);
  if (moved) reasons.push('It also moved elsewhere in the article.');
  return {
    kind: 'changed',
    before: joined(old, 'text'),
    after: joined(now, 'text'),
    facets,
    significance: round(changedSignificance(facets, changedShare(words))),
    beforeId: first(old),
    afterId: first(now),
    words,
    reason: reasons.length > 0 ? reasons.join(' ') : null,
  };
}

/** Headline and byline edits are differences too (the byline's facet is `attribution`: it says who reports). */
function metadataChanges(before: AnalysedArticle, after: AnalysedArticle): Difference[] {
  const out: Difference[] = [];
  const pairs: [string | null, string | null, 'headline' | 'attribution', number][] = [
    [before.article.title, after.article.title, 'headline', 0.78],
    [before.article.byline, after.article.byline, 'attribution', 0.5],
  ];
  for (const [old, now, type, significance] of pairs) {
    const oldNorm = old ? normalizeText(old) : '';
    const nowNorm = now ? normalizeText(now) : '';
    if (styleKey(oldNorm) === styleKey(nowNorm)) continue;
    // A headline or byline missing on one side is an extraction gap, not an edit.
    if (!oldNorm || !nowNorm) continue;
    out.push({
      kind: 'changed',
      before: old || null,
      after: now || null,
      facets: [{ type, before: old || null, after: now || null }],
      significance,
      beforeId: null,
      afterId: null,
      words: wordDiff(oldNorm, nowNorm),
      reason: type === 'headline' ? 'The headline was edited.' : 'The byline was edited.',
    });
  }
  return out;
}
