/**
 * One calibrated same-event score for a lone pair of articles (no corpus): the evidence that two
 * reports are about one event, weighed by a logistic model fitted on event clusters with
 * cross-validation (tests/eval/siblings.ts prints the fit and both held-out halves). Hard-negative
 * evidence (other dates, other years mentioned, other people and places, other figures) carries
 * negative weight in the same sum, so it lowers the score instead of overriding it, and a pair
 * whose text agrees strongly can still outweigh it.
 */
import { KIND_WEIGHT } from './similarity';
import { extractTerms, termKind } from './terms';

/** The score at which a pair from two outlets is called a sibling; the model is shifted to it. */
export const SAME_EVENT_THRESHOLD = 0.3;

/** What a pair is judged on; every field is 0..1. */
export interface SameEventEvidence {
  /** Kind-weighted term cosine of the whole texts. */
  text: number;
  /** Weighted overlap of all names. */
  names: number;
  /** Weighted overlap of all figures. */
  numbers: number;
  /** Term cosine of the headlines and opening lines: where a report says which event it is. */
  lede: number;
  /** Share of the most-mentioned names (the who and where) both sides mention most. */
  leadNames: number;
  /** Both mention calendar years and none in common. */
  yearConflict: number;
  /** The name each side mentions most is absent from the other side altogether. */
  leadConflict: number;
  /** Publication times both known and within days of each other: one event is reported at once. */
  timeClose: number;
  /** Publication times both known and days apart (log scale, 1 at a year or more). */
  timeGap: number;
}

export type SameEventWeights = Record<keyof SameEventEvidence, number>;

export interface SameEventModel {
  bias: number;
  weights: SameEventWeights;
}

export const EVIDENCE_KEYS: (keyof SameEventEvidence)[] = [
  'text',
  'names',
  'numbers',
  'lede',
  'leadNames',
  'yearConflict',
  'leadConflict',
  'timeClose',
  'timeGap',
];

/**
 * Fitted on all clusters of siblings-dev.jsonl and siblings-dev-ecbplus-extra.jsonl by
 * `npm run eval -- --only siblings`; the bias puts the chosen decision point at
 * SAME_EVENT_THRESHOLD for candidates judged together (relateGroup), which sits below where a
 * lone pair alone would keep the same precision.
 */
export const SAME_EVENT_MODEL: SameEventModel = {
  bias: -6.37,
  weights: {
    text: 4.35,
    names: 2.61,
    numbers: 1.78,
    lede: 5.06,
    leadNames: 2.34,
    yearConflict: -0.55,
    leadConflict: -1.27,
    timeClose: 2.67,
    timeGap: -1.61,
  },
};

/**
 * Terms weighed for a lone pair: each term's sublinear frequency times its kind weight, with the
 * totals the cosine and the overlaps divide by. Computed once per article, because an article is
 * paired with every candidate and every candidate with the others.
 */
interface WeighedTerms {
  weights: Map<string, number>;
  norm: number;
  names: number;
  numbers: number;
}

/** What an article brings to the same-event evidence, computed once per article. */
export interface EventProfile {
  terms: WeighedTerms;
  lede: WeighedTerms;
  leadNames: Set<string>;
  topName: string | null;
  years: Set<string>;
  /** Publication time, ms since the epoch, or null. */
  time: number | null;
}

const LEDE_CHARS = 400;
const LEAD_NAMES = 6;
const YEAR = /^#(?:1[89]|20)\d\d$/;
const DAY_MS = 86_400_000;

export function eventProfile(
  title: string,
  paragraphs: string[],
  terms: ReadonlyMap<string, number>,
  time: number | null,
): EventProfile {
  let lede = title;
  for (const paragraph of paragraphs) {
    if (lede.length >= LEDE_CHARS) break;
    lede += '\n' + paragraph;
  }
  const names = [...terms].filter(([term]) => termKind(term) === 'name');
  // Stable sort: among equally frequent names the first mentioned wins, as a reader's would.
  names.sort((a, b) => b[1] - a[1]);
  const years = new Set([...terms.keys()].filter((term) => YEAR.test(term)));
  return {
    terms: weigh(terms),
    lede: weigh(extractTerms(lede)),
    leadNames: new Set(names.slice(0, LEAD_NAMES).map(([term]) => term)),
    topName: names[0]?.[0] ?? null,
    years,
    time,
  };
}

