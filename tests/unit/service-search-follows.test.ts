import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { LibraryQuery } from '../../src/protocol/types';
import { CrosscheckService } from '../../src/service/service';
import { openDb } from '../../src/store/schema';
import { HOUR, T0, freshService, seedArticle, syntheticLibraryFile } from './service-fixtures';

const query = (text: string): LibraryQuery => ({
  text,
  outlet: null,
  sort: 'captured-desc',
  offset: 0,
  limit: 50,
});

describe('library search after a capture, an import or a deletion', () => {
  it('follows a capture and an import from their rows, without reading the library again', async () => {
    const service = freshService();
    expect((await service.importLibrary(syntheticLibraryFile(30))).ok).toBe(true);
    expect((await service.listLibrary(query('story'))).total).toBe(30);
    await service.libraryIndexed();
    const readAll = vi.spyOn(service.db.articles, 'toArray');

    const captured = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0 + HOUR);
    const found = await service.listLibrary(query('hezbollah'));
    expect(found.items.map((item) => item.id)).toContain(captured.articleId);
    // Stored again with an edit: the search reads its new text, and lists it once.
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + 2 * HOUR);
    const again = await service.listLibrary(query('hezbollah'));
    expect(again.items.filter((item) => item.id === captured.articleId)).toHaveLength(1);
    expect((await service.listLibrary(query(''))).total).toBe(31);
    // Stories are searched through the same index: the story of every article that matches.
    const matching = (await service.listLibrary({ ...query('fox news'), limit: 500 })).items.map((a) => a.id);
    expect(matching).toContain(captured.articleId);
    const stories = await service.listStories({ offset: 0, limit: 500, text: 'fox news' });
    expect(stories.stories.flatMap((story) => story.articles.map((a) => a.id)).sort()).toEqual(
      expect.arrayContaining([...matching].sort()),
    );
    expect(stories.stories.every((story) => story.articles.some((a) => matching.includes(a.id)))).toBe(true);
    expect((await service.listStories({ offset: 0, limit: 10, text: 'zzqx' })).total).toBe(0);

    expect((await service.importLibrary(syntheticLibraryFile(35))).ok).toBe(true);
    expect((await service.listLibrary(query('story'))).total).toBe(35);
    // The grouping by story follows the import too.
    const grouped = await service.listStories({ offset: 0, limit: 500, text: '' });
    expect(grouped.stories.flatMap((story) => story.articles)).toHaveLength(36);
    expect(readAll).not.toHaveBeenCalled();
    readAll.mockRestore();
  });

  it('follows a deletion and its undo, and no longer finds what was deleted until then', async () => {
    const service = freshService();
    await service.importLibrary(syntheticLibraryFile(5));
    const captured = await service.captureArticle(seedArticle('abc-ceasefire'), T0);
    const other = await service.captureArticle(seedArticle('fox-ceasefire-v1'), T0 + HOUR);
    await service.captureArticle(seedArticle('fox-ceasefire-v2'), T0 + 2 * HOUR);
    const idsFor = async (text: string) => (await service.listLibrary(query(text))).items.map((i) => i.id);
    expect(await idsFor('abc')).toContain(captured.articleId);
    await service.libraryIndexed();
    const readAll = vi.spyOn(service.db.articles, 'toArray');

    await service.deleteItems({ kind: 'article', articleId: captured.articleId }, T0 + 3 * HOUR);
    expect(await idsFor('abc')).not.toContain(captured.articleId);
    expect((await service.listLibrary(query(''))).total).toBe(6);
    await service.undoDelete();
    expect(await idsFor('abc')).toContain(captured.articleId);
    expect((await service.listLibrary(query(''))).total).toBe(7);
    // A version of an article goes: the article stays, with what its remaining version says.
    await service.deleteItems({ kind: 'version', versionId: other.versionId }, T0 + 4 * HOUR);
    const [row] = (await service.listLibrary(query('hezbollah'))).items.filter(
      (i) => i.id === other.articleId,
    );
    expect(row?.versionCount).toBe(1);
    expect(readAll).not.toHaveBeenCalled();

    await service.deleteItems({ kind: 'all' }, T0 + 5 * HOUR);
    expect((await service.listLibrary(query(''))).total).toBe(0);
    readAll.mockRestore();
  });
});

describe('the library-changed hook', () => {
  it('is called after a capture, an import and a deletion, and not after a read', async () => {
    let changes = 0;
    const service = new CrosscheckService(openDb({ name: `test-${Math.random().toString(36).slice(2)}` }), {
      onLibraryChanged: () => changes++,
    });
    const captured = await service.captureArticle(seedArticle('abc-ceasefire'), T0);
    expect(changes).toBe(1);
    // The same page again stores nothing, and says nothing.
    await service.captureArticle(seedArticle('abc-ceasefire'), T0 + HOUR);
    await service.listLibrary(query('abc'));
    expect(changes).toBe(1);
    await service.importLibrary(syntheticLibraryFile(3));
    expect(changes).toBe(2);
    await service.deleteItems({ kind: 'article', articleId: captured.articleId }, T0 + 2 * HOUR);
    expect(changes).toBe(3);
  });
});
