/**
 * A capture that dies halfway (the MV3 worker stopped, the disk filled, the browser crashed)
 * must leave the library exactly as it was and the next capture must work. IndexedDB aborts a
 * transaction whose code never finishes; here the abort is forced at the last write of the
 * capture, after the version and the article row were already written inside the transaction.
 */
import { describe, expect, it } from 'vitest';
import type { CrosscheckService } from '../../src/service/service';
import { HOUR, T0, freshService, seedArticle } from './service-fixtures';

async function tableCounts(service: CrosscheckService) {
  const { db } = service;
  return {
    articles: await db.articles.count(),
    versions: await db.versions.count(),
    matchDocs: await db.matchDocs.count(),
    outlets: await db.outlets.count(),
  };
}

/** Makes the capture transaction's match-index write fail once, like a worker stopped mid-write. */
function failNextMatchDocWrite(service: CrosscheckService): () => void {
  const hook = () => {
    throw new DOMException('The service worker was stopped.', 'AbortError');
  };
  service.db.matchDocs.hook('creating', hook);
  service.db.matchDocs.hook('updating', hook);
  return () => {
    service.db.matchDocs.hook('creating').unsubscribe(hook);
    service.db.matchDocs.hook('updating').unsubscribe(hook);
  };
}

describe('a capture interrupted midway', () => {
  it('stores nothing of a first capture, and the next capture stores it whole', async () => {
    const service = freshService();
    const heal = failNextMatchDocWrite(service);
    const failed = await service.analyse(
      7,
      { ok: true, article: seedArticle('fox-ceasefire-v1') },
      { now: T0 },
    );
    expect(failed).toMatchObject({ state: 'error', retryable: true, quotaExceeded: false });
    expect(await tableCounts(service)).toEqual({ articles: 0, versions: 0, matchDocs: 0, outlets: 0 });
    expect(
      (await service.listLibrary({ text: '', outlet: null, sort: 'captured-desc', offset: 0, limit: 10 }))
        .total,
    ).toBe(0);

    heal();
    const retried = await service.analyse(
      7,
      { ok: true, article: seedArticle('fox-ceasefire-v1') },
      { now: T0 + 1000 },
    );
    expect(retried).toMatchObject({ state: 'ready', savedNewVersion: true });
    expect(await tableCounts(service)).toEqual({ articles: 1, versions: 1, matchDocs: 1, outlets: 1 });
  });

  it('keeps the earlier version intact when the capture of an edit fails, then stores the edit', async () => {
    const service = freshService();
    const first = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const before = await service.getArticle(first.articleId);

    const heal = failNextMatchDocWrite(service);
    const failed = await service.analyse(
      7,
      { ok: true, article: seedArticle('fox-ceasefire-v2') },
      { now: T0 + HOUR },
    );
    expect(failed.state).toBe('error');
    expect(await service.getArticle(first.articleId)).toEqual(before);
    expect(await tableCounts(service)).toEqual({ articles: 1, versions: 1, matchDocs: 1, outlets: 1 });

    heal();
    const edit = await service.analyse(
      7,
      { ok: true, article: seedArticle('fox-ceasefire-v2') },
      { now: T0 + 2 * HOUR },
    );
    expect(edit.state).toBe('ready');
    if (edit.state !== 'ready') return;
    expect(edit.versions.map((version) => version.capturedAt)).toEqual([T0, T0 + 2 * HOUR]);
    expect(edit.changes?.differences.some((d) => d.facets.some((f) => f.type === 'number'))).toBe(true);
  });

  it('keeps the in-memory match index in step with the store after a failed capture', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('abc-ceasefire'), T0);
    const heal = failNextMatchDocWrite(service);
    await service.analyse(7, { ok: true, article: seedArticle('fox-ceasefire-v2') }, { now: T0 + HOUR });
    heal();
    // ABC's report must not be offered a sibling that was never stored.
    const abc = await service.analyse(
      8,
      { ok: true, article: seedArticle('abc-ceasefire') },
      { now: T0 + 2 * HOUR },
    );
    expect(abc.state === 'ready' && abc.siblings).toEqual([]);
  });
});
