import { describe, expect, it } from 'vitest';
import { HOUR, T0, freshService, seedArticle } from './service-fixtures';

describe('capture and analysis', () => {
  it('stores identical content once and only moves "last seen"', async () => {
    const service = freshService();
    const first = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const again = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0 + HOUR);
    expect(first.stored).toBe(true);
    expect(again).toEqual({ ...first, stored: false });
    const versions = await service.listVersions(first.articleId);
    expect(versions).toHaveLength(1);
    const row = await service.db.articles.get(first.articleId);
    expect(row?.lastSeenAt).toBe(T0 + HOUR);
    expect(row?.lastCapturedAt).toBe(T0);
  });

  it('stores each version once when five tabs capture the same page at once', async () => {
    const service = freshService();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + i)),
    );
    expect(results.filter((r) => r.stored)).toHaveLength(1);
    expect(new Set(results.map((r) => r.versionId)).size).toBe(1);
    expect(await service.db.versions.count()).toBe(1);
    expect(await service.db.articles.count()).toBe(1);
  });

  it('shows the Fox edit: 40,000 troops became "a small number" against the first stored version', async () => {
    const service = freshService();
    const before = await service.analyse(
      1,
      { ok: true, article: seedArticle('fox-ceasefire-v1') },
      { now: T0 },
    );
    expect(before.state).toBe('ready');
    if (before.state !== 'ready') return;
    expect(before.savedNewVersion).toBe(true);
    expect(before.changes).toBeNull();
    expect(before.baseVersionId).toBeNull();

    const after = await service.analyse(
      1,
      { ok: true, article: seedArticle('fox-ceasefire-v2') },
      { now: T0 + HOUR },
    );
    expect(after.state).toBe('ready');
    if (after.state !== 'ready') return;
    expect(after.savedNewVersion).toBe(true);
    expect(after.versions.map((v) => v.id)).toEqual([before.current.id, after.current.id]);
    expect(after.baseVersionId).toBe(before.current.id);
    expect(after.current.changeCount).toBe(after.changes?.differences.length);
    const troops = after.changes?.differences.find(
      (d) => d.before?.includes('40,000') && d.after?.includes('small number'),
    );
    expect(troops, 'the troop number swapped for vague wording').toBeDefined();
    expect(troops?.kind).toBe('changed');
    expect(service.badgeCount(after)).toBeGreaterThanOrEqual(after.changes?.differences.length ?? 0);

    // The same comparison by version ids (what the comparison page asks for).
    const byIds = await service.compareVersions(before.current.id, after.current.id);
    expect(byIds.differences).toEqual(after.changes?.differences);
  });

  it("finds ABC's report as a sibling of Fox's and puts them in one story", async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    const abc = await service.analyse(
      2,
      { ok: true, article: seedArticle('abc-ceasefire') },
      { now: T0 + HOUR },
    );
    expect(abc.state).toBe('ready');
    if (abc.state !== 'ready') return;
    expect(abc.siblings.map((s) => s.outlet)).toEqual(['foxnews.com']);
    const sibling = abc.siblings[0]!;
    expect(sibling.score).toBeGreaterThanOrEqual(0.3);

    const comparison = await service.compareSibling(abc.current.id, sibling.versionId);
    expect(comparison.relation).toBe('sibling');
    expect(comparison.differences.length).toBeGreaterThan(0);

    const stories = await service.listStories({ offset: 0, limit: 10, text: '' });
    expect(stories.total).toBe(1);
    expect(stories.stories[0]?.articles.map((a) => a.outlet).sort()).toEqual([
      'abcnews.go.com',
      'foxnews.com',
    ]);
  });

  it('rebuilds the match index from the store after a worker restart', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    const { CrosscheckService } = await import('../../src/service/service');
    const restarted = new CrosscheckService(service.db);
    const abc = await restarted.analyse(
      2,
      { ok: true, article: seedArticle('abc-ceasefire') },
      { now: T0 + HOUR },
    );
    expect(abc.state === 'ready' && abc.siblings.length).toBe(1);
  });

  it('reports a page that is not an article without storing anything', async () => {
    const service = freshService();
    const result = await service.analyse(
      3,
      { ok: false, reason: 'no-content', message: 'nothing here' },
      { now: T0 },
    );
    expect(result).toMatchObject({ state: 'not-article', reason: 'no-content' });
    expect(await service.db.articles.count()).toBe(0);
  });

  it('compares against a chosen base version', async () => {
    const service = freshService();
    const v1 = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const v2 = await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + HOUR);
    const v1Again = await service.analyse(
      1,
      { ok: true, article: seedArticle('fox-ceasefire-v1') },
      { now: T0 + 2 * HOUR, baseVersionId: v2.versionId },
    );
    expect(v1Again.state === 'ready' && v1Again.current.id).toBe(v1.versionId);
    expect(v1Again.state === 'ready' && v1Again.baseVersionId).toBe(v2.versionId);
    expect(v1Again.state === 'ready' && v1Again.savedNewVersion).toBe(false);
  });
});
