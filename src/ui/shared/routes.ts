/**
 * The extension pages' addresses, built and read in one place so the popup, the options page and
 * the comparison page link to each other the same way. Paths are relative to the extension's origin.
 */

/** `?tabId=12` → 12; anything else → null. */
export function tabIdFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** The popup analysing `tabId`, opened in a full tab. */
export function popupInTabPath(tabId: number): string {
  return `/popup.html?tabId=${tabId}`;
}

export function compareVersionsPath(beforeVersionId: number, afterVersionId: number): string {
  return `compare.html?before=${beforeVersionId}&after=${afterVersionId}`;
}

export function compareSiblingPath(versionId: number, siblingVersionId: number): string {
  return `compare.html?before=${versionId}&after=${siblingVersionId}&sibling=1`;
}

export interface CompareParams {
  before: number;
  after: number;
  sibling: boolean;
}

/** `?before=<versionId>&after=<versionId>[&sibling=1]`; null when the address is malformed. */
export function parseCompareParams(search: string): CompareParams | null {
  const params = new URLSearchParams(search);
  const before = Number(params.get('before'));
  const after = Number(params.get('after'));
  if (!Number.isInteger(before) || !Number.isInteger(after) || before <= 0 || after <= 0) return null;
  return { before, after, sibling: params.get('sibling') === '1' };
}

/** The options page's views, addressed by its hash (`options.html#article/12`). */
export type OptionsRoute =
  | { view: 'library' }
  | { view: 'article'; articleId: number }
  | { view: 'outlets' }
  | { view: 'settings' }
  | { view: 'data' }
  | { view: 'watched' }
  | { view: 'privacy' };

export function parseOptionsRoute(hash: string): OptionsRoute {
  const [head, arg] = hash.replace(/^#\/?/, '').split('/');
  if (head === 'article' && arg && /^\d+$/.test(arg)) return { view: 'article', articleId: Number(arg) };
  if (
    head === 'outlets' ||
    head === 'settings' ||
    head === 'data' ||
    head === 'watched' ||
    head === 'privacy'
  )
    return { view: head };
  return { view: 'library' };
}

/** The hash of a view without arguments (`#outlets`). */
export function optionsHash(view: Exclude<OptionsRoute['view'], 'article'>): string {
  return `#${view}`;
}

/** The hash of one article's page. */
export function articleHash(articleId: number): string {
  return `#article/${articleId}`;
}
