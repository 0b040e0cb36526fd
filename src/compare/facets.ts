import type { Claim, FacetChange, FacetType, Hedge, NumberFacet, WordDiffPart } from '../model/types';
import { foldText } from '../text/normalize';
import { changedShare, changedSpans } from './words';

const WEEKDAY_OR_MONTH =
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b/i;

/**
 * What changed between the claims on two sides of an aligned group, facet by facet, from the
 * facets the claim analyser found. Facet texts are compared folded, so typography never counts.
 * The word diff backs this up: a changed figure or date the analyser missed is still reported.
 */
export function facetChanges(
  before: readonly Claim[],
  after: readonly Claim[],
  words: readonly WordDiffPart[],
): FacetChange[] {
  const changes: FacetChange[] = [];
  changes.push(
    ...pairNumbers(
      before.flatMap((c) => c.numbers),
      after.flatMap((c) => c.numbers),
    ),
  );
  changes.push(
    ...pairByOrder(
      'attribution',
      before.flatMap((c) => c.attributions.map((a) => a.text)),
      after.flatMap((c) => c.attributions.map((a) => a.text)),
    ),
  );
  changes.push(
    ...pairByOrder(
      'quote',
      before.flatMap((c) => c.quotes.map((q) => q.text)),
      after.flatMap((c) => c.quotes.map((q) => q.text)),
    ),
  );
  changes.push(
    ...pairByOrder(
      'date',
      before.flatMap((c) => c.dates.map((d) => d.text)),
      after.flatMap((c) => c.dates.map((d) => d.text)),
    ),
  );
  changes.push(
    ...pairByOrder(
      'entity',
      before.flatMap((c) => c.entities.map((e) => e.text)),
      after.flatMap((c) => c.entities.map((e) => e.text)),
    ),
  );

  // A name that only vanished with the attribution or figure around it is not a separate change.
  const explained = (text: string | null, side: 'before' | 'after') =>
    text !== null && changes.some((c) => c.type !== 'entity' && (c[side] ?? '').includes(text));
  for (let k = changes.length - 1; k >= 0; k--) {
    const change = changes[k]!;
    if (change.type !== 'entity') continue;
    if (
      (change.before === null || explained(change.before, 'before')) &&
      (change.after === null || explained(change.after, 'after'))
    ) {
      changes.splice(k, 1);
    }
  }

  const { removed, added } = changedSpans(words);
  // Only when the figures or date words themselves differ: text that merely moved within the
  // sentence shows up in both removed and added spans without anything changing.
  const figures = (text: string) => (text.match(/\d[\d,.]*/g) ?? []).sort().join(' ');
  const dateWords = (text: string) =>
    (foldText(text).match(new RegExp(WEEKDAY_OR_MONTH.source, 'gi')) ?? []).sort().join(' ');
  const beforeText = before.map((c) => c.norm).join(' ');
  const afterText = after.map((c) => c.norm).join(' ');
  if (!changes.some((c) => c.type === 'number') && figures(beforeText) !== figures(afterText)) {
    changes.push({ type: 'number', before: spanWith(removed, /\d/), after: spanWith(added, /\d/) });
  }
  if (!changes.some((c) => c.type === 'date') && dateWords(beforeText) !== dateWords(afterText)) {
    changes.push({
      type: 'date',
      before: spanWith(removed, WEEKDAY_OR_MONTH),
      after: spanWith(added, WEEKDAY_OR_MONTH),
    });
  }
  if (changes.length === 0 && changedShare(words) > 0) {
    changes.push({ type: 'wording', before: removed.join(' … ') || null, after: added.join(' … ') || null });
  }
  return changes;
}

function spanWith(spans: readonly string[], pattern: RegExp): string | null {
  return spans.find((span) => pattern.test(span)) ?? null;
}

