/** Which tabs the extension must not (or cannot) read, decided from the address alone. */
import type { RestrictedReason } from '../protocol/types';

const BROWSER_SCHEMES = [
  'chrome:',
  'about:',
  'edge:',
  'brave:',
  'opera:',
  'vivaldi:',
  'moz-extension:',
  'chrome-extension:',
  'extension:',
  'view-source:',
  'devtools:',
  'chrome-search:',
  'resource:',
  'data:',
  'blob:',
  'javascript:',
];

/** Extension stores refuse content scripts in every browser. */
const STORE_PAGES: { host: string; path: string }[] = [
  { host: 'chromewebstore.google.com', path: '/' },
  { host: 'chrome.google.com', path: '/webstore' },
  { host: 'addons.mozilla.org', path: '/' },
  { host: 'microsoftedge.microsoft.com', path: '/addons' },
];

export function restrictedReason(url: string | undefined | null): RestrictedReason | null {
  if (!url) return 'unknown';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'unknown';
  }
  if (parsed.protocol === 'file:') return 'file';
  if (BROWSER_SCHEMES.includes(parsed.protocol)) {
    // Chrome's PDF viewer is an extension page; Firefox's shows the PDF's own address (below).
    return parsed.href.includes('mhjfbmdgcfjbbpaeojofohoefgiehjai') ? 'pdf' : 'browser-page';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'browser-page';
  if (STORE_PAGES.some((store) => parsed.hostname === store.host && parsed.pathname.startsWith(store.path))) {
    return 'web-store';
  }
  if (/\.pdf$/i.test(parsed.pathname)) return 'pdf';
  return null;
}

export const RESTRICTED_MESSAGES: Record<RestrictedReason, string> = {
  'browser-page': 'This is a browser page, not a news article: extensions may not read it.',
  'web-store': 'Browsers do not let extensions read their add-on stores.',
  pdf: 'PDF documents are shown by the browser’s viewer, which extensions cannot read.',
  file: 'Files on this computer are not read by Crosscheck.',
  unknown: 'This tab has no web address Crosscheck can read.',
};

/** The permission origin of a web address ("https://www.foxnews.com"), or null. */
export function originOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** Errors scripting.executeScript raises when the extension lacks access (Chrome, then Firefox wordings). */
export function isPermissionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /cannot access|must request permission|missing host permission|permission to access|no permission/i.test(
    message,
  );
}

/** Errors that mean the page can never be scripted (store pages, error pages, blocked by policy). */
export function isForbiddenPageError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /gallery cannot be scripted|cannot be scripted|showing error page|blocked by the administrator|restricted domain/i.test(
    message,
  );
}
