/**
 * Matching: how two articles relate (another version of one article, another outlet's report of
 * the same event, or unrelated), and the candidate index that finds related stored articles.
 */
import type { Article, Relation } from '../model/types';
import { normalizeUrlKey } from '../extract/url';
import { jaccard, NEAR_DUPLICATE_JACCARD, shingleSet } from './shingles';
import { sameOutlet } from './outlet';
import {
  eventProfile,
  SAME_EVENT_MODEL,
  SAME_EVENT_THRESHOLD,
  sameEventEvidence,
  sameEventScore,
  type EventProfile,
  type SameEventEvidence,
  type SameEventModel,
} from './same-event';
import { parsePublishedTime } from './similarity';
import { extractTerms } from './terms';

export {
  docFromArticle,
  docTerms,
  MatchIndex,
  MAX_TERMS_PER_DOC,
  SIBLING_THRESHOLD,
  type Candidate,
  type CandidateOptions,
  type DocTerms,
  type MatchDoc,
  type PackedMatchIndex,
  type QueryStats,
  type SerializedMatchIndex,
} from './match-index';
export { extractTerms } from './terms';
export { outletOf, publisherKey, sameOutlet } from './outlet';
export {
  EVIDENCE_KEYS,
  SAME_EVENT_MODEL,
  SAME_EVENT_THRESHOLD,
  sameEventLogit,
  sameEventScore,
  type SameEventEvidence,
  type SameEventModel,
} from './same-event';

export interface Relatedness {
  relation: Relation;
  similarity: number;
  reason: string;
}

function fullText(article: Article): string {
  return [article.title, ...article.paragraphs].join('\n\n');
}

/** What relate() reads of an article, computed once so one article can be related to many. */
export interface PreparedArticle {
  article: Article;
  shingles: Set<number>;
  profile: EventProfile;
}

export function prepareArticle(article: Article): PreparedArticle {
  const text = fullText(article);
  return {
    article,
    shingles: shingleSet(text),
    profile: eventProfile(
      article.title,
      article.paragraphs,
      extractTerms(text),
      parsePublishedTime(article.publishedTime),
    ),
  };
}

/** Everything relate() decides on, apart from the model that weighs it. */
export interface PairEvidence {
  /** Shingle Jaccard: the share of passages the two texts have in common. */
  overlap: number;
  /** Why the pair is one article (same address, same text), or null. */
  version: string | null;
  sameOutlet: boolean;
  evidence: SameEventEvidence;
}

export function pairEvidence(pa: PreparedArticle, pb: PreparedArticle): PairEvidence {
  const a = pa.article;
  const b = pb.article;
  const overlap = jaccard(pa.shingles, pb.shingles);
  const sameKey = a.urlKey !== '' && a.urlKey === b.urlKey;
  const sameCanonical =
    a.canonicalUrl !== null &&
    b.canonicalUrl !== null &&
    normalizeUrlKey(a.canonicalUrl) === normalizeUrlKey(b.canonicalUrl);
  const version = sameKey
    ? 'same address'
    : sameCanonical
      ? 'same canonical address'
      : overlap >= NEAR_DUPLICATE_JACCARD
        ? `same text at another address (${Math.round(overlap * 100)}% of passages shared)`
        : null;
  return {
    overlap,
    version,
    sameOutlet: sameOutlet(a, b),
    evidence: sameEventEvidence(pa.profile, pb.profile),
  };
}

/**
 * The verdict on a pair: one article at two addresses is a version; otherwise the same-event
 * score decides against one threshold, and a report from the same outlet is never a sibling.
 */
export function verdictOf(pair: PairEvidence, model: SameEventModel = SAME_EVENT_MODEL): Relatedness {
  if (pair.version !== null) {
    return { relation: 'version', similarity: round(pair.overlap), reason: pair.version };
  }
  const { evidence } = pair;
  const score = sameEventScore(evidence, model);
  const against: string[] = [];
  if (evidence.yearConflict) against.push('different years mentioned');
  if (evidence.timeGap > 0.3) against.push('published far apart');
  const detail =
    `text ${pct(evidence.text)}, opening ${pct(evidence.lede)}, names ${pct(evidence.names)}, ` +
    `figures ${pct(evidence.numbers)}` +
    (against.length ? `; against: ${against.join(', ')}` : '');
  if (score < SAME_EVENT_THRESHOLD) {
    return { relation: 'unrelated', similarity: score, reason: `not the same event: ${detail}` };
  }
  if (pair.sameOutlet) {
    return {
      relation: 'unrelated',
      similarity: score,
      reason: `another article from the same outlet on a similar subject: ${detail}`,
    };
  }
  return {
    relation: 'sibling',
    similarity: score,
    reason: `another outlet's report of the same event: ${detail}`,
  };
}

/**
 * How `b` relates to `a`, from the two texts alone: without a corpus there are no document
 * frequencies, so terms are weighted by kind (stop-words and reporting verbs are already gone).
 * A sibling scores at least SAME_EVENT_THRESHOLD, the index's SIBLING_THRESHOLD.
 */
export function relate(a: Article, b: Article): Relatedness {
  return relatePrepared(preparedOnce(a), preparedOnce(b));
}

/**
 * One article is related to each of many candidates in turn (the popup's sibling list), so its
 * terms and shingles are kept while the article object lives. Articles are not edited in place.
 */
const prepared = new WeakMap<Article, PreparedArticle>();

function preparedOnce(article: Article): PreparedArticle {
  let known = prepared.get(article);
  if (!known) prepared.set(article, (known = prepareArticle(article)));
  return known;
}

export function relatePrepared(
  pa: PreparedArticle,
  pb: PreparedArticle,
  model: SameEventModel = SAME_EVENT_MODEL,
): Relatedness {
  return verdictOf(pairEvidence(pa, pb), model);
}

/**
 * The order of related candidates: versions first (the same article), then everything else by the
 * same-event score alone, so a relation label never lifts a weaker candidate over a stronger one.
 */
export function compareRelated(
  a: { relation: Relation; score: number },
  b: { relation: Relation; score: number },
): number {
  return Number(b.relation === 'version') - Number(a.relation === 'version') || b.score - a.score;
}

/** Candidates ordered for display: versions first, then by same-event score. */
export function rank(
  article: Article,
  candidates: { id: string; article: Article }[],
): { id: string; relation: Relation; score: number }[] {
  return rankPrepared(
    prepareArticle(article),
    candidates.map(({ id, article: candidate }) => ({ id, article: prepareArticle(candidate) })),
  );
}

export function rankPrepared<Id>(
  article: PreparedArticle,
  candidates: { id: Id; article: PreparedArticle }[],
): { id: Id; relation: Relation; score: number }[] {
  return candidates
    .map(({ id, article: candidate }) => {
      const { relation, similarity } = relatePrepared(article, candidate);
      return { id, relation, score: similarity };
    })
    .sort(compareRelated);
}

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