/** Facet texts only on one side, paired in order of appearance. */
function pairByOrder(type: FacetType, before: readonly string[], after: readonly string[]): FacetChange[] {
  const { onlyBefore, onlyAfter } = oneSided(before, after, (text) => foldText(text));
  const out: FacetChange[] = [];
  for (let k = 0; k < Math.max(onlyBefore.length, onlyAfter.length); k++) {
    out.push({ type, before: onlyBefore[k] ?? null, after: onlyAfter[k] ?? null });
  }
  return out;
}

/** Numbers only on one side, paired by what they count ("u.s. troops"), then in order. */
function pairNumbers(before: readonly NumberFacet[], after: readonly NumberFacet[]): FacetChange[] {
  const { onlyBefore, onlyAfter } = oneSided(before, after, (n) => foldText(n.text));
  const out: FacetChange[] = [];
  const remaining = [...onlyAfter];
  for (const number of onlyBefore) {
    const sameCount = remaining.findIndex((other) => sameCounted(number, other));
    const index = sameCount >= 0 ? sameCount : remaining.length > 0 ? 0 : -1;
    const partner = index >= 0 ? remaining.splice(index, 1)[0] : undefined;
    out.push({ type: 'number', before: number.text, after: partner?.text ?? null });
  }
  for (const number of remaining) out.push({ type: 'number', before: null, after: number.text });
  return out;
}

export function sameCounted(a: NumberFacet, b: NumberFacet): boolean {
  const x = countedHead(a);
  const y = countedHead(b);
  return x !== null && x === y;
}

/** Head noun of what a number counts, singular-ish: "u.s. troops" → "troop". */
export function countedHead(n: NumberFacet): string | null {
  const counted = n.counted ?? (n.unit && !/^[%$€£]$/.test(n.unit) ? n.unit : null);
  if (!counted) return null;
  const words = foldText(counted).split(/\s+/).filter(Boolean);
  const head = words[words.length - 1];
  return head ? head.replace(/(?<=[a-z]{3})s$/, '') : null;
}

function oneSided<T>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
): { onlyBefore: T[]; onlyAfter: T[] } {
  const afterCounts = new Map<string, number>();
  for (const item of after) afterCounts.set(key(item), (afterCounts.get(key(item)) ?? 0) + 1);
  const onlyBefore: T[] = [];
  for (const item of before) {
    const count = afterCounts.get(key(item)) ?? 0;
    if (count > 0) afterCounts.set(key(item), count - 1);
    else onlyBefore.push(item);
  }
  const beforeCounts = new Map<string, number>();
  for (const item of before) beforeCounts.set(key(item), (beforeCounts.get(key(item)) ?? 0) + 1);
  const onlyAfter: T[] = [];
  for (const item of after) {
    const count = beforeCounts.get(key(item)) ?? 0;
    if (count > 0) beforeCounts.set(key(item), count - 1);
    else onlyAfter.push(item);
  }
  return { onlyBefore, onlyAfter };
}

const HEDGE_WORDS: [RegExp, Hedge][] = [
  [/\b(?:at least|no fewer than|no less than)\s*$/i, 'at least'],
  [/\b(?:more th[ae]n|over|upwards of|in excess of|above)\s*$/i, 'more than'],
  [/\b(?:at most|no more than)\s*$/i, 'at most'],
  [/\b(?:less than|fewer than|under|below)\s*$/i, 'less than'],
  [/\b(?:about|around|roughly|approximately|some|an estimated|nearly|almost|close to)\s*$/i, 'about'],
  [/\bup to\s*$/i, 'up to'],
];

/**
 * The hedge on a number: the analyser's when it has one, else read from the words just before
 * the figure (so a typo like "more that 600" still reads as a lower bound).
 */
export function hedgeOf(n: NumberFacet, claimText: string): Hedge | null {
  if (n.hedge) return n.hedge;
  const digits = n.value !== null ? /\d[\d,.]*/.exec(n.text)?.[0] : undefined;
  const at = digits ? claimText.indexOf(digits) : -1;
  const lead = at >= 0 ? claimText.slice(Math.max(0, at - 30), at) : n.text.replace(/\d[\s\S]*$/, '');
  for (const [pattern, hedge] of HEDGE_WORDS) if (pattern.test(lead)) return hedge;
  return null;
}
