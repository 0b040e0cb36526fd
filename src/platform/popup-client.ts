/** The popup's client bound to the browser: the background via the typed protocol, and tab/permission APIs. */
import { browser } from 'wxt/browser';
import { protocolMethod, saveFileViaAnchor } from './ui-client';

export interface PopupPlacement {
  /** The tab the popup's address asked for (`popup.html?tabId=N`), or null for the active tab. */
  requestedTabId: number | null;
  /** The popup's own path when it analyses `tabId` in a full tab. */
  inTabPath: (tabId: number) => string;
}

/**
 * The match pattern of a site: scheme and host, no port (Firefox refuses patterns that name one;
 * without one, both browsers match every port).
 */
function sitePattern(origin: string): string {
  const { protocol, hostname } = new URL(origin);
  return `${protocol}//${hostname}/*`;
}

export function createPopupClient({ requestedTabId, inTabPath }: PopupPlacement) {
  return {
    inTab: requestedTabId !== null,
    async resolveTabId(): Promise<number> {
      if (requestedTabId !== null) return requestedTabId;
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) throw new Error('No active tab.');
      return tab.id;
    },
    tabHeader: protocolMethod('tabHeader'),
    analyseTab: protocolMethod('analyseTab'),
    compareVersions: protocolMethod('compareVersions'),
    compareSibling: protocolMethod('compareSibling'),
    showInPage: protocolMethod('showInPage'),
    archiveSource: protocolMethod('archiveSource'),
    lookUpArchive: protocolMethod('lookUpArchive'),
    cancelArchiveLookup: protocolMethod('cancelArchiveLookup'),
    requestSiteAccess: (origin: string) => browser.permissions.request({ origins: [`${origin}/*`] }),
    requestHostPattern: (pattern: string) => browser.permissions.request({ origins: [pattern] }),
    copyText: (text: string) => navigator.clipboard.writeText(text),
    saveFile: saveFileViaAnchor,
    watchStatus: protocolMethod('watchStatus'),
    setWatch: protocolMethod('setWatch'),
    watchPermissionsHeld: (origin: string) =>
      browser.permissions.contains({ origins: [sitePattern(origin)], permissions: ['notifications'] }),
    requestWatchPermissions: (origin: string) =>
      browser.permissions.request({ origins: [sitePattern(origin)], permissions: ['notifications'] }),
    openOptions() {
      void browser.runtime.openOptionsPage();
    },
    openInTab(tabId: number) {
      // The popup page lives at the extension's origin, so its own address resolves against it.
      void browser.tabs.create({ url: new URL(inTabPath(tabId), window.location.origin).href });
      window.close();
    },
    now: () => Date.now(),
  };
}
