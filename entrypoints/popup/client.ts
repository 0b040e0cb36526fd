/** The popup's one door to the browser: the background via the typed protocol, and tab/permission APIs. */
import { browser } from 'wxt/browser';
import { sendMessage } from '@/src/platform/messaging';
import { tabIdFromSearch, type PopupClient } from '@/src/ui/popup/client';

export function createBrowserClient(location: Location): PopupClient {
  const requestedTabId = tabIdFromSearch(location.search);
  return {
    inTab: requestedTabId !== null,
    async resolveTabId() {
      if (requestedTabId !== null) return requestedTabId;
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) throw new Error('No active tab.');
      return tab.id;
    },
    tabHeader: (data) => sendMessage('tabHeader', data),
    analyseTab: (data) => sendMessage('analyseTab', data),
    compareVersions: (data) => sendMessage('compareVersions', data),
    compareSibling: (data) => sendMessage('compareSibling', data),
    showInPage: (data) => sendMessage('showInPage', data),
    requestSiteAccess: (origin) => browser.permissions.request({ origins: [`${origin}/*`] }),
    openOptions() {
      void browser.runtime.openOptionsPage();
    },
    openInTab(tabId) {
      // The popup page lives at the extension's origin, so its own address resolves against it.
      void browser.tabs.create({ url: new URL(`/popup.html?tabId=${tabId}`, window.location.origin).href });
      window.close();
    },
    now: () => Date.now(),
  };
}

export function browserMessage(key: string, substitutions?: string[]): string {
  // WXT types getMessage against the keys it generated at prepare time; ours may be newer.
  const i18n = browser.i18n as unknown as { getMessage(key: string, substitutions?: string[]): string };
  return i18n.getMessage(key, substitutions);
}
