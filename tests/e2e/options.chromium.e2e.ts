import { describe } from 'vitest';
import { launchChromiumWithExtension } from './harness/chromium';
import { chromiumDriver } from './harness/driver';
import { chromiumExtensionPage } from './harness/extension-page';
import { defineOptionsFlows } from './options-suite';

describe('Options page in Chromium (MV3)', () => {
  defineOptionsFlows(async () => {
    const extension = await launchChromiumWithExtension();
    return {
      driver: chromiumDriver(extension),
      optionsPage: (hash, readySelector) =>
        chromiumExtensionPage(extension, `options.html${hash}`, readySelector),
    };
  });
});
