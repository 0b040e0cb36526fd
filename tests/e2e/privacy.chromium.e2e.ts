/**
 * Privacy in a real Chromium: during captures, the popup, the options page and the comparison
 * page, every network request is recorded three ways (the local server's log, the browser
 * context's request events, and the service worker's own network via CDP Network.enable on its
 * target), and the only requests to the web are the pages the reader opened and what those pages
 * themselves load; with an article watched, the worker fetches that article's address and nothing
 * else, and once unwatched nothing at all. With the reader's opt-in to a web-archive lookup (the
 * archive's host granted, "Look for earlier versions" clicked), the only requests that leave go to
 * the archive stand-in and name only that article's address. The built manifests ask for the
 * minimal permissions, hosts and notifications only optional.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures/pages';
import { buildDir, repoRoot, type BuildName } from './harness/browsers';
import { launchChromiumWithExtension, type ChromiumExtension } from './harness/chromium';
import { pageExpression, waitForSettled, type Evaluate } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectOnlyTheArticleAsked, FOX_ADDRESS } from './privacy-helpers';
import { seedCaptures, start as startArchive, type ArchiveStandIn } from '../stand-ins/archive-server';

interface SeenRequest {
  url: string;
  /** Who made it: a web page (its URL), the extension's pages, or the service worker. */
  from: 'page' | 'extension-page' | 'worker';
  documentUrl: string;
}

let server: FixtureServer | undefined;
let archive: ArchiveStandIn | undefined;
let extension: ChromiumExtension | undefined;
let workerNetwork: CDPSession | undefined;
const seen: SeenRequest[] = [];

const evaluateIn =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

const PAGES = {
  fox: '/politics/us-pushes-temporary-israel-hezbollah-ceasefire',
  foxEdited: '/politics/us-pushes-temporary-israel-hezbollah-ceasefire-updated',
  abc: '/International/us-urges-diplomacy/story',
};

/**
 * Listens to the worker's network through a browser-level CDP session attached to the worker
 * target (Playwright gives no CDP session for a worker; the target protocol does).
 */
async function watchWorkerNetwork(browser: ChromiumExtension): Promise<CDPSession> {
  const owner = browser.context.browser();
  if (!owner) throw new Error('No browser-level CDP session');
  const session = await owner.newBrowserCDPSession();
  await browser.worker();
  const { targetInfos } = (await session.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const target = targetInfos.find(
    (info) =>
      info.type === 'service_worker' && info.url.startsWith(`chrome-extension://${browser.extensionId}/`),
  );
  if (!target) throw new Error('The extension has no service worker target');
  session.on('Target.receivedMessageFromTarget' as never, (event: { message: string }) => {
    const message = JSON.parse(event.message) as { method?: string; params?: { request?: { url: string } } };
    if (message.method === 'Network.requestWillBeSent' && message.params?.request) {
      seen.push({ url: message.params.request.url, from: 'worker', documentUrl: target.url });
    }
  });
  const { sessionId } = await session.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  });
  await (session.send as (method: string, params: object) => Promise<unknown>)('Target.sendMessageToTarget', {
    sessionId,
    message: JSON.stringify({ id: 1, method: 'Network.enable', params: {} }),
  });
  return session;
}

beforeAll(async () => {
  server = await startFixtureServer();
  server.setPage(PAGES.fox, readFixture('fox-ceasefire-v1'));
  server.setPage(PAGES.foxEdited, readFixture('fox-ceasefire-v2'));
  server.setPage(PAGES.abc, readFixture('abc-ceasefire'));
  archive = await startArchive({ captures: () => seedCaptures(FOX_ADDRESS) });
  extension = await launchChromiumWithExtension();
  const origin = `chrome-extension://${extension.extensionId}/`;
  extension.context.on('request', (request) => {
    // A navigation is requested before its frame has an address: it belongs to the page it loads.
    const frameUrl = request.serviceWorker()
      ? request.serviceWorker()!.url()
      : request.isNavigationRequest()
        ? request.url()
        : request.frame().url();
    seen.push({
      url: request.url(),
      from: request.serviceWorker() ? 'worker' : frameUrl.startsWith(origin) ? 'extension-page' : 'page',
      documentUrl: frameUrl,
    });
  });
  workerNetwork = await watchWorkerNetwork(extension);
});

afterAll(async () => {
  await workerNetwork?.detach().catch(() => undefined);
  await extension?.close();
  await archive?.stop();
  await server?.close();
});

