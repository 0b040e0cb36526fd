import type { Difference, NumberFacet } from '../../model/types';
import { countedHead } from '../facets';
import { intersectionSize } from '../tokens';
import { conflictOf } from './conflict';
import { figureFinding, isCount, numberContext, TALLY } from './figures';
import type { ClaimView } from './views';

/**
 * Figures for the same count that sit in otherwise different sentences ("killed at least 560
 * people on Monday" vs "has killed more than 600 people in recent days"), among the claims no
 * earlier rule paired; each left claim yields at most one conflict.
 */
/** "injuring", "injured", "injuries" are one tally. */
const tallyStem = (t: string) => t.replace(/(?:ed|ing|ies|y|s)$/, '');

function sharesTopic(l: ClaimView, r: ClaimView, head: string, context: Set<string>): boolean {
  const words = new Set([...l.tokens].filter((t) => !context.has(t) && !t.startsWith(head.slice(0, 4))));
  const people = (v: ClaimView) => new Set([...v.anchors].filter((a) => a.startsWith('e:')));
  return (
    [...r.tokens].some((t) => words.has(t) && !/\d/.test(t)) || intersectionSize(people(l), people(r)) > 0
  );
}

const yearsOf = (v: ClaimView) => new Set(v.claim.text.match(/\b(?:1[89]|20)\d{2}\b/g) ?? []);

function differentYears(l: ClaimView, r: ClaimView): boolean {
  const a = yearsOf(l);
  const b = yearsOf(r);
  return a.size > 0 && b.size > 0 && intersectionSize(a, b) === 0;
}

export function numberConflictsAcross(
  left: readonly ClaimView[],
  right: readonly ClaimView[],
  usedLeft: Set<number>,
  usedRight: Set<number>,
): Difference[] {
  const out: Difference[] = [];
  // Right-hand claims by what their figures count, so each figure is checked against few claims.
  const byHead = new Map<string, number[]>();
  right.forEach((r, k) => {
    for (const n of r.claim.numbers) {
      const head = countedHead(n);
      if (!head || n.value === null) continue;
      const list = byHead.get(head) ?? [];
      if (list[list.length - 1] !== k) list.push(k);
      byHead.set(head, list);
    }
  });
  const contexts = new Map<NumberFacet, Set<string>>();
  const contextOf = (k: number, n: NumberFacet) => {
    let context = contexts.get(n);
    if (!context) contexts.set(n, (context = numberContext(right[k]!.claim, n)));
    return context;
  };
  left.forEach((l, i) => {
    if (usedLeft.has(i)) return;
    for (const a of l.claim.numbers) {
      const head = countedHead(a);
      if (!head || a.value === null || !isCount(a, l.claim)) continue;
      // Across otherwise different sentences only a tally verb ties two figures to one fact.
      const context = new Set([...numberContext(l.claim, a)].filter((t) => TALLY.test(t)));
      const tallies = new Set([...context].map(tallyStem));
      if (context.size === 0) continue;
      let j = -1;
      let b: NumberFacet | undefined;
      for (const k of byHead.get(head) ?? []) {
        if (usedRight.has(k)) continue;
        // Beyond the tally and the counted thing, the sentences must share something (the
        // place, the event, an actor), and not be set in different years: background about an
        // earlier disaster also "killed … people".
        if (!sharesTopic(l, right[k]!, head, context) || differentYears(l, right[k]!)) continue;
        b = right[k]!.claim.numbers.find(
          (n) =>
            countedHead(n) === head &&
            n.value !== null &&
            isCount(n, right[k]!.claim) &&
            [...contextOf(k, n)].some((t) => TALLY.test(t) && tallies.has(tallyStem(t))),
        );
        if (b) {
          j = k;
          break;
        }
      }
      if (j < 0 || !b) continue;
      const r = right[j]!;
      const finding = figureFinding(a, l.claim, b, r.claim);
      if (!finding) continue;
      usedLeft.add(i);
      usedRight.add(j);
      out.push(conflictOf(l.claim, r.claim, [finding]));
      return;
    }
  });
  return out;
}
