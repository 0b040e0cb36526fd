/** How much the library holds and how much room the browser reports, for the options page. */
import type { StorageUsage } from '../protocol/types';
import { countArticles, countVersions } from '../store/articles';
import type { ServiceContext, StorageEstimate } from './context';

export async function storageUsage(ctx: ServiceContext): Promise<StorageUsage> {
  const [articles, versions] = await Promise.all([countArticles(ctx.db), countVersions(ctx.db)]);
  let estimate: StorageEstimate | null = null;
  try {
    estimate = ctx.estimateStorage ? await ctx.estimateStorage() : null;
  } catch {
    estimate = null;
  }
  return {
    articles,
    versions,
    bytes: estimate?.usage ?? null,
    quota: estimate?.quota ?? null,
    quotaExceeded: ctx.storageFull,
  };
}
