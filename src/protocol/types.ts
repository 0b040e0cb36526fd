/**
 * The one message protocol between the extension's parts. Every message is a method of
 * `ProtocolMap`: its parameter is the payload, its return type the answer. The platform layer
 * binds it to the browser (src/platform/messaging.ts); everything else only sees these types.
 *
 * Direction: popup/options/content script → background. The background is the only writer of
 * the store, so every change to the library goes through one of these messages. The one message
 * the other way is LIBRARY_CHANGED, a notice with no answer (below).
 */
import type { Article, Comparison, NotArticleReason, ProblemCode, VersionOrigin } from '../model/types';
import type { LibraryBatchEntry, LibraryFileArticle } from '../model/library-file';
import type { Settings } from '../model/settings';

export type { AutoCaptureMode, Retention, Settings } from '../model/settings';
export type { VersionOrigin } from '../model/types';

/** An article as the library knows it (all its versions share the `urlKey`). */
export interface ArticleSummary {
  id: number;
  urlKey: string;
  url: string;
  title: string;
  siteName: string | null;
  /** Outlet key: the registrable host without `www.`/`m.`/`amp.` ("foxnews.com"). */
  outlet: string;
  publishedTime: string | null;
  firstCapturedAt: number;
  lastCapturedAt: number;
  versionCount: number;
  latestVersionId: number;
  /** Sibling-cluster id from the match index (articles about the same event share it). */
  storyId: number | null;
}

export interface VersionSummary {
  id: number;
  articleId: number;
  capturedAt: number;
  contentHash: string;
  title: string;
  paragraphCount: number;
  claimCount: number;
  wordCount: number;
  /** Differences against the version before it (null for the first). */
  changeCount: number | null;
  /** The reader's own capture or a web archive's. */
  origin: VersionOrigin;
}

export interface SiblingSummary {
  articleId: number;
  versionId: number;
  title: string;
  siteName: string | null;
  outlet: string;
  url: string;
  publishedTime: string | null;
  capturedAt: number;
  /** Match score in 0..1. */
  score: number;
}

export type RestrictedReason = 'browser-page' | 'web-store' | 'pdf' | 'file' | 'unknown';

export type TabAnalysis =
  | {
      state: 'ready';
      tabId: number;
      article: ArticleSummary;
      current: VersionSummary;
      /** All stored versions, oldest first. */
      versions: VersionSummary[];
      /** True when this visit stored a new version. */
      savedNewVersion: boolean;
      /** The version compared against (the first stored by default); null on first capture. */
      baseVersionId: number | null;
      /** current vs base; null when there is nothing earlier to compare with. */
      changes: Comparison | null;
      siblings: SiblingSummary[];
    }
  | { state: 'not-article'; tabId: number; reason: NotArticleReason; message: string; title: string | null }
  | { state: 'restricted'; tabId: number; reason: RestrictedReason; message: string }
  /** The extension may not read this tab (no toolbar click, no host permission). */
  | { state: 'needs-permission'; tabId: number; origin: string; message: string }
  | {
      state: 'error';
      tabId: number;
      /** What went wrong, for the reader (localised by the UI); `message` is the detail. */
      code: ProblemCode;
      message: string;
      retryable: boolean;
      quotaExceeded: boolean;
    };

/** What the popup can show before any analysis runs: its first paint. */
export interface TabHeader {
  tabId: number;
  title: string | null;
  url: string | null;
  /** The stored article at this address, when there is one. */
  stored: ArticleSummary | null;
}

export type LibrarySort = 'captured-desc' | 'captured-asc' | 'published-desc' | 'published-asc';
export type LibraryGrouping = 'none' | 'story' | 'outlet';

export interface LibraryQuery {
  text: string;
  outlet: string | null;
  sort: LibrarySort;
  offset: number;
  limit: number;
}

export interface LibraryPage {
  total: number;
  items: ArticleSummary[];
  /** Time the background spent answering, for the options page's status line. */
  tookMs: number;
}

export interface ArticleDetail {
  article: ArticleSummary;
  versions: VersionSummary[];
  siblings: SiblingSummary[];
}

export interface StoredVersion {
  summary: VersionSummary;
  article: Article;
}

export interface OutletSummary {
  outlet: string;
  siteName: string | null;
  articleCount: number;
  versionCount: number;
  autoCapture: boolean;
  ignored: boolean;
}

export type DeletionTarget =
  | { kind: 'article'; articleId: number }
  | { kind: 'version'; versionId: number }
  | { kind: 'outlet'; outlet: string }
  | { kind: 'all' };

export interface DeletionResult {
  articles: number;
  versions: number;
  /** True while the deletion can still be undone. */
  undoable: boolean;
}

export interface ImportReport {
  ok: boolean;
  articlesAdded: number;
  versionsAdded: number;
  duplicates: number;
  rejected: { item: string; reason: string }[];
  /** Set when the whole file was refused (nothing changed). */
  fatal: string | null;
}

/** Where an export page starts: an article's position in the export, and a version within it. */
export interface ExportCursor {
  offset: number;
  versionOffset: number;
}

