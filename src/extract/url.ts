/**
 * Address keys. Versions of one article are stored under one key, so every way the same page is
 * reached (tracking links, AMP, mobile hosts, fragments) must fold to the same string.
 */

/**
 * Query parameters that only say how the reader arrived, never which page they see. Exact names,
 * plus every `utm_*` parameter.
 */
export const TRACKING_PARAMS: readonly string[] = [
  'fbclid',
  'gclid',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'twclid',
  'igshid',
  'yclid',
  'mc_cid',
  'mc_eid',
  'ref',
  'ref_src',
  'ref_url',
  'referrer',
  'cmpid',
  'cmp',
  'icid',
  'ncid',
  'ocid',
  'sr_share',
  'smid',
  'smtyp',
  'taid',
  'ito',
  'intcmp',
  'xtor',
  '_ga',
  '_gl',
  'at_medium',
  'at_campaign',
  'outputType',
  'amp',
];

const TRACKING = new Set(TRACKING_PARAMS.map((name) => name.toLowerCase()));
const MIRROR_HOST_PREFIX = /^(?:www\d*|m|mobile|amp)\./;

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING.has(lower);
}

/** Host without `www.`, `m.`, `mobile.` or `amp.`, lower-cased: `foxnews.com`, `abcnews.go.com`. */
export function outletOf(url: string): string {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return '';
  }
  host = host.toLowerCase().replace(/\.$/, '');
  while (MIRROR_HOST_PREFIX.test(host) && host.split('.').length > 2)
    host = host.replace(MIRROR_HOST_PREFIX, '');
  return host;
}

/**
 * The storage key of an address: scheme and host lower-cased, mirror host prefixes and AMP variants
 * (`/amp`, `.amp`, `.amp.html`, `?amp`, `outputType=amp`) removed, tracking parameters dropped, remaining
 * parameters sorted, fragment and trailing slash removed; `http:` folds to `https:` because both
 * serve the same article. Unparseable input is returned trimmed.
 */
export function normalizeUrlKey(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    parsed.hash = '';
    return parsed.href;
  }
  const host = outletOf(parsed.href);
  let path = parsed.pathname
    .replace(/\.amp(\.html?)?$/i, '$1')
    .replace(/\/amp\/?$/i, '/')
    .replace(/^\/amp\//i, '/')
    .replace(/\/index\.html?$/i, '/')
    .replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  // forEach, not entries(): Firefox's content-script wrappers make URLSearchParams' iterators
  // unusable ("entries() is not iterable"), and this code runs there.
  const pairs: [string, string][] = [];
  parsed.searchParams.forEach((value, name) => pairs.push([name, value]));
  const params = pairs
    .filter(([name]) => !isTracking(name))
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = params.length ? '?' + new URLSearchParams(params).toString() : '';
  const port = parsed.port ? `:${parsed.port}` : '';
  return `https://${host}${port}${path === '/' ? '' : path}${query}`;
}
