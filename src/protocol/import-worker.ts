/**
 * Checking an import file off the options page's main thread. JSON.parse and validation of a
 * 200 MB file take seconds, so a dedicated worker (src/platform/import.worker.ts, which only
 * wires `importWorkerHandler` to its scope) reads the file, runs `prepareImport` and keeps the
 * batches; the page asks for them one at a time and forwards each to the background, so its
 * own work is one batch at a time. Both sides are written against plain message ports, so tests
 * run them in one thread.
 *
 * The worker keeps each batch as the UTF-8 bytes of its JSON, not as objects: a 200 MB file is
 * some 10⁷ objects, and every major collection of the worker's heap (V8's memory reducer runs
 * them once the worker goes idle after checking) marked and moved all of them for hundreds of
 * milliseconds on every core, taking the CPU the page's thread needed. Bytes are one buffer per
 * batch that no collection looks inside, and they move to the page without a copy (transferred).
 */
import { TRANSFER_LIMITS, type LibraryBatchEntry } from '../model/library-file';
import { prepareImport, type PreparedImport } from './library-transfer';

/** The page's requests to the worker. */
export type ImportWorkerRequest = { kind: 'prepare'; file: Blob } | { kind: 'batch'; index: number };

/** The worker's replies. */
export type ImportWorkerReply =
  /** Posted once the worker's script has loaded: it can take the file. */
  | { kind: 'ready' }
  /** Bytes of the file read so far. */
  | { kind: 'reading'; done: number; total: number }
  /** The file is read; parsing and validation run now (no finer progress: one JSON.parse). */
  | { kind: 'checking' }
  | { kind: 'prepared'; prepared: PreparedImport }
  /** A batch as the UTF-8 bytes of its JSON (its buffer transferred, not copied). */
  | { kind: 'batch'; index: number; json: Uint8Array }
  | { kind: 'failed'; message: string };

/** What the import shows while it runs: reading the file, checking it, sending its versions. */
export type ImportProgress =
  | { phase: 'reading'; done: number; total: number }
  | { phase: 'checking' }
  | { phase: 'sending'; done: number; total: number };

/** How often reading reports progress: every this share of the file. */
const READ_PROGRESS_STEP = 0.02;

/**
 * A file's text, read as a stream so progress can be told; decoded as UTF-8 like `Blob.text()`
 * (a byte-order mark is dropped, invalid bytes become U+FFFD).
 */
export async function readBlobText(
  blob: Blob,
  onProgress?: (done: number, total: number) => void,
): Promise<string> {
  const reader = blob.stream().getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let done = 0;
  let told = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    parts.push(decoder.decode(chunk.value, { stream: true }));
    done += chunk.value.byteLength;
    if (done - told >= blob.size * READ_PROGRESS_STEP) {
      told = done;
      onProgress?.(done, blob.size);
    }
  }
  parts.push(decoder.decode());
  if (told < done) onProgress?.(done, blob.size);
  return parts.join('');
}

/**
 * How the worker splits a file: as the background's limits have it, but at most 256 KiB of JSON
 * a batch. Forwarding a batch costs the page's thread in proportion to its size (parsing it, and
 * `runtime.sendMessage` serialising it: ~7 ms for 400 KB on this project's 2-core machine, several
 * times that when the cores are busy), and a batch is one transaction in the background whatever
 * its size, so smaller batches cost the import little and bound each of the page's tasks.
 */
export const WORKER_BATCH_LIMITS = { ...TRANSFER_LIMITS, importBatchChars: 256 * 1024 };

/** A batch's JSON as bytes, and back. */
export function encodeBatch(articles: LibraryBatchEntry[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(articles));
}

export function decodeBatch(json: Uint8Array): LibraryBatchEntry[] {
  return JSON.parse(new TextDecoder().decode(json)) as LibraryBatchEntry[];
}

/**
 * The worker's side: answers the page's requests through `post`, passing the buffers it hands
 * over as `transfer`. It posts `ready` at once. Once the file is checked, each batch is turned
 * into bytes and its objects let go; a batch is handed over once, so the worker's memory shrinks
 * as the import goes.
 */