export interface LibraryExportPage {
  /** In file order; when the request's `versionOffset` was above 0 the first continues the previous page's last article. */
  articles: LibraryFileArticle[];
  /** Articles the export walks through (the ids asked for, or the whole library). */
  total: number;
  /** Where the next page starts; null after the last page. */
  next: ExportCursor | null;
}

export interface StorageUsage {
  articles: number;
  versions: number;
  bytes: number | null;
  quota: number | null;
  /** True after a write failed for lack of space (the options page shows a banner). */
  quotaExceeded?: boolean;
}

/**
 * Longest `capturedPage.html` accepted, in UTF-16 code units. The serialised page leaves out
 * scripts, styles and most attributes, so a news page is a fraction of its source (the 1.1 MB
 * Guardian page in the evaluation set is 130 KB); 8 Mi leaves room for pages whose text is near
 * extraction's own 5 MB bound while keeping one message far below the browsers' 64 MiB limit.
 */
export const MAX_CAPTURED_HTML_CHARS = 8 * 1024 * 1024;

/**
 * Longest `html` of one auto-capture message. The runtime copies a message on the sender's main
 * thread before it returns (~2 ms for 130 KB in Chromium on a fast machine, 2.4–3.2 ms for a
 * 64 Ki part on a slower one), so a page is sent in parts this long: 32 Ki keeps one hand-over
 * near 0.6 ms there (median), at one more message per 32 Ki.
 */
export const CAPTURED_PART_CHARS = 32 * 1024;

/** The web archive the reader chose, and whether the extension may already reach it. */
export interface ArchiveSourceInfo {
  /** For people: "Internet Archive", else the host. */
  name: string;
  base: string;
  /** The host permission pattern the lookup needs ("https://web.archive.org/*"). */
  originPattern: string;
  /** True when that permission is held: the popup then needs no prompt. */
  granted: boolean;
  /** The reader's "Check web archives for articles I open". */
  lookupOnOpen: boolean;
  /**
   * For the `articleId` asked about: when a lookup of it in this archive last reached the archive
   * (ms since the epoch), null when never. "Check web archives for articles I open" looks an
   * article up only while this is null.
   */
  lookedUpAt: number | null;
}

/** Why a capture was not used: src/archive/types.ts's `CaptureReasonCode`, which the service passes on. */
export const ARCHIVE_REASON_CODES = [
  'unavailable',
  'http-error',
  'not-html',
  'too-large',
  'truncated',
  'same-capture',
  'same-text',
  'not-article',
  'cookie-wall',
  'paywall',
  'error-page',
  'different-article',
] as const;

export type ArchiveReasonCode = (typeof ARCHIVE_REASON_CODES)[number];

/** One capture the lookup read, and what became of it. */
export interface ArchiveCaptureReport {
  timestamp: string;
  /** When the archive captured it, ms since the epoch. */
  capturedAt: number;
  /** The raw capture's address. */
  url: string;
  /** `used`: stored (or already stored); `same` / `skipped`: not stored, see `reason`. */
  status: 'used' | 'same' | 'skipped';
  /** The English detail (logs, the CLI). */
  reason: string | null;
  /** Why, as a code the popup words in the reader's language (`popup_archiveReason_<code>`). */
  reasonCode: ArchiveReasonCode | null;
  contentHash: string | null;
  /** For used captures: true when this lookup stored it, false when its content was already stored. */
  stored: boolean;
}

export type ArchiveFailureKind =
  | 'unavailable'
  | 'rate-limited'
  | 'timeout'
  | 'cancelled'
  | 'network'
  | 'bad-answer'
  /** The extension may not reach the archive: the reader refused or has not granted it. */
  | 'no-permission'
  /** The article is no longer in the library, or storing failed. */
  | 'store';

export type ArchiveLookupResult =
  | {
      state: 'done';
      archive: string;
      base: string;
      /** The address the archive was asked about. */
      url: string;
      /** Distinct captures the archive lists (0: no archived copies of this address). */
      listed: number;
      /** Captures read, earliest first. */
      captures: ArchiveCaptureReport[];
      /** Versions this lookup added to the article. */
      stored: number;
      tookMs: number;
    }
  | {
      state: 'failed';
      archive: string;
      kind: ArchiveFailureKind;
      message: string;
      /** For `rate-limited`: when the archive allows the next try (ms since the epoch), if it said. */
      retryAt: number | null;
    }
  | {
      /** An `automatic` lookup of an article already looked up in this archive: nothing was sent. */
      state: 'skipped';
      archive: string;
      lookedUpAt: number;
    };

export type WatchState = 'watching' | 'removed' | 'unreadable' | 'error' | 'ended';

/** One watched article, as the popup's toggle and the options page's "Watched" list show it. */
export interface WatchSummary {
  articleId: number;
  url: string;
  title: string;
  /** Outlet key, as in ArticleSummary. */
  outlet: string;
  siteName: string | null;
  /** Where a redirect took the article, when it moved (both addresses are kept). */
  movedTo: string | null;
  status: WatchState;
  /** Why the status is what it is, in words (removed, could not read, failed). */
  reason: string | null;
  startedAt: number;
  lastCheckAt: number | null;
  /** Null once the watch window is over. */
  nextCheckAt: number | null;
  versionCount: number;
  /** Edits stored by checks that the reader has not seen yet. */
  unseen: number;
  /** The last news of this watch (an edit, a removal, a move). */
  lastNews: {
    kind: 'changed' | 'removed' | 'moved';
    summary: string;
    at: number;
    beforeVersionId: number | null;
    afterVersionId: number | null;
  } | null;
}

