import type { Difference } from '../../model/types';
import { foldText } from '../../text/normalize';
import { contentTokens, dice } from '../tokens';
import { wordDiff } from '../words';
import type { Finding } from './conflict';
import { looksLikeName, namedPerson } from './people';
import type { ClaimView } from './views';

/** Two quotations with this much wording in common are the same quotation. */
const SAME_QUOTE = 0.6;
/** Quotes this alike are one quotation reported by both (typography and a word or two aside). */
const SAME_QUOTATION = 0.9;
/** Per speaker, at most this many quotes a side are paired (bounds the work on pathological pages). */
const QUOTES_PER_SPEAKER = 50;
/** Quotations this alike are the same words, whoever they are credited to. */
const SAME_WORDS = 0.8;

/**
 * The same speaker quoted on both sides: the most alike quotes pair first; a pair that is the
 * same quotation agrees, any other pair is the same person quoted with different words.
 */
export function quoteDifferences(
  left: readonly ClaimView[],
  right: readonly ClaimView[],
  usedLeft: Set<number>,
  usedRight: Set<number>,
): Difference[] {
  const bySpeaker = new Map<string, { j: number; y: number }[]>();
  right.forEach((r, j) => {
    if (usedRight.has(j)) return;
    r.speakers.forEach((speaker, y) => {
      if (!speaker) return;
      const list = bySpeaker.get(speaker) ?? [];
      if (list.length < QUOTES_PER_SPEAKER) list.push({ j, y });
      bySpeaker.set(speaker, list);
    });
  });
  const seen = new Map<string, number>();
  const pairs: { i: number; x: number; j: number; y: number; score: number }[] = [];
  left.forEach((l, i) => {
    if (usedLeft.has(i)) return;
    l.speakers.forEach((speaker, x) => {
      if (!speaker) return;
      const count = seen.get(speaker) ?? 0;
      if (count >= QUOTES_PER_SPEAKER) return;
      seen.set(speaker, count + 1);
      const quote = l.claim.quotes[x]!.text;
      const words = new Set(contentTokens(quote));
      for (const { j, y } of bySpeaker.get(speaker) ?? []) {
        const other = right[j]!.claim.quotes[y]!.text;
        // Quotes without content words ("No.") are the same only when they read the same.
        const score =
          foldText(quote) === foldText(other)
            ? 1
            : words.size === 0
              ? 0
              : dice(words, new Set(contentTokens(other)));
        pairs.push({ i, x, j, y, score });
      }
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  const out: Difference[] = [];
  // One difference per speaker: their closest pair of quotes. Other quotes of the same person
  // stay in the one-sided lists rather than being paired at random.
  const reported = new Set<string>();
  for (const { i, x, j, y, score } of pairs) {
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    const speaker = left[i]!.speakers[x]!;
    if (score >= SAME_QUOTATION) {
      usedLeft.add(i);
      usedRight.add(j);
      continue;
    }
    if (reported.has(speaker)) continue;
    reported.add(speaker);
    usedLeft.add(i);
    usedRight.add(j);
    const l = left[i]!;
    const r = right[j]!;
    const qa = l.claim.quotes[x]!;
    const qb = r.claim.quotes[y]!;
    const named = (speaker: string | null) => (speaker && looksLikeName(speaker) ? speaker : null);
    const name = named(qa.speaker) ?? named(qb.speaker) ?? l.speakers[x]!;
    out.push({
      kind: 'different-quote',
      before: l.claim.text,
      after: r.claim.text,
      facets: [{ type: 'quote', before: qa.text, after: qb.text }],
      significance: score >= SAME_QUOTE ? 0.6 : 0.7,
      beforeId: l.claim.id,
      afterId: r.claim.id,
      words: wordDiff(qa.text, qb.text),
      reason:
        score >= SAME_QUOTE
          ? `Both quote ${name}; the quotation's wording differs.`
          : `Both quote ${name}, with different words.`,
    });
  }
  return out;
}

/** The same words credited to different people in two sentences about the same fact. */
export function misattributions(l: ClaimView, r: ClaimView): Finding[] {
  const findings: Finding[] = [];
  l.claim.quotes.forEach((qa, x) => {
    r.claim.quotes.forEach((qb, y) => {
      const sa = l.speakers[x];
      const sb = r.speakers[y];
      if (!sa || !sb || sa === sb) return;
      // Only speakers both analysers named outright, each a person in their own sentence.
      if (!namedPerson(l.claim, qa.speaker) || !namedPerson(r.claim, qb.speaker)) return;
      if (dice(new Set(contentTokens(qa.text)), new Set(contentTokens(qb.text))) < SAME_WORDS) return;
      findings.push({
        facet: { type: 'quote', before: qa.speaker ?? sa, after: qb.speaker ?? sb },
        reason: `The same words are attributed to different people: ${qa.speaker ?? sa} vs ${qb.speaker ?? sb}.`,
        significance: 0.85,
      });
    });
  });
  return findings;
}
