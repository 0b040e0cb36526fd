/**
 * Auto-capture's messages from content scripts: the service checks and extracts what was sent,
 * stores it, and the toolbar badge of the sending tab shows the result.
 */
import type { Article } from '../model/types';
import type { ProtocolMap } from '../protocol/types';
import type { CrosscheckService } from '../service/service';
import { setBadge } from './tabs';

type AutoCaptured = { stored: boolean; badge: number };

/** The tab a message came from; -1 when it came from no tab. */
function tabOf(sender: unknown): number {
  return (sender as { tab?: { id?: number } } | undefined)?.tab?.id ?? -1;
}

/** Stores what auto-capture found in a tab (null: nothing to store) and labels the tab. */
async function storeAutoCaptured(
  service: CrosscheckService,
  tabId: number,
  article: Article | null,
): Promise<AutoCaptured> {
  if (!article) return { stored: false, badge: 0 };
  const analysis = await service.analyse(tabId, { ok: true, article }, { now: Date.now() });
  const badge = service.badgeCount(analysis);
  if (tabId >= 0) await setBadge(tabId, badge);
  return service.autoCaptureAnswer(analysis, badge);
}

export function capturedPagePart(
  service: CrosscheckService,
  data: Parameters<ProtocolMap['capturedPagePart']>[0],
  sender: unknown,
): { received: boolean } {
  return service.receivePagePart(tabOf(sender), data, Date.now());
}

export async function capturedPage(
  service: CrosscheckService,
  data: Parameters<ProtocolMap['capturedPage']>[0],
  sender: unknown,
): Promise<AutoCaptured> {
  const tabId = tabOf(sender);
  return storeAutoCaptured(service, tabId, await service.articleOfSentPage(tabId, data, Date.now()));
}

export async function captured(
  service: CrosscheckService,
  data: Parameters<ProtocolMap['captured']>[0],
  sender: unknown,
): Promise<AutoCaptured> {
  return storeAutoCaptured(service, tabOf(sender), await service.articleSent(data.article));
}
