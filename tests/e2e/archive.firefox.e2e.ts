import { readdir, rm } from 'node:fs/promises';
import { describe } from 'vitest';
import { firefoxDriver } from './harness/driver';
import {
  downloadDirectory,
  firefoxDownloadPrefs,
  firefoxExtensionPage,
  waitForDownload,
} from './harness/extension-page';
import { launchFirefoxWithExtension } from './harness/firefox';
import { defineArchiveFlows } from './archive-suite';

describe('Web archives in Firefox (MV2)', () => {
  defineArchiveFlows(async () => {
    // "Save report" saves a real download: Firefox is told where, and not to ask.
    const downloads = await downloadDirectory();
    const extension = await launchFirefoxWithExtension({ prefs: firefoxDownloadPrefs(downloads) });
    const driver = firefoxDriver(extension);
    const popupPage = async () => {
      const pages = await extension.browser.pages();
      return pages.find((page) => page.url().includes('popup.html'));
    };
    return {
      driver: {
        ...driver,
        async close() {
          await driver.close();
          await rm(downloads, { recursive: true, force: true });
        },
      },
      optionsPage: (hash, readySelector) =>
        firefoxExtensionPage(extension, `options.html${hash}`, readySelector),
      async screenshot(path) {
        await (await popupPage())?.screenshot({ path, fullPage: true });
      },
      async popupDownload(selector) {
        const popup = await popupPage();
        if (!popup) throw new Error('No popup page is open');
        const before = new Set(await readdir(downloads));
        const button = await popup.waitForSelector(selector, { visible: true });
        if (!button) throw new Error(`No ${selector} in the popup`);
        await button.click();
        return waitForDownload(downloads, before);
      },
    };
  });
});
