/**
 * Checking an import file in a worker (src/protocol/import-worker.ts): the worker's handler and
 * the page's side wired through a fake port in one thread, every message structured-cloned as
 * postMessage would. The report must be the one the one-thread import gives, and a worker that
 * is silent, fails to load or dies half-way must end the import with a reason, never hang.
 */
import { describe, expect, it } from 'vitest';
import type { LibraryBatchEntry } from '../../src/model/library-file';
import {
  ImportWorkerUnavailable,
  WORKER_BATCH_LIMITS,
  decodeBatch,
  importWorkerHandler,
  prepareImportInWorker,
  readBlobText,
  type ImportProgress,
  type ImportWorkerPort,
  type ImportWorkerReply,
  type ImportWorkerRequest,
} from '../../src/protocol/import-worker';
import { importLibraryText, prepareImport, sendPreparedImport } from '../../src/protocol/library-transfer';
import type { ImportReport } from '../../src/protocol/types';
import { syntheticLibraryFile } from './service-fixtures';

const LIMITS = { importBatchVersions: 3, importBatchChars: 1e9, messageChars: 1e9 };

/** A stand-in background: stores nothing, answers as if every version were new. */
function fakeBackground(): {
  sent: LibraryBatchEntry[][];
  send: (batch: LibraryBatchEntry[]) => Promise<ImportReport>;
} {
  const sent: LibraryBatchEntry[][] = [];
  return {
    sent,
    send: (batch) => {
      sent.push(batch);
      return Promise.resolve({
        ok: true,
        articlesAdded: batch.length,
        versionsAdded: batch.reduce((n, entry) => n + entry.versions.length, 0),
        duplicates: 0,
        rejected: [],
        fatal: null,
      });
    },
  };
}

interface FakeWorker extends ImportWorkerPort {
  requests: ImportWorkerRequest['kind'][];
  terminated: boolean;
  /** Delivers a reply to the page as the worker would. */
  reply(reply: ImportWorkerReply): void;
}

/**
 * A worker in this thread. `behaviour` 'ok' runs the real handler; 'silent' never answers;
 * 'load-error' fails to load; 'dies-at-batch' answers until the first batch is asked for;
 * 'garbled-batch' answers a batch with bytes that are not its JSON.
 */
function fakeWorker(
  behaviour: 'ok' | 'silent' | 'load-error' | 'dies-at-batch' | 'garbled-batch' = 'ok',
): FakeWorker {
  const port: FakeWorker = {
    requests: [],
    terminated: false,
    onmessage: null,
    onerror: null,
    reply: (reply) => {
      if (!port.terminated) port.onmessage?.({ data: structuredClone(reply) });
    },
    postMessage(message) {
      port.requests.push(message.kind);
      setTimeout(() => {
        if (behaviour === 'dies-at-batch' && message.kind === 'batch') {
          port.onerror?.({ message: 'out of memory' });
          return;
        }
        if (behaviour === 'garbled-batch' && message.kind === 'batch') {
          port.reply({ kind: 'batch', index: message.index, json: new TextEncoder().encode('[{"item":') });
          return;
        }
        void handle?.(message);
      });
    },
    terminate() {
      port.terminated = true;
    },
  };
  let handle: ((request: ImportWorkerRequest) => Promise<void>) | undefined;
  setTimeout(() => {
    if (behaviour === 'load-error') port.onerror?.({ message: 'blocked by CSP' });
    if (behaviour !== 'silent' && behaviour !== 'load-error')
      handle = importWorkerHandler((reply) => port.reply(reply), LIMITS);
  });
  return port;
}

const blobOf = (text: string) => new Blob([text], { type: 'application/json' });

/** A valid file with a refused version and a refused entry among its good ones. */
function mixedFile(): string {
  const file = JSON.parse(syntheticLibraryFile(5, 2)) as { articles: unknown[] };
  const first = file.articles[0] as { versions: { capturedAt: unknown }[] };
  first.versions[1]!.capturedAt = 'yesterday';
  file.articles.push('not an article');
  return JSON.stringify(file);
}

