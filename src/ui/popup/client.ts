/**
 * Everything the popup needs from outside itself. The extension binds it to the browser in
 * entrypoints/popup/client.ts; tests and previews pass their own, so the components never touch
 * a browser API and render the same in jsdom.
 */
import type { ProtocolMap } from '../../protocol/types';

type Request<K extends keyof ProtocolMap> = Parameters<ProtocolMap[K]>[0];
type Answer<K extends keyof ProtocolMap> = ReturnType<ProtocolMap[K]>;
type Messages<K extends keyof ProtocolMap> = { [M in K]: (data: Request<M>) => Promise<Answer<M>> };

export interface PopupClient extends Messages<
  'tabHeader' | 'analyseTab' | 'compareVersions' | 'compareSibling' | 'showInPage'
> {
  /** The tab to analyse: `?tabId=N` when the popup was opened in a tab, else the active tab. */
  resolveTabId(): Promise<number>;
  /**
   * Asks the browser for access to `origin`. Call it synchronously from a click handler, before
   * any await: browsers only grant permissions during the user gesture.
   */
  requestSiteAccess(origin: string): Promise<boolean>;
  openOptions(): void;
  /** Opens this popup, analysing `tabId`, in a full browser tab. */
  openInTab(tabId: number): void;
  /** True when the popup is already showing in a full tab rather than the toolbar bubble. */
  readonly inTab: boolean;
  now(): number;
}

/** `?tabId=12` → 12; anything else → null. */
export function tabIdFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
