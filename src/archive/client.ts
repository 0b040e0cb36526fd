/**
 * Talking to a web archive: list an address's captures (the CDX server when the archive speaks
 * it, else its Memento TimeMap), read the chosen ones raw, and say what each one is. Runs in an
 * MV3 service worker and in Node alike: `fetch` is the caller's, cancellation is an AbortSignal,
 * and nothing here touches a browser or Node API.
 */
import { decodeHtml } from '../extract/decode';
import { extractArticleFromHtml } from '../extract/from-html';
import type { Article, ExtractResult } from '../model/types';
import { cdxQueryUrl, parseCdx } from './cdx';
import { judgeCapture } from './judge';
import { DEFAULT_LIMIT, distinctCaptures, replacementFor, selectCaptures } from './select';
import { formatTimestamp, isoTime, parseHttpDate, parseRetryAfter, parseTimestamp } from './time';
import { originalFromMemento, parseTimeMap } from './timemap';
import type { ArchiveFaultKind, Capture, CaptureOutcome, CaptureReasonCode, SkippedLine } from './types';

/** An archive by its base address; the paths default to the Wayback Machine's, which Memento archives share. */
export interface ArchiveSource {
  base: string;
  /** For people: "Internet Archive". */
  name?: string;
  /** The CDX server's path, or `false` for an archive known only by its TimeMaps. */
  cdxPath?: string | false;
  /** Prefix of a TimeMap: `<base><timemapPath><url>`. */
  timemapPath?: string;
  /** Prefix of a capture: `<base><capturePath><timestamp>id_/<url>`. */
  capturePath?: string;
}

export const INTERNET_ARCHIVE: Readonly<ArchiveSource> = {
  base: 'https://web.archive.org',
  name: 'Internet Archive',
};

const DEFAULT_CDX_PATH = '/cdx/search/cdx';
const DEFAULT_TIMEMAP_PATH = '/web/timemap/link/';
const DEFAULT_CAPTURE_PATH = '/web/';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export const REQUEST_TIMEOUT_MS = 20_000;
/** Distinct captures listed per query; a second query fetches the latest when there are more. */
export const LIST_LIMIT = 1000;
/** Reads allowed beyond `limit` to replace chosen captures that proved unusable. */
export const EXTRA_READS = 2;
export const MAX_CAPTURE_BYTES = 20 * 1024 * 1024;
const MAX_TIMEMAP_PAGES = 5;

export interface ArchiveOptions {
  fetch: Fetch;
  archive?: ArchiveSource | string;
  /** Cancels everything under way (the popup's Cancel); the lookup then rejects with `cancelled`. */
  signal?: AbortSignal;
  /** Per request; a request without an answer in time fails the lookup with `timeout`. */
  timeoutMs?: number;
  /** The clock, for Retry-After dates. */
  now?: () => number;
}

export interface LookupOptions extends ArchiveOptions {
  /** Captures to read (default 5). */
  limit?: number;
  extraReads?: number;
  /** The article as it is now: captures far from it are another article. */
  live?: Article | null;
  /** HTML → Article; defaults to the extension's own path (linkedom → extractArticle). */
  extract?: (html: string, url: string) => ExtractResult;
}

/** Why a lookup failed as a whole. `retryAt` (ms) is when a rate-limited archive allows the next try. */
export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  constructor(
    readonly kind: ArchiveFaultKind,
    message: string,
    readonly url: string,
    readonly status: number | null = null,
    readonly retryAt: number | null = null,
  ) {
    super(message);
  }
}

export interface CaptureListing {
  captures: Capture[];
  /** Lines of the archive's answer that were not captures. */
  skipped: SkippedLine[];
  via: 'cdx' | 'timemap';
}

export interface UsedCapture extends CaptureOutcome {
  status: 'used';
  html: string;
  article: Article;
}

export interface HistoryResult {
  url: string;
  archive: string;
  via: 'cdx' | 'timemap';
  /** Distinct captures the archive lists for the address. */
  listed: number;
  /** The captures read, earliest first; the `used` ones carry their page and article. */
  captures: (CaptureOutcome | UsedCapture)[];
  /** The `used` ones with their articles, earliest first. */
  used: UsedCapture[];
}

interface Resolved {
  base: string;
  name: string;
  cdx: string | null;
  timemap: string;
  capture: string;
}

