import { readFile } from 'node:fs/promises';
import { describe } from 'vitest';
import { launchChromiumWithExtension } from './harness/chromium';
import { chromiumDriver } from './harness/driver';
import { chromiumExtensionPage } from './harness/extension-page';
import { defineArchiveFlows } from './archive-suite';

describe('Web archives in Chromium (MV3)', () => {
  defineArchiveFlows(async () => {
    const extension = await launchChromiumWithExtension();
    return {
      driver: chromiumDriver(extension),
      optionsPage: (hash, readySelector) =>
        chromiumExtensionPage(extension, `options.html${hash}`, readySelector),
      async screenshot(path) {
        const popup = extension.context.pages().find((page) => page.url().includes('popup.html'));
        await popup?.screenshot({ path, fullPage: true });
      },
      async popupDownload(selector) {
        const popup = extension.context.pages().find((page) => page.url().includes('popup.html'));
        if (!popup) throw new Error('No popup page is open');
        const [download] = await Promise.all([popup.waitForEvent('download'), popup.click(selector)]);
        return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
      },
    };
  });
});
