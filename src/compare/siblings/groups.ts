import type { Difference, DifferenceKind } from '../../model/types';

/**
 * What a sibling difference means to a reader: a conflict over a figure, one over anything else
 * (dates, speakers, an actor's stated position), the same person quoted differently, what only
 * one side reports, and anything else.
 */
export type SiblingGroupKey =
  'conflict' | 'reported-differently' | 'different-quote' | 'only-before' | 'only-after' | 'other';

export interface SiblingGroup {
  key: SiblingGroupKey;
  differences: Difference[];
}

const GROUPED_KINDS: DifferenceKind[] = ['conflict', 'different-quote', 'only-before', 'only-after'];

/** Sibling differences by what they mean to a reader, non-empty groups only; each keeps the given order. */
export function groupSiblingDifferences(differences: readonly Difference[]): SiblingGroup[] {
  const of = (kind: DifferenceKind) => differences.filter((difference) => difference.kind === kind);
  const figures = (difference: Difference) => difference.facets.some((facet) => facet.type === 'number');
  const groups: SiblingGroup[] = [
    { key: 'conflict', differences: of('conflict').filter(figures) },
    { key: 'reported-differently', differences: of('conflict').filter((difference) => !figures(difference)) },
    { key: 'different-quote', differences: of('different-quote') },
    { key: 'only-before', differences: of('only-before') },
    { key: 'only-after', differences: of('only-after') },
    {
      key: 'other',
      differences: differences.filter((difference) => !GROUPED_KINDS.includes(difference.kind)),
    },
  ];
  return groups.filter((group) => group.differences.length > 0);
}
