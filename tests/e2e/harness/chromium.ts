/**
 * Chromium with the built extension loaded, driven by playwright-core. The popup is opened as
 * a tab (`popup.html?tabId=N`), the way the popup itself supports being opened for a given tab.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { chromiumPath, isBrandedChrome, requireBuild, type BuildName } from './browsers';

export interface ChromiumExtension {
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly executablePath: string;
  /** The extension's current service worker (woken if it was stopped). */
  worker(): Promise<Worker>;
  newPage(url?: string): Promise<Page>;
  /** The browser's id for the tab showing `page`, asked of the extension itself. */
  tabIdOf(page: Page): Promise<number>;
  /** Opens `popup.html?tabId=N` for the tab of `tabPage` in a new page and returns it. */
  openPopupFor(tabPage: Page): Promise<Page>;
  /** Stops the MV3 service worker, as Chrome does after 30 s idle, and starts it again. */
  restartServiceWorker(): Promise<Worker>;
  optionsPage(): Promise<Page>;
  extensionUrl(path: string): string;
  /** Host permissions the extension holds now. */
  grantedOrigins(): Promise<string[]>;
  close(): Promise<void>;
}

/** The slice of the extension API the harness evaluates inside the service worker. */
interface ExtensionGlobal {
  chrome: {
    tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
    permissions: { getAll(): Promise<{ origins?: string[] }> };
  };
}

interface WorkerVersionsEvent {
  versions: { versionId: string; scriptURL: string; runningStatus: string }[];
}

/** Playwright's bundled protocol types lag Chromium's; these commands exist in Chromium 120+. */
function sendCdp(session: CDPSession, method: string, params?: object): Promise<unknown> {
  return (session.send as (method: string, params?: object) => Promise<unknown>)(method, params);
}

