/**
 * One face for both browser drivers, so the flows (tests and demo) are written once: open a
 * page, reload it, open the extension's popup for its tab.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { ChromiumExtension } from './chromium';
import type { FirefoxExtension } from './firefox';
import { pageExpression, type Evaluate } from './popup';

export interface TabHandle {
  url(): string;
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface PopupHandle {
  evaluate: Evaluate;
  close(): Promise<void>;
}

export interface ExtensionDriver {
  readonly browserName: 'chromium' | 'firefox';
  open(url: string): Promise<TabHandle>;
  popupFor(tab: TabHandle): Promise<PopupHandle>;
  close(): Promise<void>;
}

const playwrightPages = new WeakMap<TabHandle, PlaywrightPage>();
const puppeteerPages = new WeakMap<TabHandle, PuppeteerPage>();

export function chromiumDriver(extension: ChromiumExtension): ExtensionDriver {
  return {
    browserName: 'chromium',
    async open(url) {
      const page = await extension.newPage(url);
      const tab: TabHandle = {
        url: () => page.url(),
        reload: async () => void (await page.reload()),
        close: () => page.close(),
      };
      playwrightPages.set(tab, page);
      return tab;
    },
    async popupFor(tab) {
      const page = playwrightPages.get(tab);
      if (!page) throw new Error('Not a tab of this driver');
      const popup = await extension.openPopupFor(page);
      return {
        evaluate: (fn, arg) => popup.evaluate(pageExpression(fn, arg)) as never,
        close: () => popup.close(),
      };
    },
    close: () => extension.close(),
  };
}

export function firefoxDriver(extension: FirefoxExtension): ExtensionDriver {
  return {
    browserName: 'firefox',
    async open(url) {
      const page = await extension.newPage(url);
      const tab: TabHandle = {
        url: () => page.url(),
        reload: async () => void (await page.reload()),
        close: () => page.close(),
      };
      puppeteerPages.set(tab, page);
      return tab;
    },
    async popupFor(tab) {
      const page = puppeteerPages.get(tab);
      if (!page) throw new Error('Not a tab of this driver');
      const popup = await extension.openPopupFor(page);
      return {
        evaluate: (fn, arg) => popup.evaluate(pageExpression(fn, arg)) as never,
        close: () => popup.close(),
      };
    },
    close: () => extension.close(),
  };
}
