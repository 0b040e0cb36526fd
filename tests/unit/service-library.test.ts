import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/model/types';
import type { ExportCursor, ImportReport } from '../../src/protocol/types';
import type { LibraryBatchEntry } from '../../src/model/library-file';
import { exportLibraryText, importLibraryText } from '../../src/protocol/library-transfer';
import { CrosscheckService } from '../../src/service/service';
import {
  HOUR,
  T0,
  freshService,
  librarySnapshot,
  seedArticle,
  syntheticLibraryFile,
} from './service-fixtures';

/** Another real edit of the page: the v2 text with one more paragraph appended. */
function edited(base: Article, n: number): Article {
  return {
    ...base,
    paragraphs: [...base.paragraphs, `Update ${n}: officials said talks would continue on Thursday.`],
  };
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
    expect(file).toMatchObject({ format: 'crosscheck-library', version: 2 });
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
    await fatal(json.replace('"version":2', '"version":99'), /unsupported library file version/);
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

  it('deletes without keeping a copy for Undo when the library is too full to hold one', async () => {
    const service = freshService();
    const fox = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    const abc = await service.captureArticle(seedArticle('abc-ceasefire'), T0 + HOUR);
    expect((await service.deleteItems({ kind: 'article', articleId: abc.articleId }, T0)).undoable).toBe(
      true,
    );
    // Fault injection: the trash copy of the next deletion fails the way a full disk makes it fail.
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    service.db.trash.hook('creating', full);
    service.db.trash.hook('updating', full);
    const result = await service.deleteItems({ kind: 'article', articleId: fox.articleId }, T0 + 2 * HOUR);
    expect(result).toEqual({ articles: 1, versions: 1, undoable: false });
    expect(await service.getArticle(fox.articleId)).toBeNull();
    // Nothing is held for Undo, not even the earlier deletion: its space was given back too.
    expect(await service.db.trash.count()).toBe(0);
    expect(await service.undoDelete()).toMatchObject({ articles: 0, versions: 0, undoable: false });
    expect(await service.getArticle(abc.articleId)).toBeNull();
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
    expect(await service.getSettings()).toEqual({
      autoCapture: 'off',
      retention: { kind: 'all' },
      archiveOnOpen: false,
      archiveBase: 'https://web.archive.org',
      // Every 3 hours for 2 days, then daily, for 14 days; 30 fetches an hour.
      watch: {
        earlyIntervalMs: 3 * 3_600_000,
        earlyPeriodMs: 2 * 86_400_000,
        lateIntervalMs: 86_400_000,
        windowMs: 14 * 86_400_000,
        maxFetchesPerHour: 30,
      },
    });
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

describe('library export and import in pieces', () => {
  /** Fox v1 → v2 → v2 edited (one article, three versions) and ABC. */
  async function threeVersionLibrary(service = freshService()) {
    const v2 = seedArticle('fox-ceasefire-v2');
    await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    await service.captureArticle(v2, T0 + HOUR);
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + 2 * HOUR);
    await service.captureArticle(edited(v2, 1), T0 + 3 * HOUR);
    return service;
  }

  it('reads an article over several pages and assembles the file the one-piece export gives', async () => {
    const service = await threeVersionLibrary();
    const whole = await service.exportLibrary(null, T0);
    // A page budget below one version: every version travels on a page of its own.
    const paged = new CrosscheckService(service.db, { exportPageChars: 1_000 });
    const cursors: ExportCursor[] = [];
    const progress: string[] = [];
    const text = await exportLibraryText(
      (cursor) => {
        cursors.push(cursor);
        return paged.exportLibraryPage({ articleIds: null, ...cursor, limit: 50 });
      },
      new Date(T0).toISOString(),
      ({ done, total }) => progress.push(`${done}/${total}`),
    );
    expect(text).toBe(whole);
    expect(cursors).toEqual([
      { offset: 0, versionOffset: 0 },
      { offset: 0, versionOffset: 1 },
      { offset: 0, versionOffset: 2 },
      { offset: 1, versionOffset: 0 },
    ]);
    expect(progress).toEqual(['0/2', '0/2', '1/2', '2/2']);
    const file = JSON.parse(text) as { articles: { versions: unknown[] }[] };
    expect(file.articles.map((a) => a.versions.length)).toEqual([3, 1]);

    // A selection keeps its order and skips ids that are gone.
    const ids = (await service.db.articles.toArray()).map((row) => row.id);
    const selection = [ids[1]!, 999, ids[0]!];
    const one = await service.exportLibrary(selection, T0);
    const pages = await exportLibraryText(
      (cursor) => paged.exportLibraryPage({ articleIds: selection, ...cursor, limit: 1 }),
      new Date(T0).toISOString(),
    );
    expect(pages).toBe(one);
    expect((JSON.parse(one) as { articles: { outlet: string }[] }).articles.map((a) => a.outlet)).toEqual([
      'abcnews.go.com',
      'foxnews.com',
    ]);
    // Page size is bounded whatever the page asks for.
    const big = await service.exportLibraryPage({
      articleIds: null,
      offset: 0,
      versionOffset: 0,
      limit: 1e9,
    });
    expect(big.articles).toHaveLength(2);
    expect(big.next).toBeNull();
  });

  it('imports in batches into a fresh library, giving the library a one-piece import gives', async () => {
    const source = await threeVersionLibrary();
    const json = await source.exportLibrary(null, T0);
    const once = freshService();
    await once.importLibrary(json);

    const target = freshService();
    const batches: LibraryBatchEntry[][] = [];
    const report = await importLibraryText(
      json,
      (articles) => {
        batches.push(articles);
        return target.importLibraryBatch(structuredClone(articles));
      },
      undefined,
      { importBatchVersions: 2, importBatchChars: 1e9, messageChars: 1e9 },
    );
    expect(batches.map((batch) => batch.map((entry) => entry.versions.length))).toEqual([[2], [1, 1]]);
    expect(report).toMatchObject({
      ok: true,
      articlesAdded: 2,
      versionsAdded: 4,
      duplicates: 0,
      rejected: [],
      fatal: null,
      versionsDone: 4,
      versionsTotal: 4,
      partial: false,
    });
    expect(await librarySnapshot(target)).toEqual(await librarySnapshot(source));
    expect(await librarySnapshot(target)).toEqual(await librarySnapshot(once));
    const stories = await target.listStories({ offset: 0, limit: 5, text: '' });
    expect(stories.stories[0]?.articles).toHaveLength(2);
    // Siblings are found straight after the import: the kept match index holds every article.
    const abc = (await target.db.articles.where('outlet').equals('abcnews.go.com').first())!;
    expect((await target.getArticle(abc.id))?.siblings.map((s) => s.outlet)).toEqual(['foxnews.com']);

    const again = await importLibraryText(json, (articles) => target.importLibraryBatch(articles));
    expect(again).toMatchObject({ ok: true, articlesAdded: 0, versionsAdded: 0, duplicates: 4 });
  });

  it('stops at a failing batch, says how far it got, and keeps the earlier batches readable', async () => {
    const json = syntheticLibraryFile(6);
    const target = freshService();
    await target.captureArticle(seedArticle('fox-ceasefire-v1'), T0);
    let stored = 0;
    // Fault injection: storage fills up during the third batch.
    target.db.versions.hook('creating', () => {
      if (++stored > 4) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const sent: number[] = [];
    const report = await importLibraryText(
      json,
      async (articles) => {
        sent.push(articles.length);
        return target.importLibraryBatch(articles);
      },
      undefined,
      { importBatchVersions: 2, importBatchChars: 1e9, messageChars: 1e9 },
    );
    expect(sent).toEqual([2, 2, 2]);
    expect(report).toMatchObject({
      ok: false,
      partial: true,
      articlesAdded: 4,
      versionsAdded: 4,
      versionsDone: 4,
      versionsTotal: 6,
    });
    expect(report.fatal).toMatch(/Storage is full/);
    expect((await target.storageUsage()).quotaExceeded).toBe(true);
    // The first two batches and the earlier capture are whole; nothing of the third is stored.
    const library = await librarySnapshot(target);
    expect(library.map((a) => a.title).sort()).toEqual([
      'Story 0',
      'Story 1',
      'Story 2',
      'Story 3',
      seedArticle('fox-ceasefire-v1').title,
    ]);
    expect(library.every((a) => a.versions.length === 1)).toBe(true);
    expect(await target.db.versions.count()).toBe(5);
    const found = await target.listLibrary({
      text: 'story',
      outlet: null,
      sort: 'captured-asc',
      offset: 0,
      limit: 10,
    });
    expect(found.total).toBe(4);
    for (const item of found.items)
      expect((await target.getVersion(item.latestVersionId))?.article).toBeTruthy();
  });

  it('validates every batch again: a sender that skips the checks changes nothing', async () => {
    const target = freshService();
    await target.captureArticle(seedArticle('abc-ceasefire'), T0);
    const before = await librarySnapshot(target);
    const good = (JSON.parse(syntheticLibraryFile(1)) as { articles: { versions: unknown[] }[] }).articles[0]!
      .versions[0] as { capturedAt: number; article: Record<string, unknown> };
    const send = (articles: unknown): Promise<ImportReport> => target.importLibraryBatch(articles);

    expect((await send('not a list')).fatal).toMatch(/must be a list/);
    const many = Array.from({ length: 101 }, () => good);
    expect((await send([{ item: 'x', versions: many }])).fatal).toMatch(/at most 100 versions/);
    const hostile = await send([
      { item: 'a', versions: [{ ...good, article: { ...good.article, url: 'javascript:alert(1)' } }] },
      { item: 'b', versions: [{ ...good, capturedAt: 'yesterday' }] },
      { item: 'c'.repeat(1000), versions: [good] },
      { item: 'd', versions: 'all' },
      'not an entry',
    ]);
    expect(hostile.ok).toBe(true);
    expect(hostile.versionsAdded).toBe(0);
    expect(hostile.rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/only http\(s\)/),
      expect.stringMatching(/capturedAt/),
      expect.stringMatching(/item: longer than 300/),
      expect.stringMatching(/"versions" must be a list/),
      expect.stringMatching(/expected an object/),
    ]);
    expect(await librarySnapshot(target)).toEqual(before);
  });

  it('rejects a version too large for any message instead of failing in transit', async () => {
    const json = syntheticLibraryFile(3);
    const target = freshService();
    const report = await importLibraryText(
      json,
      (articles) => target.importLibraryBatch(articles),
      undefined,
      {
        importBatchVersions: 100,
        importBatchChars: 1e9,
        messageChars: 500,
      },
    );
    expect(report.versionsAdded).toBe(0);
    expect(report.rejected).toHaveLength(3);
    expect(report.rejected[0]).toMatchObject({
      item: 'articles[0] (https://www.foxnews.com/world/story-0)',
      reason: expect.stringMatching(/more than one message to the background can carry/) as unknown,
    });
  });
});
