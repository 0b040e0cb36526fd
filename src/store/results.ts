/**
 * Derived answers kept across worker restarts: an MV3 worker is stopped after half a minute idle,
 * and recomputing a popup's sibling list means reading and relating up to twenty candidates' full
 * texts. Each answer carries the stamp of the library state it was derived from; a read returns
 * it only while that stamp is still current.
 *
 * The stamp is the newest version id: ids are never reused, so every stored version (a capture,
 * an import, an archive copy, a watch check) moves it. Everything that removes versions (a
 * deletion, its undo, retention) clears the table instead, so removed text never outlives its
 * rows here.
 */
import type { CrosscheckDb, ResultRow } from './schema';

/** Rows kept; a popup open needs two, so this covers the articles a reader goes back to. */
const MAX_RESULTS = 500;

/** The newest version id, or 0 for an empty library. */
async function newestVersionId(db: CrosscheckDb): Promise<number> {
  const [id] = await db.versions.orderBy(':id').reverse().limit(1).primaryKeys();
  return id ?? 0;
}

export interface StampedRead<T> {
  /** The stored answer, when one was derived from the library as it is now. */
  value: T | null;
  /** The library's stamp now: an answer computed from here is written under it. */
  stamp: string;
}

/**
 * What an answer's stamp is now. `format` names what derives answers (bumped when the engine's
 * answers change); `dependsOnLibrary` whether other stored versions can change the answer.
 */
async function currentStamp(db: CrosscheckDb, format: string, dependsOnLibrary: boolean): Promise<string> {
  return dependsOnLibrary ? `${format}@${await newestVersionId(db)}` : format;
}

/** The answer under `key` if it was derived from the library as it is now. */
export function readResult<T>(
  db: CrosscheckDb,
  key: string,
  format: string,
  dependsOnLibrary: boolean,
): Promise<StampedRead<T>> {
  return db.transaction('r', [db.versions, db.results], async () => {
    const stamp = await currentStamp(db, format, dependsOnLibrary);
    const row = await db.results.get(key);
    return { value: row?.stamp === stamp ? (row.value as T) : null, stamp };
  });
}

/**
 * Keeps an answer derived when the library's stamp was `stamp`, unless the library changed since
 * (then the answer may hold what a deletion removed meanwhile). The oldest rows go beyond
 * MAX_RESULTS. Returns whether it was kept.
 */
export function writeResult(
  db: CrosscheckDb,
  key: string,
  read: { stamp: string; format: string; dependsOnLibrary: boolean },
  value: unknown,
  now: number,
): Promise<boolean> {
  return db.transaction('rw', [db.versions, db.results], async () => {
    if ((await currentStamp(db, read.format, read.dependsOnLibrary)) !== read.stamp) return false;
    const row: ResultRow = { key, stamp: read.stamp, at: now, value };
    await db.results.put(row);
    const excess = (await db.results.count()) - MAX_RESULTS;
    if (excess > 0) await db.results.orderBy('at').limit(excess).delete();
    return true;
  });
}

/** Inside a transaction that removes versions: no answer derived from them survives it. */
export async function forgetResults(db: CrosscheckDb): Promise<void> {
  await db.results.clear();
}

/** Drops every kept answer, on its own (an update of the extension may change them all). */
export function clearResults(db: CrosscheckDb): Promise<void> {
  return db.transaction('rw', [db.results], () => forgetResults(db));
}
