import type { Difference, QuoteAlteration } from '../../model/types';
import { foldText, normalizeText } from '../../text/normalize';
import { contentTokens, dice } from '../tokens';
import { wordDiff } from '../words';
import type { Finding } from './conflict';
import { namedPerson } from './people';
import { SIBLING_THRESHOLDS, type SiblingThresholds } from './thresholds';
import type { ClaimView } from './views';

/** Fewer words than this is a scare quote or a label ("Progressivism"), not an excerpt. */
const MIN_EXCERPT_WORDS = 4;
/** Per side, at most this many quotations are compared (bounds the work on pathological pages). */
const QUOTES_PER_SIDE = 200;
/** A piece of a quotation already paired: this share of its words runs unbroken in the longer one. */
const HELD_WITHIN = 0.6;

interface Quoted {
  view: number;
  quote: number;
  text: string;
  /** Letters and digits only, lower-cased: typography and punctuation are not wording. */
  words: string[];
  content: Set<string>;
  person: string | null;
}

/** Titles abbreviated by house style ("Sen." for "Senator") are the same word. */
const ABBREVIATED: Record<string, string> = {
  sen: 'senator',
  rep: 'representative',
  gov: 'governor',
  gen: 'general',
};

const wordsOf = (text: string) =>
  foldText(text)
    .toLowerCase()
    .replace(/[’']/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean)
    .map((w) => ABBREVIATED[w] ?? w);

function quotedOf(views: readonly ClaimView[], used: Set<number>): Quoted[] {
  const out: Quoted[] = [];
  views.forEach((view, i) => {
    if (used.has(i)) return;
    view.claim.quotes.forEach((quote, x) => {
      if (out.length >= QUOTES_PER_SIDE) return;
      out.push({
        view: i,
        quote: x,
        text: quote.text,
        words: wordsOf(quote.text),
        content: new Set(contentTokens(quote.text)),
        person: view.persons[x] ?? null,
      });
    });
  });
  return out;
}

/** "Sabrina Singh" and "Singh" are one person; "Beau Biden" and "Joe Biden" are two. */
export function samePerson(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const pa = foldText(a).toLowerCase().split(/\s+/);
  const pb = foldText(b).toLowerCase().split(/\s+/);
  if (pa[pa.length - 1] !== pb[pb.length - 1]) return false;
  return pa.length === 1 || pb.length === 1 || pa[0] === pb[0];
}

/** The longest run of words the two have in common, and where it starts in each. */
function longestRun(a: string[], b: string[]): { length: number; i: number; j: number } {
  let best = { length: 0, i: 0, j: 0 };
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      row[j] = previous[j - 1]! + 1;
      if (row[j]! > best.length) best = { length: row[j]!, i: i - row[j]!, j: j - row[j]! };
    }
    previous = row;
  }
  return best;
}

const sentencesOf = (text: string) =>
  foldText(text)
    .split(/(?<=[.!?])\s+|\s*(?:\.\.\.|…|--|—)\s*/)
    .map((s) => wordsOf(s).join(' '))
    .filter(Boolean);

/** How one utterance was rendered differently: the kind a fact-checker reads first. */
function alterationOf(a: Quoted, b: Quoted, paraphrase: boolean): QuoteAlteration {
  if (paraphrase) return 'paraphrased';
  const [short, long] = a.words.length <= b.words.length ? [a, b] : [b, a];
  const run = longestRun(short.words, long.words);
  if (run.length === short.words.length) {
    const longSentences = new Set(sentencesOf(long.text));
    const whole = sentencesOf(short.text).every((s) => longSentences.has(s));
    if (!whole) return 'truncated';
    return long === b ? 'sentence-added' : 'sentence-dropped';
  }
  return 'words-changed';
}

const ALTERATION_REASON: Record<QuoteAlteration, string> = {
  truncated: 'one report cuts the quotation short',
  'words-changed': 'the words inside the quotation marks differ',
  'sentence-added': 'the other report quotes a sentence more',
  'sentence-dropped': 'the other report leaves a sentence out',
  paraphrased: 'one report puts a paraphrase inside quotation marks',
};

const ALTERATION_SIGNIFICANCE: Record<QuoteAlteration, number> = {
  'words-changed': 0.9,
  'sentence-dropped': 0.8,
  'sentence-added': 0.8,
  truncated: 0.75,
  paraphrased: 0.7,
};

/**
 * Quotations in both reports: the same utterance rendered differently (`different-quote`: a
 * shared run of words, most words in common, one cut short, a sentence added or dropped, a close
 * paraphrase), and per person quoted on both sides with other words, one `different-excerpts`
 * item holding each report's quotations of them. A quotation whose speaker is not resolved
 * pairs only on its words, never on a guessed name.
 */
