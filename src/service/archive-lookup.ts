/**
 * Earlier versions from a web archive: the article's address is looked up in the archive the
 * reader chose (src/archive/), each usable capture is analysed like any capture and stored as a
 * version of the article with its origin. Nothing is stored until the lookup has finished, and
 * then all of it in one transaction (src/store/article-writes.ts, `addArchivedVersions`), so a
 * worker stopped midway leaves nothing half-stored and the lookup can simply be run again.
 */
import { ArchiveError, describeArchive, INTERNET_ARCHIVE, lookupHistory, type Fetch } from '../archive/index';
import type { ArchiveSource } from '../archive/index';
import { DEFAULT_ARCHIVE_BASE } from '../model/settings';
import type { ArchiveCaptureReport, ArchiveLookupResult } from '../protocol/types';
import { getArticle, getVersion } from '../store/articles';
import { addArchivedVersions, markArchiveLookup, type ArchivedVersion } from '../store/article-writes';
import { readSettings } from '../store/settings';
import type { ServiceContext } from './context';

export interface ArchiveLookupOptions {
  fetch: Fetch;
  /** The popup's Cancel. */
  signal?: AbortSignal;
  /** Per request (default the archive client's 20 s). */
  timeoutMs?: number;
  /** Captures to read (default the archive client's 5). */
  limit?: number;
  /** The clock, for Retry-After and the lookup's duration. */
  now?: () => number;
  /**
   * "Check web archives for articles I open", not the reader's click: then an article already
   * looked up in this archive is not looked up again (`state: 'skipped'`, nothing sent).
   */
  automatic?: boolean;
}

/** The archive as the reader chose it: the Internet Archive by its name, any other by its host. */
export function archiveSourceOf(base: string): ArchiveSource {
  return base === DEFAULT_ARCHIVE_BASE ? { ...INTERNET_ARCHIVE } : { base };
}

/**
 * The host permission a lookup in `base` needs. Without the port: Firefox refuses match patterns
 * that name one, and in both browsers a pattern without a port covers every port of the host.
 */
export function archiveOriginPattern(base: string): string {
  const url = new URL(base);
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * The archive the reader chose, and for `articleId` when a lookup of it in that archive last
 * reached the archive (null: never, or only in another archive).
 */
export async function archiveSettings(
  ctx: ServiceContext,
  articleId?: number,
): Promise<{
  name: string;
  base: string;
  originPattern: string;
  lookupOnOpen: boolean;
  lookedUpAt: number | null;
}> {
  const settings = await readSettings(ctx.db);
  const { name, base } = describeArchive(archiveSourceOf(settings.archiveBase));
  const row = articleId === undefined ? undefined : await getArticle(ctx.db, articleId);
  const mark = row?.archiveLookup;
  return {
    name,
    base,
    originPattern: archiveOriginPattern(base),
    lookupOnOpen: settings.archiveOnOpen,
    lookedUpAt: mark?.base === base ? mark.at : null,
  };
}

export async function lookUpArchive(
  ctx: ServiceContext,
  articleId: number,
  options: ArchiveLookupOptions,
): Promise<ArchiveLookupResult> {
  const clock = options.now ?? Date.now;
  const started = clock();
  const settings = await readSettings(ctx.db);
  const source = archiveSourceOf(settings.archiveBase);
  const { name: archive, base } = describeArchive(source);
  const row = await getArticle(ctx.db, articleId);
  const latest = row ? await getVersion(ctx.db, row.latestVersionId) : undefined;
  if (!row || !latest)
    return {
      state: 'failed',
      archive,
      kind: 'store',
      message: 'This article is not in the library.',
      retryAt: null,
    };
  if (options.automatic && row.archiveLookup?.base === base)
    return { state: 'skipped', archive, lookedUpAt: row.archiveLookup.at };
  // Archives hold the address the outlet published, which the page names as canonical.
  const url = latest.article.canonicalUrl ?? latest.article.url;
  let history;
  try {
    history = await lookupHistory(url, {
      fetch: options.fetch,
      archive: source,
      live: latest.article,
      now: clock,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    try {
      await markArchiveLookup(ctx.db, articleId, { base, at: clock() });
    } catch {
      // Only the "looked up already" mark is lost: the next open may look it up again.
    }
    return { state: 'failed', archive, kind: error.kind, message: error.message, retryAt: error.retryAt };
  }
  const incoming: ArchivedVersion[] = history.used.map((capture) => {
    const article = {
      ...capture.article,
      // A version of this article, whichever spelling of the address the archive captured.
      urlKey: row.urlKey,
      contentHash: ctx.engine.contentHashOf(capture.article),
    };
    return {
      analysed: ctx.engine.analyse(article),
      capturedAt: Date.parse(capture.time),
      origin: { kind: 'archive', archive, base: history.archive, captureUrl: capture.url },
    };
  });
  let isNew: boolean[];
  try {
    const write = await addArchivedVersions(ctx.db, articleId, incoming, ctx.derive, { base, at: clock() });
    isNew = write.isNew;
    if (write.stored.length > 0) {
      ctx.libraryChanged([articleId]);
      // The match index holds each article's newest text: a capture newer than it replaces it.
      if (write.latestAfter !== write.latestBefore) ctx.index.drop();
    }
  } catch (error) {
    const failure = ctx.failed(error);
    return { state: 'failed', archive, kind: 'store', message: failure.message, retryAt: null };
  }
  const newlyStored = new Set(history.used.filter((_, k) => isNew[k]).map((capture) => capture.timestamp));
  const captures: ArchiveCaptureReport[] = history.captures.map((capture) => ({
    timestamp: capture.timestamp,
    capturedAt: Date.parse(capture.time),
    url: capture.url,
    status: capture.status,
    reason: capture.reason,
    reasonCode: capture.reasonCode,
    contentHash: capture.contentHash,
    stored: newlyStored.has(capture.timestamp),
  }));
  return {
    state: 'done',
    archive,
    base: history.archive,
    url,
    listed: history.listed,
    captures,
    stored: newlyStored.size,
    tookMs: clock() - started,
  };
}