function weigh(terms: ReadonlyMap<string, number>): WeighedTerms {
  const weights = new Map<string, number>();
  let norm = 0;
  let names = 0;
  let numbers = 0;
  for (const [term, tf] of terms) {
    const kind = termKind(term);
    const weight = (1 + Math.log(tf)) * KIND_WEIGHT[kind];
    weights.set(term, weight);
    norm += weight * weight;
    if (kind === 'name') names += KIND_WEIGHT.name;
    else if (kind === 'number') numbers += KIND_WEIGHT.number;
  }
  return { weights, norm: Math.sqrt(norm), names, numbers };
}

/**
 * The cosine of the weighed vectors and the weighted Dice overlaps of names and of figures (the
 * pair form of similarity.ts's pairFeatures, walking the shorter side).
 */
function features(a: WeighedTerms, b: WeighedTerms): { text: number; names: number; numbers: number } {
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  let sharedNames = 0;
  let sharedNumbers = 0;
  for (const [term, weight] of small.weights) {
    const other = large.weights.get(term);
    if (other === undefined) continue;
    dot += weight * other;
    const kind = termKind(term);
    if (kind === 'name') sharedNames += KIND_WEIGHT.name;
    else if (kind === 'number') sharedNumbers += KIND_WEIGHT.number;
  }
  const denominator = a.norm * b.norm;
  return {
    text: denominator > 0 ? Math.min(1, dot / denominator) : 0,
    names: a.names + b.names > 0 ? (2 * sharedNames) / (a.names + b.names) : 0,
    numbers: a.numbers + b.numbers > 0 ? (2 * sharedNumbers) / (a.numbers + b.numbers) : 0,
  };
}

export function sameEventEvidence(a: EventProfile, b: EventProfile): SameEventEvidence {
  const whole = features(a.terms, b.terms);
  const lede = features(a.lede, b.lede);
  let sharedLead = 0;
  for (const name of a.leadNames) if (b.leadNames.has(name)) sharedLead++;
  const fewerLead = Math.min(a.leadNames.size, b.leadNames.size);
  let sharedYear = false;
  for (const year of a.years) if (b.years.has(year)) sharedYear = true;
  const dated = a.time !== null && b.time !== null;
  const days = dated ? Math.abs(a.time! - b.time!) / DAY_MS : 0;
  return {
    text: whole.text,
    names: whole.names,
    numbers: whole.numbers,
    lede: lede.text,
    leadNames: fewerLead > 0 ? sharedLead / fewerLead : 0,
    yearConflict: a.years.size > 0 && b.years.size > 0 && !sharedYear ? 1 : 0,
    leadConflict:
      a.topName !== null &&
      b.topName !== null &&
      !b.terms.weights.has(a.topName) &&
      !a.terms.weights.has(b.topName)
        ? 1
        : 0,
    timeClose: dated ? Math.max(0, 1 - Math.max(0, days - 2) / 5) : 0,
    timeGap: Math.min(1, Math.log1p(Math.max(0, days - 2)) / Math.log(366)),
  };
}

export function sameEventLogit(evidence: SameEventEvidence, model: SameEventModel): number {
  let z = model.bias;
  for (const key of EVIDENCE_KEYS) z += model.weights[key] * evidence[key];
  return z;
}

/** The same-event score, 0..1: a logistic of the weighed evidence, SAME_EVENT_THRESHOLD at the decision. */
export function sameEventScore(
  evidence: SameEventEvidence,
  model: SameEventModel = SAME_EVENT_MODEL,
): number {
  return 1 / (1 + Math.exp(-sameEventLogit(evidence, model)));
}
