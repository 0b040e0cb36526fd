/**
 * The engine's shared vocabulary. Everything here is plain data (JSON-serialisable) so it can
 * cross the extension's message channels, be stored in IndexedDB and be printed by the CLI.
 */

/** Why a page was not treated as an article. */
export type NotArticleReason =
  | 'empty' // no body or no text at all
  | 'not-readerable' // isProbablyReaderable said no and the user did not insist
  | 'no-content' // Readability found nothing, or nothing with sentences
  | 'too-large' // over the size bound we are willing to parse
  | 'unsupported'; // not an HTML document (PDF viewer, image, …)

/**
 * Why the background could not do what was asked, as a key the UI turns into the reader's
 * language (`problem_*` in public/_locales); the English message beside it is a detail for logs.
 */
export type ProblemCode =
  | 'storage-full'
  | 'deleted-meanwhile'
  | 'version-gone'
  | 'refused-page'
  | 'invalid-change'
  | 'not-saved'
  | 'tab-unreadable'
  | 'update-failed';

export interface RemovedFurniture {
  text: string;
  /** Which general rule removed it, e.g. `promo`, `all-caps-headline`, `caption`, `copyright`. */
  rule: string;
}

export interface Article {
  url: string;
  canonicalUrl: string | null;
  /** Normalised address used as the storage key for versions of one article. */
  urlKey: string;
  title: string;
  byline: string | null;
  siteName: string | null;
  /**
   * The organisation the page names as its publisher (JSON-LD, `og:site_name`, byline), which
   * tells outlets apart where one host carries several. Absent in articles stored before it.
   */
  publisher?: string | null;
  /** ISO 8601 where the page says it. */
  publishedTime: string | null;
  modifiedTime: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  /** Body paragraphs as published (display text), furniture and credits removed. */
  paragraphs: string[];
  /** Contributor lines ("… contributed to this report.") and the writer's bio: kept, but never claims. */
  credits: string[];
  /** Hash of the normalised title + paragraphs: equal hashes mean nothing a reader would see changed. */
  contentHash: string;
  extractorVersion: string;
  /** What the furniture rules removed, for transparency and evaluation. */
  removed: RemovedFurniture[];
}

export type ExtractResult =
  { ok: true; article: Article } | { ok: false; reason: NotArticleReason; message: string };

export type Hedge =
  'at least' | 'more than' | 'at most' | 'less than' | 'about' | 'nearly' | 'up to' | 'exactly';

export interface NumberFacet {
  /** The span as published, e.g. "40,000 U.S. troops" or "a small number of U.S. troops". */
  text: string;
  /** Numeric value; null for vague quantities without a number ("a small number of"). */
  value: number | null;
  /** True for vague quantities ("a few", "dozens", "thousands", "a small number of"). */
  vague: boolean;
  /** For vague quantities, a rough lower and upper bound of the amount they imply. */
  range: [number, number] | null;
  /** What is counted, lower-cased head phrase: "u.s. troops", "people", "rockets". */
  counted: string | null;
  hedge: Hedge | null;
  /** Unit when the number is a measure: "%", "$", "km", "days". */
  unit: string | null;
}

export interface QuoteFacet {
  /** The words inside the quotation marks, as published. */
  text: string;
  /** The attribution's subject as published ("Sabrina Singh", "the official"). */
  speaker: string | null;
  /**
   * Who spoke, resolved across the article (pronouns, short forms, role nouns): the person's
   * fullest name, or null when the text does not settle it. Absent on claims stored before it.
   */
  person?: string | null;
}

export interface AttributionFacet {
  /** The sourcing phrase as published: "a U.S. official told Fox News", "the official said". */
  text: string;
  /** Who is the source, lower-cased: "a u.s. official", "fox news", "lebanese officials". */
  source: string;
}

export interface DateFacet {
  text: string;
  /** ISO date when it can be resolved without a reference date, else null. */
  iso: string | null;
}

export type EntityType = 'person' | 'organization' | 'place';

export interface EntityFacet {
  text: string;
  type: EntityType;
}

