/** The protocol bound to the browser's runtime messaging. Import from here, never define another. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import { isLibraryChanged, LIBRARY_CHANGED, type ProtocolMap } from '../protocol/types';

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** An import stores a batch every few hundred milliseconds: the pages hear of it at this pace. */
const NOTICE_INTERVAL_MS = 250;
let noticePending = false;

/** Background: tells the open extension pages that the stored articles changed. */
export function announceLibraryChanged(): void {
  if (noticePending) return;
  noticePending = true;
  setTimeout(() => {
    noticePending = false;
    // No page open is the usual case: nothing receives it, and that is not an error.
    browser.runtime.sendMessage(LIBRARY_CHANGED).catch(() => undefined);
  }, NOTICE_INTERVAL_MS);
}

/** Extension pages: `listener` runs on each LIBRARY_CHANGED notice; returns the unsubscribe. */
export function onLibraryChanged(listener: () => void): () => void {
  const handler = (message: unknown): undefined => {
    if (isLibraryChanged(message)) listener();
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
