import type { Claim, FacetChange, FacetType, NumberFacet } from '../model/types';

/** How much a changed facet matters to a reader checking a story: figures first, wording last. */
const FACET_WEIGHT: Record<FacetType, number> = {
  number: 0.9,
  attribution: 0.8,
  headline: 0.78,
  quote: 0.72,
  entity: 0.62,
  date: 0.6,
  wording: 0.2,
};

/** A changed pair: its heaviest facet, a little more for each further facet; wording by size. */
export function changedSignificance(facets: readonly FacetChange[], share: number): number {
  let top = 0;
  for (const facet of facets) {
    const weight = facet.type === 'wording' ? 0.05 + 0.35 * Math.min(1, share) : FACET_WEIGHT[facet.type];
    top = Math.max(top, weight);
  }
  const extra = Math.max(0, facets.length - 1) * 0.02;
  return round(Math.min(1, top + extra));
}

/**
 * A claim present on one side only: those carrying figures, quotes or sourcing rank above plain
 * sentences, which stay listed but low.
 */
export function oneSidedSignificance(claims: readonly Claim[], plain = 0.3): number {
  let score = plain;
  const has = (pick: (c: Claim) => unknown[]) => claims.some((c) => pick(c).length > 0);
  if (has((c) => c.numbers.filter(isHardFigure))) {
    const big = claims.some((c) => c.numbers.some((n) => isHardFigure(n) && (n.value ?? 0) >= 100));
    score = Math.max(score, big ? 0.65 : 0.6);
  } else if (has((c) => c.numbers)) score = Math.max(score, 0.42);
  if (has((c) => c.quotes)) score = Math.max(score, 0.55);
  if (has((c) => c.attributions)) score = Math.max(score, 0.5);
  if (has((c) => c.entities.filter((e) => e.type !== 'place'))) score = Math.max(score, plain + 0.1);
  return round(score);
}

const TIME_UNIT = /\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|times?|decades?)$/i;

/**
 * A figure a reader would check: a definite amount of something, not a vague quantity ("dozens")
 * or a duration ("three days").
 */
function isHardFigure(n: NumberFacet): boolean {
  if (n.vague || n.value === null) return false;
  const counted = n.counted ?? n.unit ?? '';
  return !TIME_UNIT.test(counted.trim());
}

/** Facets a one-sided claim carries, shown as badges. */
export function carriedFacets(claims: readonly Claim[], side: 'before' | 'after'): FacetChange[] {
  const out: FacetChange[] = [];
  const put = (type: FacetType, text: string) =>
    out.push(side === 'before' ? { type, before: text, after: null } : { type, before: null, after: text });
  for (const claim of claims) {
    for (const n of claim.numbers) put('number', n.text);
    for (const q of claim.quotes) put('quote', q.text);
    for (const a of claim.attributions) put('attribution', a.text);
  }
  return out;
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