/** What "Check now" did. */
export interface WatchCheckReport {
  checked: number;
  changed: number;
  failed: number;
  /** Watches held back (offline); they run on the next alarm. */
  held: number;
  tookMs: number;
}

export interface ProtocolMap {
  // popup
  tabHeader(data: { tabId: number }): TabHeader;
  analyseTab(data: { tabId: number; force?: boolean; baseVersionId?: number }): TabAnalysis;
  compareVersions(data: { beforeVersionId: number; afterVersionId: number }): Comparison;
  compareSibling(data: { versionId: number; siblingVersionId: number }): Comparison;
  showInPage(data: { tabId: number; text: string }): boolean;
  requestSiteAccess(data: { origin: string }): boolean;
  /** The archive the reader chose, and whether it can be reached without a prompt. */
  /** The chosen archive; with `articleId`, also whether that article was looked up in it already. */
  archiveSource(data: { articleId?: number }): ArchiveSourceInfo;
  /**
   * Looks the article up in the chosen archive and stores each usable capture as a version with
   * its origin, all in one transaction. Sends the article's address to that archive, nothing else.
   */
  lookUpArchive(data: {
    articleId: number;
    /**
     * Sent by "Check web archives for articles I open", not a click: the background answers
     * `skipped` without asking the archive when the article was looked up in it already.
     */
    automatic?: boolean;
  }): ArchiveLookupResult;
  /** Cancels the article's lookup under way; false when none was. */
  cancelArchiveLookup(data: { articleId: number }): boolean;
  /** The watch of a stored article, null when it is not watched. */
  watchStatus(data: { articleId: number }): WatchSummary | null;
  /**
   * Starts or stops watching a stored article. Starting needs the article's origin granted (the
   * popup asks on the click); null when stopped, or when the article is not stored.
   */
  setWatch(data: { articleId: number; watching: boolean }): WatchSummary | null;

  // content script (auto-capture)
  /**
   * The page serialised for extraction in the background (at most MAX_CAPTURED_HTML_CHARS in
   * all). A page longer than CAPTURED_PART_CHARS comes as `capturedPagePart` messages 0 to
   * `parts - 2` under one `captureId`, then this message with the last part and `parts`.
   */
  capturedPage(data: { url: string; html: string; captureId?: string; parts?: number }): {
    stored: boolean;
    badge: number;
  };
  /** One earlier part of a page `capturedPage` will finish; false when it was refused. */
  capturedPagePart(data: { captureId: string; index: number; html: string }): { received: boolean };
  /** An article extracted in the page. No longer sent by Crosscheck's own content script. */
  captured(data: { article: Article }): { stored: boolean; badge: number };

  // options and the comparison page
  listLibrary(data: LibraryQuery): LibraryPage;
  listStories(data: { offset: number; limit: number; text: string }): {
    total: number;
    stories: { storyId: number; articles: ArticleSummary[] }[];
  };
  getArticle(data: { articleId: number }): ArticleDetail | null;
  getVersion(data: { versionId: number }): StoredVersion | null;
  deleteItems(data: DeletionTarget): DeletionResult;
  undoDelete(data: Record<string, never>): DeletionResult;
  exportLibrary(data: { articleIds: number[] | null }): string;
  importLibrary(data: { json: string }): ImportReport;
  /** Export and import in pieces each well under the browser's 64 MiB message limit. */
  exportLibraryPage(data: ExportCursor & { articleIds: number[] | null; limit: number }): LibraryExportPage;
  importLibraryBatch(data: { articles: LibraryBatchEntry[] }): ImportReport;
  listOutlets(data: Record<string, never>): OutletSummary[];
  setOutletPolicy(data: { outlet: string; autoCapture?: boolean; ignored?: boolean }): OutletSummary;
  getSettings(data: Record<string, never>): Settings;
  setSettings(data: Partial<Settings>): Settings;
  storageUsage(data: Record<string, never>): StorageUsage;
  /** Every watched article, newest watch first. */
  listWatches(data: Record<string, never>): WatchSummary[];
  /** Re-checks every watched article now (the options page's "Check now"). */
  checkWatchesNow(data: Record<string, never>): WatchCheckReport;
}

/**
 * Background → open extension pages, after any change to the stored articles (a capture in any
 * tab, a watch check, an import batch, a deletion), at most about four times a second: the
 * options page asks for its lists again. A notice, not a ProtocolMap method: nothing answers it.
 */
export const LIBRARY_CHANGED = { crosscheck: 'libraryChanged' } as const;

export function isLibraryChanged(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { crosscheck?: unknown }).crosscheck === LIBRARY_CHANGED.crosscheck
  );
}