export function quoteDifferences(
  left: readonly ClaimView[],
  right: readonly ClaimView[],
  usedLeft: Set<number>,
  usedRight: Set<number>,
  t: Readonly<SiblingThresholds> = SIBLING_THRESHOLDS,
): Difference[] {
  const ours = quotedOf(left, usedLeft);
  const theirs = quotedOf(right, usedRight);
  const pairs: { a: Quoted; b: Quoted; score: number; paraphrase: boolean }[] = [];
  const agreed = new Set<Quoted>();
  for (const a of ours) {
    if (a.words.length === 0) continue;
    for (const b of theirs) {
      if (a.words.join(' ') === b.words.join(' ')) {
        agreed.add(a).add(b);
        continue;
      }
      // Words credited to two different people are not one utterance here (see misattributions).
      if (a.person && b.person && !samePerson(a.person, b.person)) continue;
      const shortest = Math.min(a.words.length, b.words.length);
      if (shortest < MIN_EXCERPT_WORDS) continue;
      const run = longestRun(a.words, b.words).length;
      const wording = dice(a.content, b.content);
      const speaker = samePerson(a.person, b.person);
      const same =
        run >= t.sharedRun ||
        (speaker && ((run >= t.sharedRunSameSpeaker && run >= 0.5 * shortest) || wording >= t.sameWording)) ||
        (run >= t.sharedRunSameSpeaker && run >= 0.8 * shortest) ||
        (wording >= t.sameWords && run >= 3);
      const paraphrase =
        !same && speaker && wording >= t.paraphrase && run >= 3 && shortest >= 2 * MIN_EXCERPT_WORDS;
      if (same || paraphrase) pairs.push({ a, b, score: run / shortest + wording, paraphrase });
    }
  }
  pairs.sort((x, y) => y.score - x.score || x.a.view - y.a.view || x.b.view - y.b.view);
  const out: Difference[] = [];
  const paired = new Set<Quoted>();
  // A report that repeats a quotation ("Tell me who you are," … "Tell me who you are.") pairs
  // each repetition, but the reader is shown the alteration once.
  const shown = new Set<string>();
  for (const { a, b, paraphrase } of pairs) {
    // A quotation is paired once, except that a longer one may hold several the other report cuts it into.
    const fits = (short: Quoted, long: Quoted) =>
      !paired.has(short) && longestRun(short.words, long.words).length >= HELD_WITHIN * short.words.length;
    if ((paired.has(a) || paired.has(b)) && !(a.words.length > b.words.length ? fits(b, a) : fits(a, b)))
      continue;
    if (agreed.has(a) && agreed.has(b)) continue;
    paired.add(a).add(b);
    usedLeft.add(a.view);
    usedRight.add(b.view);
    const key = `${a.words.join(' ')}\u0000${b.words.join(' ')}`;
    if (shown.has(key)) continue;
    shown.add(key);
    const alteration = alterationOf(a, b, paraphrase);
    const name = a.person ?? b.person;
    out.push({
      kind: 'different-quote',
      before: left[a.view]!.claim.text,
      after: right[b.view]!.claim.text,
      facets: [{ type: 'quote', before: a.text, after: b.text }],
      significance: ALTERATION_SIGNIFICANCE[alteration],
      beforeId: left[a.view]!.claim.id,
      afterId: right[b.view]!.claim.id,
      // Typography (curly vs straight apostrophes) is not what was altered.
      words: wordDiff(normalizeText(a.text), normalizeText(b.text)),
      reason: `${name ? `Both quote ${name}` : 'Both quote the same words (the speaker is not named in both)'}; ${ALTERATION_REASON[alteration]}.`,
      alteration,
    });
  }
  for (const q of agreed) (ours.includes(q) ? usedLeft : usedRight).add(q.view);

  // What is left: per person quoted on both sides, one item with each report's words.
  const rest = (list: Quoted[]) =>
    list.filter((q) => q.person && !paired.has(q) && !agreed.has(q) && q.words.length >= MIN_EXCERPT_WORDS);
  const leftRest = rest(ours);
  const rightRest = rest(theirs);
  const done = new Set<Quoted>();
  for (const a of leftRest) {
    if (done.has(a)) continue;
    const mine = leftRest.filter((q) => samePerson(q.person, a.person));
    const others = rightRest.filter((q) => samePerson(q.person, a.person) && !done.has(q));
    for (const q of mine) done.add(q);
    if (others.length === 0) continue;
    for (const q of others) done.add(q);
    // The fuller name of the two reports ("Sabrina Singh" over "Singh").
    const name = [...mine, ...others]
      .map((q) => q.person!)
      .reduce((best, n) => (n.split(' ').length > best.split(' ').length ? n : best));
    for (const q of mine) usedLeft.add(q.view);
    for (const q of others) usedRight.add(q.view);
    out.push({
      kind: 'different-excerpts',
      before: left[mine[0]!.view]!.claim.text,
      after: right[others[0]!.view]!.claim.text,
      facets: [{ type: 'quote', before: mine[0]!.text, after: others[0]!.text }],
      significance: 0.55,
      beforeId: left[mine[0]!.view]!.claim.id,
      afterId: right[others[0]!.view]!.claim.id,
      words: null,
      reason: `Both quote ${name}, with different words.`,
      quotes: { speaker: name, before: mine.map((q) => q.text), after: others.map((q) => q.text) },
    });
  }
  return out;
}

/** The same words credited to different people in two sentences about the same fact. */
export function misattributions(
  l: ClaimView,
  r: ClaimView,
  t: Readonly<SiblingThresholds> = SIBLING_THRESHOLDS,
): Finding[] {
  const findings: Finding[] = [];
  l.claim.quotes.forEach((qa, x) => {
    r.claim.quotes.forEach((qb, y) => {
      const sa = l.persons[x] ?? l.speakers[x];
      const sb = r.persons[y] ?? r.speakers[y];
      if (!sa || !sb || samePerson(sa, sb)) return;
      // Only speakers both analysers named outright, each a person in their own sentence.
      if (!namedPerson(l.claim, qa.speaker) || !namedPerson(r.claim, qb.speaker)) return;
      if (dice(new Set(contentTokens(qa.text)), new Set(contentTokens(qb.text))) < t.sameWords) return;
      findings.push({
        facet: { type: 'quote', before: qa.speaker ?? sa, after: qb.speaker ?? sb },
        reason: `The same words are attributed to different people: ${qa.speaker ?? sa} vs ${qb.speaker ?? sb}.`,
        significance: 0.85,
      });
    });
  });
  return findings;
}
