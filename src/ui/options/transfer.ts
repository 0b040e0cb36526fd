/** The options page's side of export and import in pieces (src/protocol/library-transfer.ts). */
import { TRANSFER_LIMITS } from '../../model/library-file';
import {
  exportLibraryText,
  importLibraryText,
  type BatchedImportReport,
  type TransferProgress,
} from '../../protocol/library-transfer';
import type { PageClient } from '../shared/client';

/** The export file's text for these articles (all of them for null), read page by page. */
export function exportLibraryFile(
  client: PageClient,
  articleIds: number[] | null,
  onProgress?: (progress: TransferProgress) => void,
): Promise<string> {
  return exportLibraryText(
    (cursor) =>
      client.api.exportLibraryPage({ articleIds, ...cursor, limit: TRANSFER_LIMITS.exportPageArticles }),
    new Date().toISOString(),
    onProgress,
  );
}

/** Validates a file's text here, then sends its valid versions to the background in batches. */
export function importLibraryFile(
  client: PageClient,
  json: string,
  onProgress?: (progress: TransferProgress) => void,
): Promise<BatchedImportReport> {
  return importLibraryText(json, (articles) => client.api.importLibraryBatch({ articles }), onProgress);
}
