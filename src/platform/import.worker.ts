/**
 * The options page's import worker: reads and checks an import file off the page's main thread.
 * All of its logic is `importWorkerHandler` (src/protocol/import-worker.ts); this only wires it
 * to the worker's scope. Started by src/platform/import-worker-client.ts.
 */
import {
  importWorkerHandler,
  type ImportWorkerReply,
  type ImportWorkerRequest,
} from '../protocol/import-worker';

/** The parts of a dedicated worker's scope used here (the DOM typings describe a window). */
const scope = self as unknown as {
  postMessage(reply: ImportWorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ImportWorkerRequest>) => void) | null;
};

const handle = importWorkerHandler((reply, transfer) => scope.postMessage(reply, transfer));
scope.onmessage = (event) => void handle(event.data);
