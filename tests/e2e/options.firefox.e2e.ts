import { describe } from 'vitest';
import { firefoxExtensionPage, launchFirefoxWithDownloads } from './harness/extension-page';
import { defineOptionsFlows } from './options-suite';

describe('Options page in Firefox (MV2)', () => {
  defineOptionsFlows(async () => {
    // The export button saves a real download: Firefox is told where, and not to ask.
    const { extension, driver, downloads } = await launchFirefoxWithDownloads();
    return {
      driver,
      optionsPage: (hash, readySelector) =>
        firefoxExtensionPage(extension, `options.html${hash}`, readySelector, downloads),
    };
  });
});
