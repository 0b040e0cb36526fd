/**
 * The fault flows (faults-suite.ts) in Firefox ESR: the background is an MV2 page, not a worker,
 * so "stopped mid-capture" is that page reloaded from another page of the extension — which ends
 * every task and pending message it had, as a crash or Firefox suspending it would.
 */
import { firefoxExtensionPage, launchFirefoxWithDownloads } from './harness/extension-page';
import { defineFaultFlows } from './faults-suite';

interface BackgroundGlobal {
  browser: { runtime: { getBackgroundPage(): Promise<Window> } };
}

defineFaultFlows('Firefox', async () => {
  const { extension, driver, downloads } = await launchFirefoxWithDownloads();
  return {
    driver,
    extensionPage: (path, readySelector) => firefoxExtensionPage(extension, path, readySelector, downloads),
    async stopBackground() {
      const probe = await firefoxExtensionPage(extension, 'popup.html?probe', 'body');
      try {
        const marker = `stopped-${Date.now()}`;
        await probe.evaluate(async (name) => {
          const background = await (
            globalThis as unknown as BackgroundGlobal
          ).browser.runtime.getBackgroundPage();
          (background as unknown as Record<string, unknown>)[name] = true;
          background.location.reload();
        }, marker);
        // Back once a new background document (without the marker) has loaded.
        const deadline = Date.now() + 15_000;
        for (;;) {
          const fresh = await probe
            .evaluate(async (name) => {
              const background = await (
                globalThis as unknown as BackgroundGlobal
              ).browser.runtime.getBackgroundPage();
              const scope = background as unknown as Record<string, unknown>;
              return background.document.readyState === 'complete' && scope[name] !== true;
            }, marker)
            .catch(() => false);
          if (fresh) return;
          if (Date.now() > deadline) throw new Error('The background page did not come back within 15 s');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await probe.close();
      }
    },
  };
});
