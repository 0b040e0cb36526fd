/**
 * Web-archive lookups in the background: the host permission for the chosen archive (asked for
 * by the popup inside the reader's click, only checked here), the browser's fetch, and one
 * cancellable lookup per article at a time.
 */
import { browser } from 'wxt/browser';
import type { ArchiveLookupResult, ArchiveSourceInfo } from '../protocol/types';
import type { CrosscheckService } from '../service/service';

const running = new Map<number, { controller: AbortController; answer: Promise<ArchiveLookupResult> }>();

async function granted(originPattern: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern] });
  } catch {
    return false;
  }
}

export async function archiveSource(
  service: CrosscheckService,
  articleId?: number,
): Promise<ArchiveSourceInfo> {
  const settings = await service.archiveSettings(articleId);
  return { ...settings, granted: await granted(settings.originPattern) };
}

export function lookUpArchive(
  service: CrosscheckService,
  articleId: number,
  automatic = false,
): Promise<ArchiveLookupResult> {
  // A second popup on the same article joins the lookup under way instead of asking twice.
  const under = running.get(articleId);
  if (under) return under.answer;
  const controller = new AbortController();
  const answer = (async (): Promise<ArchiveLookupResult> => {
    const settings = await service.archiveSettings();
    if (!(await granted(settings.originPattern)))
      return {
        state: 'failed',
        archive: settings.name,
        kind: 'no-permission',
        message: `Crosscheck may not reach ${settings.base} yet.`,
        retryAt: null,
      };
    return service.lookUpArchive(articleId, {
      fetch: (input, init) => fetch(input, init),
      signal: controller.signal,
      automatic,
    });
  })().finally(() => running.delete(articleId));
  running.set(articleId, { controller, answer });
  return answer;
}

export function cancelArchiveLookup(articleId: number): boolean {
  const under = running.get(articleId);
  if (!under) return false;
  under.controller.abort();
  return true;
}
