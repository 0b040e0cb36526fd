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
  /** Runs `fn(arg)` in the page itself (the page's own world, where its scripts run). */
  evaluate: Evaluate;
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

/** What the two launchers have in common: open a tab, open the popup for it, close. */
interface TabPage {
  url(): string;
  reload(): Promise<unknown>;
  close(): Promise<void>;
  evaluate(expression: string): Promise<unknown>;
}

interface Launched<Page extends TabPage> {
  newPage(url: string): Promise<Page>;
  openPopupFor(
    page: Page,
  ): Promise<{ evaluate(expression: string): Promise<unknown>; close(): Promise<void> }>;
  close(): Promise<void>;
}

function driverFor<Page extends TabPage>(
  browserName: ExtensionDriver['browserName'],
  extension: Launched<Page>,
): ExtensionDriver {
  const pages = new WeakMap<TabHandle, Page>();
  return {
    browserName,
    async open(url) {
      const page = await extension.newPage(url);
      const tab: TabHandle = {
        url: () => page.url(),
        evaluate: (fn, arg) => page.evaluate(pageExpression(fn, arg)) as never,
        reload: async () => void (await page.reload()),
        close: () => page.close(),
      };
      pages.set(tab, page);
      return tab;
    },
    async popupFor(tab) {
      const page = pages.get(tab);
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

export function chromiumDriver(extension: ChromiumExtension): ExtensionDriver {
  return driverFor<PlaywrightPage>('chromium', extension);
}

export function firefoxDriver(extension: FirefoxExtension): ExtensionDriver {
  return driverFor<PuppeteerPage>('firefox', extension);
}
