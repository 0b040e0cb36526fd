import type { Claim, NumberFacet } from '../../model/types';
import { foldText } from '../../text/normalize';
import { countedHead, hedgeOf } from '../facets';
import { contentTokens, dice } from '../tokens';
import { SAME_FACT, type Finding } from './conflict';
import { timeSpan } from './time-spans';
import type { ClaimView } from './views';

/** Lower bounds on a count: two of them with different figures can both be true. */
const LOWER_BOUNDS = new Set(['at least', 'more than', 'about']);
/** Upper bounds: "up to 120" is true of anything a lower bound below 120 says. */
const UPPER_BOUNDS = new Set(['up to', 'at most', 'less than']);

/** Verbs and states whose figures are tallies of one event: the counts outlets disagree on. */
export const TALLY =
  /^(?:kill(?:ed|ing)?|dead|deaths|died|die|injur(?:ed|ies|y|ing)|wound(?:ed|ing)|hurt|missing|arrest(?:ed|s)?|detained|displaced|evacuat(?:ed|ions?)|fled|rescued|hospitali[sz]ed|infected|cases|casualties|victims|affected|homeless|destroyed|damaged)$/;
const DURATION =
  /^(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|seasons?|times?|terms?|rounds?)$/;

/** Figures for the same count in two sentences about the same fact that disagree. */
export function figureFindings(l: ClaimView, r: ClaimView): Finding[] {
  const findings: Finding[] = [];
  for (const a of l.claim.numbers) {
    for (const b of r.claim.numbers) {
      if (!isCount(a) || !isCount(b, r.claim) || countedHead(a) !== countedHead(b)) continue;
      if (!isCount(a, l.claim)) continue;
      // A figure the other sentence also gives for that count is shared, not contradicted:
      // "seven life sentences and four sentences" on both sides is no "seven vs four".
      if (givesValue(r.claim, a) || givesValue(l.claim, b)) continue;
      // The figures must be about the same thing: a word next to both, and that word a tally
      // ("killed") unless the two sentences are plainly the same report.
      const shared = [...numberContext(l.claim, a)].filter((t) => numberContext(r.claim, b).has(t));
      if (shared.length === 0) continue;
      if (!shared.some((t) => TALLY.test(t)) && dice(l.tokens, r.tokens) < SAME_FACT) continue;
      // A name next to both figures ties them only if it is the person whose figure it is:
      // "Creighton" beside "five points" and "23 points" is the team, not one count.
      if (
        !shared.some(
          (t) => TALLY.test(t) || !named(l.claim, t) || (personal(l.claim, t) && personal(r.claim, t)),
        )
      )
        continue;
      const finding = figureFinding(a, l.claim, b, r.claim);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/**
 * Two figures for the same count. Equal values are agreement; lower bounds ("at least 560",
 * "more than 600") and different time spans can both be true, so they are shown as a softer
 * difference with the reading spelled out rather than as a contradiction.
 */
export function figureFinding(a: NumberFacet, aClaim: Claim, b: NumberFacet, bClaim: Claim): Finding | null {
  if (a.value === null || b.value === null || a.value === b.value) return null;
  if (a.unit !== b.unit && a.unit && b.unit) return null;
  const facet = { type: 'number' as const, before: a.text, after: b.text };
  const what = a.counted ?? countedHead(a) ?? 'the count';
  const hedgeA = hedgeOf(a, aClaim.text);
  const hedgeB = hedgeOf(b, bClaim.text);
  const spanA = timeSpan(aClaim);
  const spanB = timeSpan(bClaim);
  const describe = (n: NumberFacet, hedge: string | null, span: string | null) =>
    `'${hedge && !foldText(n.text).startsWith(hedge) ? `${hedge} ` : ''}${n.text}'${span ? ` (${span})` : ''}`;
  const head = `Different figures for ${what}: ${describe(a, hedgeA, spanA)} vs ${describe(b, hedgeB, spanB)}`;
  const differentSpans = spanA !== null && spanB !== null && foldText(spanA) !== foldText(spanB);
  const compatibleHedges =
    (hedgeA !== null && LOWER_BOUNDS.has(hedgeA) && b.value >= a.value) ||
    (hedgeB !== null && LOWER_BOUNDS.has(hedgeB) && a.value >= b.value) ||
    (hedgeA !== null && hedgeB !== null && LOWER_BOUNDS.has(hedgeA) && LOWER_BOUNDS.has(hedgeB)) ||
    (hedgeA !== null && UPPER_BOUNDS.has(hedgeA) && b.value <= a.value) ||
    (hedgeB !== null && UPPER_BOUNDS.has(hedgeB) && a.value <= b.value);
  // A floor below a ceiling ("more than 100 mph", "up to 120 mph") describes one range.
  const floorAndCeiling =
    (hedgeA !== null &&
      hedgeB !== null &&
      LOWER_BOUNDS.has(hedgeA) &&
      hedgeA !== 'about' &&
      UPPER_BOUNDS.has(hedgeB) &&
      a.value <= b.value) ||
    (hedgeA !== null &&
      hedgeB !== null &&
      LOWER_BOUNDS.has(hedgeB) &&
      hedgeB !== 'about' &&
      UPPER_BOUNDS.has(hedgeA) &&
      b.value <= a.value);
  if (floorAndCeiling) return null;
  if (compatibleHedges || differentSpans) {
    const why =
      compatibleHedges && differentSpans
        ? 'the hedges and time spans are compatible'
        : compatibleHedges
          ? 'the hedges are compatible'
          : 'they cover different time spans';
    return { facet, significance: 0.55, reason: `${head}; ${why}, so this may not be a contradiction.` };
  }
  return { facet, significance: 0.95, reason: `${head}.` };
}

/**
 * A count of things, not a duration ("four seasons") or a score/ordinal artefact; with the claim,
 * also not a designation ("AK-47 rifles", "F-16 jets": a code, not how many) nor a group of
 * digits split from its number ("31, 000", "7: 01").
 */
export function isCount(n: NumberFacet, claim?: Claim): boolean {
  const head = countedHead(n);
  if (head === null || n.value === null || DURATION.test(head) || DURATION.test(`${head}s`)) return false;
  if (!claim) return true;
  if (/^0\d/.test(n.text)) return false;
  const at = claim.text.indexOf(n.text);
  return at < 0 || !/(?:\b\p{Lu}{1,4}[- ]?|[,:]\s?)$/u.test(claim.text.slice(Math.max(0, at - 6), at));
}

/** A word the claim prints capitalised mid-sentence: part of a name. */
function named(claim: Claim, token: string): boolean {
  return [...claim.text.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}'’-]*/gu)].some(
    (m) => foldText(m[0]).toLowerCase() === token,
  );
}

/** A word of a person's name in the claim. */
function personal(claim: Claim, token: string): boolean {
  return claim.entities.some((e) => e.type === 'person' && contentTokens(e.text).includes(token));
}

/** Whether the claim gives this figure's value for the same count, or bare ("VanDeest scored 13"). */
function givesValue(claim: Claim, n: NumberFacet): boolean {
  const head = countedHead(n);
  return claim.numbers.some(
    (m) => m.value === n.value && (countedHead(m) === head || countedHead(m) === null),
  );
}

/** Content words right around a figure ("killed … people"), which say what was counted and how. */
export function numberContext(claim: Claim, n: NumberFacet): Set<string> {
  const at = claim.text.indexOf(n.text);
  if (at < 0) return new Set();
  const window = claim.text.slice(Math.max(0, at - 40), at + n.text.length + 20);
  const figure = new Set(contentTokens(n.text));
  return new Set(contentTokens(window).filter((t) => !figure.has(t) && !/\d/.test(t)));
}