describe('importing through a worker', () => {
  it('sends the same batches and reports the same as checking the file on the page', async () => {
    const json = mixedFile();
    const inPage = fakeBackground();
    const expected = await importLibraryText(json, inPage.send, undefined, LIMITS);

    const viaWorker = fakeBackground();
    const worker = fakeWorker();
    const progress: ImportProgress['phase'][] = [];
    const source = await prepareImportInWorker(worker, blobOf(json), (p) => progress.push(p.phase));
    const report = await sendPreparedImport(source.prepared, (i) => source.batch(i), viaWorker.send);
    source.close();

    expect(report).toEqual(expected);
    expect(report.rejected.map((r) => r.item)).toEqual(['articles[0].versions[1]', 'articles[5]']);
    expect(report.versionsTotal).toBe(9);
    expect(viaWorker.sent).toEqual(inPage.sent);
    expect(viaWorker.sent.map((batch) => batch.reduce((n, e) => n + e.versions.length, 0))).toEqual([
      3, 3, 3,
    ]);
    expect(progress[0]).toBe('reading');
    expect(progress.at(-1)).toBe('checking');
    // Batches are asked for one at a time, only as each is sent.
    expect(worker.requests).toEqual(['prepare', 'batch', 'batch', 'batch']);
    expect(worker.terminated).toBe(true);
  });

  it.each([
    ['a truncated file', (json: string) => json.slice(0, json.length / 2), /not valid JSON/],
    [
      'JSON that is not a Crosscheck file',
      () => '{"name":"package","version":"1.0.0"}',
      /not a Crosscheck library file/,
    ],
  ])('refuses %s with the reason, sending nothing', async (_name, damage, reason) => {
    const json = damage(syntheticLibraryFile(2));
    const background = fakeBackground();
    const source = await prepareImportInWorker(fakeWorker(), blobOf(json));
    const report = await sendPreparedImport(source.prepared, (i) => source.batch(i), background.send);
    source.close();
    expect(report).toEqual(await importLibraryText(json, background.send, undefined, LIMITS));
    expect(report.fatal).toMatch(reason);
    expect(background.sent).toEqual([]);
  });

  it('gives up on a worker that does not start, or fails to load, as unavailable', async () => {
    const silent = fakeWorker('silent');
    await expect(prepareImportInWorker(silent, blobOf('{}'), undefined, 50)).rejects.toBeInstanceOf(
      ImportWorkerUnavailable,
    );
    expect(silent.terminated).toBe(true);
    const blocked = prepareImportInWorker(fakeWorker('load-error'), blobOf('{}'));
    await expect(blocked).rejects.toBeInstanceOf(ImportWorkerUnavailable);
    await expect(blocked).rejects.toThrow(/did not start: blocked by CSP/);
  });

  it('stops with a partial report when the worker dies half-way, without waiting on it', async () => {
    const json = syntheticLibraryFile(4);
    const source = await prepareImportInWorker(fakeWorker('dies-at-batch'), blobOf(json));
    const report = await sendPreparedImport(source.prepared, (i) => source.batch(i), fakeBackground().send);
    expect(report).toMatchObject({ ok: false, partial: false, versionsDone: 0, versionsTotal: 4 });
    expect(report.fatal).toMatch(/import worker stopped: out of memory/);
    // Later requests fail at once too.
    await expect(source.batch(1)).rejects.toThrow(/import worker stopped/);
  });
});

