import { firefoxDriver } from './harness/driver';
import { firefoxExtensionPage } from './harness/extension-page';
import { launchFirefoxWithExtension } from './harness/firefox';
import { defineHostileFlows } from './hostile-suite';

defineHostileFlows('Firefox', async () => {
  const extension = await launchFirefoxWithExtension();
  return {
    driver: firefoxDriver(extension),
    extensionPage: (path, readySelector) => firefoxExtensionPage(extension, path, readySelector),
  };
});
