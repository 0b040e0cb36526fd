/**
 * Everything the extension pages need from outside themselves, as interfaces. Components receive
 * a client as a prop, so tests and previews drive them with an in-memory implementation and render
 * the same in jsdom. The browser implementations live in src/platform/ (popup-client.ts,
 * ui-client.ts) and the entrypoints hand them over.
 */
import type { ImportProgress, PreparedImportSource } from '../../protocol/import-worker';
import type { ProtocolMap } from '../../protocol/types';

type Request<K extends keyof ProtocolMap> = Parameters<ProtocolMap[K]>[0];
type Answer<K extends keyof ProtocolMap> = ReturnType<ProtocolMap[K]>;
type Messages<K extends keyof ProtocolMap> = { [M in K]: (data: Request<M>) => Promise<Answer<M>> };

/** The background protocol as plain async methods: `api.listLibrary({...})`. */
export type ProtocolClient = Messages<keyof ProtocolMap>;

/** The toolbar popup's client. */
export interface PopupClient extends Messages<
  | 'tabHeader'
  | 'analyseTab'
  | 'compareVersions'
  | 'compareSibling'
  | 'showInPage'
  | 'archiveSource'
  | 'lookUpArchive'
  | 'cancelArchiveLookup'
  | 'watchStatus'
  | 'setWatch'
> {
  /** The tab to analyse: `?tabId=N` when the popup was opened in a tab, else the active tab. */
  resolveTabId(): Promise<number>;
  /**
   * Asks the browser for access to `origin`. Call it synchronously from a click handler, before
   * any await: browsers only grant permissions during the user gesture.
   */
  requestSiteAccess(origin: string): Promise<boolean>;
  /**
   * Asks the browser for the host permission `pattern` ("https://web.archive.org/*"), the same
   * way: synchronously from the click handler.
   */
  requestHostPattern(pattern: string): Promise<boolean>;
  /** Puts text on the clipboard. */
  copyText(text: string): Promise<void>;
  /** Hands a text file to the reader as a download (no permission: a Blob URL on an `<a download>`). */
  saveFile(name: string, text: string, type: string): void;
  /** Whether watching an article at `origin` needs no prompt (site access and notifications held). */
  watchPermissionsHeld(origin: string): Promise<boolean>;
  /**
   * Asks for what watching needs: access to `origin` and notifications. Like requestSiteAccess,
   * call it synchronously from the click handler.
   */
  requestWatchPermissions(origin: string): Promise<boolean>;
  openOptions(): void;
  /** Opens this popup, analysing `tabId`, in a full browser tab. */
  openInTab(tabId: number): void;
  /** True when the popup is already showing in a full tab rather than the toolbar bubble. */
  readonly inTab: boolean;
  now(): number;
}

export interface HostPermissions {
  /**
   * Must be called synchronously from a click/change handler: browsers only show the
   * permission prompt inside a user gesture.
   */
  request: (origins: string[]) => Promise<boolean>;
  remove: (origins: string[]) => Promise<boolean>;
}

/** The options and comparison pages' client. */
export interface PageClient {
  api: ProtocolClient;
  permissions: HostPermissions;
  /** Opens an extension page (e.g. `compare.html?…`, see ./routes.ts) in a new tab. */
  openPage: (path: string) => void;
  /** Hands a text file to the reader (download). */
  saveFile: (name: string, text: string, type: string) => void;
  /** Puts text on the clipboard. */
  copyText: (text: string) => Promise<void>;
  /**
   * Reads and checks an import file off the page's main thread (a worker), then hands its
   * batches over one at a time. Rejects with ImportWorkerUnavailable where no worker starts;
   * absent (tests in jsdom), the page checks the file itself.
   */
  prepareImport?: (
    file: Blob,
    onProgress?: (progress: ImportProgress) => void,
  ) => Promise<PreparedImportSource>;
  /**
   * Runs `listener` whenever the background stored or removed articles, from this page or any
   * other tab (a capture, a watch check); returns the unsubscribe. Absent where nothing changes
   * behind the page's back (most tests).
   */
  onLibraryChanged?: (listener: () => void) => () => void;
}
