/**
 * Capture: an extracted article stored as a new version of its address, unless the same content
 * is stored already, in which case only "last seen" moves. Safe to call concurrently for the
 * same page: the version is stored once (see src/store/article-writes.ts).
 */
import { InvalidInput, validateArticle } from '../model/library-file';
import type { Article } from '../model/types';
import type { StoredCapture } from '../store/articles';
import { addCapturedVersion, markSeen } from '../store/article-writes';
import { StoreError, isConstraintError } from '../store/errors';
import { readSettings } from '../store/settings';
import type { ServiceContext } from './context';
import { storyFor } from './related';

export type CaptureResult = StoredCapture;

export async function captureArticle(
  ctx: ServiceContext,
  input: Article,
  now: number,
): Promise<CaptureResult> {
  ctx.index.postponeSnapshot();
  const article = ctx.canonical(input);
  // Reopening the popup on an unchanged page is the common case: it needs no claims extraction.
  const seen = await markSeen(ctx.db, article, now);
  if (seen) return seen;
  const analysed = ctx.engine.analyse(article);
  const index = await ctx.index.index();
  const { retention } = await readSettings(ctx.db);
  const outlet = ctx.outletOf(article);
  const steps = ctx.captureSteps((story, articleId) => storyFor(ctx, story, articleId, index));
  const store = async (): Promise<CaptureResult> => {
    const { capture, pruned, doc } = await addCapturedVersion(
      ctx.db,
      analysed,
      outlet,
      retention,
      now,
      steps,
    );
    if (capture.stored) {
      ctx.libraryChanged(pruned.length > 0 ? null : [capture.articleId]);
      ctx.storageFull = false;
      if (pruned.length > 0) {
        ctx.index.drop();
        ctx.caches.versionsRemoved();
      } else await ctx.index.putRows([{ articleId: capture.articleId, versionId: capture.versionId, doc }]);
    }
    return capture;
  };
  try {
    return await store();
  } catch (error) {
    // A concurrent capture won the race for the unique index: the content is stored once.
    if (isConstraintError(error)) return store();
    throw ctx.failed(error);
  }
}

/** Validates an article that arrived in a message before it is used. */
export function validateIncoming(value: unknown): Article {
  try {
    return validateArticle(value);
  } catch (error) {
    if (error instanceof InvalidInput)
      throw new StoreError(`Refused a captured page: ${error.message}`, false, false, 'refused-page');
    throw error;
  }
}
