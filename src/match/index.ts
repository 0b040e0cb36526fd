/**
 * Matching: how two articles relate (another version of one article, another outlet's report of
 * the same event, or unrelated), and the candidate index that finds related stored articles.
 */
import type { Article, Relation } from '../model/types';
import { normalizeUrlKey } from '../extract/url';
import { groupScores, GROUP_CANDIDATES } from './event-group';
import { jaccard, minhashSignature, NEAR_DUPLICATE_JACCARD, signatureSimilarity } from './shingles';
import type { DocTerms } from './match-doc';
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
import { shinglesOf, termsOf } from './text-features';

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
export { GROUP_CANDIDATES, groupScores } from './event-group';
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
  /**
   * The pair's own score, before the other reports moved it (for a version, its overlap).
   * Reports that join an article's event together share one group score; this orders them.
   */
  alone: number;
  reason: string;
}

function fullText(article: Article): string {
  return [article.title, ...article.paragraphs].join('\n\n');
}

/** What relate() reads of an article, computed once so one article can be related to many. */
export interface PreparedArticle {
  article: Article;
  /** MinHash of the shingles: says which pairs could be one text before any exact overlap. */
  signature: string;
  /** The exact shingles, made on first need (see OVERLAP_GATE). */
  shingles(): ReadonlySet<number>;
  profile: EventProfile;
}

/**
 * Signature estimate below which a pair's exact shingle overlap is not computed. The estimate's
 * standard error is about 0.06 near NEAR_DUPLICATE_JACCARD: a pair exactly at that threshold is
 * estimated below the gate about once in 10^11, and every pair above the gate gets the exact figure.
 */
const OVERLAP_GATE = 0.2;

export function prepareArticle(article: Article): PreparedArticle {
  const text = fullText(article);
  const shingles = shinglesOf(text);
  return preparedFrom(article, termsOf(text), minhashSignature(shingles), () => shingles);
}

/**
 * The same preparation from what the store keeps beside an article (its match row: every term of
 * the same text and its signature), so relating a stored candidate reads no text again but its
 * opening lines. `row` must be the match document of exactly this article.
 */
export function prepareStoredArticle(article: Article, row: DocTerms): PreparedArticle {
  const terms = new Map<string, number>();
  row.terms.forEach((term, i) => terms.set(term, row.tfs[i] ?? 1));
  let shingles: ReadonlySet<number> | null = null;
  return preparedFrom(article, terms, row.signature, () => (shingles ??= shinglesOf(fullText(article))));
}

