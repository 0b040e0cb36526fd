/**
 * Where two outlets' reports of one event differ. The rules run in a fixed order, each pairing
 * off the claims it explains so later rules see only what is left: identical sentences, quotes
 * (./quotes), sentences about the same fact (./same-fact: figures, dates, speakers, framing),
 * figures and stated positions across otherwise different sentences, and what remains one-sided.
 */
import type { AnalysedArticle, Difference } from '../../model/types';
import { framingConflicts } from '../framing';
import { sortBySignificance } from '../versions';
import { numberConflictsAcross } from './figures-across';
import { labelSiblingGroups } from './groups';
import { oneSided } from './one-sided';
import { quoteDifferences } from './quotes';
import { roleConflicts } from './roles';
import { pairIdentical, sameFactDifferences } from './same-fact';
import { SIBLING_THRESHOLDS, type SiblingThresholds } from './thresholds';
import { sharedEventAnchors, viewsOf, type ClaimView } from './views';

export { siblingGroupOf } from './groups';
export { SIBLING_THRESHOLDS, type SiblingThresholds } from './thresholds';
export { surname } from './people';

/**
 * Where two outlets' reports of one event differ: one utterance quoted differently
 * (`different-quote`), one person quoted with other words (`different-excerpts`), the same fact
 * with different specifics or one person given two offices (`conflict`), and what only one of them reports (`only-before` / `only-after`, salient claims first, plain ones kept low).
 */
export function compareSiblings(before: AnalysedArticle, after: AnalysedArticle): Difference[] {
  return compareSiblingViews(before, after, viewsOf(before.claims), viewsOf(after.claims));
}

/**
 * compareSiblings on views already computed, with the thresholds given: the eval fits the
 * thresholds on one half of its judged clusters without resolving speakers again for each try.
 */
export function compareSiblingViews(
  before: AnalysedArticle,
  after: AnalysedArticle,
  left: readonly ClaimView[],
  right: readonly ClaimView[],
  thresholds: Readonly<SiblingThresholds> = SIBLING_THRESHOLDS,
): Difference[] {
  const differences: Difference[] = [];
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();

  pairIdentical(left, right, usedLeft, usedRight);
  // Quotes first: a quote matched here must not be consumed as a mere "same fact" below.
  for (const quote of quoteDifferences(left, right, usedLeft, usedRight, thresholds)) differences.push(quote);
  for (const conflict of sameFactDifferences(left, right, usedLeft, usedRight, thresholds))
    differences.push(conflict);

  // Only between reports sharing the event's names: otherwise two figures or two positions
  // in different sentences are more likely about different things.
  if (sharedEventAnchors(left, right) >= 2) {
    for (const conflict of numberConflictsAcross(left, right, usedLeft, usedRight))
      differences.push(conflict);
    // One person given two offices that cannot both be theirs.
    for (const conflict of roleConflicts(left, right)) differences.push(conflict);
    // The same actor's stated position, reported differently ("does not want a war" vs
    // "intends to move forward with battle plans").
    for (const conflict of framingConflicts(
      { claims: before.claims, used: usedLeft },
      { claims: after.claims, used: usedRight },
    ))
      differences.push(conflict);
  }

  left.forEach((view, i) => {
    if (!usedLeft.has(i)) differences.push(oneSided(view.claim, 'only-before'));
  });
  right.forEach((view, j) => {
    if (!usedRight.has(j)) differences.push(oneSided(view.claim, 'only-after'));
  });
  return labelSiblingGroups(sortBySignificance(differences));
}
