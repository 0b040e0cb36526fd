import type { Difference, SiblingGroupKey } from '../../model/types';

/**
 * What one sibling difference means to a reader: a misquote, the same person quoted with other
 * words, figures in conflict, other conflicts, and what only one report has.
 */
export function siblingGroupOf(difference: Difference): SiblingGroupKey {
  switch (difference.kind) {
    case 'conflict':
      return difference.facets.some((facet) => facet.type === 'number') ? 'conflict' : 'reported-differently';
    case 'different-quote':
    case 'different-excerpts':
    case 'only-before':
    case 'only-after':
      return difference.kind;
    default:
      return 'other';
  }
}

/** Each difference labelled with its group, as compareSiblings returns them. */
export function labelSiblingGroups(differences: Difference[]): Difference[] {
  return differences.map((difference) => ({ ...difference, group: siblingGroupOf(difference) }));
}
