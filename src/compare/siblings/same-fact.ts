import type { Difference } from '../../model/types';
import { framingBetween } from '../framing';
import { candidatePairs, dice, intersectionSize } from '../tokens';
import { actFindings } from './acts';
import { conflictOf, SAME_FACT, SAME_FACT_WITH_ANCHOR } from './conflict';
import { dateFinding } from './dates';
import { figureFindings } from './figures';
import { misattributions } from './quotes';
import { SIBLING_THRESHOLDS, type SiblingThresholds } from './thresholds';
import type { ClaimView } from './views';

/** The same sentence word for word (wire copy, shared quotes) agrees by definition: pair it off. */
export function pairIdentical(
  left: readonly ClaimView[],
  right: readonly ClaimView[],
  usedLeft: Set<number>,
  usedRight: Set<number>,
): void {
  const rightByNorm = new Map<string, number[]>();
  right.forEach((v, j) => {
    const list = rightByNorm.get(v.claim.norm);
    if (list) list.push(j);
    else rightByNorm.set(v.claim.norm, [j]);
  });
  left.forEach((v, i) => {
    const j = rightByNorm.get(v.claim.norm)?.shift();
    if (j === undefined) return;
    usedLeft.add(i);
    usedRight.add(j);
  });
}

/**
 * Sentences about the same fact (content similarity, helped by shared anchors: people,
 * organisations, counted things), best pairs first, each claim paired once; a pair yields a
 * conflict when its specifics differ or an actor's position is framed differently.
 */
export function sameFactDifferences(
  left: readonly ClaimView[],
  right: readonly ClaimView[],
  usedLeft: Set<number>,
  usedRight: Set<number>,
  t: Readonly<SiblingThresholds> = SIBLING_THRESHOLDS,
): Difference[] {
  const pairs: { i: number; j: number; score: number }[] = [];
  const candidates = candidatePairs(
    left.map((v) => new Set([...v.tokens, ...v.anchors])),
    right.map((v) => new Set([...v.tokens, ...v.anchors])),
    { perItem: 8 },
  );
  for (const [i, js] of candidates) {
    const l = left[i]!;
    for (const j of js) {
      const r = right[j]!;
      const similarity = dice(l.tokens, r.tokens);
      const anchors = intersectionSize(l.anchors, r.anchors);
      if (similarity >= SAME_FACT || (anchors > 0 && similarity >= SAME_FACT_WITH_ANCHOR)) {
        // Word-for-word the same sentence always pairs first.
        const identical = l.claim.norm === r.claim.norm ? 10 : 0;
        pairs.push({ i, j, score: identical + similarity + 0.05 * Math.min(anchors, 3) });
      }
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const out: Difference[] = [];
  for (const { i, j } of pairs) {
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    const conflict =
      conflictBetween(left[i]!, right[j]!, t) ?? framingBetween(left[i]!.claim, right[j]!.claim);
    if (conflict) out.push(conflict);
  }
  return out;
}

/**
 * Figures, then dates, then where and by whom the act was done, then who said the words: the
 * specifics two same-fact sentences differ on.
 */
function conflictBetween(l: ClaimView, r: ClaimView, t: Readonly<SiblingThresholds>): Difference | null {
  const date = dateFinding(l, r);
  const findings = [
    ...figureFindings(l, r),
    ...(date ? [date] : []),
    ...actFindings(l, r, t.sameAct),
    ...misattributions(l, r, t),
  ];
  return findings.length === 0 ? null : conflictOf(l.claim, r.claim, findings);
}
