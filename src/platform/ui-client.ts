/** The extension pages' PageClient, bound to the real browser. */
import { browser } from 'wxt/browser';
import type { ProtocolMap } from '../protocol/types';
import { saveFileViaAnchor, type PageClient, type ProtocolClient } from '../ui/options/client';
import { setMessageLookup } from '../ui/shared/i18n';
import { sendMessage } from './messaging';

const api = new Proxy({} as ProtocolClient, {
  get(_target, method: string) {
    return (data: unknown) => sendMessage(method as keyof ProtocolMap, data as never);
  },
});

export function createPageClient(): PageClient {
  return {
    api,
    permissions: {
      request: (origins) => browser.permissions.request({ origins }),
      remove: (origins) => browser.permissions.remove({ origins }),
    },
    openPage(path) {
      // Extension pages live at the extension's origin, so the page path resolves against it.
      void browser.tabs.create({ url: new URL(path, `${location.origin}/`).href });
    },
    saveFile: saveFileViaAnchor,
  };
}

/** Strings from the browser's i18n, so a locale folder added later is picked up. */
export function installBrowserMessages(): void {
  // WXT types getMessage against the keys it generated at prepare time; ours may be newer.
  const i18n = browser.i18n as unknown as { getMessage(key: string, substitutions?: string[]): string };
  setMessageLookup((key, substitutions) => i18n.getMessage(key, substitutions));
}
