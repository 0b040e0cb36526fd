/**
 * Privacy in a real Firefox. Firefox gives a test no view of an extension's background network,
 * so every request is made to pass where it is recorded: the 127.0.0.1 stand-ins (the news site,
 * the archive) log what they receive, and everything else goes through a recording proxy that
 * answers nothing. The fixture pages are served with a content policy that keeps them from
 * loading their outlets' images and scripts, so whatever reaches the proxy comes from the
 * extension or from Firefox itself — whose only traffic here, to its remote-settings service
 * (firefox.settings.services.mozilla.com; release builds ignore the pref that would move it), is
 * named and set aside — and the rest must be nothing at all. Without the reader's opt-in the archive hears nothing; with it (the
 * archive's host granted, "Look for earlier versions" clicked) only the archive stand-in is asked,
 * and only about the article's address. (Chromium's counterpart, privacy.chromium.e2e.ts, records
 * the worker's own network over CDP and also covers the watch list and the store manifests.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures/pages';
import { seedCaptures, start as startArchive, type ArchiveStandIn } from '../stand-ins/archive-server';
import { firefoxExtensionPage } from './harness/extension-page';
import { launchFirefoxWithExtension, type FirefoxExtension } from './harness/firefox';
import { pageExpression, waitFor, waitForSettled, type Evaluate } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectOnlyTheArticleAsked, FOX_ADDRESS } from './privacy-helpers';

const PAGES = {
  fox: '/politics/us-pushes-temporary-israel-hezbollah-ceasefire',
  foxEdited: '/politics/us-pushes-temporary-israel-hezbollah-ceasefire-updated',
  abc: '/International/us-urges-diplomacy/story',
};

/** The page may load only from its own site: its outlet's images and scripts stay out of the record. */
function ownSiteOnly(html: string): string {
  const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self' 'unsafe-inline'">`;
  return html.replace(/<head[^>]*>/i, (head) => `${head}${policy}`);
}

interface Proxied {
  /** `CONNECT host:port` (https) or `GET http://…` (plain http). */
  request: string;
  at: number;
}

/** An HTTP proxy that records every request and CONNECT and answers each with 502. */
async function startRecordingProxy(): Promise<{ server: Server; port: number; log: Proxied[] }> {
  const log: Proxied[] = [];
  const server = createServer((request, response) => {
    log.push({ request: `${request.method} ${request.url}`, at: Date.now() });
    response.writeHead(502).end();
  });
  server.on('connect', (request, socket) => {
    log.push({ request: `CONNECT ${request.url}`, at: Date.now() });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, log };
}

/** Firefox's own background traffic (blocklists, certificate revocations): not the extension's. */
const FIREFOX_OWN = new Set(['CONNECT firefox.settings.services.mozilla.com:443']);

/** What reached the proxy apart from Firefox's own traffic. */
const leftTheMachine = (log: Proxied[]): string[] =>
  log.map((entry) => entry.request).filter((request) => !FIREFOX_OWN.has(request));

let site: FixtureServer | undefined;
let archive: ArchiveStandIn | undefined;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;
let extension: FirefoxExtension | undefined;

const evaluateIn =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  site = await startFixtureServer();
  site.setPage(PAGES.fox, ownSiteOnly(readFixture('fox-ceasefire-v1')));
  site.setPage(PAGES.foxEdited, ownSiteOnly(readFixture('fox-ceasefire-v2')));
  site.setPage(PAGES.abc, ownSiteOnly(readFixture('abc-ceasefire')));
  archive = await startArchive({ captures: () => seedCaptures(FOX_ADDRESS) });
  proxy = await startRecordingProxy();
  extension = await launchFirefoxWithExtension({
    prefs: { 'network.proxy.http_port': proxy.port, 'network.proxy.ssl_port': proxy.port },
  });
  // The record works: a visit to a host that is not 127.0.0.1 reaches the proxy (and no further).
  const canary = await extension.newPage();
  await canary.goto('http://canary.crosscheck.invalid/').catch(() => undefined);
  await settle(1000); // its favicon request comes after the page
  await canary.close();
  if (!proxy.log.some((entry) => entry.request.includes('canary.crosscheck.invalid')))
    throw new Error(`The recording proxy saw no canary: ${JSON.stringify(proxy.log)}`);
  proxy.log.length = 0;
});

afterAll(async () => {
  await extension?.close();
  await new Promise((resolve) => proxy?.server.close(resolve));
  await archive?.stop();
  await site?.close();
});