export interface LaunchChromiumOptions {
  build?: BuildName;
  /** An unpacked extension elsewhere (a build a test has altered); overrides `build`. */
  extensionDir?: string;
  headless?: boolean;
}

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  // The fixture pages link real outlets' images; nothing but the local server may be reached.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export async function launchChromiumWithExtension(
  options: LaunchChromiumOptions = {},
): Promise<ChromiumExtension> {
  const extensionDir = options.extensionDir ?? requireBuild(options.build ?? 'chrome-mv3-e2e');
  const executablePath = chromiumPath();
  const userDataDir = await mkdtemp(join(tmpdir(), 'crosscheck-chromium-'));
  // Branded Chrome 137+ ignores --load-extension; it still accepts CDP Extensions.loadUnpacked.
  const viaCdp = isBrandedChrome(executablePath) || process.env.CROSSCHECK_LOAD_EXTENSION === 'cdp';
  const extensionArgs = viaCdp
    ? ['--enable-unsafe-extension-debugging']
    : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];

  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: options.headless ?? true,
    args: [...COMMON_ARGS, ...extensionArgs],
    // Playwright passes --disable-extensions by default, which leaves a CDP-loaded extension inert.
    ignoreDefaultArgs: ['--disable-extensions'],
    viewport: { width: 1100, height: 900 },
  });

  let extensionId: string;
  try {
    if (viaCdp) {
      const started = firstWorker(context);
      extensionId = await loadUnpackedViaCdp(context, extensionDir);
      await started;
    } else {
      extensionId = idFromWorker(await firstWorker(context));
    }
  } catch (error) {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const origin = `chrome-extension://${extensionId}/`;
  const isOurs = (worker: Worker): boolean => worker.url().startsWith(origin);

  const worker = async (): Promise<Worker> => {
    const running = context.serviceWorkers().find(isOurs);
    if (running) return running;
    await setWorkerRunning(true);
    return (
      context.serviceWorkers().find(isOurs) ?? context.waitForEvent('serviceworker', { predicate: isOurs })
    );
  };

  /**
   * Starts or stops our worker through the page-level CDP ServiceWorker domain and waits for
   * Chromium to report the new running status (the browser-level session lacks this domain).
   */
  const setWorkerRunning = async (wantRunning: boolean): Promise<void> => {
    const session = await context.newCDPSession(await anyPage());
    try {
      const status = new Map<string, string>();
      let notify: () => void = () => undefined;
      session.on('ServiceWorker.workerVersionUpdated' as never, (event: WorkerVersionsEvent) => {
        for (const version of event.versions) {
          if (version.scriptURL.startsWith(origin)) status.set(version.versionId, version.runningStatus);
        }
        notify();
      });
      const until = async (done: () => boolean, what: string): Promise<void> => {
        const deadline = Date.now() + 15_000;
        while (!done()) {
          if (Date.now() > deadline) throw new Error(`Service worker did not ${what} within 15 s`);
          await new Promise<void>((resolve) => {
            notify = resolve;
            setTimeout(resolve, 100);
          });
        }
      };
      await sendCdp(session, 'ServiceWorker.enable');
      await until(() => status.size > 0, 'register');
      if (wantRunning) {
        await sendCdp(session, 'ServiceWorker.startWorker', { scopeURL: origin });
        await until(() => [...status.values()].includes('running'), 'start');
      } else {
        for (const [versionId, runningStatus] of status) {
          if (runningStatus !== 'stopped') await sendCdp(session, 'ServiceWorker.stopWorker', { versionId });
        }
        await until(() => [...status.values()].every((value) => value === 'stopped'), 'stop');
      }
    } finally {
      await session.detach().catch(() => undefined);
    }
  };

  const anyPage = async (): Promise<Page> => context.pages()[0] ?? context.newPage();

  const newPage = async (url?: string): Promise<Page> => {
    const page = await context.newPage();
    if (url) await page.goto(url);
    return page;
  };

  const tabIdOf = async (page: Page): Promise<number> => {
    const url = page.url();
    const running = await worker();
    const byUrl = await running.evaluate(async (wanted: string) => {
      const tabs = await (globalThis as unknown as ExtensionGlobal).chrome.tabs.query({});
      return tabs.filter((tab) => tab.url === wanted).map((tab) => tab.id ?? -1);
    }, url);
    if (byUrl.length === 1 && byUrl[0] !== undefined && byUrl[0] >= 0) return byUrl[0];
    if (byUrl.length > 1) throw new Error(`${byUrl.length} tabs show ${url}; expected one`);
    // Without host permission (the store build) tab URLs are hidden: take the tab brought to front.
    await page.bringToFront();
    const active = await running.evaluate(async () => {
      const tabs = await (globalThis as unknown as ExtensionGlobal).chrome.tabs.query({
        active: true,
        lastFocusedWindow: true,
      });
      return tabs.map((tab) => tab.id ?? -1);
    });
    if (active.length !== 1 || active[0] === undefined || active[0] < 0) {
      throw new Error(`No tab found for ${url}`);
    }
    return active[0];
  };

  return {
    context,
    extensionId,
    executablePath,
    worker,
    newPage,
    tabIdOf,
    async openPopupFor(tabPage) {
      const tabId = await tabIdOf(tabPage);
      return newPage(`${origin}popup.html?tabId=${tabId}`);
    },
    async restartServiceWorker() {
      await setWorkerRunning(false);
      await setWorkerRunning(true);
      const restarted = context.serviceWorkers().find(isOurs);
      if (restarted) return restarted;
      return context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 });
    },
    optionsPage() {
      return newPage(`${origin}options.html`);
    },
    async grantedOrigins() {
      const running = await worker();
      return running.evaluate(async () => {
        const granted = await (globalThis as unknown as ExtensionGlobal).chrome.permissions.getAll();
        return granted.origins ?? [];
      });
    },
    extensionUrl(path) {
      return `${origin}${path.replace(/^\//, '')}`;
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

async function firstWorker(context: BrowserContext): Promise<Worker> {
  const existing = context.serviceWorkers().find((worker) => worker.url().startsWith('chrome-extension://'));
  if (existing) return existing;
  try {
    return await context.waitForEvent('serviceworker', {
      predicate: (worker) => worker.url().startsWith('chrome-extension://'),
      timeout: 20_000,
    });
  } catch {
    // Chromium refuses an extension with a broken manifest or a missing icon without saying why here.
    throw new Error(
      'The extension did not start (no service worker in 20 s): rebuild it with npm run build:e2e',
    );
  }
}

function idFromWorker(worker: Worker): string {
  const id = new URL(worker.url()).host;
  if (!id) throw new Error(`No extension id in service worker URL ${worker.url()}`);
  return id;
}

async function loadUnpackedViaCdp(context: BrowserContext, extensionDir: string): Promise<string> {
  const browser = context.browser();
  if (!browser) throw new Error('No browser-level CDP session to load the extension with');
  const session = await browser.newBrowserCDPSession();
  try {
    const { id } = (await sendCdp(session, 'Extensions.loadUnpacked', { path: extensionDir })) as {
      id: string;
    };
    return id;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
