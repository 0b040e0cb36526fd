/**
 * The fault flows (faults-suite.ts) in Chromium: the background is the MV3 service worker,
 * stopped through DevTools. (Storage full cannot be provoked here: the extension holds
 * `unlimitedStorage`, so Chromium's quota never applies to it; tests/unit/service-library.test.ts
 * injects the browser's QuotaExceededError instead, and the popup and options tests render it.)
 */
import { chromiumDriver } from './harness/driver';
import { chromiumExtensionPage } from './harness/extension-page';
import { launchChromiumWithExtension } from './harness/chromium';
import { defineFaultFlows } from './faults-suite';

defineFaultFlows('Chromium', async () => {
  const extension = await launchChromiumWithExtension();
  return {
    driver: chromiumDriver(extension),
    extensionPage: (path, readySelector) => chromiumExtensionPage(extension, path, readySelector),
    async stopBackground() {
      await extension.restartServiceWorker();
    },
  };
});
