import { describe } from 'vitest';
import { firefoxDriver } from './harness/driver';
import { firefoxExtensionPage } from './harness/extension-page';
import { launchFirefoxWithExtension } from './harness/firefox';
import { defineWatchFlows } from './watch-suite';

describe('Watch list in Firefox (MV2)', () => {
  defineWatchFlows(async () => {
    const extension = await launchFirefoxWithExtension();
    return {
      driver: firefoxDriver(extension),
      optionsPage: (hash, readySelector) =>
        firefoxExtensionPage(extension, `options.html${hash}`, readySelector),
      closedCountsAsShown: true,
    };
  });
});
