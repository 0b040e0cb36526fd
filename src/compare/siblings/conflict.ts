import type { Claim, Difference, FacetChange } from '../../model/types';
import { round } from '../significance';
import { wordDiff } from '../words';

/** Two outlets' sentences about one fact share this much of their words, or anchors and a little less. */
export const SAME_FACT = 0.5;
export const SAME_FACT_WITH_ANCHOR = 0.3;

/** One specific two sentences about the same fact disagree on, and how much that matters. */
export interface Finding {
  facet: FacetChange;
  reason: string;
  significance: number;
}

/** A `conflict` difference from the findings of one pair, in the order the rules found them. */
export function conflictOf(a: Claim, b: Claim, findings: readonly Finding[]): Difference {
  return {
    kind: 'conflict',
    before: a.text,
    after: b.text,
    facets: findings.map((f) => f.facet),
    significance: round(findings.reduce((top, f) => Math.max(top, f.significance), 0)),
    beforeId: a.id,
    afterId: b.id,
    words: wordDiff(a.norm, b.norm),
    reason: findings.map((f) => f.reason).join(' '),
  };
}