function resolveSource(archive: ArchiveSource | string | undefined): Resolved {
  const source = typeof archive === 'string' ? { base: archive } : (archive ?? INTERNET_ARCHIVE);
  const base = source.base.replace(/\/+$/, '');
  return {
    base,
    name: source.name ?? base.replace(/^https?:\/\//, ''),
    cdx: source.cdxPath === false ? null : base + (source.cdxPath ?? DEFAULT_CDX_PATH),
    timemap: base + (source.timemapPath ?? DEFAULT_TIMEMAP_PATH),
    capture: base + (source.capturePath ?? DEFAULT_CAPTURE_PATH),
  };
}

/** The archive's name for people, and its base address. */
export function describeArchive(archive: ArchiveSource | string | undefined): { name: string; base: string } {
  const { name, base } = resolveSource(archive);
  return { name, base };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

interface Answer {
  response: Response;
  /** Reads the body; a transport fault while reading is classified like one before the answer. */
  fault: (error: unknown) => ArchiveError;
}

/** One request with the caller's signal and a timeout; faults of the archive as a whole are thrown. */
async function request(url: string, options: ArchiveOptions, accept: string): Promise<Answer> {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fault = (error: unknown) => transportError(error, url, options, timeout, timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(url, { redirect: 'follow', signal, headers: { accept } });
  } catch (error) {
    throw fault(error);
  }
  const now = (options.now ?? Date.now)();
  if (response.status === 429) {
    const retryAt = parseRetryAfter(response.headers.get('retry-after'), now);
    await response.body?.cancel().catch(() => undefined);
    const when = retryAt === null ? 'later' : `after ${isoTime(retryAt)} (in ${seconds(retryAt - now)})`;
    throw new ArchiveError('rate-limited', `rate-limited (HTTP 429): try again ${when}`, url, 429, retryAt);
  }
  return { response, fault };
}

function transportError(
  error: unknown,
  url: string,
  options: ArchiveOptions,
  timeout: AbortSignal,
  timeoutMs: number,
): ArchiveError {
  if (error instanceof ArchiveError) return error;
  if (options.signal?.aborted) return new ArchiveError('cancelled', 'cancelled', url);
  if (timeout.aborted) return new ArchiveError('timeout', `no answer in ${seconds(timeoutMs)}`, url);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
  return new ArchiveError('network', `unreachable: ${cause}`, url);
}

function unavailable(response: Response, url: string): ArchiveError {
  return new ArchiveError(
    'unavailable',
    `unavailable (HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''})`,
    url,
    response.status,
  );
}

interface Body {
  bytes: Uint8Array;
  /** False when the transfer broke off: `bytes` is what arrived. */
  complete: boolean;
}

/**
 * The whole body, or what arrived of it when the transfer broke off: a cut CDX list still has
 * good rows. Cancellation and timeouts are thrown, as before the answer.
 */
async function readBody({ response, fault }: Answer, maxBytes: number): Promise<Body> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let complete = true;
  const reader = response.body?.getReader();
  if (reader) {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        length += value.length;
        if (length > maxBytes) {
          await reader.cancel().catch(() => undefined);
          break;
        }
      }
    } catch (error) {
      const why = fault(error);
      if (why.kind !== 'network') throw why;
      complete = false;
    }
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  // A compressed answer declares its compressed length; only fewer bytes than that is a cut.
  if (Number.isFinite(declared) && length < declared && !response.headers.get('content-encoding'))
    complete = false;
  return { bytes, complete };
}

const MAX_LIST_BYTES = 50 * 1024 * 1024;

/** A listing's text; a cut answer keeps its good lines, and says where it broke off. */
async function listText(answer: Answer, skipped: SkippedLine[]): Promise<string> {
  const { bytes, complete } = await readBody(answer, MAX_LIST_BYTES);
  const text = new TextDecoder().decode(bytes);
  if (!complete)
    skipped.push({ line: text.split('\n').length, text: '', reason: 'the answer broke off here' });
  return text;
}

