/** The options page's side of export and import in pieces (src/protocol/library-transfer.ts). */
import { TRANSFER_LIMITS, type LibraryBatchEntry } from '../../model/library-file';
import {
  ImportWorkerUnavailable,
  type ImportProgress,
  type PreparedImportSource,
} from '../../protocol/import-worker';
import {
  exportLibraryText,
  prepareImport,
  sendPreparedImport,
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

/** Where a file was read and checked: in a worker, or (no worker could start) on the page itself. */
export type CheckedIn = 'worker' | 'page';

/**
 * Imports a file: reads and checks it in a worker when the client can start one (the page's main
 * thread then only forwards one batch at a time), on the page otherwise; then sends its valid
 * versions to the background in batches. Either way the report is the same.
 */
export async function importLibraryFile(
  client: PageClient,
  file: Blob,
  onProgress?: (progress: ImportProgress) => void,
  onCheckedIn?: (where: CheckedIn) => void,
): Promise<BatchedImportReport & { checkedIn: CheckedIn }> {
  const send = (articles: LibraryBatchEntry[]) => client.api.importLibraryBatch({ articles });
  const sending = (progress: TransferProgress) => onProgress?.({ phase: 'sending', ...progress });
  let source: PreparedImportSource | null = null;
  if (client.prepareImport) {
    try {
      source = await client.prepareImport(file, onProgress);
    } catch (error) {
      // A worker that cannot start costs the page its responsiveness, not the import.
      if (!(error instanceof ImportWorkerUnavailable)) throw error;
    }
  }
  onCheckedIn?.(source ? 'worker' : 'page');
  if (!source) {
    onProgress?.({ phase: 'checking' });
    const { prepared, batches } = prepareImport(await file.text());
    const report = await sendPreparedImport(prepared, (index) => batches[index] ?? [], send, sending);
    return { ...report, checkedIn: 'page' };
  }
  try {
    // Receiving a batch (its structured-clone copy) and sending it (its serialisation) are each
    // a batch's worth of work on the page: a turn of the event loop between them keeps them in
    // separate tasks, so input and rendering get in between.
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    const batchAt = async (index: number) => {
      const batch = await source.batch(index);
      await nextTask();
      return batch;
    };
    const report = await sendPreparedImport(source.prepared, batchAt, send, sending);
    return { ...report, checkedIn: 'worker' };
  } finally {
    source.close();
  }
}
