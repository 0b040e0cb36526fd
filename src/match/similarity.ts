/**
 * How alike two reports are, as one calibrated number in 0..1. The same scoring serves the
 * corpus index (term weights from document frequencies) and a lone pair of articles (term weights
 * from the term kind alone), so a score means the same thing wherever it was computed.
 */
import type { TermKind } from './terms';

/** Extra weight of a term by kind: names and figures pin down an occasion, topic words do not. */
export const KIND_WEIGHT: Record<TermKind, number> = { word: 1, name: 1.6, number: 1.4 };

export interface PairFeatures {
  /** Cosine of sublinear-tf × weight vectors over all terms. */
  text: number;
  /** Weighted Dice overlap of the names each side mentions. */
  names: number;
  /** Weighted Dice overlap of the figures each side mentions (counts, years, magnitudes). */
  numbers: number;
  /** 0..1 multiplier from the publication times; 1 when either is unknown. */
  time: number;
}

/** Totals of query terms held outside the query map (terms a corpus has never seen). */
export interface Side {
  norm: number;
  names: number;
  numbers: number;
}

/**
 * Features of a query vector against a document vector. `weight` is the term's informativeness
 * (idf × kind weight); `kind` tells names and numbers apart. The query is a map so the document
 * side can be walked in whatever compact form it is stored in. A caller scoring many documents
 * against one query passes the query's totals from `querySide` instead of `queryExtra`, so they
 * are summed once rather than once a document.
 */
export function pairFeatures<K>(
  query: Map<K, number>,
  document: Iterable<[K, number]>,
  weight: (term: K) => number,
  kind: (term: K) => TermKind,
  time: number,
  queryExtra: Side = { norm: 0, names: 0, numbers: 0 },
  q: Side = querySide(query, weight, kind, queryExtra),
): PairFeatures {
  let dNorm = 0;
  let dNames = 0;
  let dNumbers = 0;
  let dot = 0;
  let sharedNames = 0;
  let sharedNumbers = 0;
  for (const [term, tf] of document) {
    const w = weight(term);
    const dw = (1 + Math.log(tf)) * w;
    dNorm += dw * dw;
    const termType = kind(term);
    if (termType === 'name') dNames += w;
    else if (termType === 'number') dNumbers += w;
    const qtf = query.get(term);
    if (qtf === undefined) continue;
    dot += (1 + Math.log(qtf)) * w * dw;
    if (termType === 'name') sharedNames += w;
    else if (termType === 'number') sharedNumbers += w;
  }
  const denominator = Math.sqrt(q.norm) * Math.sqrt(dNorm);
  return {
    text: denominator > 0 ? Math.min(1, dot / denominator) : 0,
    names: q.names + dNames > 0 ? (2 * sharedNames) / (q.names + dNames) : 0,
    numbers: q.numbers + dNumbers > 0 ? (2 * sharedNumbers) / (q.numbers + dNumbers) : 0,
    time,
  };
}

/** The query side's totals for pairFeatures: its own terms plus those held outside the map. */
export function querySide<K>(
  vector: Map<K, number>,
  weight: (term: K) => number,
  kind: (term: K) => TermKind,
  extra: Side = { norm: 0, names: 0, numbers: 0 },
): Side {
  let norm = 0;
  let names = 0;
  let numbers = 0;
  for (const [term, tf] of vector) {
    const w = weight(term);
    const tw = (1 + Math.log(tf)) * w;
    norm += tw * tw;
    const termType = kind(term);
    if (termType === 'name') names += w;
    else if (termType === 'number') numbers += w;
  }
  // Added last, as pairFeatures always did, so every score stays the same to the last bit.
  return { norm: norm + extra.norm, names: names + extra.names, numbers: numbers + extra.numbers };
}

/**
 * One score from the features. Text similarity carries most of it; shared names and figures lift
 * a pair that reports the same occasion, and a pair far apart in time is pulled down because one
 * event is reported within days. The square root spreads the low end so that a same-event pair
 * lands above about 0.3 and an unrelated pair near 0.
 */
export function combineFeatures(features: PairFeatures): number {
  const evidence = 0.5 * features.text + 0.4 * features.names + 0.1 * features.numbers;
  return Math.min(1, Math.sqrt(evidence) * features.time);
}

const DAY_MS = 86_400_000;

/** An unknown time is weaker evidence of one occasion than two times days apart. */
const UNKNOWN_TIME = 0.85;

/**
 * Publication-time proximity: full weight within 3 days, then a smooth decay (about 0.75 at a
 * month, 0.45 at three months) to a floor of 0.25 for reports years apart, since a follow-up
 * weeks later can still be about the event.
 */
export function timeProximity(a: number | null, b: number | null): number {
  if (a === null || b === null) return UNKNOWN_TIME;
  const days = Math.abs(a - b) / DAY_MS;
  if (days <= 3) return 1;
  return 0.25 + 0.75 / (1 + Math.pow((days - 3) / 45, 1.5));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Milliseconds since the epoch of a publication time as pages state it: ISO 8601, or the loose
 * forms metadata often carries ("Posted : May 24, 2005", "14 June 2013", "11 / 30 / 09 05:40 PM").
 * Null when no date can be read.
 */
export function parsePublishedTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return parsed;
  }
  const lower = text.toLowerCase();
  const monthFirst = /\b([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})\b/.exec(lower);
  if (monthFirst) {
    const month = MONTHS.indexOf(monthFirst[1]!);
    if (month >= 0) return Date.UTC(Number(monthFirst[3]), month, Number(monthFirst[2]));
  }
  const dayFirst = /\b(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})\b/.exec(lower);
  if (dayFirst) {
    const month = MONTHS.indexOf(dayFirst[2]!);
    if (month >= 0) return Date.UTC(Number(dayFirst[3]), month, Number(dayFirst[1]));
  }
  const numeric = /\b(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4}|\d{2})\b/.exec(lower);
  if (numeric) {
    const rawYear = Number(numeric[3]);
    const year = numeric[3]!.length === 2 ? (rawYear < 70 ? 2000 + rawYear : 1900 + rawYear) : rawYear;
    const month = Number(numeric[1]) - 1;
    const day = Number(numeric[2]);
    if (month >= 0 && month < 12 && day >= 1 && day <= 31) return Date.UTC(year, month, day);
  }
  // Date.parse is not used as a last resort: it reads "She was 91." as the year 1991.
  return null;
}
