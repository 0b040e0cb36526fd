/**
 * Export and import of the library file (src/model/library-file.ts). Export goes page by page so
 * no answer comes near the browser's message size limit; import stores each batch in one
 * transaction. Claims, content hashes and address keys are recomputed, never read from a file.
 */
import {
  InvalidInput,
  TRANSFER_LIMITS,
  libraryArticleFields,
  parseLibraryBatch,
  parseLibraryFile,
  type LibraryBatchEntry,
  type LibraryFileArticle,
} from '../model/library-file';
import { emptyReport, exportLibraryText } from '../protocol/library-transfer';
import type { ExportCursor, ImportReport, LibraryExportPage } from '../protocol/types';
import { exportSlice, versionsOf } from '../store/articles';
import { importVersions, type IncomingVersion } from '../store/article-writes';
import { matchDocsOf } from '../store/match-rows';
import type { ServiceContext } from './context';
import { storyFor } from './related';

export type ExportPageRequest = ExportCursor & { articleIds: number[] | null; limit: number };

/**
 * One page of an export: whole articles in file order until `limit` articles or the page's
 * character budget is reached. An article whose versions do not fit continues on the next page
 * (`next.versionOffset`). Pages are separate reads: a library changed between them is exported
 * as each page found it.
 */
export async function exportLibraryPage(
  ctx: ServiceContext,
  request: ExportPageRequest,
): Promise<LibraryExportPage> {
  const offset = Math.max(0, Math.floor(request.offset) || 0);
  const versionOffset = Math.max(0, Math.floor(request.versionOffset) || 0);
  const limit = Math.min(TRANSFER_LIMITS.exportPageArticles, Math.max(1, Math.floor(request.limit) || 1));
  const { total, rows } = await exportSlice(ctx.db, request.articleIds, offset, limit);
  const articles: LibraryFileArticle[] = [];
  let chars = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!row) continue;
    const entry: LibraryFileArticle = { ...libraryArticleFields(row), versions: [] };
    const versions = await versionsOf(ctx.db, row.id);
    for (let j = i === 0 ? versionOffset : 0; j < versions.length; j++) {
      const stored = versions[j]!;
      const version = { capturedAt: stored.capturedAt, origin: stored.origin, article: stored.article };
      const size = JSON.stringify(version).length;
      if (chars > 0 && chars + size > ctx.exportPageChars) {
        if (entry.versions.length > 0) articles.push(entry);
        return { articles, total, next: { offset: offset + i, versionOffset: j } };
      }
      chars += size;
      entry.versions.push(version);
    }
    articles.push(entry);
  }
  const consumed = offset + rows.length;
  return { articles, total, next: consumed < total ? { offset: consumed, versionOffset: 0 } : null };
}

/** The whole file at once, read through the same pages the options page asks for. */
export async function exportLibrary(
  ctx: ServiceContext,
  articleIds: number[] | null,
  now: number,
): Promise<string> {
  return exportLibraryText(
    (cursor) => exportLibraryPage(ctx, { articleIds, ...cursor, limit: TRANSFER_LIMITS.exportPageArticles }),
    new Date(now).toISOString(),
  );
}

/** Merges a whole library file in one transaction: all of it is stored, or none of it. */
export function importLibrary(ctx: ServiceContext, json: string): Promise<ImportReport> {
  return parsedImport(ctx, () => parseLibraryFile(json));
}

/**
 * One batch of an import the options page reads in pieces, validated again here (the sender is
 * not trusted) and stored in one transaction: a failed batch stores nothing, earlier batches
 * stay.
 */
export function importLibraryBatch(ctx: ServiceContext, articles: unknown): Promise<ImportReport> {
  return parsedImport(ctx, () => parseLibraryBatch(articles));
}

async function parsedImport(
  ctx: ServiceContext,
  parse: () => { articles: LibraryBatchEntry[]; rejected: { item: string; reason: string }[] },
): Promise<ImportReport> {
  let parsed;
  try {
    parsed = parse();
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    return { ...emptyReport(), fatal: error.message };
  }
  return storeImport(ctx, parsed.articles, parsed.rejected);
}

async function storeImport(
  ctx: ServiceContext,
  entries: LibraryBatchEntry[],
  rejected: { item: string; reason: string }[],
): Promise<ImportReport> {
  const report = emptyReport();
  report.rejected.push(...rejected);

  // Analysis is pure CPU: done before the transaction so the transaction only writes.
  const incoming: IncomingVersion[] = [];
  for (const entry of entries) {
    for (const version of entry.versions) {
      try {
        const analysed = ctx.engine.analyse(ctx.canonical(version.article));
        incoming.push({ capturedAt: version.capturedAt, origin: version.origin, analysed });
      } catch (error) {
        report.rejected.push({
          item: entry.item,
          reason: `could not be analysed: ${(error as Error).message}`,
        });
      }
    }
  }
  incoming.sort((a, b) => a.capturedAt - b.capturedAt);

  const index = await ctx.index.index();
  let touched: number[];
  try {
    touched = await importVersions(
      ctx.db,
      incoming,
      {
        ...ctx.captureSteps((article, articleId) => storyFor(ctx, article, articleId, index)),
        outletOf: (article) => ctx.outletOf(article),
        // Later imports of the same story find this one; on failure the index is rebuilt.
        stored: (doc) => index.put(doc),
      },
      report,
    );
  } catch (error) {
    ctx.invalidate();
    const failure = ctx.failed(error);
    return { ...report, articlesAdded: 0, versionsAdded: 0, fatal: failure.message };
  }
  ctx.libraryChanged(touched);
  // Kept rather than reloaded after every batch: it only needs each touched article's newest
  // document, which may be older than the last one put above.
  try {
    await ctx.index.putRows(await matchDocsOf(ctx.db, touched));
  } catch {
    // The batch is stored; a stale index is rebuilt from the store on next use.
    ctx.index.drop();
  }
  report.ok = true;
  return report;
}
