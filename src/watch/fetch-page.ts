/**
 * One bounded fetch of a watched page, with nothing but the web platform's `fetch`, streams and
 * TextDecoder, so it runs the same in an MV3 service worker and in Node. A hanging server is
 * cut off by a timeout that covers the body as well as the headers; a huge page is read only up
 * to a size limit, chunk by chunk, and the rest is never downloaded.
 */
import { decodeHtml } from '../extract/decode';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface FetchPageOptions {
  fetch: FetchLike;
  /** Whole request, headers and body. */
  timeoutMs: number;
  /** Bytes of body read at most; a longer body is cut there and reported as too large. */
  maxBytes: number;
  /** Cancels the fetch from outside (the worker shutting down, the reader unwatching). */
  signal?: AbortSignal;
}

export const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** The same bound as a page sent by auto-capture (MAX_CAPTURED_HTML_CHARS). */
export const DEFAULT_MAX_PAGE_BYTES = 8 * 1024 * 1024;

export type FetchedPage =
  | {
      ok: true;
      status: number;
      /** The address that answered: after redirects, where the page now lives. */
      finalUrl: string;
      redirected: boolean;
      contentType: string | null;
      html: string;
    }
  | {
      ok: false;
      /** HTTP status when the server answered, null when it did not. */
      status: number | null;
      finalUrl: string;
      redirected: boolean;
      failure: 'http' | 'network' | 'timeout' | 'too-large' | 'not-html' | 'aborted';
      message: string;
    };

const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1';

/**
 * A signal that fires on the timeout or on the caller's signal, whichever comes first, and
 * `clear()` to call when the fetch is over. Not AbortSignal.timeout: its timer runs its full
 * course, holding the signal and what the fetch hung on it for the whole timeout (30 s) after
 * every check; cleared, they are free at once.
 */
function deadline(timeoutMs: number, outer: AbortSignal | undefined): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer in ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener('abort', forward, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return (
    (error instanceof Error && error.name === 'TimeoutError') ||
    (reason instanceof Error && reason.name === 'TimeoutError')
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** Reads at most `maxBytes` of a body; `cut` says whether more was on its way. */
async function readBounded(
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; cut: boolean }> {
  const body = response.body;
  if (!body) return { bytes: new Uint8Array(0), cut: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size));
        size = maxBytes;
        cut = true;
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // Cancelling tells the server (through the connection) that nothing more will be read.
    if (cut) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes, cut };
}

/** Bytes → text as a browser decodes a page (src/extract/decode.ts). */
export const decodePage = (bytes: Uint8Array, contentType: string | null): string =>
  decodeHtml(bytes, contentType);

/**
 * Fetches `url` following redirects (a service worker cannot see a manual redirect's target, so
 * the move is read from `response.redirected` and `response.url`). Never throws: every way the
 * page can be unusable is a `{ ok: false }` with the reason.
 */
export async function fetchPage(url: string, options: FetchPageOptions): Promise<FetchedPage> {
  const limit = deadline(options.timeoutMs, options.signal);
  try {
    return await fetchWithin(url, options, limit.signal);
  } finally {
    limit.clear();
  }
}

async function fetchWithin(
  url: string,
  options: FetchPageOptions,
  signal: AbortSignal,
): Promise<FetchedPage> {
  let response: Response;
  try {
    response = await options.fetch(url, {
      redirect: 'follow',
      signal,
      // The reader's own browser fetches with the reader's cookies: a subscriber gets the page
      // they would see in a tab, not a paywall.
      credentials: 'include',
      headers: { accept: ACCEPT },
    });
  } catch (error) {
    return failure(url, false, null, error, signal, options);
  }
  const finalUrl = response.url || url;
  const redirected = response.redirected || (response.url !== '' && response.url !== url);
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return {
      ok: false,
      status: response.status,
      finalUrl,
      redirected,
      failure: 'http',
      message: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    };
  }
  const contentType = response.headers.get('content-type');
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime && mime !== 'text/html' && mime !== 'application/xhtml+xml') {
    await response.body?.cancel().catch(() => undefined);
    return {
      ok: false,
      status: response.status,
      finalUrl,
      redirected,
      failure: 'not-html',
      message: `not a web page (${mime})`,
    };
  }
  let read: { bytes: Uint8Array; cut: boolean };
  try {
    read = await readBounded(response, options.maxBytes);
  } catch (error) {
    return failure(finalUrl, redirected, response.status, error, signal, options);
  }
  if (read.cut) {
    return {
      ok: false,
      status: response.status,
      finalUrl,
      redirected,
      failure: 'too-large',
      message: `the page is larger than ${formatBytes(options.maxBytes)}; reading stopped there`,
    };
  }
  return {
    ok: true,
    status: response.status,
    finalUrl,
    redirected,
    contentType,
    html: decodePage(read.bytes, contentType),
  };
}

function failure(
  finalUrl: string,
  redirected: boolean,
  status: number | null,
  error: unknown,
  signal: AbortSignal,
  options: FetchPageOptions,
): FetchedPage {
  if (isTimeout(error, signal))
    return {
      ok: false,
      status,
      finalUrl,
      redirected,
      failure: 'timeout',
      message: `no complete answer in ${options.timeoutMs / 1000} s`,
    };
  if (options.signal?.aborted)
    return {
      ok: false,
      status,
      finalUrl,
      redirected,
      failure: 'aborted',
      message: 'the check was cancelled',
    };
  return { ok: false, status, finalUrl, redirected, failure: 'network', message: describe(error) };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`
    : `${Math.round(n / 1024)} KB`;
}
