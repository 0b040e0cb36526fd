/**
 * Starts the options page's import worker (src/platform/import.worker.ts). Vite's `?worker`
 * import bundles it into a file of its own (`assets/import.worker-<hash>.js`, one classic-script
 * bundle) and constructs it as `new Worker('/assets/import.worker-<hash>.js')`: the extension's
 * own origin, which the extension pages' CSP (`script-src 'self'`) allows in Chrome MV3 and
 * Firefox MV2. The e2e options suite checks that an import runs through it in both browsers.
 */
import {
  ImportWorkerUnavailable,
  prepareImportInWorker,
  type ImportProgress,
  type ImportWorkerPort,
  type PreparedImportSource,
} from '../protocol/import-worker';
import ImportWorker from './import.worker.ts?worker';

/** Checks `file` in a new worker; ImportWorkerUnavailable if none can start here. */
export function prepareImportOffThread(
  file: Blob,
  onProgress?: (progress: ImportProgress) => void,
): Promise<PreparedImportSource> {
  let worker: Worker;
  try {
    worker = new ImportWorker({ name: 'crosscheck-import' });
  } catch (error) {
    return Promise.reject(
      new ImportWorkerUnavailable(
        `the import worker did not start: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  return prepareImportInWorker(worker as unknown as ImportWorkerPort, file, onProgress);
}