export interface ClaimFacets {
  numbers: NumberFacet[];
  quotes: QuoteFacet[];
  attributions: AttributionFacet[];
  dates: DateFacet[];
  entities: EntityFacet[];
}

export interface Claim extends ClaimFacets {
  /** Stable id: hash of the normalised text. */
  id: string;
  /** Index into Article.paragraphs. */
  paragraph: number;
  /** Position of the claim in the article, 0-based. */
  index: number;
  /** As published. */
  text: string;
  /** Normalised for comparison (quotes, dashes, spaces, case kept). */
  norm: string;
}

export type Relation = 'version' | 'sibling' | 'unrelated';

export type DifferenceKind =
  | 'changed'
  | 'added'
  | 'removed'
  | 'moved'
  | 'conflict'
  | 'different-quote'
  | 'different-excerpts'
  | 'only-before'
  | 'only-after';

/** How one utterance was rendered differently by two reports (a `different-quote`). */
export type QuoteAlteration =
  'truncated' | 'words-changed' | 'sentence-added' | 'sentence-dropped' | 'paraphrased';

/** One person's quotations in each of two reports, where the reports quote them with other words. */
export interface QuotedPerson {
  /** The person as the reports name them ("Sabrina Singh"). */
  speaker: string;
  before: string[];
  after: string[];
}

export type FacetType = 'number' | 'quote' | 'attribution' | 'date' | 'entity' | 'headline' | 'wording';

export interface FacetChange {
  type: FacetType;
  before: string | null;
  after: string | null;
}

/** One token run of a word-level diff (jsdiff's Change, reduced). */
export interface WordDiffPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface Difference {
  kind: DifferenceKind;
  /** Whole claim as published, or null. */
  before: string | null;
  after: string | null;
  facets: FacetChange[];
  /** 0..1, the list is sorted by it, highest first. */
  significance: number;
  /** Claim ids on each side, for "show in page" and in-place marking. */
  beforeId: string | null;
  afterId: string | null;
  /** Word-level diff of before → after for `changed` (and sibling pairs); null where there is no pair. */
  words: WordDiffPart[] | null;
  /** Why this difference is shown, in a sentence (e.g. how hedges were read). */
  reason: string | null;
  /** Between two outlets' reports: what it means to a reader, decided by the engine. */
  group?: SiblingGroupKey;
  /** For `different-quote`: how the one utterance was altered. */
  alteration?: QuoteAlteration;
  /** For `different-excerpts`: the person and each report's quotations of them. */
  quotes?: QuotedPerson;
}

/**
 * What a sibling difference means to a reader, most telling first: a conflict over a figure, one
 * over anything else (dates, speakers, an actor's stated position), the same person quoted
 * differently, what only one side reports, and anything else.
 */
export const SIBLING_GROUPS = [
  'different-quote',
  'different-excerpts',
  'conflict',
  'reported-differently',
  'only-before',
  'only-after',
  'other',
] as const;
export type SiblingGroupKey = (typeof SIBLING_GROUPS)[number];

/** The heading of one side of a comparison: which report it is, not what it says. */
export interface ComparedArticle {
  title: string;
  siteName: string | null;
  url: string;
  byline: string | null;
  publishedTime: string | null;
}

export interface Comparison {
  relation: Relation;
  similarity: number;
  before: ComparedArticle;
  after: ComparedArticle;
  differences: Difference[];
}

/** An article with its claims: the unit the comparison engine works on. */
export interface AnalysedArticle {
  article: Article;
  claims: Claim[];
}

/**
 * Where a stored version came from: the reader's own browser (a popup click, auto-capture, an
 * import), or a web archive's capture of the address, named so a reader can open it.
 */
export type VersionOrigin =
  | { kind: 'reader' }
  | {
      kind: 'archive';
      /** The archive's name for people ("Internet Archive"). */
      archive: string;
      /** The archive's base address, as the lookup used it. */
      base: string;
      /** The raw capture's address. */
      captureUrl: string;
    };

export const READER_ORIGIN: VersionOrigin = { kind: 'reader' };
