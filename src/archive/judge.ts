/**
 * "Is this capture the article?" An archive stores whatever the address answered on the day:
 * besides the article, a consent wall, a subscription stub, an error page, or another story the
 * outlet later put at that address. None of those may become a version of the article. Pure, so
 * the decision is tested apart from any network.
 */
import { extractTerms } from '../match/terms';
import type { Article, ExtractResult } from '../model/types';
import type { CaptureReasonCode } from './types';

export interface CaptureEvidence {
  /** What extraction made of the capture. */
  extracted: ExtractResult;
  /** The page's visible text and `<title>`, to name what it is when it is not an article. */
  pageText: string;
  pageTitle: string;
}

export interface Judgement {
  status: 'used' | 'same' | 'skipped';
  reason: string | null;
  reasonCode: CaptureReasonCode | null;
}

/**
 * Share of the smaller text's terms found in the other. Versions of one article measured
 * 0.71–1.00 (the 9 dev version pairs and the founding Fox pair); another article of the same
 * outlet at most 0.51 (240 pairs of siblings-dev). 2-fold cross-validation, each threshold fitted
 * as the midpoint on one half: 0.61 and 0.74, which rejected 0/5 and 1/5 versions and accepted
 * 0/165 other articles on the other half; 0.6 keeps the margin on the side of keeping versions.
 */
export const SAME_ARTICLE_OVERLAP = 0.6;

/** Below this many words a page is a stub or a wall, not the article behind it. */
const SHORT_PAGE_WORDS = 250;
/** A paywall stub shows a teaser: less than this share of the article's words. */
const TEASER_SHARE = 0.5;

const COOKIE_WALL = [
  /\bcookies?\b/i,
  /\bconsent\b|\bconsentement\b|\bzustimmung\b|\bconsentimiento\b|\bconsenso\b/i,
  /\b(?:accept|agree|allow)(?: all)?\b|\baccepter\b|\bakzeptieren\b|\baceptar\b|\baccetta\b/i,
  /\b(?:reject|decline|refuse)(?: all)?\b|\brefuser\b|\bablehnen\b|\brechazar\b|\brifiuta\b/i,
  /\bpartners?\b|\bvendors?\b|\blegitimate interest\b/i,
  /\b(?:manage|customi[sz]e) (?:options|preferences|settings|choices)\b|\bprivacy (?:policy|settings)\b/i,
  /\bpersonal data\b|\bpersonali[sz]ed (?:ads|advertising|content)\b|\bstore and\/or access information\b/i,
];

