/**
 * The extension's own pages (options, compare) driven the same way in Chromium (playwright) and
 * Firefox (puppeteer over BiDi): real clicks, real typing, real file choosers and real downloads,
 * so flows over them are written once.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page as PuppeteerPage } from 'puppeteer-core';
import type { ChromiumExtension } from './chromium';
import { firefoxDriver, type ExtensionDriver } from './driver';
import { launchFirefoxWithExtension, type FirefoxExtension } from './firefox';
import { pageExpression, type Evaluate } from './popup';

export interface SavedFile {
  name: string;
  text: string;
}

export interface ExtensionPageHandle {
  evaluate: Evaluate;
  /** Waits for the element, then clicks it as a user would. */
  click(selector: string): Promise<void>;
  /** Replaces the field's text by typing. */
  fill(selector: string, text: string): Promise<void>;
  /** Chooses a file on an `<input type=file>`, as the file chooser would. */
  setInputFile(selector: string, path: string): Promise<void>;
  /** Clicks `selector` and returns the file the page saved as a download. */
  download(selector: string): Promise<SavedFile>;
  close(): Promise<void>;
}

export async function chromiumExtensionPage(
  extension: ChromiumExtension,
  path: string,
  readySelector: string,
): Promise<ExtensionPageHandle> {
  const page = await extension.newPage(extension.extensionUrl(path));
  await page.waitForSelector(readySelector);
  return {
    evaluate: (fn, arg) => page.evaluate(pageExpression(fn, arg)) as never,
    click: (selector) => page.click(selector),
    fill: (selector, text) => page.fill(selector, text),
    setInputFile: (selector, file) => page.setInputFiles(selector, file),
    async download(selector) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
    },
    close: () => page.close(),
  };
}

/** Sends one protocol message to the background from an extension page, as its UI does. */
export async function sendProtocolMessage<T>(
  page: ExtensionPageHandle,
  type: string,
  data: unknown,
): Promise<T> {
  const reply = await page.evaluate(
    async (request) => {
      const scope = globalThis as unknown as { browser?: unknown; chrome?: unknown };
      const runtime = (
        (scope.browser ?? scope.chrome) as { runtime: { sendMessage(m: unknown): Promise<unknown> } }
      ).runtime;
      return (await runtime.sendMessage({
        id: Math.floor(Math.random() * 1e9),
        type: request.type,
        data: request.data,
        timestamp: Date.now(),
      })) as { res?: unknown; err?: { message?: string } } | undefined;
    },
    { type, data },
  );
  if (!reply) throw new Error(`${type}: no response`);
  if (reply.err) throw new Error(`${type}: ${reply.err.message ?? 'error'}`);
  return reply.res as T;
}

/** Preferences that make Firefox save every download into `dir` without asking. */
export function firefoxDownloadPrefs(dir: string): Record<string, string | number | boolean> {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.helperApps.neverAsk.saveToDisk': 'application/json,text/html',
    'browser.download.alwaysOpenPanel': false,
  };
}

/** A fresh, empty directory for one browser's downloads. */
export function downloadDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'crosscheck-downloads-'));
}

export interface FirefoxWithDownloads {
  extension: FirefoxExtension;
  /** Its close() also removes the downloads directory. */
  driver: ExtensionDriver;
  downloads: string;
}

/** Firefox with the extension, saving every download into a fresh directory without asking. */
export async function launchFirefoxWithDownloads(): Promise<FirefoxWithDownloads> {
  const downloads = await downloadDirectory();
  const extension = await launchFirefoxWithExtension({ prefs: firefoxDownloadPrefs(downloads) });
  const driver = firefoxDriver(extension);
  return {
    extension,
    downloads,
    driver: {
      ...driver,
      async close() {
        await driver.close();
        await rm(downloads, { recursive: true, force: true });
      },
    },
  };
}

/**
 * Not locator.click: with Firefox 140 ESR it timed out on buttons that were visible, enabled and
 * inside the viewport (seen on the options page's delete and tab buttons), so the handle is clicked.
 */
async function clickWhenVisible(page: PuppeteerPage, selector: string): Promise<void> {
  const element = await page.waitForSelector(selector, { visible: true });
  if (!element) throw new Error(`No ${selector} on the page`);
  await element.click();
}

export async function firefoxExtensionPage(
  extension: FirefoxExtension,
  path: string,
  readySelector: string,
  downloadDir?: string,
): Promise<ExtensionPageHandle> {
  const page: PuppeteerPage = await extension.newPage();
  await extension.gotoExtensionPage(page, path, readySelector);
  return {
    evaluate: (fn, arg) => page.evaluate(pageExpression(fn, arg)) as never,
    click: (selector) => clickWhenVisible(page, selector),
    // Not locator.fill: it empties the field without an input event, so clearing it is never seen.
    async fill(selector, text) {
      const field = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement> | null;
      if (!field) throw new Error(`No ${selector} on the page`);
      await field.focus();
      await field.evaluate((input) => input.select());
      await page.keyboard.press('Backspace');
      if (text) await field.type(text);
    },
    async setInputFile(selector, file) {
      const input = (await page.waitForSelector(selector)) as ElementHandle<HTMLInputElement> | null;
      if (!input) throw new Error(`No ${selector} on the page`);
      await input.uploadFile(file);
    },
    async download(selector) {
      if (!downloadDir) throw new Error('Launch Firefox with firefoxDownloadPrefs(dir) to receive downloads');
      const before = new Set(await readdir(downloadDir));
      await clickWhenVisible(page, selector);
      return waitForDownload(downloadDir, before);
    },
    close: () => page.close(),
  };
}

/**
 * Firefox writes a download to `name.part` beside an empty `name` and renames it when done:
 * the file is complete once no `.part` remains and the new file has content.
 */
export async function waitForDownload(
  dir: string,
  before: ReadonlySet<string>,
  timeoutMs = 20_000,
): Promise<SavedFile> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names = await readdir(dir);
    const fresh = names.filter((name) => !before.has(name) && !name.endsWith('.part'));
    const stillWriting = names.some((name) => name.endsWith('.part'));
    const name = fresh[0];
    if (name && !stillWriting && fresh.length === 1) {
      const file = join(dir, name);
      if (existsSync(file) && (await stat(file)).size > 0)
        return { name, text: await readFile(file, 'utf8') };
    }
    if (Date.now() > deadline) {
      throw new Error(`No download arrived in ${dir} within ${timeoutMs} ms (found: ${names.join(', ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
