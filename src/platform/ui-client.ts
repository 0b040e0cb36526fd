/**
 * The browser side of the extension pages: the options and comparison pages' client, and the
 * user-facing strings. It implements the interfaces of src/ui/shared/client.ts by shape, without
 * importing the UI; the entrypoints hand these to the UI, where the types are checked.
 */
import type { GetDataType } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { ProtocolMap } from '../protocol/types';
import { prepareImportOffThread } from './import-worker-client';
import { onLibraryChanged, sendMessage } from './messaging';

/** One background message as a plain async function. */
export function protocolMethod<K extends keyof ProtocolMap>(method: K) {
  return (data: GetDataType<ProtocolMap[K]>) => sendMessage(method, data);
}

type BrowserProtocol = { [K in keyof ProtocolMap]: ReturnType<typeof protocolMethod<K>> };

const api = new Proxy({} as BrowserProtocol, {
  get(_target, method: string) {
    return protocolMethod(method as keyof ProtocolMap);
  },
});

export function createPageClient() {
  return {
    api,
    permissions: {
      request: (origins: string[]) => browser.permissions.request({ origins }),
      remove: (origins: string[]) => browser.permissions.remove({ origins }),
    },
    openPage(path: string) {
      // Extension pages live at the extension's origin, so the page path resolves against it.
      void browser.tabs.create({ url: new URL(path, `${location.origin}/`).href });
    },
    saveFile: saveFileViaAnchor,
    copyText: (text: string) => navigator.clipboard.writeText(text),
    prepareImport: prepareImportOffThread,
    onLibraryChanged,
  };
}

/**
 * A download without the downloads permission: a Blob URL on a temporary <a download>, clicked in
 * the page that asks (the options and comparison pages, and the popup).
 */
export function saveFileViaAnchor(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: some browsers start the download asynchronously after click().
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `browser.i18n.getMessage`, so a locale folder added later is picked up. */
export function browserMessage(key: string, substitutions?: string[]): string {
  // WXT types getMessage against the keys it generated at prepare time; ours may be newer.
  const i18n = browser.i18n as unknown as { getMessage(key: string, substitutions?: string[]): string };
  return i18n.getMessage(key, substitutions);
}
