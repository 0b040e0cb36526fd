import { describe } from 'vitest';
import { launchChromiumWithExtension } from './harness/chromium';
import { chromiumDriver } from './harness/driver';
import { chromiumExtensionPage } from './harness/extension-page';
import { defineWatchFlows } from './watch-suite';

describe('Watch list in Chromium (MV3)', () => {
  defineWatchFlows(async () => {
    const extension = await launchChromiumWithExtension();
    return {
      driver: chromiumDriver(extension),
      optionsPage: (hash, readySelector) =>
        chromiumExtensionPage(extension, `options.html${hash}`, readySelector),
      // Chrome stops an idle worker: the watch and its alarm must outlive it.
      afterWatching: async () => void (await extension.restartServiceWorker()),
    };
  });
});