/** Opens `path` in a tab and the popup for it, and waits for the analysis. */
async function analyse(browser: FirefoxExtension, url: string): Promise<{ tab: Page; popup: Page }> {
  const tab = await browser.newPage(url);
  const popup = await browser.openPopupFor(tab);
  expect((await waitForSettled(evaluateIn(popup), 60_000)).state).toBe('ready');
  return { tab, popup };
}

describe('network (Firefox)', () => {
  it('sends nothing anywhere during capture, popup, options and comparison use', async () => {
    if (!extension || !site || !archive || !proxy) throw new Error('The browser did not start');
    const browser = extension;
    const opened: string[] = [];
    for (const path of [PAGES.fox, PAGES.abc, PAGES.foxEdited]) {
      opened.push(site.url(path));
      const { tab, popup } = await analyse(browser, site.url(path));
      // Open every other report's comparison: the popup's busiest path.
      await evaluateIn(popup)(() => {
        for (const button of document.querySelectorAll<HTMLButtonElement>('li[data-sibling] .cc-disclosure'))
          button.click();
      }, null);
      await settle(500);
      await popup.close();
      await tab.close();
    }
    const options = await firefoxExtensionPage(browser, 'options.html', 'li[data-article-id]');
    for (const view of ['#outlets', '#settings', '#data', '#privacy', '#library']) {
      await options.evaluate((hash) => (location.hash = hash), view);
      await settle(200);
    }
    await options.click('li[data-article-id] .cc-row-title');
    await settle(500);
    await options.close();
    const compare = await browser.newPage();
    await browser.gotoExtensionPage(compare, 'compare.html?before=1&after=2&sibling=1', 'body');
    await settle(1000);
    await compare.close();
    await settle(500);

    expect(leftTheMachine(proxy.log)).toEqual([]);
    expect(archive.requests).toEqual([]);
    // The news site saw the reader's visits and nothing else: no second fetch by the extension.
    const served = site.requests.map((request) => request.url).filter((url) => url !== '/favicon.ico');
    expect(served.map((url) => site!.url(url)).sort()).toEqual([...opened].sort());
  });

  it('web archive opted in: only the archive is asked, and only about the article the reader looked up', async () => {
    if (!extension || !site || !archive || !proxy) throw new Error('The browser did not start');
    const browser = extension;
    const standIn = archive;
    site.clearRequests();

    // The reader chooses the archive (the stand-in; its host 127.0.0.1 is granted in e2e builds,
    // as after the reader's "Allow") and opens the article: nothing goes to it yet.
    const options = await firefoxExtensionPage(
      browser,
      'options.html#settings',
      '[data-testid="archive-base"]',
    );
    await options.fill('[data-testid="archive-base"]', standIn.base);
    await options.click('[data-testid="save-archive"]');
    await waitFor(options.evaluate, () => document.querySelector('.cc-inline-ok') !== null, null, 'saved');
    await options.close();
    const { tab, popup } = await analyse(browser, site.url(PAGES.foxEdited));
    const evaluate = evaluateIn(popup);
    await waitFor(
      evaluate,
      () => document.querySelector('[data-archive-lookup]') !== null,
      null,
      'the button',
    );
    await settle(500);
    expect(standIn.requests).toEqual([]);

    // The opt-in: "Look for earlier versions in web archives".
    await evaluate(
      () => (document.querySelector('[data-archive-lookup]') as HTMLButtonElement).click(),
      null,
    );
    await waitFor(
      evaluate,
      () => document.querySelector('[data-archive-result], [data-archive-failure]') !== null,
      null,
      'the lookup',
      60_000,
    );
    expect(
      await evaluate(() => document.querySelector('[data-archive-failure]')?.textContent ?? null, null),
    ).toBeNull();
    await popup.close();
    await tab.close();
    await settle(500);

    // Nothing went anywhere but the stand-ins.
    expect(leftTheMachine(proxy.log)).toEqual([]);
    // The archive: a CDX query and raw captures, each naming the article's address and no other.
    expectOnlyTheArticleAsked(standIn.requests);
    // The news site saw only the reader's own visit.
    const served = site.requests.map((request) => request.url).filter((url) => url !== '/favicon.ico');
    expect(served).toEqual([PAGES.foxEdited]);
    console.log(
      `privacy e2e firefox (archive opt-in): ${standIn.requests.length} archive requests ` +
        `(${standIn.requests.filter((r) => r.kind === 'raw').length} captures), 0 elsewhere`,
    );
  });
});
