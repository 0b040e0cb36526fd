/**
 * The match index's rows: one document per article (its newest version) and the packed snapshot
 * that spares a restarted worker the rebuild from every document.
 */
import type { CrosscheckDb, MatchDocRow, SnapshotRow } from './schema';

const SNAPSHOT_KEY = 'match-index';

/** [articleId, versionId] of every stored match row, read from the compound index's keys alone. */
async function indexedVersions(db: CrosscheckDb): Promise<[number, number][]> {
  const keys = await db.matchDocs.orderBy('[articleId+versionId]').keys();
  return keys as unknown as [number, number][];
}

/** The snapshot and the keys of the rows it should hold, read together. */
export function readSnapshotAndKeys(
  db: CrosscheckDb,
): Promise<[SnapshotRow | undefined, [number, number][]]> {
  return db.transaction('r', [db.snapshots, db.matchDocs], () =>
    Promise.all([db.snapshots.get(SNAPSHOT_KEY), indexedVersions(db)]),
  );
}

/** [articleId, versionId] of every stored match row. */
export function matchDocKeys(db: CrosscheckDb): Promise<[number, number][]> {
  return db.transaction('r', [db.matchDocs], () => indexedVersions(db));
}

/**
 * The rows after `afterArticleId` in article order, at most `limit`: a rebuild reads the library
 * in pages so that a large one never sits in memory as rows and index at once.
 */
export function matchDocPage(
  db: CrosscheckDb,
  afterArticleId: number,
  limit: number,
): Promise<MatchDocRow[]> {
  return db.matchDocs.where('articleId').above(afterArticleId).limit(limit).toArray();
}

/** The rows of `articleIds` in the same order, undefined where one does not exist. */
export function matchDocsOf(db: CrosscheckDb, articleIds: number[]): Promise<(MatchDocRow | undefined)[]> {
  return db.matchDocs.bulkGet(articleIds);
}

/**
 * Writes the snapshot `build()` makes, but only when `current` accepts the keys of the stored
 * rows, read in the same transaction: a deletion or capture that raced the caller never leaves a
 * snapshot holding what the library no longer has. `written` runs right after the write, still
 * inside the transaction. Returns whether it wrote.
 */
export function writeSnapshotIfCurrent(
  db: CrosscheckDb,
  current: (keys: [number, number][]) => boolean,
  build: () => Omit<SnapshotRow, 'key'>,
  written: () => void,
): Promise<boolean> {
  return db.transaction('rw', [db.snapshots, db.matchDocs], async () => {
    if (!current(await indexedVersions(db))) return false;
    await db.snapshots.put({ key: SNAPSHOT_KEY, ...build() });
    written();
    return true;
  });
}
