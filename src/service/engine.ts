/**
 * The engine as the service uses it. The service calls nothing else of src/extract, src/claims,
 * src/compare and src/match, so this file is the one place that follows their signatures.
 */
import { analyse } from '../claims/index';
import { compareArticles } from '../compare/index';
import { normalizeUrlKey, outletOf } from '../extract/index';
import {
  MatchIndex,
  docFromArticle,
  docTerms,
  GROUP_CANDIDATES,
  relateArticles,
  SIBLING_THRESHOLD,
  type DocTerms,
  type PackedMatchIndex,
} from '../match/index';
import type { AnalysedArticle, Article, Comparison, Relation } from '../model/types';
import { hashText, normalizeText } from '../text/normalize';

export interface MatchCandidate {
  articleId: number;
  score: number;
  relation: Relation;
}

/** The match index over stored articles: one document per article (its newest version). */
export interface ArticleMatchIndex {
  put(doc: unknown): void;
  remove(articleId: number): void;
  /** Stored articles most like `article`, best first, never `articleId` itself. */
  nearest(articleId: number | null, article: Article, limit: number): MatchCandidate[];
  readonly size: number;
  /** The whole index in a compact form the store can keep and `loadMatchIndex` reads back. */
  pack(): unknown;
}

export interface Engine {
  analyse(article: Article): AnalysedArticle;
  outletOf(url: string): string;
  urlKeyOf(article: Pick<Article, 'url' | 'canonicalUrl'>): string;
  contentHashOf(article: Pick<Article, 'title' | 'paragraphs'>): string;
  compareVersions(before: AnalysedArticle, after: AnalysedArticle): Comparison;
  compareSiblings(a: AnalysedArticle, b: AnalysedArticle): Comparison;
  /** What the store keeps per article so the index is rebuilt without re-analysing. */
  matchDoc(articleId: number, article: Article, capturedAt: number): unknown;
  createMatchIndex(docs: Iterable<unknown>): ArticleMatchIndex;
  /** Throws when `packed` is not what `pack()` produced. */
  loadMatchIndex(packed: unknown): ArticleMatchIndex;
  /**
   * Each candidate's verdict on the full texts, judged with the others (grouped by event), in the
   * candidates' order, on the same 0..1 scale as the index's scores. `docs[k]`, when known, is
   * candidate k's stored `matchDoc`: the verdict is the same, without reading its text again.
   */
  relateAll(
    article: Article,
    candidates: Article[],
    docs?: readonly unknown[],
  ): { relation: Relation; similarity: number; alone: number }[];
  /** How many candidates relateAll groups with the article. */
  groupCandidates: number;
  siblingThreshold: number;
}

export const engine: Engine = {
  analyse: (article) => analyse(article),
  outletOf: (url) => outletOf(url),
  urlKeyOf: (article) => normalizeUrlKey(article.canonicalUrl ?? article.url),
  // The extractor's own formula (src/extract/extract.ts), so an imported or re-sent article hashes
  // exactly as a fresh extraction of the same text does.
  contentHashOf: (article) => hashText(normalizeText(article.title + '\n' + article.paragraphs.join('\n'))),
  compareVersions: (before, after) => compareArticles(before, after, 'version'),
  compareSiblings: (a, b) => compareArticles(a, b, 'sibling'),
  matchDoc: (articleId, article, capturedAt) => docTerms(docFromArticle(articleId, article, capturedAt)),
  createMatchIndex: (docs) => wrapIndex(MatchIndex.fromDocTerms(docs as Iterable<DocTerms>)),
  loadMatchIndex: (packed) => wrapIndex(MatchIndex.fromPacked(packed as PackedMatchIndex)),
  relateAll: (article, candidates, docs) =>
    relateArticles(article, candidates, docs as readonly (DocTerms | undefined)[] | undefined),
  groupCandidates: GROUP_CANDIDATES,
  siblingThreshold: SIBLING_THRESHOLD,
};

function wrapIndex(index: MatchIndex): ArticleMatchIndex {
  return {
    put: (doc) => index.addDocTerms(doc as DocTerms),
    remove: (articleId) => void index.remove(articleId),
    nearest: (articleId, article, limit) =>
      index
        .candidates(docFromArticle(articleId ?? -1, article), { limit, excludeId: articleId ?? -1 })
        .map((hit) => ({ articleId: Number(hit.id), score: hit.score, relation: hit.relation })),
    get size() {
      return index.size;
    },
    pack: () => index.toPacked(),
  };
}
