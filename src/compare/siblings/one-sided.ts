import type { Claim, Difference } from '../../model/types';
import { oneSidedSalience } from '../salience';
import { carriedFacets } from '../significance';

/** A claim only one report makes, ranked by how much a reader would miss it. */
export function oneSided(claim: Claim, kind: 'only-before' | 'only-after'): Difference {
  const side = kind === 'only-before' ? 'before' : 'after';
  return {
    kind,
    before: side === 'before' ? claim.text : null,
    after: side === 'after' ? claim.text : null,
    facets: carriedFacets([claim], side),
    significance: oneSidedSalience(claim),
    beforeId: side === 'before' ? claim.id : null,
    afterId: side === 'after' ? claim.id : null,
    words: null,
    reason: null,
  };
}
