import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/model/types';
import type { TabAnalysis } from '../../src/protocol/types';
import { engine, type Engine } from '../../src/service/engine';
import { CrosscheckService } from '../../src/service/service';
import type { CrosscheckDb } from '../../src/store/schema';
import { HOUR, T0, freshService, seedArticle } from './service-fixtures';

/** The real engine, counting the two computations a kept answer spares. */
function countingEngine(): { engine: Engine; relates: () => number; comparisons: () => number } {
  let relates = 0;
  let comparisons = 0;
  return {
    engine: {
      ...engine,
      relateAll: (article, candidates) => {
        relates += candidates.length;
        return engine.relateAll(article, candidates);
      },
      compareVersions: (before, after) => {
        comparisons++;
        return engine.compareVersions(before, after);
      },
    },
    relates: () => relates,
    comparisons: () => comparisons,
  };
}

/** A restarted worker: a new service, nothing in memory, over the same database. */
function restarted(db: CrosscheckDb) {
  const counting = countingEngine();
  return {
    service: new CrosscheckService(db, { engine: counting.engine, snapshotDelayMs: null }),
    ...counting,
  };
}

/** Kept answers are written after the reply; wait until `count` are in the store. */
async function keptAnswers(db: CrosscheckDb, count: number): Promise<void> {
  for (let tries = 0; tries < 200 && (await db.results.count()) < count; tries++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(await db.results.count()).toBeGreaterThanOrEqual(count);
}

const open = (service: CrosscheckService, article: Article, now: number): Promise<TabAnalysis> =>
  service.analyse(1, { ok: true, article }, { now });

function ready(analysis: TabAnalysis) {
  if (analysis.state !== 'ready') throw new Error(`not ready: ${analysis.state}`);
  return analysis;
}

/** Fox before and after its edit, and ABC's report of the same event. */
async function foundingLibrary(): Promise<CrosscheckService> {
  const service = freshService();
  await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
  await service.captureArticle(seedArticle('abc-ceasefire'), T0 + HOUR);
  await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + 2 * HOUR);
  return service;
}

describe('answers kept across worker restarts', () => {
  it('gives a restarted service the same changes and siblings without recomputing them', async () => {
    const service = await foundingLibrary();
    const first = ready(await open(service, seedArticle('fox-ceasefire-v2'), T0 + 3 * HOUR));
    expect(first.siblings.map((s) => s.outlet)).toEqual(['abcnews.go.com']);
    expect(first.changes?.differences.length).toBeGreaterThan(0);
    await keptAnswers(service.db, 2);

    const after = restarted(service.db);
    const again = ready(await open(after.service, seedArticle('fox-ceasefire-v2'), T0 + 4 * HOUR));
    expect(again.siblings).toEqual(first.siblings);
    expect(again.changes).toEqual(first.changes);
    expect(after.relates()).toBe(0);
    expect(after.comparisons()).toBe(0);
  });

  it('recomputes the siblings once another version is stored', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    const alone = ready(await open(service, seedArticle('fox-ceasefire-v2'), T0 + HOUR));
    expect(alone.siblings).toEqual([]);
    await keptAnswers(service.db, 1);
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + 2 * HOUR);

    const after = restarted(service.db);
    const now = ready(await open(after.service, seedArticle('fox-ceasefire-v2'), T0 + 3 * HOUR));
    expect(now.siblings.map((s) => s.outlet)).toEqual(['abcnews.go.com']);
    expect(after.relates()).toBeGreaterThan(0);
  });

  it('keeps nothing a deletion removed, and nothing from before its undo', async () => {
    const service = await foundingLibrary();
    ready(await open(service, seedArticle('fox-ceasefire-v2'), T0 + 3 * HOUR));
    await keptAnswers(service.db, 2);
    await service.deleteItems({ kind: 'outlet', outlet: 'abcnews.go.com' }, T0 + 4 * HOUR);
    expect(await service.db.results.count()).toBe(0);

    const afterDeletion = restarted(service.db);
    const without = ready(await open(afterDeletion.service, seedArticle('fox-ceasefire-v2'), T0 + 5 * HOUR));
    expect(without.siblings).toEqual([]);
    await keptAnswers(service.db, 1);

    await afterDeletion.service.undoDelete();
    expect(await service.db.results.count()).toBe(0);
    const afterUndo = restarted(service.db);
    const restored = ready(await open(afterUndo.service, seedArticle('fox-ceasefire-v2'), T0 + 6 * HOUR));
    expect(restored.siblings.map((s) => s.outlet)).toEqual(['abcnews.go.com']);
  });

  it('forgets every kept answer after an update of the extension', async () => {
    const service = await foundingLibrary();
    ready(await open(service, seedArticle('fox-ceasefire-v2'), T0 + 3 * HOUR));
    await keptAnswers(service.db, 2);
    await service.forgetKeptResults();
    expect(await service.db.results.count()).toBe(0);
  });
});
