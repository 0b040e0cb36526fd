import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CrosscheckService } from '../../src/service/service';
import { IndexCache } from '../../src/service/index-cache';
import { engine, type Engine } from '../../src/service/engine';
import { openDb } from '../../src/store/schema';
import { HOUR, T0, seedArticle } from './service-fixtures';

/** A service as a restarted worker makes it: a new instance over the same stored library. */
function serviceOver(
  name: string,
  counts = { rebuilt: 0, loaded: 0 },
  snapshotDelayMs: number | null = null,
): CrosscheckService {
  const counting: Engine = {
    ...engine,
    createMatchIndex: (docs) => {
      counts.rebuilt++;
      return engine.createMatchIndex(docs);
    },
    loadMatchIndex: (packed) => {
      counts.loaded++;
      return engine.loadMatchIndex(packed);
    },
  };
  return new CrosscheckService(openDb({ name }), { engine: counting, snapshotDelayMs });
}

async function siblingsOfFox(service: CrosscheckService): Promise<string[]> {
  const analysis = await service.analyse(
    1,
    { ok: true, article: seedArticle('fox-ceasefire-v2') },
    { now: T0 + 9 * HOUR },
  );
  if (analysis.state !== 'ready') throw new Error(analysis.state);
  return analysis.siblings.map((sibling) => sibling.outlet);
}