describe('network (Chromium)', () => {
  it('makes no request of its own during capture, popup, options and comparison use', async () => {
    if (!extension || !server) throw new Error('The browser did not start');
    const browser = extension;
    const site = server;
    const opened: string[] = [];
    const analyse = async (path: string): Promise<void> => {
      const url = site.url(path);
      opened.push(url);
      const tab = await browser.newPage(url);
      const popup = await browser.openPopupFor(tab);
      expect((await waitForSettled(evaluateIn(popup), 60_000)).state).toBe('ready');
      // Open every other report's comparison: the popup's busiest path.
      await popup.evaluate(() => {
        for (const button of document.querySelectorAll<HTMLButtonElement>('li[data-sibling] .cc-disclosure'))
          button.click();
      });
      await popup.waitForTimeout(500);
      await popup.close();
      await tab.close();
    };
    await analyse(PAGES.fox);
    await analyse(PAGES.abc);
    await analyse(PAGES.foxEdited);

    const options = await browser.optionsPage();
    await options.waitForSelector('li[data-article-id]');
    for (const view of ['#outlets', '#settings', '#data', '#privacy', '#library']) {
      await options.evaluate((hash) => (location.hash = hash), view);
      await options.waitForTimeout(200);
    }
    await options.click('li[data-article-id] .cc-row-title');
    await options.waitForTimeout(500);
    await options.close();
    const compare = await browser.newPage(browser.extensionUrl('compare.html?before=1&after=2&sibling=1'));
    await compare.waitForTimeout(1000);
    await compare.close();
    // Give late requests (a worker's idle fetch, a beacon) the chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const extensionOrigin = `chrome-extension://${browser.extensionId}/`;
    const byTheExtension = seen.filter((request) => request.from !== 'page');
    // The extension's own pages load their own files; nothing else.
    expect(byTheExtension.filter((request) => !request.url.startsWith(extensionOrigin))).toEqual([]);
    // What the web pages requested is theirs: the documents the reader opened and their assets.
    const pageDocuments = new Set(
      seen.filter((request) => request.from === 'page').map((request) => request.documentUrl),
    );
    for (const documentUrl of pageDocuments) expect(opened).toContain(documentUrl);
    // The server saw the pages and nothing else: no second fetch of an article by the extension.
    const served = site.requests.map((request) => request.url).filter((url) => url !== '/favicon.ico');
    expect(served.map((url) => site.url(url)).sort()).toEqual([...opened].sort());
    expect(seen.some((request) => request.from === 'extension-page')).toBe(true);
  });

  it('watching on: the worker fetches the watched article and nothing else; watching off: nothing', async () => {
    if (!extension || !server) throw new Error('The browser did not start');
    const browser = extension;
    const site = server;
    const tab = await browser.newPage(site.url(PAGES.fox));
    const popup = await browser.openPopupFor(tab);
    expect((await waitForSettled(evaluateIn(popup), 60_000)).state).toBe('ready');
    await popup.click('button[data-watch]');
    await popup.waitForSelector('button[data-watch][aria-pressed="true"]');
    await popup.close();
    await tab.close();
    seen.length = 0;
    site.clearRequests();

    const extensionOrigin = `chrome-extension://${browser.extensionId}/`;
    const web = () =>
      seen.filter((request) => request.from !== 'page' && !request.url.startsWith(extensionOrigin));
    const options = await browser.newPage(browser.extensionUrl('options.html#watched'));
    await options.waitForSelector('[data-watch-row]');
    await options.click('[data-check-now]');
    await options.waitForSelector('[data-check-progress="done"]');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // One fetch, by the worker, of the watched article's own address (both ways of seeing it).
    const fetched = web();
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.every((request) => request.from === 'worker')).toBe(true);
    expect(new Set(fetched.map((request) => request.url)).size).toBe(1);
    const served = site.requests.map((request) => request.url).filter((url) => url !== '/favicon.ico');
    expect(served).toHaveLength(1);
    expect(fetched[0]!.url).toBe(site.url(served[0]!));

    await options.click('[data-unwatch]');
    await options.waitForSelector('[data-watch-row]', { state: 'detached' });
    seen.length = 0;
    site.clearRequests();
    for (const view of ['#library', '#watched']) {
      await options.evaluate((hash) => (location.hash = hash), view);
      await options.waitForTimeout(300);
    }
    await options.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(web()).toEqual([]);
    expect(site.requests).toEqual([]);
  });

  it('web archive opted in: only the archive is asked, and only about the article the reader looked up', async () => {
    if (!extension || !server || !archive) throw new Error('The browser did not start');
    const browser = extension;
    const site = server;
    const standIn = archive;
    const extensionOrigin = `chrome-extension://${browser.extensionId}/`;
    const web = () =>
      seen.filter((request) => request.from !== 'page' && !request.url.startsWith(extensionOrigin));

    // The reader chooses the archive (the stand-in; its host 127.0.0.1 is granted in e2e builds,
    // as after the reader's "Allow") and opens the article: nothing goes to it yet.
    seen.length = 0;
    site.clearRequests();
    const options = await browser.newPage(browser.extensionUrl('options.html#settings'));
    await options.fill('[data-testid="archive-base"]', standIn.base);
    await options.click('[data-testid="save-archive"]');
    await options.waitForSelector('.cc-inline-ok');
    await options.close();
    const tab = await browser.newPage(site.url(PAGES.foxEdited));
    const popup = await browser.openPopupFor(tab);
    expect((await waitForSettled(evaluateIn(popup), 60_000)).state).toBe('ready');
    await popup.waitForSelector('[data-archive-lookup]');
    await popup.waitForTimeout(500);
    expect(web()).toEqual([]);
    expect(standIn.requests).toEqual([]);

    // The opt-in: "Look for earlier versions in web archives".
    await popup.click('[data-archive-lookup]');
    await popup.waitForSelector('[data-archive-result], [data-archive-failure]', { timeout: 60_000 });
    expect(await popup.$('[data-archive-failure]')).toBeNull();
    await popup.close();
    await tab.close();
    await new Promise((resolve) => setTimeout(resolve, 500));

    // What left the extension: the worker's requests to the stand-in, each about the article only.
    const sent = web();
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.from, request.url).toBe('worker');
      expect(request.url.startsWith(`${standIn.base}/`), request.url).toBe(true);
    }
    // The stand-in's own log (every request it received) says the same: a CDX query and raw
    // captures of the article's address, no other address, nothing of the page's text.
    expectOnlyTheArticleAsked(standIn.requests);
    const distinct = new Set(sent.map((request) => request.url));
    expect([...distinct].sort()).toEqual(
      [...new Set(standIn.requests.map((request) => `${standIn.base}${request.path}`))].sort(),
    );
    // The news site saw only the reader's own visit: the extension fetched nothing from it.
    const served = site.requests.map((request) => request.url).filter((url) => url !== '/favicon.ico');
    expect(served).toEqual([PAGES.foxEdited]);
    console.log(
      `privacy e2e (archive opt-in): ${standIn.requests.length} archive requests ` +
        `(${standIn.requests.filter((r) => r.kind === 'raw').length} captures), 0 elsewhere`,
    );
  });
});