/** Said only by a page that withholds the article; one of these, and one more of PAYWALL_WORDS. */
const PAYWALL = [
  /\balready (?:a )?(?:subscriber|have an account|registered)\b/i,
  /\b(?:to )?(?:continue|keep) reading\b|\bread the full (?:story|article)\b/i,
  /\bsubscribers? only\b|\bexclusive to subscribers\b|\bfor subscribers\b/i,
  /\byou(?:'ve| have) (?:reached|read) (?:your|the|all your) (?:limit|\d+ free|free)\b|\bfree articles? (?:left|remaining)\b/i,
];

/** Common on every page (footers, menus); they only confirm a PAYWALL phrase. */
const PAYWALL_WORDS = [
  /\bsubscribe\b|\bsubscription\b|\babonnez\b|\babonnieren\b|\bsuscr[ií]b/i,
  /\bsign in\b|\blog in\b|\bregister\b/i,
  /\bunlock\b|\bfree trial\b|\bper (?:month|week)\b|\bdigital access\b/i,
];

const ERROR_PAGE =
  /\b(?:404|410|500|502|503)\b|\bpage (?:not found|cannot be found|can't be found|no longer (?:exists|available))\b|\bnot found\b|\baccess denied\b|\bforbidden\b|\bservice unavailable\b|\bbad gateway\b|\bsomething went wrong\b|\b(?:this|the) page (?:you requested|is unavailable|has (?:moved|been removed))\b/i;

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function hits(patterns: readonly RegExp[], text: string): number {
  return patterns.filter((p) => p.test(text)).length;
}

export type NonArticleKind = 'cookie wall' | 'paywall stub' | 'error page';

const KIND_CODE: Record<NonArticleKind, CaptureReasonCode> = {
  'cookie wall': 'cookie-wall',
  'paywall stub': 'paywall',
  'error page': 'error-page',
};

/**
 * Which kind of non-article a page is, from its text and title, or null when it reads as none.
 * Give it the text of a page that is short, or of one that extraction rejected: a full article's
 * footer names cookies, subscriptions and privacy too.
 */
export function nonArticleKind(text: string, title: string): NonArticleKind | null {
  const sample = text.slice(0, 20_000);
  if (ERROR_PAGE.test(title) || (words(sample) < 120 && ERROR_PAGE.test(sample))) return 'error page';
  if (hits(COOKIE_WALL, sample) >= 3) return 'cookie wall';
  if (paywalled(sample)) return 'paywall stub';
  return null;
}

function paywalled(text: string): boolean {
  const strong = hits(PAYWALL, text);
  return strong >= 1 && strong + hits(PAYWALL_WORDS, text) >= 2;
}

// The live article is judged against every capture of a lookup: its terms are counted once.
const TERMS = new WeakMap<Article, Map<string, number>>();

function termsOf(article: Article): Map<string, number> {
  let terms = TERMS.get(article);
  if (!terms) {
    terms = extractTerms([article.title, ...article.paragraphs].join('\n\n'));
    TERMS.set(article, terms);
  }
  return terms;
}

function termOverlap(a: Article, b: Article): number {
  const ta = termsOf(a);
  const tb = termsOf(b);
  let shared = 0;
  let na = 0;
  let nb = 0;
  for (const [term, count] of ta) {
    na += count;
    shared += Math.min(count, tb.get(term) ?? 0);
  }
  for (const count of tb.values()) nb += count;
  return shared / Math.max(1, Math.min(na, nb));
}

/** Share of the terms the smaller of two articles has in common with the other. */
export function articleOverlap(a: Article, b: Article): number {
  return Math.round(termOverlap(a, b) * 1000) / 1000;
}

function shortTitle(title: string): string {
  return title.length > 80 ? `${title.slice(0, 77)}…` : title;
}

/**
 * Whether a capture is a version of the article: `skipped` with the reason when it is not,
 * `same` when an earlier capture (listed in `seen`: content hash → its time) had the same text,
 * else `used`. `live` is the article as it is now; without it only the page itself is judged.
 */
export function judgeCapture(
  evidence: CaptureEvidence,
  live: Article | null,
  seen: ReadonlyMap<string, string>,
): Judgement {
  const { extracted } = evidence;
  if (!extracted.ok) {
    const kind = nonArticleKind(evidence.pageText, evidence.pageTitle);
    return {
      status: 'skipped',
      reason: kind ?? `not an article (${extracted.reason}): ${extracted.message}`,
      reasonCode: kind ? KIND_CODE[kind] : 'not-article',
    };
  }
  const article = extracted.article;
  const articleWords = words(article.paragraphs.join(' '));
  const liveWords = live ? words(live.paragraphs.join(' ')) : 0;
  const overlap = live ? termOverlap(article, live) : null;
  // Text that is mostly the live article's is no wall, whatever it says: a short early report on
  // consent rules speaks of cookies and partners too.
  if (articleWords < SHORT_PAGE_WORDS && (overlap === null || overlap < SAME_ARTICLE_OVERLAP)) {
    // What extraction kept is the wall itself (its furniture rules drop footers, not walls).
    const kind = nonArticleKind([article.title, ...article.paragraphs].join('\n'), article.title);
    if (kind) return { status: 'skipped', reason: kind, reasonCode: KIND_CODE[kind] };
  }
  if (overlap !== null && overlap < SAME_ARTICLE_OVERLAP) {
    return {
      status: 'skipped',
      reason: `a different article: "${shortTitle(article.title)}" shares ${Math.round(overlap * 100)}% of its terms with the live page`,
      reasonCode: 'different-article',
    };
  }
  if (articleWords < SHORT_PAGE_WORDS || (live !== null && articleWords < liveWords * TEASER_SHARE)) {
    // A teaser is the article's first lines, so only the page around it tells a stub from an
    // early short version; the phrases in PAYWALL are not footer vocabulary.
    if (paywalled(evidence.pageText.slice(0, 20_000)))
      return { status: 'skipped', reason: 'paywall stub', reasonCode: 'paywall' };
  }
  const earlier = seen.get(article.contentHash);
  if (earlier !== undefined)
    return { status: 'same', reason: `same text as the capture of ${earlier}`, reasonCode: 'same-text' };
  return { status: 'used', reason: null, reasonCode: null };
}
