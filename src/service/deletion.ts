/** Deletion of articles, versions, outlets or everything, and the one-step undo of the last one. */
import type { DeletionResult, DeletionTarget } from '../protocol/types';
import { isQuotaError } from '../store/errors';
import { moveToTrash, restoreTrash, type TrashCount } from '../store/trash';
import type { ServiceContext } from './context';

export async function deleteItems(
  ctx: ServiceContext,
  target: DeletionTarget,
  now: number,
): Promise<DeletionResult> {
  // In memory before the deletion, the index can drop the deleted documents afterwards rather
  // than be rebuilt from every row (its snapshot goes with the rows, for privacy).
  if (target.kind !== 'all') await ctx.index.ensureLoaded();
  try {
    const result = await moveToTrash(ctx.db, target, now, ctx.derive).catch((error: unknown) => {
      // A full library cannot hold the copy Undo needs; the reader deleted to make room, so the
      // deletion goes ahead without it (the result says it cannot be undone).
      if (!isQuotaError(error)) throw error;
      ctx.failed(error);
      return moveToTrash(ctx.db, target, now, ctx.derive, false);
    });
    // Everything gone is cheaper to read again (nothing) than to look up row by row.
    ctx.libraryChanged(target.kind === 'all' ? null : result.changedArticles);
    ctx.caches.versionsRemoved();
    await ctx.index.followStore();
    return deletionResult(result);
  } catch (error) {
    ctx.invalidate();
    throw ctx.failed(error);
  }
}

/**
 * Restores the last deletion. Pages captured again since keep their new rows: a restored
 * version whose content is stored again already is dropped, the rest rejoin the article.
 */
export async function undoDelete(ctx: ServiceContext): Promise<DeletionResult> {
  try {
    const result = await restoreTrash(ctx.db, ctx.derive);
    ctx.libraryChanged(result.changedArticles);
    await ctx.index.followStore();
    return deletionResult(result);
  } catch (error) {
    ctx.invalidate();
    throw ctx.failed(error);
  }
}

function deletionResult({ articles, versions, undoable }: TrashCount): DeletionResult {
  return { articles, versions, undoable };
}