/** A store build left over from older sources would test old code: rebuild when behind the e2e build. */
function storeManifest(name: Extract<BuildName, 'chrome-mv3' | 'firefox-mv2'>): Record<string, unknown> {
  const manifest = `${buildDir(name)}/manifest.json`;
  const e2e = `${buildDir(`${name}-e2e`)}/manifest.json`;
  if (!existsSync(manifest) || (existsSync(e2e) && statSync(manifest).mtimeMs < statSync(e2e).mtimeMs)) {
    const args = name === 'firefox-mv2' ? ['wxt', 'build', '-b', 'firefox'] : ['wxt', 'build'];
    execFileSync('npx', args, { cwd: repoRoot, stdio: 'inherit' });
  }
  return JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
}

/** `alarms`: the watch list's re-checks (README, Permissions). */
const MINIMAL = ['activeTab', 'scripting', 'storage', 'unlimitedStorage', 'alarms'];
const OPTIONAL_HOSTS = ['http://*/*', 'https://*/*'];
/** Asked for when the reader watches an article. */
const OPTIONAL_APIS = ['notifications'];

/** Keys that would widen what the extension can do or who can talk to it. */
const WIDENING_KEYS = [
  'content_scripts',
  'content_security_policy',
  'externally_connectable',
  'web_accessible_resources',
  'host_permissions',
  'optional_permissions',
  'update_url',
];

describe('permissions in the store builds', () => {
  it(
    'Chrome MV3 asks for activeTab, scripting, storage, unlimitedStorage and alarms; hosts and notifications only optional',
    { timeout: 120_000 },
    () => {
      const manifest = storeManifest('chrome-mv3');
      expect(manifest.manifest_version).toBe(3);
      expect([...(manifest.permissions as string[])].sort()).toEqual([...MINIMAL].sort());
      expect(manifest.host_permissions ?? []).toEqual([]);
      expect([...(manifest.optional_host_permissions as string[])].sort()).toEqual(OPTIONAL_HOSTS);
      expect(manifest.optional_permissions).toEqual(OPTIONAL_APIS);
      for (const key of WIDENING_KEYS.filter(
        (key) => key !== 'host_permissions' && key !== 'optional_permissions',
      )) {
        expect(manifest, key).not.toHaveProperty(key);
      }
    },
  );

  it('Firefox MV2 asks for the same, with hosts only in optional_permissions', { timeout: 120_000 }, () => {
    const manifest = storeManifest('firefox-mv2');
    expect(manifest.manifest_version).toBe(2);
    expect([...(manifest.permissions as string[])].sort()).toEqual([...MINIMAL].sort());
    expect([...(manifest.optional_permissions as string[])].sort()).toEqual(
      [...OPTIONAL_HOSTS, ...OPTIONAL_APIS].sort(),
    );
    for (const key of WIDENING_KEYS.filter((key) => key !== 'optional_permissions')) {
      expect(manifest, key).not.toHaveProperty(key);
    }
    const gecko = (manifest.browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
  });
});
