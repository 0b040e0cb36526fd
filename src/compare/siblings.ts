import type { AnalysedArticle, Claim, Difference, FacetChange, NumberFacet } from '../model/types';
import { foldText } from '../text/normalize';
import { countedHead, hedgeOf } from './facets';
import { framingBetween, framingConflicts } from './framing';
import { oneSidedSalience } from './salience';
import { carriedFacets, round } from './significance';
import { candidatePairs, contentTokens, dice, intersectionSize } from './tokens';
import { sortBySignificance } from './versions';
import { wordDiff } from './words';

/** Two outlets' sentences about one fact share this much of their words, or anchors and a little less. */
const SAME_FACT = 0.5;
const SAME_FACT_WITH_ANCHOR = 0.3;
/** Two quotations with this much wording in common are the same quotation. */
const SAME_QUOTE = 0.6;
const PRONOUN_SPEAKER = /^(?:he|she|they|it|we|i)$/i;
/** Lower bounds on a count: two of them with different figures can both be true. */
const LOWER_BOUNDS = new Set(['at least', 'more than', 'about']);

interface ClaimView {
  claim: Claim;
  tokens: Set<string>;
  anchors: Set<string>;
  /** Resolved speaker surname per quote (pronouns resolved from the sentences before). */
  speakers: (string | null)[];
}

/**
 * Where two outlets' reports of one event differ: the same fact with different specifics
 * (`conflict`), the same person quoted with different words (`different-quote`), and what only
 * one of them reports (`only-before` / `only-after`, salient claims first, plain ones kept low).
 */
