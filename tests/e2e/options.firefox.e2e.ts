import { rm } from 'node:fs/promises';
import { describe } from 'vitest';
import { firefoxDriver } from './harness/driver';
import { downloadDirectory, firefoxDownloadPrefs, firefoxExtensionPage } from './harness/extension-page';
import { launchFirefoxWithExtension } from './harness/firefox';
import { defineOptionsFlows } from './options-suite';

describe('Options page in Firefox (MV2)', () => {
  defineOptionsFlows(async () => {
    // The export button saves a real download: Firefox is told where, and not to ask.
    const downloads = await downloadDirectory();
    const extension = await launchFirefoxWithExtension({ prefs: firefoxDownloadPrefs(downloads) });
    const driver = firefoxDriver(extension);
    return {
      driver: {
        ...driver,
        async close() {
          await driver.close();
          await rm(downloads, { recursive: true, force: true });
        },
      },
      optionsPage: (hash, readySelector) =>
        firefoxExtensionPage(extension, `options.html${hash}`, readySelector, downloads),
    };
  });
});
