/**
 * Answers kept in the store across worker restarts (src/store/results.ts), behind the in-memory
 * caches: a popup opened right after the browser stopped the worker reads its comparison and
 * sibling list instead of recomputing them. Only ever a cache: a failed read or write costs the
 * computation, never the answer.
 */
import { clearResults, readResult, writeResult, type StampedRead } from '../store/results';
import type { ServiceContext } from './context';

/**
 * Bumped whenever the engine could answer differently for the same stored rows (comparison,
 * sibling verdicts, what a summary holds). An update of the extension clears the table anyway.
 */
export const RESULTS_FORMAT = 'results/1';

/**
 * The answer under `key`: stored if it was derived from the library as it is now, else computed
 * and stored. `dependsOnLibrary`: whether any other stored article can change it (a sibling list
 * can; a comparison of two stored versions cannot).
 */
export async function keptResult<T>(
  ctx: ServiceContext,
  key: string,
  dependsOnLibrary: boolean,
  compute: () => T | Promise<T>,
): Promise<T> {
  let read: StampedRead<T> | null = null;
  try {
    read = await readResult<T>(ctx.db, key, RESULTS_FORMAT, dependsOnLibrary);
  } catch (error) {
    ctx.failed(error);
  }
  if (read?.value != null) return read.value;
  const value = await compute();
  // A full disk has better uses for its last bytes than a cache.
  if (read && !ctx.storageFull) {
    const stamped = { stamp: read.stamp, format: RESULTS_FORMAT, dependsOnLibrary };
    void writeResult(ctx.db, key, stamped, value, Date.now()).catch((error: unknown) => ctx.failed(error));
  }
  return value;
}

export async function forgetKeptResults(ctx: ServiceContext): Promise<void> {
  try {
    await clearResults(ctx.db);
  } catch (error) {
    throw ctx.failed(error);
  }
}