export function compareSiblings(before: AnalysedArticle, after: AnalysedArticle): Difference[] {
  const left = viewsOf(before.claims);
  const right = viewsOf(after.claims);
  const differences: Difference[] = [];
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();

  // The same sentence word for word (wire copy, shared quotes) agrees by definition.
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

  // Quotes first: a quote matched here must not be consumed as a mere "same fact" below.
  for (const quote of quoteDifferences(left, right, usedLeft, usedRight)) differences.push(quote);

  // Same fact: content similarity, helped by shared anchors (people, organisations, counted things).
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
  for (const { i, j } of pairs) {
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    const conflict = conflictBetween(left[i]!, right[j]!) ?? framingBetween(left[i]!.claim, right[j]!.claim);
    if (conflict) differences.push(conflict);
  }

  // Figures for the same count that sit in otherwise different sentences ("killed at least 560
  // people on Monday" vs "has killed more than 600 people in recent days").
  if (sharedEventAnchors(left, right) >= 2) {
    for (const conflict of numberConflictsAcross(left, right, usedLeft, usedRight))
      differences.push(conflict);
    // The same actor's stated position, reported differently ("does not want a war" vs
    // "intends to move forward with battle plans"); only between reports sharing the event's names.
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
  return sortBySignificance(differences);
}

function viewsOf(claims: readonly Claim[]): ClaimView[] {
  // The last person reported as speaking (a named quote speaker or a person inside an
  // attribution), which is who "she said" refers to; a person merely mentioned is not.
  let recentSpeaker: string | null = null;
  let recentParagraph = -1;
  return claims.map((claim) => {
    if (claim.paragraph > recentParagraph + 1) recentSpeaker = null;
    const speakers = claim.quotes.map((quote) => {
      const named = quote.speaker && looksLikeName(quote.speaker) ? surname(quote.speaker) : null;
      if (named) return named;
      const pronoun = quote.speaker !== null && PRONOUN_SPEAKER.test(quote.speaker.trim());
      return pronoun || (!quote.speaker && !firstPerson(claim)) ? recentSpeaker : null;
    });
    const speaking = speakers.find((s) => s !== null) ?? attributedPerson(claim);
    if (speaking) {
      recentSpeaker = speaking;
      recentParagraph = claim.paragraph;
    }
    const anchors = new Set<string>();
    for (const entity of claim.entities)
      anchors.add(`e:${entity.type === 'person' ? surname(entity.text) : foldText(entity.text)}`);
    for (const n of claim.numbers) {
      const head = countedHead(n);
      if (head) anchors.add(`n:${head}`);
    }
    for (const speaker of speakers) if (speaker) anchors.add(`e:${speaker}`);
    return { claim, tokens: new Set(contentTokens(claim.norm)), anchors, speakers };
  });
}

/** A speaker worth matching on: a short capitalised name or title, not a pronoun or a clause. */
function looksLikeName(speaker: string): boolean {
  const head = speaker.split(',')[0]!.trim();
  const words = head.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 6 &&
    !PRONOUN_SPEAKER.test(head) &&
    /^\p{Lu}/u.test(words[words.length - 1]!) &&
    !/["“”'’?!]/.test(head.replace(/’s\b|'s\b/g, ''))
  );
}

/** A person named inside one of the claim's attributions ("Sabrina Singh said on Wednesday"). */
function attributedPerson(claim: Claim): string | null {
  for (const attribution of claim.attributions) {
    const person = claim.entities.find((e) => e.type === 'person' && attribution.text.includes(e.text));
    if (person) return surname(person.text);
  }
  return null;
}

function firstPerson(claim: Claim): string | null {
  const person = claim.entities.find((e) => e.type === 'person');
  return person ? surname(person.text) : null;
}

/** "Sabrina Singh, deputy Pentagon press secretary" → "singh"; matches "Singh" and "Ms. Singh". */
export function surname(name: string): string {
  const head = foldText(name).split(',')[0] ?? '';
  const words = head
    .replace(/\b(?:jr|sr|ii|iii)\.?$/i, '')
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}'-]/gu, ''))
    .filter(Boolean);
  return (words[words.length - 1] ?? head).replace(/'s$/, '');
}

function sharedEventAnchors(left: readonly ClaimView[], right: readonly ClaimView[]): number {
  const entities = (views: readonly ClaimView[]) =>
    new Set(views.flatMap((v) => [...v.anchors].filter((a) => a.startsWith('e:'))));
  return intersectionSize(entities(left), entities(right));
}

function conflictBetween(l: ClaimView, r: ClaimView): Difference | null {
  const facets: FacetChange[] = [];
  const reasons: string[] = [];
  let significance = 0;
  for (const a of l.claim.numbers) {
    for (const b of r.claim.numbers) {
      if (!isCount(a) || countedHead(a) !== countedHead(b)) continue;
      // The figures must be about the same thing: a word next to both, and that word a tally
      // ("killed") unless the two sentences are plainly the same report.
      const shared = [...numberContext(l.claim, a)].filter((t) => numberContext(r.claim, b).has(t));
      if (shared.length === 0) continue;
      if (!shared.some((t) => TALLY.test(t)) && dice(l.tokens, r.tokens) < SAME_FACT) continue;
      const verdict = compareFigures(a, l.claim, b, r.claim);
      if (!verdict) continue;
      facets.push({ type: 'number', before: a.text, after: b.text });
      reasons.push(verdict.reason);
      significance = Math.max(significance, verdict.significance);
    }
  }
  const leftDates = l.claim.dates.filter((d) => d.iso);
  const rightDates = r.claim.dates.filter((d) => d.iso);
  if (
    leftDates.length > 0 &&
    rightDates.length > 0 &&
    !leftDates.some((d) => rightDates.some((e) => e.iso === d.iso)) &&
    dice(l.tokens, r.tokens) >= SAME_FACT
  ) {
    facets.push({ type: 'date', before: leftDates[0]!.text, after: rightDates[0]!.text });
    reasons.push(`Different dates for the same event: '${leftDates[0]!.text}' vs '${rightDates[0]!.text}'.`);
    significance = Math.max(significance, 0.75);
  }
  l.claim.quotes.forEach((qa, x) => {
    r.claim.quotes.forEach((qb, y) => {
      const sa = l.speakers[x];
      const sb = r.speakers[y];
      if (!sa || !sb || sa === sb) return;
      // Only speakers both analysers named outright, each a person in their own sentence.
      if (!namedPerson(l.claim, qa.speaker) || !namedPerson(r.claim, qb.speaker)) return;
      if (dice(new Set(contentTokens(qa.text)), new Set(contentTokens(qb.text))) < SAME_WORDS) return;
      facets.push({ type: 'quote', before: qa.speaker ?? sa, after: qb.speaker ?? sb });
      reasons.push(
        `The same words are attributed to different people: ${qa.speaker ?? sa} vs ${qb.speaker ?? sb}.`,
      );
      significance = Math.max(significance, 0.85);
    });
  });
  if (facets.length === 0) return null;
  return conflict(l.claim, r.claim, facets, significance, reasons.join(' '));
}

function conflict(
  a: Claim,
  b: Claim,
  facets: FacetChange[],
  significance: number,
  reason: string,
): Difference {
  return {
    kind: 'conflict',
    before: a.text,
    after: b.text,
    facets,
    significance: round(significance),
    beforeId: a.id,
    afterId: b.id,
    words: wordDiff(a.norm, b.norm),
    reason,
  };
}

/**
 * Two figures for the same count. Equal values are agreement; lower bounds ("at least 560",
 * "more than 600") and different time spans can both be true, so they are shown as a softer
 * difference with the reading spelled out rather than as a contradiction.
 */
function compareFigures(
  a: NumberFacet,
  aClaim: Claim,
  b: NumberFacet,
  bClaim: Claim,
): { significance: number; reason: string } | null {
  if (a.value === null || b.value === null || a.value === b.value) return null;
  if (a.unit !== b.unit && a.unit && b.unit) return null;
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
    (hedgeA !== null && hedgeB !== null && LOWER_BOUNDS.has(hedgeA) && LOWER_BOUNDS.has(hedgeB));
  if (compatibleHedges || differentSpans) {
    const why =
      compatibleHedges && differentSpans
        ? 'the hedges and time spans are compatible'
        : compatibleHedges
          ? 'the hedges are compatible'
          : 'they cover different time spans';
    return { significance: 0.55, reason: `${head}; ${why}, so this may not be a contradiction.` };
  }
  return { significance: 0.95, reason: `${head}.` };
}

const SPAN_PHRASE =
  /\b(?:in (?:the )?(?:recent|past|last) (?:few )?(?:days|weeks|months|years|hours)|in recent days|since [A-Z]?[a-z]+(?: \d+)?|(?:on )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:this|last) (?:week|month|year)|overnight|today|yesterday)\b/i;

