/**
 * Firefox ESR with the built MV2 extension, driven by puppeteer-core over WebDriver BiDi.
 * The add-on's internal UUID is pinned by pref so its moz-extension:// pages have a known address.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxPath, requireBuild } from './browsers';

export const ADDON_ID = 'crosscheck@crosscheck.news';
const ADDON_UUID = '7c1e5d3a-2b4f-4c8e-9a61-0f3d2e8b5c47';
export const FIREFOX_EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}/`;

export interface FirefoxExtension {
  readonly browser: Browser;
  newPage(url?: string): Promise<Page>;
  tabIdOf(page: Page): Promise<number>;
  /** Opens `popup.html?tabId=N` for the tab of `tabPage` in a new page and returns it. */
  openPopupFor(tabPage: Page): Promise<Page>;
  /** Navigates `page` to an extension page without awaiting goto, which may never resolve there. */
  gotoExtensionPage(page: Page, path: string, readySelector: string): Promise<void>;
  extensionUrl(path: string): string;
  /** Host permissions the add-on holds now (for MV2, hosts listed in `permissions` are granted at install). */
  grantedOrigins(): Promise<string[]>;
  close(): Promise<void>;
}

interface TabsGlobal {
  browser: {
    tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
    permissions: { getAll(): Promise<{ origins?: string[] }> };
  };
}

export interface LaunchFirefoxOptions {
  /** Extra preferences for the fresh profile (e.g. where downloads go). */
  prefs?: Record<string, string | number | boolean>;
  /** Another build of the extension (a copy with a changed manifest); the e2e build by default. */
  extensionDir?: string;
}

export async function launchFirefoxWithExtension(
  options: LaunchFirefoxOptions = {},
): Promise<FirefoxExtension> {
  const extensionDir = options.extensionDir ?? requireBuild('firefox-mv2-e2e');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    // Firefox 153 refuses moz-extension:// pages to the remote agent without this.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // The fixture pages link real outlets' images; route everything but 127.0.0.1 to a dead proxy.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1',
      'network.proxy.allow_hijacking_localhost': false,
      ...options.prefs,
    },
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close();
    throw error;
  }

  // Two ways Firefox's BiDi browsingContext.create fails, both about the window or tab it takes
  // as the reference for the new one, not about the page:
  // - headless Firefox without a desktop notification service shows a notification in a window
  //   of its own, with no tabs, for up to 20 s; while that window has the focus, no tab can be
  //   made in it ("getTabBrowser(...) is undefined"): the page goes in a new window instead;
  // - a tab closed while another is being made (the suites open popups and close probes at once)
  //   can still be the reference ("DiscardedBrowsingContextError"): asked again, it is not.
  const openTab = async (): Promise<Page> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await browser.newPage();
      } catch (error) {
        const message = String(error);
        if (/getTabBrowser/.test(message)) return browser.newPage({ type: 'window' });
        if (!/DiscardedBrowsingContextError|no such frame/.test(message) || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  };

  const extensionUrl = (path: string): string => `${FIREFOX_EXTENSION_ORIGIN}${path.replace(/^\//, '')}`;

  const newPage = async (url?: string): Promise<Page> => {
    const page = await openTab();
    if (url) await page.goto(url);
    return page;
  };

  const gotoExtensionPage = async (page: Page, path: string, readySelector: string): Promise<void> => {
    const target = extensionUrl(path);
    page.goto(target).catch(() => undefined);
    // The page starts on about:blank, which has a body too: wait for the extension's document.
    // Polled by hand: while the document is being replaced Firefox's BiDi evaluate throws, and
    // puppeteer's waitForFunction gives up on the first throw.
    const ready = `location.href === ${JSON.stringify(target)} && document.querySelector(${JSON.stringify(readySelector)}) !== null`;
    const deadline = Date.now() + 20_000;
    let lastError: unknown = null;
    for (;;) {
      try {
        if (await page.evaluate(ready)) return;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`${target} did not show ${readySelector} within 20 s (${String(lastError)})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const tabIdOf = async (tabPage: Page): Promise<number> => {
    const wanted = tabPage.url();
    const probe = await openTab();
    try {
      // Any page of the extension may ask the tabs API; the popup page is the one that always exists.
      await gotoExtensionPage(probe, 'popup.html', 'body');
      // Filtered here, not by query({url}): Firefox match patterns cannot name a port.
      const ids = await probe.evaluate(async (url: string) => {
        const tabs = await (globalThis as unknown as TabsGlobal).browser.tabs.query({});
        return tabs.filter((tab) => tab.url === url).map((tab) => tab.id ?? -1);
      }, wanted);
      if (ids.length !== 1 || ids[0] === undefined || ids[0] < 0) {
        throw new Error(`Expected one tab showing ${wanted}, found ${ids.length}`);
      }
      return ids[0];
    } finally {
      await probe.close();
    }
  };

  return {
    browser,
    newPage,
    tabIdOf,
    async openPopupFor(tabPage) {
      const tabId = await tabIdOf(tabPage);
      const popup = await openTab();
      await gotoExtensionPage(popup, `popup.html?tabId=${tabId}`, 'body');
      return popup;
    },
    gotoExtensionPage,
    extensionUrl,
    async grantedOrigins() {
      const probe = await openTab();
      try {
        await gotoExtensionPage(probe, 'popup.html', 'body');
        return await probe.evaluate(async () => {
          const granted = await (globalThis as unknown as TabsGlobal).browser.permissions.getAll();
          return granted.origins ?? [];
        });
      } finally {
        await probe.close();
      }
    },
    async close() {
      await browser.close();
    },
  };
}
