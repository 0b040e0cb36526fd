/**
 * The watch list's memory in the real MV3 worker (Chromium, e2e build): watch the news server's
 * article from the popup, then "Check now" N times from the options page while the article
 * alternates between two versions, and read the worker's JS heap over CDP after a forced GC
 * (HeapProfiler.collectGarbage, then Runtime.getHeapUsage) at each checkpoint — and once without
 * the GC, as a figure taken by just reading the heap would be.
 *
 *   npm run build:e2e && npx tsx tests/bench/watch-memory-browser.ts [--checks 300]
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';
import { launchChromiumWithExtension, type ChromiumExtension } from '../e2e/harness/chromium';
import { chromiumDriver } from '../e2e/harness/driver';
import { chromiumExtensionPage, type ExtensionPageHandle } from '../e2e/harness/extension-page';
import { waitFor, waitForSettled } from '../e2e/harness/popup';
import { startNewsServer } from '../stand-ins/news-server';

const MB = 2 ** 20;
const at = process.argv.indexOf('--checks');
const checks = at >= 0 ? Number(process.argv[at + 1]) : 300;
if (!Number.isInteger(checks) || checks < 1) throw new Error('--checks takes a whole number');
/** --snapshots DIR: the worker's heap snapshot at each checkpoint, to diff in DevTools (Memory → Comparison). */
const snapshotsAt = process.argv.indexOf('--snapshots');
const snapshots = snapshotsAt >= 0 ? (process.argv[snapshotsAt + 1] ?? '.') : null;

/** A CDP connection to the extension's service worker (through the target domain, not flattened). */
async function workerSession(extension: ChromiumExtension) {
  const owner = extension.context.browser();
  if (!owner) throw new Error('No browser-level CDP session');
  const session: CDPSession = await owner.newBrowserCDPSession();
  // Playwright's protocol types do not list every command; the target domain takes any.
  const send = (method: string, params?: object): Promise<unknown> =>
    (session.send as (this: CDPSession, method: string, params?: object) => Promise<unknown>).call(
      session,
      method,
      params,
    );
  await extension.worker();
  const { targetInfos } = (await send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (info) =>
      info.type === 'service_worker' && info.url.startsWith(`chrome-extension://${extension.extensionId}/`),
  );
  if (!target) throw new Error('The extension has no service worker target');
  const { sessionId } = (await send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  })) as { sessionId: string };
  let next = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const chunks: string[] = [];
  session.on('Target.receivedMessageFromTarget' as never, (event: { message: string }) => {
    const message = JSON.parse(event.message) as {
      id?: number;
      result?: unknown;
      method?: string;
      params?: { chunk?: string };
    };
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params?.chunk ?? '');
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      void send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  /** The worker's heap snapshot as one JSON text. */
  const snapshot = async (): Promise<string> => {
    chunks.length = 0;
    await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    return chunks.join('');
  };
  return { call, snapshot };
}

function checkNow(page: ExtensionPageHandle): Promise<{ checked: number; failed: number }> {
  return page.evaluate(async () => {
    const scope = globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
    const reply = (await scope.chrome.runtime.sendMessage({
      id: Math.floor(Math.random() * 1e9),
      type: 'checkWatchesNow',
      data: {},
      timestamp: Date.now(),
    })) as { res?: { checked: number; failed: number }; err?: { message?: string } };
    if (!reply.res) throw new Error(reply.err?.message ?? 'no answer');
    return reply.res;
  }, null);
}

const news = await startNewsServer();
const extension = await launchChromiumWithExtension();
try {
  const driver = chromiumDriver(extension);
  news.setState('v1');
  const tab = await driver.open(news.articleUrl);
  const popup = await driver.popupFor(tab);
  await waitForSettled(popup.evaluate);
  await waitFor(
    popup.evaluate,
    () => document.querySelector<HTMLButtonElement>('button[data-watch]')?.disabled === false,
    null,
    'the watch toggle',
  );
  await popup.evaluate(() => document.querySelector<HTMLButtonElement>('button[data-watch]')?.click(), null);
  await waitFor(
    popup.evaluate,
    () => document.querySelector('button[data-watch]')?.getAttribute('aria-pressed') === 'true',
    null,
    'watching',
  );
  await popup.close();
  await tab.close();
  const options = await chromiumExtensionPage(extension, 'options.html#watched', '[data-watch-row]');
  // Over CDP after the worker is up: the page above woke it.
  const { call: cdp, snapshot } = await workerSession(extension);
  await cdp('Runtime.enable');
  const heap = async (collect: boolean) => {
    if (collect) await cdp('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp('Runtime.getHeapUsage')) as { usedSize: number };
    return +(usedSize / MB).toFixed(2);
  };
  const points = new Set([0, 10, 25, 50, 100, 150, 200, 300, 500, checks]);
  const rows: { checks: number; heapMB: number; withoutGcMB: number }[] = [];
  const started = Date.now();
  for (let n = 0; n <= checks; n++) {
    if (points.has(n)) {
      const withoutGcMB = await heap(false);
      rows.push({ checks: n, heapMB: await heap(true), withoutGcMB });
      if (snapshots) writeFileSync(`${snapshots}/worker-${n}.heapsnapshot`, await snapshot());
    }
    if (n === checks) break;
    news.setState(n % 2 === 0 ? 'v2' : 'v1');
    const report = await checkNow(options);
    if (report.checked !== 1 || report.failed !== 0) throw new Error(`check ${n + 1}: ${JSON.stringify(report)}`);
  }
  console.log(`worker heap over ${checks} "Check now" runs (${Math.round((Date.now() - started) / 1000)} s):`);
  console.table(rows);
} finally {
  await extension.close();
  await news.stop();
}
