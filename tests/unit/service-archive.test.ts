/**
 * The background's archive lookup (src/service/archive-lookup.ts) over fake-indexeddb, against
 * the local archive stand-in: what is stored, with which origin, and what each fault leaves
 * behind (nothing). Nothing here reaches a real host.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Fetch } from '../../src/archive/index';
import { exportLibraryText, importLibraryText } from '../../src/protocol/library-transfer';
import { CrosscheckService } from '../../src/service/service';
import { openDb } from '../../src/store/schema';
import { seedCaptures, start, type ArchiveStandIn } from '../stand-ins/archive-server';
import { freshService, seedArticle } from './service-fixtures';

const FOX = seedArticle('fox-ceasefire-v2');
const ADDRESS = FOX.canonicalUrl ?? FOX.url;
const NOW = Date.UTC(2024, 9, 10, 9);

let archive: ArchiveStandIn;

beforeAll(async () => {
  archive = await start({ captures: () => seedCaptures(ADDRESS) });
});
afterAll(() => archive.stop());
beforeEach(() => {
  archive.setFault(null);
  archive.requests.length = 0;
});

const realFetch: Fetch = (input, init) => fetch(input, init);

/** A service whose library holds the reader's capture of the edited Fox article, and nothing earlier. */
async function readerOnEditedFox(): Promise<{ service: CrosscheckService; articleId: number }> {
  const service = freshService();
  await service.setSettings({ archiveBase: archive.base }, NOW);
  const { articleId } = await service.captureArticle(FOX, NOW);
  return { service, articleId };
}

