/**
 * How much a claim only one outlet reports tells a reader: hard figures, named people quoted,
 * things that happened (killed, exploded, fired, deployed) and who was involved rank a claim up;
 * context, analysis and scene-setting stay listed, but low.
 */
import type { Claim, NumberFacet } from '../model/types';
import { round } from './significance';

/** What plain sentences score: listed, but below anything carrying a fact a reader would check. */
const PLAIN = 0.1;
const CEILING = 0.8;

/** Words for events, not states or talk: what happened, to whom. */
const EVENT =
  /\b(?:kill(?:ed|s|ing)?|dead|died|deaths?|explod(?:ed|es|ing)|explosions?|blasts?|fired|firing|launch(?:ed|es|ing)|struck|strikes?|airstrikes?|attacked|bomb(?:ed|ing|ings)|shell(?:ed|ing)|invad(?:ed|ing)|invasion|deploy(?:ed|s|ing|ments?)|evacuat(?:ed|ing|ions?)|arrest(?:ed|s)|injur(?:ed|ies)|wounded|intercept(?:ed|s|ing)?|targeted|targeting|crash(?:ed|es)|collaps(?:ed|es)|destroyed|seized|captured|shot|casualties|resign(?:ed|s)|sentenced|convicted|charged|indicted|vetoed|passed|approved|signed)\b/i;
const TIME_UNIT = /\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|times?|decades?)$/i;

/** 0..1 for a claim reported by one side only. */
export function oneSidedSalience(claim: Claim): number {
  let score = PLAIN;
  const hard = claim.numbers.filter(isHardFigure);
  if (hard.length > 0) score += hard.some((n) => (n.value ?? 0) >= 100) ? 0.3 : 0.25;
  else if (claim.numbers.some(isCountedAmount)) score += 0.15;
  const people = new Set(claim.entities.filter((e) => e.type === 'person').map((e) => e.text));
  if (claim.quotes.length > 0) {
    // A quote with its speaker named is on the record; a phrase in quotation marks is less.
    const named = claim.quotes.some(
      (q) => q.speaker !== null && [...people].some((p) => q.speaker!.includes(p) || p.includes(q.speaker!)),
    );
    const attributedToPerson = claim.attributions.some((a) => [...people].some((p) => a.text.includes(p)));
    score += named || attributedToPerson ? 0.22 : 0.1;
  }
  if (EVENT.test(claim.text)) score += 0.15;
  if (claim.attributions.length > 0) score += 0.05;
  const named = new Set(claim.entities.filter((e) => e.type !== 'place').map((e) => e.text));
  score += Math.min(3, named.size) * 0.03;
  return round(Math.min(CEILING, score));
}

/** A definite amount a reader would check: not vague ("dozens"), not a duration ("three days"). */
function isHardFigure(n: NumberFacet): boolean {
  if (n.vague || n.value === null) return false;
  const counted = n.counted ?? n.unit ?? '';
  return counted.trim() !== '' && !TIME_UNIT.test(counted.trim());
}

/** A vague amount of something counted ("hundreds of communication devices", "a small number of troops"). */
function isCountedAmount(n: NumberFacet): boolean {
  const counted = (n.counted ?? '').trim();
  return counted !== '' && !TIME_UNIT.test(counted);
}