export function importWorkerHandler(
  post: (reply: ImportWorkerReply, transfer?: Transferable[]) => void,
  limits: Parameters<typeof prepareImport>[1] = WORKER_BATCH_LIMITS,
): (request: ImportWorkerRequest) => Promise<void> {
  let batches: (Uint8Array<ArrayBuffer> | null)[] = [];
  post({ kind: 'ready' });
  return async (request) => {
    try {
      if (request.kind === 'prepare') {
        const json = await readBlobText(request.file, (done, total) =>
          post({ kind: 'reading', done, total }),
        );
        post({ kind: 'checking' });
        const result = prepareImport(json, limits);
        batches = [];
        for (const [index, articles] of result.batches.entries()) {
          batches.push(encodeBatch(articles));
          result.batches[index] = [];
        }
        post({ kind: 'prepared', prepared: result.prepared });
      } else {
        const json = batches[request.index];
        if (!json) throw new Error(`the import has no batch ${request.index}`);
        batches[request.index] = null;
        post({ kind: 'batch', index: request.index, json }, [json.buffer]);
      }
    } catch (error) {
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** The page's view of a worker: what `Worker` offers, and a fake in tests. */
export interface ImportWorkerPort {
  postMessage(message: ImportWorkerRequest): void;
  onmessage: ((event: { data: ImportWorkerReply }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

/** The worker could not start (blocked, missing, or silent): the caller may check the file itself. */
export class ImportWorkerUnavailable extends Error {}

/** A file checked in a worker: its summary, and its batches one at a time. */
export interface PreparedImportSource {
  prepared: PreparedImport;
  batch(index: number): Promise<LibraryBatchEntry[]>;
  /** Ends the worker; call it when the import is over, whatever the outcome. */
  close(): void;
}

/** How long a worker may take to load before the page gives up on it. */
export const WORKER_START_MS = 10_000;

/**
 * The page's side: starts the import in the worker behind `port` and resolves once the file is
 * checked. Rejects with ImportWorkerUnavailable if the worker does not answer within
 * `startMs` or fails before it is ready; with an Error for a worker that fails later. Never
 * waits on a worker that has failed: every pending request is rejected then.
 */
export function prepareImportInWorker(
  port: ImportWorkerPort,
  file: Blob,
  onProgress?: (progress: ImportProgress) => void,
  startMs = WORKER_START_MS,
): Promise<PreparedImportSource> {
  let ready = false;
  let failure: Error | null = null;
  let pending: { resolve: (reply: ImportWorkerReply) => void; reject: (error: Error) => void } | null = null;
  let rejectPrepare: (error: Error) => void = () => undefined;
  const fail = (error: Error) => {
    failure ??= error;
    port.terminate();
    rejectPrepare(failure);
    pending?.reject(failure);
    pending = null;
  };
  const timer = setTimeout(
    () => fail(new ImportWorkerUnavailable('the import worker did not start')),
    startMs,
  );

  return new Promise<PreparedImportSource>((resolve, reject) => {
    rejectPrepare = reject;
    port.onerror = (event) => {
      const detail = event.message ? `: ${event.message}` : '';
      fail(
        ready
          ? new Error(`the file could not be checked (the import worker stopped${detail})`)
          : new ImportWorkerUnavailable(`the import worker did not start${detail}`),
      );
    };
    port.onmessage = ({ data: reply }) => {
      switch (reply.kind) {
        case 'ready':
          ready = true;
          clearTimeout(timer);
          port.postMessage({ kind: 'prepare', file });
          return;
        case 'reading':
          onProgress?.({ phase: 'reading', done: reply.done, total: reply.total });
          return;
        case 'checking':
          onProgress?.({ phase: 'checking' });
          return;
        case 'prepared':
          rejectPrepare = () => undefined;
          resolve({
            prepared: reply.prepared,
            batch: (index) =>
              new Promise<LibraryBatchEntry[]>((resolveBatch, rejectBatch) => {
                if (failure) return rejectBatch(failure);
                pending = {
                  resolve: (answer) => {
                    if (answer.kind !== 'batch' || answer.index !== index)
                      return rejectBatch(new Error(`the import worker answered ${answer.kind}`));
                    try {
                      resolveBatch(decodeBatch(answer.json));
                    } catch (error) {
                      rejectBatch(error instanceof Error ? error : new Error(String(error)));
                    }
                  },
                  reject: rejectBatch,
                };
                port.postMessage({ kind: 'batch', index });
              }),
            close: () => {
              clearTimeout(timer);
              port.terminate();
            },
          });
          return;
        case 'batch': {
          const waiting = pending;
          pending = null;
          waiting?.resolve(reply);
          return;
        }
        case 'failed':
          fail(new Error(reply.message));
          return;
      }
    };
  });
}
