import { dice } from '../tokens';
import { SAME_FACT, type Finding } from './conflict';
import type { ClaimView } from './views';

/** Plainly the same report, yet no date in common: the event is dated differently. */
export function dateFinding(l: ClaimView, r: ClaimView): Finding | null {
  const leftDates = l.claim.dates.filter((d) => d.iso);
  const rightDates = r.claim.dates.filter((d) => d.iso);
  if (
    leftDates.length > 0 &&
    rightDates.length > 0 &&
    // "in 1923" and "April 22, 1923" agree: the coarser date holds the finer one.
    !leftDates.some((d) => rightDates.some((e) => e.iso!.startsWith(d.iso!) || d.iso!.startsWith(e.iso!))) &&
    dice(l.tokens, r.tokens) >= SAME_FACT
  ) {
    return {
      facet: { type: 'date', before: leftDates[0]!.text, after: rightDates[0]!.text },
      reason: `Different dates for the same event: '${leftDates[0]!.text}' vs '${rightDates[0]!.text}'.`,
      significance: 0.75,
    };
  }
  return null;
}
