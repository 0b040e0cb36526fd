/**
 * Everything the options and comparison pages need from outside the page, as one interface.
 * Components receive it as a prop, so tests drive them with an in-memory implementation and
 * only src/platform/ui-client.ts touches the browser.
 */
import type { ProtocolMap } from '../../protocol/types';

/** The background protocol as plain async methods: `api.listLibrary({...})`. */
export type ProtocolClient = {
  [K in keyof ProtocolMap]: (data: Parameters<ProtocolMap[K]>[0]) => Promise<ReturnType<ProtocolMap[K]>>;
};

export interface HostPermissions {
  /**
   * Must be called synchronously from a click/change handler: browsers only show the
   * permission prompt inside a user gesture.
   */
  request: (origins: string[]) => Promise<boolean>;
  remove: (origins: string[]) => Promise<boolean>;
}

export interface PageClient {
  api: ProtocolClient;
  permissions: HostPermissions;
  /** Opens an extension page (e.g. `compare.html?…`) in a new tab. */
  openPage: (path: string) => void;
  /** Hands a text file to the reader (download). */
  saveFile: (name: string, text: string, type: string) => void;
}

/** Every origin pattern of an outlet and its subdomains ("foxnews.com" → www., video., …). */
export function outletOrigins(outlet: string): string[] {
  return [`https://*.${outlet}/*`, `http://*.${outlet}/*`];
}

/** What "capture every readerable page" needs. */
export const ALL_SITES = ['http://*/*', 'https://*/*'];

/** Browser-free download: a Blob URL on a temporary <a download>. */
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

/** `compare.html` addresses, one place so options and popup build the same links. */
export function compareVersionsPath(beforeVersionId: number, afterVersionId: number): string {
  return `compare.html?before=${beforeVersionId}&after=${afterVersionId}`;
}

export function compareSiblingPath(versionId: number, siblingVersionId: number): string {
  return `compare.html?before=${versionId}&after=${siblingVersionId}&sibling=1`;
}
