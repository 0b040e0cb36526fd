import { chromiumDriver } from './harness/driver';
import { chromiumExtensionPage } from './harness/extension-page';
import { launchChromiumWithExtension } from './harness/chromium';
import { defineHostileFlows } from './hostile-suite';

defineHostileFlows('Chromium', async () => {
  const extension = await launchChromiumWithExtension();
  return {
    driver: chromiumDriver(extension),
    extensionPage: (path, readySelector) => chromiumExtensionPage(extension, path, readySelector),
  };
});