/** The time span a figure refers to: "Monday", "recent days". */
function timeSpan(claim: Claim): string | null {
  const match = SPAN_PHRASE.exec(claim.text);
  if (match) return match[0].replace(/^(?:on|in|the)\s+/i, '').replace(/^the\s+/i, '');
  return claim.dates[0]?.text ?? null;
}

function numberConflictsAcross(
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
      if (!head || a.value === null || !isCount(a)) continue;
      // Across otherwise different sentences only a tally verb ties two figures to one fact.
      const context = new Set([...numberContext(l.claim, a)].filter((t) => TALLY.test(t)));
      if (context.size === 0) continue;
      let j = -1;
      let b: NumberFacet | undefined;
      for (const k of byHead.get(head) ?? []) {
        if (usedRight.has(k)) continue;
        b = right[k]!.claim.numbers.find(
          (n) =>
            countedHead(n) === head && n.value !== null && intersectionSize(context, contextOf(k, n)) > 0,
        );
        if (b) {
          j = k;
          break;
        }
      }
      if (j < 0 || !b) continue;
      const r = right[j]!;
      const verdict = compareFigures(a, l.claim, b, r.claim);
      if (!verdict) continue;
      usedLeft.add(i);
      usedRight.add(j);
      out.push(
        conflict(
          l.claim,
          r.claim,
          [{ type: 'number', before: a.text, after: b.text }],
          verdict.significance,
          verdict.reason,
        ),
      );
      return;
    }
  });
  return out;
}

/** Verbs and states whose figures are tallies of one event: the counts outlets disagree on. */
const TALLY =
  /^(?:kill(?:ed|ing)?|dead|deaths|died|die|injur(?:ed|ies|y)|wounded|hurt|missing|arrest(?:ed|s)?|detained|displaced|evacuat(?:ed|ions?)|fled|rescued|hospitali[sz]ed|infected|cases|casualties|victims|affected|homeless|destroyed|damaged)$/;
const DURATION =
  /^(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|seasons?|times?|terms?|rounds?)$/;

/** A count of things, not a duration ("four seasons") or a score/ordinal artefact. */
function isCount(n: NumberFacet): boolean {
  const head = countedHead(n);
  return head !== null && n.value !== null && !DURATION.test(head) && !DURATION.test(`${head}s`);
}

/** Content words right around a figure ("killed … people"), which say what was counted and how. */
function numberContext(claim: Claim, n: NumberFacet): Set<string> {
  const at = claim.text.indexOf(n.text);
  if (at < 0) return new Set();
  const window = claim.text.slice(Math.max(0, at - 40), at + n.text.length + 20);
  const figure = new Set(contentTokens(n.text));
  return new Set(contentTokens(window).filter((t) => !figure.has(t) && !/\d/.test(t)));
}

/** Quotations this alike are the same words, whoever they are credited to. */
const SAME_WORDS = 0.8;

function namedPerson(claim: Claim, speaker: string | null): boolean {
  if (!speaker || !looksLikeName(speaker)) return false;
  const key = surname(speaker);
  return claim.entities.some((e) => e.type === 'person' && surname(e.text) === key);
}

/** Quotes this alike are one quotation reported by both (typography and a word or two aside). */
const SAME_QUOTATION = 0.9;
/** Per speaker, at most this many quotes a side are paired (bounds the work on pathological pages). */
const QUOTES_PER_SPEAKER = 50;

/**
 * The same speaker quoted on both sides: the most alike quotes pair first; a pair that is the
 * same quotation agrees, any other pair is the same person quoted with different words.
 */
function quoteDifferences(
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

function oneSided(claim: Claim, kind: 'only-before' | 'only-after'): Difference {
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
