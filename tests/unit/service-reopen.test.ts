import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { TabAnalysis } from '../../src/protocol/types';
import { CrosscheckService } from '../../src/service/service';
import { engine, type Engine } from '../../src/service/engine';
import { openDb } from '../../src/store/schema';
import { HOUR, T0, freshService, seedArticle } from './service-fixtures';

type Ready = Extract<TabAnalysis, { state: 'ready' }>;

async function open(
  service: CrosscheckService,
  name: Parameters<typeof seedArticle>[0],
  now: number,
): Promise<Ready> {
  const analysis = await service.analyse(1, { ok: true, article: seedArticle(name) }, { now });
  if (analysis.state !== 'ready') throw new Error(`not ready: ${JSON.stringify(analysis)}`);
  return analysis;
}

describe('reopening the popup on a page', () => {
  it('does not extract claims again when the content is already stored, and answers the same', async () => {
    let analysed = 0;
    const counting: Engine = {
      ...engine,
      analyse: (article) => {
        analysed++;
        return engine.analyse(article);
      },
    };
    const service = new CrosscheckService(openDb({ name: `reopen-${Math.random()}` }), { engine: counting });
    await open(service, 'fox-ceasefire-v1', T0);
    const first = await open(service, 'fox-ceasefire-v2', T0 + HOUR);
    expect(analysed).toBe(2);
    const again = await open(service, 'fox-ceasefire-v2', T0 + 2 * HOUR);
    expect(analysed).toBe(2);
    expect(again.savedNewVersion).toBe(false);
    expect(again.changes).toEqual(first.changes);
    expect(again.siblings).toEqual(first.siblings);
  });

  it('shows a report captured since the last open, and drops it once deleted', async () => {
    const service = freshService();
    expect((await open(service, 'fox-ceasefire-v2', T0)).siblings).toEqual([]);
    expect((await open(service, 'fox-ceasefire-v2', T0 + 1)).siblings).toEqual([]);

    const abc = await service.captureArticle(seedArticle('abc-ceasefire'), T0 + 2);
    const withAbc = await open(service, 'fox-ceasefire-v2', T0 + 3);
    expect(withAbc.siblings.map((s) => s.articleId)).toEqual([abc.articleId]);

    await service.deleteItems({ kind: 'article', articleId: abc.articleId }, T0 + 4);
    expect((await open(service, 'fox-ceasefire-v2', T0 + 5)).siblings).toEqual([]);

    await service.undoDelete();
    expect((await open(service, 'fox-ceasefire-v2', T0 + 6)).siblings.map((s) => s.articleId)).toEqual([
      abc.articleId,
    ]);
  });
});