describe('the worker side', () => {
  /** The handler driven directly, every reply kept with what it transfers. */
  function handler(limits?: Parameters<typeof importWorkerHandler>[1]) {
    const replies: { reply: ImportWorkerReply; transfer: Transferable[] | undefined }[] = [];
    const handle = importWorkerHandler((reply, transfer) => replies.push({ reply, transfer }), limits);
    return { replies, handle };
  }

  it('hands each batch over once, as the bytes of its JSON with their buffer transferred', async () => {
    const json = syntheticLibraryFile(7);
    const { replies, handle } = handler(LIMITS);
    await handle({ kind: 'prepare', file: blobOf(json) });
    expect(replies.map(({ reply }) => reply.kind)).toContain('prepared');

    await handle({ kind: 'batch', index: 1 });
    const { reply, transfer } = replies.at(-1)!;
    if (reply.kind !== 'batch') throw new Error(`answered ${reply.kind}`);
    expect(reply.json).toBeInstanceOf(Uint8Array);
    expect(transfer).toEqual([reply.json.buffer]);
    expect(decodeBatch(reply.json)).toEqual(prepareImport(json, LIMITS).batches[1]);

    await handle({ kind: 'batch', index: 1 });
    expect(replies.at(-1)!.reply).toEqual({ kind: 'failed', message: 'the import has no batch 1' });
  });

  it('splits a file into batches of at most 256 KiB of JSON unless told otherwise', async () => {
    // 100 versions of ~10,000 characters: one batch by the background's limits, four or more here.
    const file = JSON.parse(syntheticLibraryFile(100)) as {
      articles: { versions: { article: { paragraphs: string[] } }[] }[];
    };
    for (const entry of file.articles) entry.versions[0]!.article.paragraphs.push('Padding. '.repeat(900));
    const { replies, handle } = handler();
    await handle({ kind: 'prepare', file: blobOf(JSON.stringify(file)) });
    const prepared = replies.map(({ reply }) => reply).find((reply) => reply.kind === 'prepared');
    if (prepared?.kind !== 'prepared') throw new Error('not prepared');
    const { batchVersions } = prepared.prepared;
    expect(batchVersions.length).toBeGreaterThanOrEqual(4);
    expect(batchVersions.reduce((sum, n) => sum + n, 0)).toBe(100);
    for (const index of batchVersions.keys()) {
      await handle({ kind: 'batch', index });
      const reply = replies.at(-1)!.reply;
      if (reply.kind !== 'batch') throw new Error(`answered ${reply.kind}`);
      const size = decodeBatch(reply.json)
        .flatMap((entry) => entry.versions)
        .reduce((sum, version) => sum + JSON.stringify(version).length, 0);
      expect(size).toBeLessThanOrEqual(WORKER_BATCH_LIMITS.importBatchChars);
    }
  });

  it('rejects a batch whose bytes are not its JSON instead of waiting on it', async () => {
    const source = await prepareImportInWorker(fakeWorker('garbled-batch'), blobOf(syntheticLibraryFile(4)));
    const report = await sendPreparedImport(source.prepared, (i) => source.batch(i), fakeBackground().send);
    source.close();
    expect(report).toMatchObject({ ok: false, partial: false, versionsDone: 0, versionsTotal: 4 });
    expect(report.fatal).toMatch(/JSON/);
  });
});

describe('reading a file with progress', () => {
  it('decodes as Blob.text() does, characters split across chunks included, and ends at 100 %', async () => {
    const bytes = new TextEncoder().encode(`\uFEFF{"t":"${'é—€😀 '.repeat(20_000)}"}`);
    // Parts of 1,001 bytes: most cut through a character's bytes.
    const parts = Array.from({ length: Math.ceil(bytes.length / 1001) }, (_, i) =>
      bytes.slice(i * 1001, (i + 1) * 1001),
    );
    const blob = new Blob(parts);
    const told: number[] = [];
    expect(await readBlobText(blob, (done, total) => told.push(done / total))).toBe(await blob.text());
    expect(told.length).toBeGreaterThan(2);
    expect(told.length).toBeLessThanOrEqual(51);
    expect(told.at(-1)).toBe(1);
    expect([...told].sort((a, b) => a - b)).toEqual(told);
  });
});
