/**
 * Matching: how two articles relate (another version of one article, another outlet's report of
 * the same event, or unrelated), and the candidate index that finds related stored articles.
 */
import type { Article, Relation } from '../model/types';
import { normalizeUrlKey } from '../extract/url';
import { compareCandidates, outletOfArticle, SIBLING_THRESHOLD } from './match-index';
import { jaccard, NEAR_DUPLICATE_JACCARD, shingleSet } from './shingles';
import { combineFeatures, KIND_WEIGHT, pairFeatures, parsePublishedTime, timeProximity } from './similarity';
import { extractTerms, termKind } from './terms';

export {
  docFromArticle,
  docTerms,
  MatchIndex,
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
/** The order rank() puts related candidates in. */
export { compareCandidates as compareRelated };

/**
 * Without a corpus, topic words ("earthquake", "magnitude", "rescuers") weigh as much as names, so
 * two quakes a month apart read alike. A lone pair is called a sibling only if it also shares a
 * fair part of who and where (names) or of its figures: two reports of one event nearly always do.
 */
const PAIR_CORROBORATION = 0.2;

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
  terms: Map<string, number>;
  shingles: Set<number>;
  time: number | null;
}

export function prepareArticle(article: Article): PreparedArticle {
  const text = fullText(article);
  return {
    article,
    terms: extractTerms(text),
    shingles: shingleSet(text),
    time: parsePublishedTime(article.publishedTime),
  };
}

/**
 * How `b` relates to `a`. Without a corpus there are no document frequencies, so terms are
 * weighted by kind alone (stop-words and reporting verbs are already gone); the score is on the
 * same 0..1 scale as `MatchIndex.candidates`.
 */
export function relate(a: Article, b: Article): Relatedness {
  return relatePrepared(prepareArticle(a), prepareArticle(b));
}

export function relatePrepared(pa: PreparedArticle, pb: PreparedArticle): Relatedness {
  const a = pa.article;
  const b = pb.article;
  const overlap = jaccard(pa.shingles, pb.shingles);
  const sameKey = a.urlKey !== '' && a.urlKey === b.urlKey;
  const sameCanonical =
    a.canonicalUrl !== null &&
    b.canonicalUrl !== null &&
    normalizeUrlKey(a.canonicalUrl) === normalizeUrlKey(b.canonicalUrl);
  if (sameKey || sameCanonical) {
    return {
      relation: 'version',
      similarity: round(overlap),
      reason: sameKey ? 'same address' : 'same canonical address',
    };
  }
  if (overlap >= NEAR_DUPLICATE_JACCARD) {
    return {
      relation: 'version',
      similarity: round(overlap),
      reason: `same text at another address (${Math.round(overlap * 100)}% of passages shared)`,
    };
  }
  const features = pairFeatures(
    pa.terms,
    pb.terms,
    (term: string) => KIND_WEIGHT[termKind(term)],
    termKind,
    timeProximity(pa.time, pb.time),
  );
  const score = combineFeatures(features);
  const detail =
    `text ${pct(features.text)}, names ${pct(features.names)}, figures ${pct(features.numbers)}` +
    (features.time < 1 ? `, published far apart (×${features.time.toFixed(2)})` : '');
  if (score < SIBLING_THRESHOLD) {
    return { relation: 'unrelated', similarity: round(score), reason: `little in common: ${detail}` };
  }
  if (Math.max(features.names, features.numbers) < PAIR_CORROBORATION) {
    return {
      relation: 'unrelated',
      similarity: round(score),
      reason: `same kind of story, but different people, places and figures: ${detail}`,
    };
  }
  if (outletOfArticle(a) === outletOfArticle(b)) {
    return {
      relation: 'unrelated',
      similarity: round(score),
      reason: `another article from the same outlet on a similar subject: ${detail}`,
    };
  }
  return {
    relation: 'sibling',
    similarity: round(score),
    reason: `another outlet's report of the same event: ${detail}`,
  };
}

/** Candidates ordered for display: versions first, then siblings by score, then the rest. */
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
    .sort(compareCandidates);
}

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