describe('looking an article up in a web archive', () => {
  it('stores each usable capture as a version with its origin, and the earliest shows the edit', async () => {
    const { service, articleId } = await readerOnEditedFox();
    const began = performance.now();
    const result = await service.lookUpArchive(articleId, { fetch: realFetch });
    const took = performance.now() - began;
    if (result.state !== 'done') throw new Error(JSON.stringify(result));
    expect(result.url).toBe(ADDRESS);
    expect(result.listed).toBe(5);
    // v1 twice (other furniture bytes, same text), a consent wall, v2 twice: v1 stored once; v2 is
    // the reader's own text already.
    const statuses = result.captures.map((c) => [c.timestamp, c.status, c.stored]);
    expect(statuses).toContainEqual(['20240925135200', 'used', true]);
    expect(result.captures.find((c) => c.timestamp === '20240925160300')?.status).toBe('skipped');
    expect(result.stored).toBe(1);
    console.log(
      `archive lookup against the stand-in: ${took.toFixed(0)} ms, ${result.captures.length} read, ` +
        `${result.captures.filter((c) => c.status === 'used').length} used, ${result.stored} stored, ` +
        `${result.captures.filter((c) => c.status !== 'used').length} skipped/same`,
    );

    const versions = await service.listVersions(articleId);
    expect(versions).toHaveLength(2);
    const [earliest, reader] = versions as [(typeof versions)[0], (typeof versions)[0]];
    expect(earliest.capturedAt).toBe(Date.UTC(2024, 8, 25, 13, 52));
    expect(earliest.origin).toEqual({
      kind: 'archive',
      archive: archive.base.replace(/^https?:\/\//, ''),
      base: archive.base,
      captureUrl: `${archive.base}/web/20240925135200id_/${ADDRESS}`,
    });
    expect(reader.origin).toEqual({ kind: 'reader' });

    const comparison = await service.compareVersions(earliest.id, reader.id);
    const numbers = comparison.differences.filter((d) => d.facets.some((f) => f.type === 'number'));
    expect(numbers.some((d) => /40,000/.test(d.before ?? '') && /a small number/.test(d.after ?? ''))).toBe(
      true,
    );

    // The popup's analysis now compares with the earliest capture by default.
    const article = await service.getArticle(articleId);
    expect(article?.article.latestVersionId).toBe(reader.id);
    expect(article?.article.firstCapturedAt).toBe(earliest.capturedAt);
  });

  it('stores nothing twice when the lookup is run again', async () => {
    const { service, articleId } = await readerOnEditedFox();
    const first = await service.lookUpArchive(articleId, { fetch: realFetch });
    const second = await service.lookUpArchive(articleId, { fetch: realFetch });
    expect(first.state === 'done' && first.stored).toBe(1);
    expect(second.state === 'done' && second.stored).toBe(0);
    expect(await service.listVersions(articleId)).toHaveLength(2);
  });

  it('says so honestly when the archive has no copy of the address', async () => {
    const service = freshService();
    await service.setSettings({ archiveBase: archive.base }, NOW);
    const other = { ...FOX, url: 'https://example.org/never-archived', canonicalUrl: null };
    const { articleId } = await service.captureArticle(other, NOW);
    const result = await service.lookUpArchive(articleId, { fetch: realFetch });
    expect(result).toMatchObject({ state: 'done', listed: 0, captures: [], stored: 0 });
    expect(archive.requests.map((r) => r.kind)).toEqual(['cdx']);
  });

  it('reports an unavailable archive (503) and stores nothing', async () => {
    const { service, articleId } = await readerOnEditedFox();
    archive.setFault({ on: 'cdx', status: 503 });
    const result = await service.lookUpArchive(articleId, { fetch: realFetch });
    expect(result).toMatchObject({ state: 'failed', kind: 'unavailable' });
    expect(await service.listVersions(articleId)).toHaveLength(1);
  });

  it('reports a rate limit (429) with when to retry, and stores nothing', async () => {
    const { service, articleId } = await readerOnEditedFox();
    archive.setFault({ on: 'capture', status: 429, retryAfter: '120' });
    const result = await service.lookUpArchive(articleId, { fetch: realFetch, now: () => NOW });
    expect(result).toMatchObject({ state: 'failed', kind: 'rate-limited', retryAt: NOW + 120_000 });
    expect(await service.listVersions(articleId)).toHaveLength(1);
  });

  it('gives up on a slow archive after the timeout', async () => {
    const { service, articleId } = await readerOnEditedFox();
    archive.setFault({ on: 'cdx', delayMs: 1000 });
    const result = await service.lookUpArchive(articleId, { fetch: realFetch, timeoutMs: 100 });
    expect(result).toMatchObject({ state: 'failed', kind: 'timeout' });
  });

  it('stops when cancelled, stores nothing, and can be run again to completion', async () => {
    const { service, articleId } = await readerOnEditedFox();
    // Slow captures: the lookup is cancelled while it reads them, after the first answered.
    archive.setFault({ on: 'capture', delayMs: 300 });
    const controller = new AbortController();
    const reads: string[] = [];
    const watchedFetch: Fetch = (input, init) => {
      if (input.includes('id_/')) {
        reads.push(input);
        if (reads.length === 2) controller.abort();
      }
      return fetch(input, init);
    };
    const cancelled = await service.lookUpArchive(articleId, {
      fetch: watchedFetch,
      signal: controller.signal,
    });
    expect(cancelled).toMatchObject({ state: 'failed', kind: 'cancelled' });
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(await service.listVersions(articleId)).toHaveLength(1);

    archive.setFault(null);
    const again = await service.lookUpArchive(articleId, { fetch: realFetch });
    expect(again.state === 'done' && again.stored).toBe(1);
  });

  it('leaves nothing half-stored when the worker stops mid-lookup', async () => {
    const { service, articleId } = await readerOnEditedFox();
    // A stopped worker never reaches the end: its fetch simply never answers again.
    let reads = 0;
    const stopping: Fetch = (input, init) => {
      if (input.includes('id_/') && ++reads === 3) return new Promise<Response>(() => undefined);
      return fetch(input, init);
    };
    const abandoned = service.lookUpArchive(articleId, { fetch: stopping });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(reads).toBe(3);
    expect(await service.listVersions(articleId)).toHaveLength(1);
    void abandoned;

    // A new worker opens the same library and runs the lookup again: each capture once.
    const restarted = new CrosscheckService(openDb({ name: service.db.name }));
    const after = await restarted.lookUpArchive(articleId, { fetch: realFetch });
    expect(after.state === 'done' && after.stored).toBe(1);
    expect((await restarted.listVersions(articleId)).map((v) => v.origin.kind)).toEqual([
      'archive',
      'reader',
    ]);
  });

  it('exports each version with its origin, and an import (whole or in batches) keeps it', async () => {
    const { service, articleId } = await readerOnEditedFox();
    const lookup = await service.lookUpArchive(articleId, { fetch: realFetch });
    expect(lookup.state === 'done' && lookup.stored).toBe(1);
    const origins = (await service.listVersions(articleId)).map((v) => [
      v.capturedAt,
      v.contentHash,
      v.origin,
    ]);
    expect(origins.map(([, , origin]) => origin)).toEqual([
      {
        kind: 'archive',
        archive: archive.base.replace(/^https?:\/\//, ''),
        base: archive.base,
        captureUrl: `${archive.base}/web/20240925135200id_/${ADDRESS}`,
      },
      { kind: 'reader' },
    ]);

    const json = await service.exportLibrary(null, NOW);
    const file = JSON.parse(json) as { version: number; articles: { versions: { origin: unknown }[] }[] };
    expect(file.version).toBe(2);
    expect(file.articles).toHaveLength(1);
    expect(file.articles[0]!.versions.map((v) => v.origin)).toEqual(origins.map(([, , origin]) => origin));

    // One piece.
    const whole = freshService();
    expect(await whole.importLibrary(json)).toMatchObject({ ok: true, articlesAdded: 1, versionsAdded: 2 });
    // In pages and batches, each crossing JSON as a message does.
    const cross = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    const paged = freshService();
    const pagedJson = await exportLibraryText(
      async (cursor) => cross(await service.exportLibraryPage({ articleIds: null, ...cursor, limit: 1 })),
      new Date(NOW).toISOString(),
    );
    expect(pagedJson).toBe(json);
    const report = await importLibraryText(pagedJson, async (batch) =>
      cross(await paged.importLibraryBatch(cross(batch))),
    );
    expect(report).toMatchObject({ ok: true, articlesAdded: 1, versionsAdded: 2, rejected: [] });

    for (const target of [whole, paged]) {
      const [imported] = (
        await target.listLibrary({ text: '', outlet: null, sort: 'captured-asc', offset: 0, limit: 5 })
      ).items;
      if (!imported) throw new Error('nothing imported');
      const versions = await target.listVersions(imported.id);
      expect(versions.map((v) => [v.capturedAt, v.contentHash, v.origin])).toEqual(origins);
      // The archive's capture is still the earlier version of the reader's article, not an article of its own.
      expect(imported.versionCount).toBe(2);
    }
    // Importing the same file again adds nothing.
    expect(await whole.importLibrary(json)).toMatchObject({ ok: true, versionsAdded: 0, duplicates: 2 });
  });

  it('looks an article up by itself at most once per archive, across popups and a restarted worker', async () => {
    const { service, articleId } = await readerOnEditedFox();
    await service.setSettings({ archiveOnOpen: true }, NOW);
    expect(await service.archiveSettings(articleId)).toMatchObject({ lookupOnOpen: true, lookedUpAt: null });

    const first = await service.lookUpArchive(articleId, {
      fetch: realFetch,
      automatic: true,
      now: () => NOW,
    });
    expect(first).toMatchObject({ state: 'done', stored: 1 });
    const sent = archive.requests.length;
    expect(sent).toBeGreaterThan(0);
    expect((await service.archiveSettings(articleId)).lookedUpAt).toBe(NOW);

    // The next open (another popup, or the same after the worker restarted) sends nothing.
    const again = await service.lookUpArchive(articleId, { fetch: realFetch, automatic: true });
    expect(again).toEqual({ state: 'skipped', archive: new URL(archive.base).host, lookedUpAt: NOW });
    const restarted = new CrosscheckService(openDb({ name: service.db.name }));
    expect((await restarted.archiveSettings(articleId)).lookedUpAt).toBe(NOW);
    expect(await restarted.lookUpArchive(articleId, { fetch: realFetch, automatic: true })).toMatchObject({
      state: 'skipped',
    });
    expect(archive.requests).toHaveLength(sent);

    // The reader's click always asks.
    const clicked = await restarted.lookUpArchive(articleId, { fetch: realFetch });
    expect(clicked).toMatchObject({ state: 'done', stored: 0 });
    expect(archive.requests.length).toBeGreaterThan(sent);
  });

  it('remembers a lookup that failed at the archive too, but not one that never reached it', async () => {
    const { service, articleId } = await readerOnEditedFox();
    archive.setFault({ on: 'cdx', status: 503 });
    const failed = await service.lookUpArchive(articleId, {
      fetch: realFetch,
      automatic: true,
      now: () => NOW,
    });
    expect(failed).toMatchObject({ state: 'failed', kind: 'unavailable' });
    expect((await service.archiveSettings(articleId)).lookedUpAt).toBe(NOW);
    archive.requests.length = 0;
    expect(await service.lookUpArchive(articleId, { fetch: realFetch, automatic: true })).toMatchObject({
      state: 'skipped',
    });
    expect(archive.requests).toEqual([]);

    // Another archive chosen: the article was never looked up there.
    await service.setSettings({ archiveBase: 'https://arquivo.pt/wayback' }, NOW);
    expect((await service.archiveSettings(articleId)).lookedUpAt).toBeNull();

    // A worker stopped mid-lookup recorded nothing: the next open may look it up again.
    const other = await readerOnEditedFox();
    archive.setFault(null);
    let reads = 0;
    const stopping: Fetch = (input, init) => {
      if (input.includes('id_/') && ++reads === 2) return new Promise<Response>(() => undefined);
      return fetch(input, init);
    };
    void other.service.lookUpArchive(other.articleId, { fetch: stopping, automatic: true });
    await vi.waitFor(() => expect(reads).toBe(2));
    const fresh = new CrosscheckService(openDb({ name: other.service.db.name }));
    expect((await fresh.archiveSettings(other.articleId)).lookedUpAt).toBeNull();
    expect(await fresh.lookUpArchive(other.articleId, { fetch: realFetch, automatic: true })).toMatchObject({
      state: 'done',
      stored: 1,
    });
  });
});
