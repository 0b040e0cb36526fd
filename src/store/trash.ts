/**
 * Deletion and its undo. The last deletion is kept whole in the trash table, so Undo restores it
 * in one step; a newer deletion replaces it.
 */
import { refreshArticle } from './articles';
import { forgetResults } from './results';
import type { RowDerivations } from './rows';
import type { ArticleRow, CrosscheckDb, MatchDocRow, TrashRow, VersionRow, WatchRow } from './schema';

/** What a deletion removes (the protocol's DeletionTarget has this shape). */
export type TrashTarget =
  | { kind: 'article'; articleId: number }
  | { kind: 'version'; versionId: number }
  | { kind: 'outlet'; outlet: string }
  | { kind: 'all' };

export interface TrashCount {
  articles: number;
  versions: number;
  undoable: boolean;
  /** The articles whose rows went, came back or changed, for the caches that follow rows. */
  changedArticles: number[];
}

/**
 * Moves `target` into the trash, replacing the previous deletion there. A deleted article's
 * watch goes with it, in the same transaction, so no check ever runs for an article that is gone.
 * With `keepForUndo` false the trash is emptied instead and nothing is kept: a deletion that only
 * frees space, for a library too full to hold the copy Undo needs.
 */
export function moveToTrash(
  db: CrosscheckDb,
  target: TrashTarget,
  now: number,
  derive: RowDerivations,
  keepForUndo = true,
): Promise<TrashCount> {
  const tables = [db.articles, db.versions, db.matchDocs, db.trash, db.snapshots, db.watches, db.results];
  return db.transaction('rw', tables, async () => {
    // The snapshot holds the terms of every indexed article: deleted text must not outlive
    // the deletion there (the trash row, kept for Undo, is the one copy left).
    await db.snapshots.delete('match-index');
    await forgetResults(db);
    if (!keepForUndo) await db.trash.clear();
    let articleIds: number[] = [];
    let versionIds: number[] = [];
    if (target.kind === 'article') articleIds = [target.articleId];
    else if (target.kind === 'outlet')
      articleIds = await db.articles.where('outlet').equals(target.outlet).primaryKeys();
    else if (target.kind === 'all') articleIds = await db.articles.toCollection().primaryKeys();
    else {
      const version = await db.versions.get(target.versionId);
      if (version) {
        const siblings = await db.versions.where('articleId').equals(version.articleId).count();
        if (siblings <= 1) articleIds = [version.articleId];
        else versionIds = [version.id];
      }
    }
    const articles = (await db.articles.bulkGet(articleIds)).filter((row): row is ArticleRow => !!row);
    const versions = await db.versions.where('articleId').anyOf(articleIds).toArray();
    const matchDocs = (await db.matchDocs.bulkGet(articleIds)).filter((row): row is MatchDocRow => !!row);
    const watches = (await db.watches.bulkGet(articleIds)).filter((row): row is WatchRow => !!row);
    const lone = (await db.versions.bulkGet(versionIds)).filter((row): row is VersionRow => !!row);
    const touched = lone.length
      ? (await db.articles.bulkGet(lone.map((v) => v.articleId))).filter((row): row is ArticleRow => !!row)
      : [];
    const trash: TrashRow = {
      id: 'last',
      deletedAt: now,
      articles,
      versions: [...versions, ...lone],
      matchDocs,
      touchedArticles: touched,
      watches,
    };
    await db.versions.bulkDelete([...versions.map((v) => v.id), ...versionIds]);
    await db.articles.bulkDelete(articles.map((a) => a.id));
    await db.matchDocs.bulkDelete(matchDocs.map((m) => m.articleId));
    await db.watches.bulkDelete(watches.map((w) => w.articleId));
    for (const row of touched) await refreshArticle(db, row.id, derive);
    if (keepForUndo) await db.trash.put(trash);
    return {
      articles: articles.length,
      versions: trash.versions.length,
      undoable: keepForUndo && trash.versions.length > 0,
      changedArticles: [...articles.map((a) => a.id), ...touched.map((a) => a.id)],
    };
  });
}

/**
 * Restores the last deletion. Pages captured again since keep their new rows: a restored
 * version whose content is stored again already is dropped, the rest rejoin the article. A
 * restored article's watch comes back with it, unless the article was captured again meanwhile
 * (the new row is watched or not as the reader chose since).
 */
export function restoreTrash(db: CrosscheckDb, derive: RowDerivations): Promise<TrashCount> {
  const tables = [db.articles, db.versions, db.matchDocs, db.trash, db.watches, db.results];
  return db.transaction('rw', tables, async () => {
    const trash = await db.trash.get('last');
    if (!trash) return { articles: 0, versions: 0, undoable: false, changedArticles: [] };
    // Restored rows change what was derived without them.
    await forgetResults(db);
    const articleIdFor = new Map<number, number>();
    for (const row of trash.articles) {
      const current = await db.articles.where('urlKey').equals(row.urlKey).first();
      if (current) articleIdFor.set(row.id, current.id);
      else {
        await db.articles.add(row);
        articleIdFor.set(row.id, row.id);
      }
    }
    for (const row of trash.touchedArticles) articleIdFor.set(row.id, row.id);
    let restored = 0;
    const touched = new Set<number>();
    for (const version of trash.versions) {
      const articleId = articleIdFor.get(version.articleId) ?? version.articleId;
      if (!(await db.articles.get(articleId))) continue;
      const clash = await db.versions
        .where('[articleId+contentHash]')
        .equals([articleId, version.contentHash])
        .first();
      if (clash) continue;
      await db.versions.add({ ...version, articleId });
      touched.add(articleId);
      restored++;
    }
    for (const docRow of trash.matchDocs) {
      if (articleIdFor.get(docRow.articleId) === docRow.articleId) await db.matchDocs.put(docRow);
    }
    for (const watch of trash.watches ?? []) {
      if (articleIdFor.get(watch.articleId) !== watch.articleId) continue;
      if (!(await db.watches.get(watch.articleId))) await db.watches.add(watch);
    }
    for (const articleId of touched) await refreshArticle(db, articleId, derive);
    await db.trash.delete('last');
    return {
      articles: trash.articles.length,
      versions: restored,
      undoable: false,
      changedArticles: [...new Set([...articleIdFor.values(), ...touched])],
    };
  });
}
