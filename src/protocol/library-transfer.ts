/**
 * Export and import of a whole library in pieces. One runtime message is capped (Chrome: 64 MiB
 * of JSON) and a library of thousands of articles is larger, so the options page asks for the
 * export page by page and sends an import batch by batch. Both drivers take the transport as a
 * function: the options page passes its protocol client, the service its own methods, tests
 * either.
 */
import type { ExportCursor, ImportReport, LibraryExportPage } from './types';
import {
  InvalidInput,
  TRANSFER_LIMITS,
  libraryFileJson,
  parseLibraryFile,
  type LibraryBatchEntry,
  type LibraryFileArticle,
  type ParsedLibraryFile,
} from '../model/library-file';

export interface TransferProgress {
  /** Articles (export) or versions (import) done so far. */
  done: number;
  total: number;
}

export function emptyReport(): ImportReport {
  return { ok: false, articlesAdded: 0, versionsAdded: 0, duplicates: 0, rejected: [], fatal: null };
}

/**
 * Reads every page from `fetchPage` and returns the file's text, the same as reading the library
 * in one piece would give.
 */
export async function exportLibraryText(
  fetchPage: (cursor: ExportCursor) => Promise<LibraryExportPage>,
  exportedAt: string,
  onProgress?: (progress: TransferProgress) => void,
): Promise<string> {
  const articles: LibraryFileArticle[] = [];
  let cursor: ExportCursor | null = { offset: 0, versionOffset: 0 };
  while (cursor) {
    const page = await fetchPage(cursor);
    const [first, ...rest] = page.articles;
    const last = articles.at(-1);
    // A continuation is merged only into the same address: if the library changed between the
    // pages, a different article at this position starts an entry of its own.
    if (cursor.versionOffset > 0 && first && last?.urlKey === first.urlKey) {
      last.versions.push(...first.versions);
      articles.push(...rest);
    } else {
      articles.push(...page.articles);
    }
    const next: ExportCursor | null = page.next;
    if (
      next &&
      (next.offset < cursor.offset ||
        (next.offset === cursor.offset && next.versionOffset <= cursor.versionOffset))
    ) {
      throw new Error('The export did not advance; nothing was saved. Please try again.');
    }
    cursor = next;
    onProgress?.({ done: Math.min(page.total, next ? next.offset : page.total), total: page.total });
  }
  return libraryFileJson(exportedAt, articles);
}

/**
 * Splits the validated entries of a file into batches bounded in versions and characters of
 * JSON. Versions of one entry stay in file order and may span batches; a single version too
 * large for any message is rejected with the reason instead of failing in transit.
 */
export function importBatches(
  entries: ParsedLibraryFile['articles'],
  limits: {
    importBatchVersions: number;
    importBatchChars: number;
    messageChars: number;
  } = TRANSFER_LIMITS,
): { batches: LibraryBatchEntry[][]; rejected: { item: string; reason: string }[] } {
  const batches: LibraryBatchEntry[][] = [];
  const rejected: { item: string; reason: string }[] = [];
  let batch: LibraryBatchEntry[] = [];
  let count = 0;
  let chars = 0;
  for (const entry of entries) {
    let open: LibraryBatchEntry | null = null;
    for (const version of entry.versions) {
      const size = JSON.stringify(version).length;
      if (size > limits.messageChars) {
        rejected.push({
          item: entry.item,
          reason: `the version captured ${new Date(version.capturedAt).toISOString()} is ${(size / 1024 / 1024).toFixed(0)} MB of text, more than one message to the background can carry`,
        });
        continue;
      }
      if (count > 0 && (count >= limits.importBatchVersions || chars + size > limits.importBatchChars)) {
        batches.push(batch);
        batch = [];
        count = 0;
        chars = 0;
        open = null;
      }
      if (!open) {
        open = { item: entry.item, versions: [] };
        batch.push(open);
      }
      open.versions.push(version);
      count++;
      chars += size;
    }
  }
  if (count > 0) batches.push(batch);
  return { batches, rejected };
}

