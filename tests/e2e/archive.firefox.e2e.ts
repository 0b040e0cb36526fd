import { readdir } from 'node:fs/promises';
import { describe } from 'vitest';
import { firefoxExtensionPage, launchFirefoxWithDownloads, waitForDownload } from './harness/extension-page';
import { defineArchiveFlows } from './archive-suite';

describe('Web archives in Firefox (MV2)', () => {
  defineArchiveFlows(async () => {
    // "Save report" saves a real download: Firefox is told where, and not to ask.
    const { extension, driver, downloads } = await launchFirefoxWithDownloads();
    // Found by its document's address: puppeteer's page.url() over BiDi may still say about:blank
    // for a page the harness sent to a moz-extension:// address.
    const popupPage = async () => {
      for (const page of await extension.browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.includes('popup.html?tabId=')) return page;
      }
      return undefined;
    };
    return {
      driver,
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