function preparedFrom(
  article: Article,
  terms: ReadonlyMap<string, number>,
  signature: string,
  shingles: () => ReadonlySet<number>,
): PreparedArticle {
  return {
    article,
    signature,
    shingles,
    profile: eventProfile(
      article.title,
      article.paragraphs,
      terms,
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
  const sameKey = a.urlKey !== '' && a.urlKey === b.urlKey;
  const sameCanonical =
    a.canonicalUrl !== null &&
    b.canonicalUrl !== null &&
    normalizeUrlKey(a.canonicalUrl) === normalizeUrlKey(b.canonicalUrl);
  // A version's similarity is its exact overlap; for other pairs only whether it may reach
  // NEAR_DUPLICATE_JACCARD matters, and the estimate rules that out for nearly all of them.
  const estimate = signatureSimilarity(pa.signature, pb.signature);
  const overlap =
    sameKey || sameCanonical || estimate >= OVERLAP_GATE ? jaccard(pa.shingles(), pb.shingles()) : estimate;
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
  return verdictAt(pair, sameEventScore(pair.evidence, model), null);
}

/**
 * The verdict at a given same-event score: the pair's own, or its group score, in which case
 * `group` says how the other reports moved it.
 */
function verdictAt(pair: PairEvidence, score: number, group: string | null, alone = score): Relatedness {
  if (pair.version !== null) {
    const overlap = round(pair.overlap);
    return { relation: 'version', similarity: overlap, alone: overlap, reason: pair.version };
  }
  const { evidence } = pair;
  const against: string[] = [];
  if (evidence.yearConflict) against.push('different years mentioned');
  if (evidence.timeGap > 0.3) against.push('published far apart');
  const detail =
    `text ${pct(evidence.text)}, opening ${pct(evidence.lede)}, names ${pct(evidence.names)}, ` +
    `figures ${pct(evidence.numbers)}` +
    (against.length ? `; against: ${against.join(', ')}` : '') +
    (group ? `; ${group}` : '');
  if (score < SAME_EVENT_THRESHOLD) {
    return { relation: 'unrelated', similarity: score, alone, reason: `not the same event: ${detail}` };
  }
  if (pair.sameOutlet) {
    return {
      relation: 'unrelated',
      similarity: score,
      alone,
      reason: `another article from the same outlet on a similar subject: ${detail}`,
    };
  }
  return {
    relation: 'sibling',
    similarity: score,
    alone,
    reason: `another outlet's report of the same event: ${detail}`,
  };
}

/**
 * How each of `count` candidates relates to an article, judged with all of them: item 0 is the
 * article, items 1..count the candidates, and `pair(i, j)` the evidence on two of them. Versions
 * are decided by the pair alone. The best GROUP_CANDIDATES others are grouped with the article by
 * event (src/match/event-group.ts) and scored by their group score; a candidate beyond them
 * keeps its pair score. The sibling decision is then one threshold on that score, as for a pair,
 * and two items alone (an article and one candidate) give exactly the pair's verdict.
 */
export function relateGroup(
  count: number,
  pair: (i: number, j: number) => PairEvidence,
  model: SameEventModel = SAME_EVENT_MODEL,
): Relatedness[] {
  const direct = Array.from({ length: count }, (_, k) => pair(0, k + 1));
  const scores = direct.map((p) => sameEventScore(p.evidence, model));
  const grouped = direct
    .map((p, k) => ({ k, score: scores[k]! }))
    .filter(({ k }) => direct[k]!.version === null)
    .sort((a, b) => b.score - a.score || a.k - b.k)
    .slice(0, GROUP_CANDIDATES)
    .map(({ k }) => k + 1);
  const items = [0, ...grouped];
  const group = groupScores(items.length, (a, b) =>
    a === 0 ? scores[items[b]! - 1]! : sameEventScore(pair(items[a]!, items[b]!).evidence, model),
  );
  const groupScore = new Map(grouped.map((item, n) => [item, group[n + 1]!]));
  return direct.map((p, k) => {
    const own = scores[k]!;
    const withGroup = groupScore.get(k + 1);
    if (withGroup === undefined || items.length <= 2) return verdictAt(p, own, null);
    const crossed = own >= SAME_EVENT_THRESHOLD !== withGroup >= SAME_EVENT_THRESHOLD;
    const note = crossed
      ? withGroup > own
        ? `with the other reports of this event: ${pct(withGroup)} (alone ${pct(own)})`
        : `unlike the other reports of this event: ${pct(withGroup)} (alone ${pct(own)})`
      : null;
    return verdictAt(p, withGroup, note, own);
  });
}

/** relateGroup on articles: every pair's evidence is computed at most once. */
export function relateAmong(
  article: PreparedArticle,
  candidates: PreparedArticle[],
  model: SameEventModel = SAME_EVENT_MODEL,
): Relatedness[] {
  const items = [article, ...candidates];
  const known = new Map<number, PairEvidence>();
  return relateGroup(
    candidates.length,
    (i, j) => {
      const key = Math.min(i, j) * items.length + Math.max(i, j);
      let evidence = known.get(key);
      if (!evidence) known.set(key, (evidence = pairEvidence(items[i]!, items[j]!)));
      return evidence;
    },
    model,
  );
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

function preparedOnce(article: Article, row?: DocTerms | null): PreparedArticle {
  let known = prepared.get(article);
  if (!known)
    prepared.set(article, (known = row ? prepareStoredArticle(article, row) : prepareArticle(article)));
  return known;
}

/**
 * relateAmong on articles, for a caller that meets the same candidates again and again (the
 * service: every capture and popup of one story relates the same stored reports): the evidence
 * between two candidates is kept while both article objects live. `rows[k]`, when given, is
 * candidate k's stored match document, which spares reading its whole text again.
 */
export function relateArticles(
  article: Article,
  candidates: Article[],
  rows: readonly (DocTerms | null | undefined)[] = [],
): Relatedness[] {
  const items = [
    preparedOnce(article),
    ...candidates.map((candidate, k) => preparedOnce(candidate, rows[k])),
  ];
  return relateGroup(candidates.length, (i, j) => keptEvidence(items[i]!, items[j]!));
}

const keptPairs = new WeakMap<PreparedArticle, WeakMap<PreparedArticle, PairEvidence>>();

function keptEvidence(a: PreparedArticle, b: PreparedArticle): PairEvidence {
  let row = keptPairs.get(a);
  let evidence = row?.get(b) ?? keptPairs.get(b)?.get(a);
  if (evidence) return evidence;
  evidence = pairEvidence(a, b);
  if (!row) keptPairs.set(a, (row = new WeakMap()));
  row.set(b, evidence);
  return evidence;
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
 * Reports that joined the article's event together share a score; their own pair scores order them.
 */
export function compareRelated(
  a: { relation: Relation; score: number; alone?: number },
  b: { relation: Relation; score: number; alone?: number },
): number {
  return (
    Number(b.relation === 'version') - Number(a.relation === 'version') ||
    b.score - a.score ||
    (b.alone ?? b.score) - (a.alone ?? a.score)
  );
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
  const verdicts = relateAmong(
    article,
    candidates.map((c) => c.article),
  );
  return candidates
    .map(({ id }, k) => ({
      id,
      relation: verdicts[k]!.relation,
      score: verdicts[k]!.similarity,
      alone: verdicts[k]!.alone,
    }))
    .sort(compareRelated)
    .map(({ id, relation, score }) => ({ id, relation, score }));
}

function pct(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