async function listFromCdx(
  endpoint: string,
  url: string,
  options: ArchiveOptions,
): Promise<CaptureListing | null> {
  const query = cdxQueryUrl(endpoint, url, { limit: LIST_LIMIT });
  const answer = await request(query, options, 'application/json, text/plain;q=0.5');
  const response = answer.response;
  if (response.status >= 500 && response.status !== 501) throw unavailable(response, query);
  // Not found, not allowed or not implemented: this archive has no CDX server here; try Memento.
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  const mime = (response.headers.get('content-type') ?? '').toLowerCase();
  const cut: SkippedLine[] = [];
  const text = await listText(answer, cut);
  if (mime.includes('html') || /^\s*</.test(text)) return null;
  const list = parseCdx(text);
  list.skipped.push(...cut);
  if (list.captures.length === 0 && list.skipped.length > 0 && !/^\s*\[/.test(text)) return null;
  if (list.captures.length >= LIST_LIMIT) {
    // More than one page: the newest capture is the one closest to the live page, so ask for it too.
    const latest = await request(query.replace(/limit=\d+/, 'limit=-1'), options, 'application/json');
    if (latest.response.status >= 500) throw unavailable(latest.response, query);
    if (latest.response.ok) list.captures.push(...parseCdx(await listText(latest, list.skipped)).captures);
  }
  return { captures: list.captures, skipped: list.skipped, via: 'cdx' };
}

async function listFromTimeMap(first: string, options: ArchiveOptions): Promise<CaptureListing> {
  const captures: Capture[] = [];
  const skipped: SkippedLine[] = [];
  const visited = new Set<string>();
  let next: string | null = first;
  while (next && visited.size < MAX_TIMEMAP_PAGES) {
    visited.add(next);
    const answer = await request(next, options, 'application/link-format, text/plain;q=0.5');
    const response = answer.response;
    if (response.status >= 500) throw unavailable(response, next);
    // Memento: a TimeMap that does not exist means no mementos.
    if (response.status === 404 || response.status === 410) break;
    if (!response.ok) throw unavailable(response, next);
    const text = await listText(answer, skipped);
    const { timemap, skipped: bad } = parseTimeMap(text, next);
    captures.push(...timemap.mementos);
    skipped.push(...bad);
    const last = captures.length ? captures[captures.length - 1]!.time : -Infinity;
    next =
      timemap.timemaps.find((t) => !visited.has(t.uri) && (t.from === null || t.from > last))?.uri ?? null;
  }
  return { captures, skipped, via: 'timemap' };
}

/**
 * Every distinct capture the archive lists for `url`, earliest first: CDX when the archive has
 * a CDX server, else its TimeMap. An address without captures gives an empty list.
 */
export async function listCaptures(url: string, options: ArchiveOptions): Promise<CaptureListing> {
  const source = resolveSource(options.archive);
  const fromCdx = source.cdx ? await listFromCdx(source.cdx, url, options) : null;
  const listing = fromCdx ?? (await listFromTimeMap(source.timemap + url, options));
  const pages = listing.captures.filter(
    (c) =>
      (c.statusCode === null || c.statusCode === 200) && (c.mimetype === null || /html/i.test(c.mimetype)),
  );
  return { ...listing, captures: distinctCaptures(pages) };
}

/** The address of a capture as archived: `id_` asks for the page without toolbar or rewritten links. */
export function rawCaptureUrl(capture: Capture, archive?: ArchiveSource | string): string {
  if (capture.memento) {
    const raw = capture.memento.replace(/\/(\d{14})(?:[a-z]{2}_)?\//, '/$1id_/');
    if (raw !== capture.memento || /\/\d{14}id_\//.test(raw)) return raw;
    return capture.memento;
  }
  return `${resolveSource(archive).capture}${capture.timestamp}id_/${capture.original}`;
}

export type CaptureRead =
  | { ok: true; url: string; timestamp: string; time: number; html: string }
  | { ok: false; url: string; timestamp: string; time: number; reason: string; code: CaptureReasonCode };

/** Bytes → text as a browser decodes a page (src/extract/decode.ts). */
export const decodePage = (bytes: Uint8Array, contentType: string | null): string =>
  decodeHtml(bytes, contentType);

/**
 * One capture, raw. Redirects are followed (Wayback answers a capture that is not exactly at
 * the timestamp asked with a 302 to the nearest one), and the capture's time is the one the
 * archive landed on. What makes this capture unusable is returned; what makes the archive
 * unusable (429, timeout, cancel) is thrown.
 */
export async function readCapture(capture: Capture, options: ArchiveOptions): Promise<CaptureRead> {
  const asked = rawCaptureUrl(capture, options.archive);
  const answer = await request(asked, options, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1');
  const response = answer.response;
  const url = response.url || asked;
  const landed = /\/(\d{14})(?:[a-z]{2}_)?\//.exec(url)?.[1];
  const mementoTime = parseHttpDate(response.headers.get('memento-datetime') ?? '');
  const time = (landed ? parseTimestamp(landed) : null) ?? mementoTime ?? capture.time;
  const base = { url, timestamp: formatTimestamp(time), time };
  const fail = async (reason: string, code: CaptureReasonCode): Promise<CaptureRead> => {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, ...base, reason, code };
  };
  if (response.status === 503)
    return fail('the archive could not serve this capture (HTTP 503)', 'unavailable');
  if (!response.ok)
    return fail(
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      'http-error',
    );
  const contentType = response.headers.get('content-type');
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime && mime !== 'text/html' && mime !== 'application/xhtml+xml')
    return fail(`not HTML (${mime})`, 'not-html');
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_CAPTURE_BYTES) return fail(`too large (${declared} bytes)`, 'too-large');
  const { bytes, complete } = await readBody(answer, MAX_CAPTURE_BYTES);
  if (bytes.length > MAX_CAPTURE_BYTES)
    return { ok: false, ...base, reason: `too large (over ${MAX_CAPTURE_BYTES} bytes)`, code: 'too-large' };
  if (!complete) {
    const of = Number.isFinite(declared) ? ` of ${declared}` : '';
    return {
      ok: false,
      ...base,
      reason: `truncated: the answer broke off after ${bytes.length}${of} bytes`,
      code: 'truncated',
    };
  }
  const html = decodePage(bytes, contentType);
  if (html.slice(0, 4096).includes('\u0000'))
    return { ok: false, ...base, reason: 'not HTML (binary data)', code: 'not-html' };
  if (!/<(?:!doctype html|html|head|body|p|div|article)[\s>]/i.test(html.slice(0, 8192)))
    return { ok: false, ...base, reason: 'not HTML (no markup)', code: 'not-html' };
  return { ok: true, ...base, html };
}

/** `<title>` and visible text, only to name what a non-article page is: never rendered. */
export function pageTextOf(html: string): { title: string; text: string } {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const text = html
    .replace(/<(script|style|noscript|template|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ');
  const entities = (s: string) =>
    s
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&#39;|&apos;|&rsquo;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, ' ')
      .trim();
  return { title: entities(title), text: entities(text) };
}

/** "2024-09-25 14:00 UTC", for reasons that name another capture. */
export function captureLabel(time: number): string {
  return isoTime(time)
    .replace('T', ' ')
    .replace(/:\d{2}Z$/, ' UTC');
}

/**
 * Look up `url` in the archive: list its captures, read up to `limit` of them raw (earliest,
 * spread over the first days, latest), and judge each. Captures are read one after another, to
 * stay within the archive's rate limits. Nothing is kept between calls: a lookup stopped midway
 * leaves nothing behind and can simply be run again.
 */
export async function lookupHistory(url: string, options: LookupOptions): Promise<HistoryResult> {
  const source = resolveSource(options.archive);
  const listing = await listCaptures(url, options);
  const chosen = selectCaptures(listing.captures, options.limit ?? DEFAULT_LIMIT);
  const extract = options.extract ?? ((html: string, at: string) => extractArticleFromHtml(html, at));
  const live = options.live ?? null;
  const taken = new Set(chosen.map((c) => c.timestamp));
  const queue = [...chosen];
  let extra = options.extraReads ?? EXTRA_READS;
  const outcomes: CaptureOutcome[] = [];
  const used: UsedCapture[] = [];
  const seen = new Map<string, string>();
  const read = new Map<string, string>();
  let served = 0;
  let unavailableCount = 0;
  for (let k = 0; k < queue.length; k++) {
    const capture = queue[k]!;
    if (options.signal?.aborted) throw new ArchiveError('cancelled', 'cancelled', url);
    const result = await readCapture(capture, options);
    let outcome: CaptureOutcome;
    const at = { timestamp: result.timestamp, time: isoTime(result.time), url: result.url };
    const earlier = read.get(result.timestamp);
    if (earlier !== undefined) {
      outcome = {
        ...at,
        status: 'same',
        reason: `the archive answered with the capture of ${earlier}`,
        reasonCode: 'same-capture',
        contentHash: null,
      };
    } else if (!result.ok) {
      if (/HTTP 503/.test(result.reason)) unavailableCount++;
      outcome = {
        ...at,
        status: 'skipped',
        reason: result.reason,
        reasonCode: result.code,
        contentHash: null,
      };
    } else {
      served++;
      // The archive may have landed on a capture of another spelling of the address (http, a
      // redirect of the site's own): the article is at the address that was captured.
      const extracted = extract(result.html, originalFromMemento(result.url) ?? capture.original);
      const page = pageTextOf(result.html);
      const judgement = judgeCapture({ extracted, pageText: page.text, pageTitle: page.title }, live, seen);
      const contentHash = extracted.ok ? extracted.article.contentHash : null;
      outcome = { ...at, ...judgement, contentHash };
      if (judgement.status === 'used' && extracted.ok) {
        seen.set(extracted.article.contentHash, captureLabel(result.time));
        const kept: UsedCapture = {
          ...outcome,
          status: 'used',
          html: result.html,
          article: extracted.article,
        };
        used.push(kept);
        outcome = kept;
      }
    }
    read.set(result.timestamp, captureLabel(result.time));
    outcomes.push(outcome);
    if (outcome.status === 'skipped' && extra > 0) {
      const instead = replacementFor(listing.captures, capture, taken);
      if (instead) {
        extra--;
        taken.add(instead.timestamp);
        queue.splice(k + 1, 0, instead);
      }
    }
  }
  if (queue.length > 0 && served === 0 && unavailableCount === outcomes.length)
    throw new ArchiveError('unavailable', 'unavailable (HTTP 503 for every capture)', source.base, 503);
  outcomes.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  used.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return {
    url,
    archive: source.base,
    via: listing.via,
    listed: listing.captures.length,
    captures: outcomes,
    used,
  };
}
