/**
 * The archive client against the local stand-in (tests/stand-ins/archive-server.ts), which
 * answers as the Wayback Machine does. Nothing here reaches a real host.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ArchiveError,
  listCaptures,
  lookupHistory,
  readCapture,
  type Capture,
  type HistoryResult,
  type LookupOptions,
} from '../../src/archive/index';
import { extractArticleFromHtml } from '../../src/extract/from-html';
import type { Article } from '../../src/model/types';
import { readSeedPage, start, type ArchiveStandIn } from '../stand-ins/archive-server';

let archive: ArchiveStandIn;
let live: Article;

beforeAll(async () => {
  archive = await start();
  const result = extractArticleFromHtml(readSeedPage('fox-ceasefire-v2'), archive.url);
  if (!result.ok) throw new Error(result.message);
  live = result.article;
});

afterAll(() => archive.stop());

beforeEach(() => {
  archive.setFault(null);
  archive.requests.length = 0;
});

function options(extra: Partial<LookupOptions> = {}): LookupOptions {
  return { fetch: (input, init) => fetch(input, init), archive: archive.base, live, ...extra };
}

const summary = (result: HistoryResult) => result.captures.map((c) => [c.timestamp, c.status, c.reason]);

async function fault(promise: Promise<unknown>): Promise<ArchiveError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ArchiveError)) throw new Error(`expected an ArchiveError, got ${String(error)}`);
  return error;
}

describe('looking up an address', () => {
  it('reads the chosen captures raw and says what each one is', async () => {
    const began = performance.now();
    const result = await lookupHistory(archive.url, options());
    const took = performance.now() - began;
    expect(result.via).toBe('cdx');
    // Six captures, two with the same bytes in a row: collapse=digest lists five.
    expect(result.listed).toBe(5);
    expect(summary(result)).toEqual([
      ['20240925135200', 'used', null],
      ['20240925141500', 'same', 'same text as the capture of 2024-09-25 13:52 UTC'],
      ['20240925160300', 'skipped', 'cookie wall'],
      ['20240925213000', 'used', null],
      ['20241002120000', 'same', 'same text as the capture of 2024-09-25 21:30 UTC'],
    ]);
    expect(result.captures[0]).toMatchObject({
      time: '2024-09-25T13:52:00Z',
      url: `${archive.base}/web/20240925135200id_/${archive.url}`,
    });
    expect(result.used.map((c) => c.article.paragraphs.join(' '))).toEqual([
      expect.stringContaining('40,000 U.S. troops'),
      expect.stringContaining('a small number of U.S. troops'),
    ]);
    expect(result.captures[1]!.contentHash).toBe(result.captures[0]!.contentHash);
    // Asked for raw captures only: never the toolbar page with its rewritten links.
    const kinds = archive.requests.map((r) => r.kind);
    expect(kinds).toEqual(['cdx', 'raw', 'raw', 'raw', 'raw', 'raw']);
    const cdx = new URL(archive.requests[0]!.path, archive.base).searchParams;
    expect(Object.fromEntries(cdx)).toEqual({
      url: archive.url,
      output: 'json',
      fl: 'timestamp,original,statuscode,digest,mimetype,length',
      filter: 'statuscode:200',
      collapse: 'digest',
      limit: '1000',
    });
    console.info(
      `lookup against the stand-in: ${Math.round(took)} ms for ${result.captures.length} captures`,
    );
  });

  it('the toolbar page is not the page as archived', async () => {
    const at = `${archive.base}/web/20240925135200`;
    const toolbar = await (await fetch(`${at}/${archive.url}`)).text();
    const raw = await (await fetch(`${at}id_/${archive.url}`)).text();
    expect(raw).toBe(readSeedPage('fox-ceasefire-v1'));
    expect(toolbar).toContain('BEGIN WAYBACK TOOLBAR INSERT');
    expect(toolbar).toContain(`href="${at}/https://www.foxnews.com/`);
    expect(raw).not.toContain('wm-ipp');
  });

  it('follows the archive to the nearest capture and reports where it landed', async () => {
    const asked: Capture = {
      timestamp: '20240925150000',
      time: Date.UTC(2024, 8, 25, 15),
      original: archive.url,
      statusCode: null,
      digest: null,
      mimetype: null,
      memento: null,
    };
    const read = await readCapture(asked, options());
    expect(read).toMatchObject({
      ok: true,
      timestamp: '20240925141500',
      url: `${archive.base}/web/20240925141500id_/${archive.url}`,
    });
    expect(archive.requests.map((r) => r.path)).toEqual([
      `/web/20240925150000id_/${archive.url}`,
      `/web/20240925141500id_/${archive.url}`,
    ]);
  });

  it('an address without captures gives an empty list', async () => {
    const result = await lookupHistory(`${archive.base}/never-archived`, options());
    expect(result).toMatchObject({ listed: 0, captures: [], used: [] });
  });

  it('reads at most the limit, and replaces an unusable capture by the next one', async () => {
    archive.setFault({ on: 'capture', timestamp: '20240925135200', status: 404 });
    const result = await lookupHistory(archive.url, options({ limit: 2 }));
    expect(summary(result)).toEqual([
      ['20240925135200', 'skipped', 'HTTP 404 Not Found'],
      ['20240925141500', 'used', null],
      ['20241002120000', 'used', null],
    ]);
  });
});

describe('captures that are not the article', () => {
  let odd: ArchiveStandIn;
  beforeAll(async () => {
    odd = await start({
      captures: (base) => {
        const address = `${base}/politics/us-pushing-temporary-israel-hezbollah-ceasefire-amid-fears-wider-war`;
        const soft404 =
          '<!DOCTYPE html><html><head><title>Page Not Found</title></head><body><h1>Sorry, the page you requested could not be found.</h1><p>Try the home page.</p></body></html>';
        return [
          // The address held another story before this one, then briefly an error page.
          { timestamp: '20240920080000', original: address, body: readSeedPage('abc-ceasefire') },
          { timestamp: '20240925130000', original: address, body: soft404 },
          { timestamp: '20240925135200', original: address, body: readSeedPage('fox-ceasefire-v1') },
          { timestamp: '20240925213000', original: address, body: readSeedPage('fox-ceasefire-v2') },
        ];
      },
    });
  });
  afterAll(() => odd.stop());

  it('are skipped with their reason, and the earliest usable capture is the article', async () => {
    const result = await lookupHistory(odd.url, { ...options(), archive: odd.base });
    expect(summary(result)).toEqual([
      [
        '20240920080000',
        'skipped',
        expect.stringMatching(/^a different article: ".+" shares \d+% of its terms/),
      ],
      ['20240925130000', 'skipped', 'error page'],
      ['20240925135200', 'used', null],
      ['20240925213000', 'used', null],
    ]);
    expect(result.captures.map((c) => c.reasonCode)).toEqual(['different-article', 'error-page', null, null]);
    expect(result.used[0]!.article.paragraphs.join(' ')).toContain('40,000 U.S. troops');
  });
});

describe('an archive without a CDX server', () => {
  let memento: ArchiveStandIn;
  beforeAll(async () => {
    memento = await start({ cdx: false });
  });
  afterAll(() => memento.stop());

  it('is read through its TimeMap, captures still raw', async () => {
    const result = await lookupHistory(memento.url, { ...options(), archive: memento.base });
    expect(result.via).toBe('timemap');
    // A TimeMap has no digests: the repeated bytes of the 26th are read, and found the same.
    expect(summary(result)).toEqual([
      ['20240925135200', 'used', null],
      ['20240925160300', 'skipped', 'cookie wall'],
      ['20240925213000', 'used', null],
      ['20240926090000', 'same', 'same text as the capture of 2024-09-25 21:30 UTC'],
      ['20241002120000', 'same', 'same text as the capture of 2024-09-25 21:30 UTC'],
    ]);
    expect(result.captures.map((c) => c.reasonCode)).toEqual([
      null,
      'cookie-wall',
      null,
      'same-text',
      'same-text',
    ]);
    expect(memento.requests.map((r) => r.kind)).toEqual([
      'cdx',
      'timemap',
      'raw',
      'raw',
      'raw',
      'raw',
      'raw',
    ]);
    const listing = await listCaptures(`${memento.base}/never-archived`, {
      ...options(),
      archive: memento.base,
    });
    expect(listing).toEqual({ captures: [], skipped: [], via: 'timemap' });
  });

  it('is asked for its TimeMap only, when said to have no CDX server', async () => {
    memento.requests.length = 0;
    const archiveSource = { base: memento.base, cdxPath: false as const };
    const listing = await listCaptures(memento.url, { ...options(), archive: archiveSource });
    expect(listing.captures).toHaveLength(6);
    expect(memento.requests.map((r) => r.kind)).toEqual(['timemap']);
  });
});

describe('faults', () => {
  const NOW = Date.UTC(2024, 8, 25, 14);

  it('rate-limited listing: says when to retry, from Retry-After seconds', async () => {
    archive.setFault({ on: 'cdx', status: 429, retryAfter: '120' });
    const error = await fault(lookupHistory(archive.url, options({ now: () => NOW })));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAt: NOW + 120_000 });
    expect(error.message).toBe('rate-limited (HTTP 429): try again after 2024-09-25T14:02:00Z (in 120 s)');
  });

  it('rate-limited mid-lookup: stops reading, retry time from an HTTP date', async () => {
    archive.setFault({
      on: 'capture',
      timestamp: '20240925160300',
      status: 429,
      retryAfter: 'Wed, 25 Sep 2024 14:10:00 GMT',
    });
    const error = await fault(lookupHistory(archive.url, options({ now: () => NOW })));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAt: Date.UTC(2024, 8, 25, 14, 10) });
    // Nothing after the refused capture was asked for.
    expect(archive.requests.map((r) => r.kind)).toEqual(['cdx', 'raw', 'raw', 'raw']);
  });

  it('unavailable: 503 on the listing, or on every capture', async () => {
    archive.setFault({ on: 'cdx', status: 503 });
    expect(await fault(lookupHistory(archive.url, options()))).toMatchObject({
      kind: 'unavailable',
      status: 503,
    });
    archive.setFault({ on: 'capture', status: 503 });
    expect(await fault(lookupHistory(archive.url, options()))).toMatchObject({ kind: 'unavailable' });
    archive.setFault({ on: 'timemap', status: 503 });
    const noCdx = { base: archive.base, cdxPath: false as const };
    expect(await fault(lookupHistory(archive.url, options({ archive: noCdx })))).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('one capture the archive cannot serve is skipped, the rest are read', async () => {
    archive.setFault({ on: 'capture', timestamp: '20240925135200', status: 503 });
    const result = await lookupHistory(archive.url, options());
    expect(summary(result).slice(0, 2)).toEqual([
      ['20240925135200', 'skipped', 'the archive could not serve this capture (HTTP 503)'],
      ['20240925141500', 'used', null],
    ]);
  });

  it('slow: a request without an answer in time fails the lookup as a timeout', async () => {
    archive.setFault({ on: 'cdx', delayMs: 2000 });
    const began = performance.now();
    const error = await fault(lookupHistory(archive.url, options({ timeoutMs: 300 })));
    expect(error).toMatchObject({ kind: 'timeout', message: 'no answer in 0.3 s' });
    expect(performance.now() - began).toBeLessThan(1500);
  });

  it('cancelled: the caller’s signal stops the lookup at once', async () => {
    archive.setFault({ on: 'capture', delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const began = performance.now();
    const error = await fault(lookupHistory(archive.url, options({ signal: controller.signal })));
    expect(error.kind).toBe('cancelled');
    expect(performance.now() - began).toBeLessThan(1500);
  });

  it('a listing cut short keeps the captures that arrived', async () => {
    archive.setFault({ on: 'cdx', truncate: true });
    const listing = await listCaptures(archive.url, options());
    expect(listing.captures.length).toBeGreaterThan(0);
    expect(listing.captures.length).toBeLessThan(5);
    expect(listing.skipped[listing.skipped.length - 1]!.reason).toBe('the answer broke off here');
  });

  it('a capture cut short or not HTML is skipped with the reason', async () => {
    archive.setFault([
      { on: 'capture', timestamp: '20240925135200', truncate: true },
      { on: 'capture', timestamp: '20240925141500', mimetype: 'application/pdf' },
    ]);
    const result = await lookupHistory(archive.url, options());
    expect(summary(result).slice(0, 3)).toEqual([
      ['20240925135200', 'skipped', expect.stringMatching(/^truncated: /)],
      ['20240925141500', 'skipped', 'not HTML (application/pdf)'],
      ['20240925160300', 'skipped', 'cookie wall'],
    ]);
    // The same reasons as codes, for a UI to word in the reader's language.
    expect(result.captures.slice(0, 3).map((c) => c.reasonCode)).toEqual([
      'truncated',
      'not-html',
      'cookie-wall',
    ]);
    expect(result.used.map((c) => c.timestamp)).toEqual(['20240925213000']);
  });
});
