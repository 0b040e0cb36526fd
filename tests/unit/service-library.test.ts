import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/model/types';
import { HOUR, T0, freshService, seedArticle } from './service-fixtures';

/** Another real edit of the page: the v2 text with one more paragraph appended. */
function edited(base: Article, n: number): Article {
  return {
    ...base,
    paragraphs: [...base.paragraphs, `Update ${n}: officials said talks would continue on Thursday.`],
  };
}

async function librarySnapshot(service: ReturnType<typeof freshService>) {
  const page = await service.listLibrary({
    text: '',
    outlet: null,
    sort: 'captured-asc',
    offset: 0,
    limit: 100,
  });
  const out = [];
  for (const item of page.items) {
    const versions = await service.listVersions(item.id);
    out.push({
      urlKey: item.urlKey,
      title: item.title,
      outlet: item.outlet,
      firstCapturedAt: item.firstCapturedAt,
      lastCapturedAt: item.lastCapturedAt,
      versions: versions.map((v) => ({
        capturedAt: v.capturedAt,
        contentHash: v.contentHash,
        claimCount: v.claimCount,
        changeCount: v.changeCount,
      })),
    });
  }
  return out;
}

describe('library', () => {
  it('keeps only the last N versions when retention says so', async () => {
    const service = freshService();
    await service.setSettings({ retention: { kind: 'last', count: 2 } }, T0);
    const v2 = seedArticle('fox-ceasefire-v2');
    await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    await service.captureArticle(v2, T0 + HOUR);
    const last = await service.captureArticle(edited(v2, 1), T0 + 2 * HOUR);
    const versions = await service.listVersions(last.articleId);
    expect(versions.map((v) => v.capturedAt)).toEqual([T0 + HOUR, T0 + 2 * HOUR]);
    // The oldest kept version has nothing before it any more.
    expect(versions[0]?.changeCount).toBeNull();
    const detail = await service.getArticle(last.articleId);
    expect(detail?.article.versionCount).toBe(2);
    expect(detail?.article.latestVersionId).toBe(last.versionId);
  });

  it('applies a stricter retention to the whole library when it is set', async () => {
    const service = freshService();
    const v2 = seedArticle('fox-ceasefire-v2');
    await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    await service.captureArticle(v2, T0 + HOUR);
    const last = await service.captureArticle(edited(v2, 1), T0 + 2 * HOUR);
    expect(await service.db.versions.count()).toBe(3);
    await service.setSettings({ retention: { kind: 'last', count: 1 } }, T0 + 3 * HOUR);
    expect((await service.listVersions(last.articleId)).map((v) => v.id)).toEqual([last.versionId]);
  });

  it('deletes an article, a version or an outlet and undoes the last deletion', async () => {
    const service = freshService();
    const v1 = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const v2 = await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + HOUR);
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + 2 * HOUR);
    const before = await librarySnapshot(service);

    expect(await service.deleteItems({ kind: 'version', versionId: v1.versionId }, T0)).toEqual({
      articles: 0,
      versions: 1,
      undoable: true,
    });
    expect((await service.listVersions(v2.articleId)).map((v) => v.id)).toEqual([v2.versionId]);
    expect(await service.undoDelete()).toMatchObject({ versions: 1 });
    expect(await librarySnapshot(service)).toEqual(before);

    expect(await service.deleteItems({ kind: 'outlet', outlet: 'foxnews.com' }, T0)).toEqual({
      articles: 1,
      versions: 2,
      undoable: true,
    });
    expect((await librarySnapshot(service)).map((a) => a.outlet)).toEqual(['abcnews.go.com']);
    await service.undoDelete();
    expect(await librarySnapshot(service)).toEqual(before);
    // Siblings are found again once restored: the match index follows the store.
    const abc = await service.listLibrary({
      text: '',
      outlet: 'abcnews.go.com',
      sort: 'captured-desc',
      offset: 0,
      limit: 5,
    });
    expect((await service.getArticle(abc.items[0]!.id))?.siblings.map((s) => s.outlet)).toEqual([
      'foxnews.com',
    ]);

    expect(await service.deleteItems({ kind: 'all' }, T0)).toEqual({
      articles: 2,
      versions: 3,
      undoable: true,
    });
    expect(await librarySnapshot(service)).toEqual([]);
    await service.undoDelete();
    expect(await librarySnapshot(service)).toEqual(before);
    // One step only: a second undo has nothing left to restore.
    expect(await service.undoDelete()).toEqual({ articles: 0, versions: 0, undoable: false });
  });

  it('finds articles by words of the title, the outlet and the text', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0);
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + HOUR);
    const search = (text: string, outlet: string | null = null) =>
      service.listLibrary({ text, outlet, sort: 'captured-desc', offset: 0, limit: 10 });
    expect((await search('mossad')).items.map((a) => a.outlet)).toEqual(['abcnews.go.com']);
    expect((await search('KIRBY cyprus')).items.map((a) => a.outlet)).toEqual(['foxnews.com']);
    expect((await search('hezbollah')).total).toBe(2);
    expect((await search('hezbollah', 'foxnews.com')).total).toBe(1);
    expect((await search('abcnews')).total).toBe(1);
    expect((await search('no-such-word-anywhere')).total).toBe(0);
    const outlets = await service.listOutlets();
    expect(outlets.map((o) => [o.outlet, o.articleCount, o.versionCount])).toEqual([
      ['abcnews.go.com', 1, 1],
      ['foxnews.com', 1, 1],
    ]);
    const policy = await service.setOutletPolicy({ outlet: 'foxnews.com', autoCapture: true });
    expect(policy).toMatchObject({
      outlet: 'foxnews.com',
      autoCapture: true,
      ignored: false,
      articleCount: 1,
    });
  });

  it('exports and imports into a fresh library with the same content, recognising duplicates', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + HOUR);
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + 2 * HOUR);
    const json = await service.exportLibrary(null, T0 + 3 * HOUR);
    const file = JSON.parse(json) as { format: string; version: number; articles: unknown[] };
    expect(file).toMatchObject({ format: 'crosscheck-library', version: 1 });
    expect(file.articles).toHaveLength(2);

    const other = freshService();
    const report = await other.importLibrary(json);
    expect(report).toEqual({
      ok: true,
      articlesAdded: 2,
      versionsAdded: 3,
      duplicates: 0,
      rejected: [],
      fatal: null,
    });
    expect(await librarySnapshot(other)).toEqual(await librarySnapshot(service));
    const stories = await other.listStories({ offset: 0, limit: 5, text: '' });
    expect(stories.stories[0]?.articles).toHaveLength(2);

    const again = await other.importLibrary(json);
    expect(again).toMatchObject({ ok: true, articlesAdded: 0, versionsAdded: 0, duplicates: 3 });
    expect(await other.db.versions.count()).toBe(3);
  });

  it('refuses damaged, oversized and hostile files and leaves the library as it was', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const json = await service.exportLibrary(null, T0);
    const target = freshService();
    await target.captureArticle(seedArticle('abc-ceasefire'), T0);
    const before = await librarySnapshot(target);

    const fatal = async (text: string, reason: RegExp) => {
      const report = await target.importLibrary(text);
      expect(report.ok).toBe(false);
      expect(report.fatal).toMatch(reason);
      expect(await librarySnapshot(target)).toEqual(before);
    };
    await fatal(json.slice(0, json.length / 2), /not valid JSON/);
    await fatal('{"format":"something-else","version":1,"articles":[]}', /not a Crosscheck library/);
    await fatal(json.replace('"version":1', '"version":99'), /unsupported library file version/);
    await fatal(
      json.replace('"title":', '"__proto__":{"polluted":true},"title":'),
      /forbidden key "__proto__"/,
    );
    await fatal(
      json.replace('"articles":[', '"constructor":{"prototype":{"x":1}},"articles":['),
      /forbidden key/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await fatal(' '.repeat(200 * 1024 * 1024 + 1), /larger than 200 MB/);

    const file = JSON.parse(json) as {
      articles: { versions: { capturedAt: unknown; article: Record<string, unknown> }[] }[];
    };
    const good = file.articles[0]!.versions[0]!;
    const variants: [string, (v: typeof good) => void, RegExp][] = [
      ['huge title', (v) => (v.article.title = 'x'.repeat(5000)), /title: longer than/],
      ['number title', (v) => (v.article.title = 42), /title: expected a string/],
      ['paragraphs not a list', (v) => (v.article.paragraphs = 'text'), /paragraphs: expected a list/],
      ['script URL', (v) => (v.article.url = 'javascript:alert(1)'), /only http\(s\)/],
      ['capture time text', (v) => (v.capturedAt = 'yesterday'), /capturedAt/],
    ];
    for (const [name, spoil, reason] of variants) {
      const copy = structuredClone(file);
      spoil(copy.articles[0]!.versions[0]!);
      const report = await target.importLibrary(JSON.stringify(copy));
      expect(report.rejected, name).toHaveLength(1);
      expect(report.rejected[0]?.reason, name).toMatch(reason);
      expect(report.versionsAdded, name).toBe(0);
      expect(await librarySnapshot(target), name).toEqual(before);
    }
  });

  it('never trusts the hash or claims in a file', async () => {
    const service = freshService();
    await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const file = JSON.parse(await service.exportLibrary(null, T0)) as {
      articles: { versions: { article: Record<string, unknown> }[] }[];
    };
    const version = file.articles[0]!.versions[0]!;
    version.article.contentHash = 'forged';
    version.article.urlKey = 'https://elsewhere.example/';
    const target = freshService();
    await target.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const report = await target.importLibrary(JSON.stringify(file));
    expect(report).toMatchObject({ ok: true, duplicates: 1, versionsAdded: 0 });
  });

  it('reports a full disk as quotaExceeded and keeps what was stored readable', async () => {
    const service = freshService();
    const first = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    // Fault injection: the next version write fails the way a full disk makes it fail.
    service.db.versions.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const result = await service.analyse(
      1,
      { ok: true, article: seedArticle('fox-ceasefire-v2') },
      { now: T0 + HOUR },
    );
    expect(result).toMatchObject({ state: 'error', quotaExceeded: true, retryable: false });
    expect((await service.storageUsage()).quotaExceeded).toBe(true);
    // Nothing partial: the transaction left the article as it was.
    const detail = await service.getArticle(first.articleId);
    expect(detail?.article.versionCount).toBe(1);
    expect(detail?.versions.map((v) => v.id)).toEqual([first.versionId]);
    expect((await service.getVersion(first.versionId))?.article.title).toBeTruthy();
    expect(
      (
        await service.listLibrary({
          text: 'ceasefire',
          outlet: null,
          sort: 'captured-desc',
          offset: 0,
          limit: 5,
        })
      ).total,
    ).toBe(1);
  });

  it('starts with auto-capture off and keeps every version', async () => {
    const service = freshService();
    expect(await service.getSettings()).toEqual({ autoCapture: 'off', retention: { kind: 'all' } });
    expect(await service.autoCaptureAllowed('https://www.foxnews.com/politics/x')).toBe(false);
    await service.setSettings({ autoCapture: 'allowed-outlets' }, T0);
    expect(await service.autoCaptureAllowed('https://www.foxnews.com/politics/x')).toBe(false);
    await service.setOutletPolicy({ outlet: 'foxnews.com', autoCapture: true });
    expect(await service.autoCaptureAllowed('https://www.foxnews.com/politics/x')).toBe(true);
    await expect(service.setSettings({ retention: { kind: 'last', count: 0 } }, T0)).rejects.toThrow(
      /Retention/,
    );
  });
});
