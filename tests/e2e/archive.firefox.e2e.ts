import { describe } from 'vitest';
import { firefoxDriver } from './harness/driver';
import { firefoxExtensionPage } from './harness/extension-page';
import { launchFirefoxWithExtension } from './harness/firefox';
import { defineArchiveFlows } from './archive-suite';

describe('Web archives in Firefox (MV2)', () => {
  defineArchiveFlows(async () => {
    const extension = await launchFirefoxWithExtension();
    return {
      driver: firefoxDriver(extension),
      optionsPage: (hash, readySelector) =>
        firefoxExtensionPage(extension, `options.html${hash}`, readySelector),
      async screenshot(path) {
        const pages = await extension.browser.pages();
        const popup = pages.find((page) => page.url().includes('popup.html'));
        await popup?.screenshot({ path, fullPage: true });
      },
    };
  });
});