export interface BatchedImportReport extends ImportReport {
  /** Valid versions of the file sent to the background and stored or recognised. */
  versionsDone: number;
  /** Valid versions in the file. */
  versionsTotal: number;
  /** A batch failed after earlier ones were stored: what they stored is kept. */
  partial: boolean;
}

/**
 * A file checked and split into batches, without the batches: what the options page needs to
 * know before it asks for them one by one (from a worker, or from memory).
 */
export interface PreparedImport {
  /** Why the whole file was refused (nothing will be sent), or null. */
  fatal: string | null;
  /** Entries and versions refused while checking the file, in file order. */
  rejected: { item: string; reason: string }[];
  /** How many versions each batch holds, in sending order. */
  batchVersions: number[];
}

/**
 * Validates a whole file's text and splits its valid versions into batches (a damaged or
 * hostile file is refused before anything is sent). Pure and synchronous: the options page runs
 * it in a worker (src/protocol/import-worker.ts), the service and tests in place.
 */
export function prepareImport(
  json: string,
  limits?: Parameters<typeof importBatches>[1],
): { prepared: PreparedImport; batches: LibraryBatchEntry[][] } {
  let parsed: ParsedLibraryFile;
  try {
    parsed = parseLibraryFile(json);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    return { prepared: { fatal: error.message, rejected: [], batchVersions: [] }, batches: [] };
  }
  const { batches, rejected } = importBatches(parsed.articles, limits);
  return {
    prepared: {
      fatal: null,
      rejected: [...parsed.rejected, ...rejected],
      batchVersions: batches.map((batch) => batch.reduce((n, entry) => n + entry.versions.length, 0)),
    },
    batches,
  };
}

/**
 * Sends a prepared file's batches through `sendBatch`, each fetched with `batchAt` only when it
 * is its turn and stored in one transaction by the background. The first failing batch (or a
 * batch that cannot be fetched) stops the import; the report says how far it got.
 */
export async function sendPreparedImport(
  prepared: PreparedImport,
  batchAt: (index: number) => Promise<LibraryBatchEntry[]> | LibraryBatchEntry[],
  sendBatch: (articles: LibraryBatchEntry[]) => Promise<ImportReport>,
  onProgress?: (progress: TransferProgress) => void,
): Promise<BatchedImportReport> {
  const report: BatchedImportReport = { ...emptyReport(), versionsDone: 0, versionsTotal: 0, partial: false };
  if (prepared.fatal !== null) return { ...report, fatal: prepared.fatal };
  report.rejected.push(...prepared.rejected);
  report.versionsTotal = prepared.batchVersions.reduce((sum, n) => sum + n, 0);
  onProgress?.({ done: 0, total: report.versionsTotal });
  for (const [index, versions] of prepared.batchVersions.entries()) {
    let answer: ImportReport;
    try {
      answer = await sendBatch(await batchAt(index));
    } catch (error) {
      answer = { ...emptyReport(), fatal: error instanceof Error ? error.message : String(error) };
    }
    if (!answer.ok || answer.fatal !== null) {
      return {
        ...report,
        ok: false,
        fatal: answer.fatal ?? 'The background could not store a batch.',
        partial: report.versionsDone > 0,
      };
    }
    report.articlesAdded += answer.articlesAdded;
    report.versionsAdded += answer.versionsAdded;
    report.duplicates += answer.duplicates;
    report.rejected.push(...answer.rejected);
    report.versionsDone += versions;
    onProgress?.({ done: report.versionsDone, total: report.versionsTotal });
  }
  report.ok = true;
  return report;
}

/**
 * Imports a file's text through `sendBatch`: the whole file is validated first, then the valid
 * versions go batch by batch (prepareImport, then sendPreparedImport, in one thread).
 */
export async function importLibraryText(
  json: string,
  sendBatch: (articles: LibraryBatchEntry[]) => Promise<ImportReport>,
  onProgress?: (progress: TransferProgress) => void,
  limits?: Parameters<typeof importBatches>[1],
): Promise<BatchedImportReport> {
  const { prepared, batches } = prepareImport(json, limits);
  return sendPreparedImport(prepared, (index) => batches[index] ?? [], sendBatch, onProgress);
}