describe('the match index snapshot', () => {
  it('lets a restarted worker load the index instead of rebuilding it, with the same answers', async () => {
    const name = `snapshot-${Math.random()}`;
    const first = serviceOver(name);
    await first.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    await first.captureArticle(seedArticle('abc-ceasefire'), T0 + HOUR);
    expect(await first.saveIndexSnapshot(T0 + 2 * HOUR)).toBe(true);

    const counts = { rebuilt: 0, loaded: 0 };
    const restarted = serviceOver(name, counts);
    expect(await siblingsOfFox(restarted)).toEqual(['abcnews.go.com']);
    expect(counts).toEqual({ rebuilt: 0, loaded: 1 });
  });

  it('applies what changed since it was written: a new version, a new article', async () => {
    const name = `snapshot-${Math.random()}`;
    const first = serviceOver(name);
    await first.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    expect(await first.saveIndexSnapshot(T0 + 1)).toBe(true);
    // After the snapshot: Fox is edited in place (a new version) and ABC's report arrives.
    await first.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + HOUR);
    await first.captureArticle(seedArticle('abc-ceasefire'), T0 + 2 * HOUR);

    const counts = { rebuilt: 0, loaded: 0 };
    const restarted = serviceOver(name, counts);
    const fromSnapshot = await siblingsOfFox(restarted);
    expect(counts).toEqual({ rebuilt: 0, loaded: 1 });

    const db = openDb({ name });
    await db.snapshots.clear();
    // The sibling list kept from the first restart (written after its reply) would spare the
    // index altogether.
    for (let tries = 0; tries < 200 && (await db.results.count()) === 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    await db.results.clear();
    const rebuiltCounts = { rebuilt: 0, loaded: 0 };
    expect(await siblingsOfFox(serviceOver(name, rebuiltCounts))).toEqual(fromSnapshot);
    expect(rebuiltCounts).toEqual({ rebuilt: 1, loaded: 0 });
    expect(fromSnapshot).toEqual(['abcnews.go.com']);
  });

  it('is deleted with the articles, so deleted text does not stay behind in it', async () => {
    const name = `snapshot-${Math.random()}`;
    const service = serviceOver(name);
    const abc = await service.captureArticle(seedArticle('abc-ceasefire'), T0);
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + 1);
    expect(await service.saveIndexSnapshot()).toBe(true);
    await service.deleteItems({ kind: 'article', articleId: abc.articleId }, T0 + 2);
    expect(await openDb({ name }).snapshots.count()).toBe(0);
    expect(await siblingsOfFox(service)).toEqual([]);
  });

  it('follows a deletion and its undo without a rebuild, and a restarted worker loads the new snapshot', async () => {
    const name = `snapshot-${Math.random()}`;
    const counts = { rebuilt: 0, loaded: 0 };
    const service = serviceOver(name, counts);
    const abc = await service.captureArticle(seedArticle('abc-ceasefire'), T0);
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + 1);
    expect(await service.saveIndexSnapshot()).toBe(true);
    const afterCapture = { ...counts };

    await service.deleteItems({ kind: 'article', articleId: abc.articleId }, T0 + 2);
    expect(await openDb({ name }).snapshots.count()).toBe(0);
    expect(await siblingsOfFox(service)).toEqual([]);
    expect(await service.saveIndexSnapshot()).toBe(true);
    const [snapshot] = await openDb({ name }).snapshots.toArray();
    expect(snapshot?.versions.map(([articleId]) => articleId)).not.toContain(abc.articleId);
    expect(JSON.stringify(snapshot?.packed)).not.toContain('abcnews.go.com');
    expect(counts).toEqual(afterCapture);

    const restartedCounts = { rebuilt: 0, loaded: 0 };
    const restarted = serviceOver(name, restartedCounts);
    expect(await siblingsOfFox(restarted)).toEqual([]);
    await restarted.undoDelete();
    expect(await siblingsOfFox(restarted)).toEqual(['abcnews.go.com']);
    expect(restartedCounts).toEqual({ rebuilt: 0, loaded: 1 });
  });

  it('is not written while the index in memory lags the stored rows', async () => {
    const name = `snapshot-${Math.random()}`;
    const stale = serviceOver(name);
    await stale.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    // Another instance (a second worker lifetime racing this one) stores a report meanwhile.
    await serviceOver(name).captureArticle(seedArticle('abc-ceasefire'), T0 + 1);
    expect(await stale.saveIndexSnapshot()).toBe(false);
    expect(await openDb({ name }).snapshots.count()).toBe(0);
  });

  it('falls back to a rebuild when the snapshot cannot be read', async () => {
    const name = `snapshot-${Math.random()}`;
    const first = serviceOver(name);
    await first.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    await first.captureArticle(seedArticle('abc-ceasefire'), T0 + 1);
    await openDb({ name }).snapshots.put({
      key: 'match-index',
      savedAt: T0,
      versions: [],
      packed: { format: 'nonsense' },
    });
    const counts = { rebuilt: 0, loaded: 0 };
    expect(await siblingsOfFox(serviceOver(name, counts))).toEqual(['abcnews.go.com']);
    expect(counts).toEqual({ rebuilt: 1, loaded: 1 });
  });

  it('is written by itself once the worker has been quiet for a moment, not while requests keep coming', async () => {
    const name = `snapshot-${Math.random()}`;
    const service = serviceOver(name, undefined, 400);
    const snapshots = openDb({ name }).snapshots;
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + 1);
    // A reader keeps opening the popup: each request pushes the write back.
    const busyUntil = Date.now() + 1200;
    while (Date.now() < busyUntil) {
      await service.storedArticleAt(seedArticle('fox-ceasefire-v2').url);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await snapshots.count()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await snapshots.count()).toBe(1);
  });

  it('rebuilds a library larger than one page of rows from all of its rows', async () => {
    const db = openDb({ name: `snapshot-${Math.random()}` });
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      articleId: i + 1,
      versionId: i + 1,
      doc: {
        id: i + 1,
        urlKey: `example.com/${i}`,
        outlet: 'example.com',
        time: null,
        capturedAt: null,
        terms: [`word${i}`, 'shared'],
        tfs: [1, 1],
        signature: '',
      },
    }));
    await db.matchDocs.bulkPut(rows);
    const index = await new IndexCache(db, engine, null).index();
    expect(index.size).toBe(4500);
  });
});
