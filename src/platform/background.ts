/**
 * The background: binds every protocol message to the service (src/service/service.ts) or to a
 * platform helper for what needs a browser API (tabs.ts: reading tabs, the badge, site access;
 * captured.ts: auto-capture's messages; archive.ts: web-archive lookups), and keeps the auto-capture registration in step. Holds
 * nothing that matters only in memory: an MV3 worker may be stopped at any moment.
 */
import { browser } from 'wxt/browser';
import { WATCH_SCHEDULE_BOUNDS } from '../model/settings';
import { CrosscheckService } from '../service/service';
import { openDb } from '../store/schema';
import { archiveSource, cancelArchiveLookup, lookUpArchive } from './archive';
import { syncAutoCapture } from './autocapture';
import { captured, capturedPage, capturedPagePart } from './captured';
import { announceLibraryChanged, onMessage } from './messaging';
import { analyseTab, forgetTab, requestSiteAccess, showInPage, tabHeader } from './tabs';
import { checkWatchesNow, rescheduleWatches, setWatch, startWatchAlarms } from './watch';

/**
 * `wxt build --mode e2e`: the tests may set a watch schedule in seconds (within the store's
 * bounds), so a real alarm fires a check while they wait; store builds keep the reader's limits.
 */
const E2E_BUILD = (import.meta.env as { MODE?: string }).MODE === 'e2e';

export function startBackground(): CrosscheckService {
  const service = new CrosscheckService(openDb(), {
    estimateStorage: async () => {
      const estimate = await navigator.storage?.estimate?.();
      return estimate ? { usage: estimate.usage ?? null, quota: estimate.quota ?? null } : null;
    },
    ...(E2E_BUILD ? { watchScheduleLimits: WATCH_SCHEDULE_BOUNDS } : {}),
    onLibraryChanged: announceLibraryChanged,
  });
  const resync = () => {
    syncAutoCapture(service).catch((error: unknown) =>
      console.warn('[crosscheck] auto-capture registration failed', error),
    );
  };
  /** Outlet policies and settings decide where auto-capture runs: registration follows each change. */
  const thenResync = async <T>(change: Promise<T>): Promise<T> => {
    const answer = await change;
    resync();
    return answer;
  };
  /** Deleting, undoing and a new schedule change the watch list: its alarm and badge follow. */
  const thenWatches = async <T>(change: Promise<T>): Promise<T> => {
    const answer = await change;
    await rescheduleWatches(service).catch((error: unknown) =>
      console.warn('[crosscheck] watch alarm not set', error),
    );
    return answer;
  };

  onMessage('tabHeader', ({ data }) => tabHeader(service, data.tabId));
  onMessage('analyseTab', ({ data }) => analyseTab(service, data));
  onMessage('capturedPagePart', ({ data, sender }) => capturedPagePart(service, data, sender));
  onMessage('capturedPage', ({ data, sender }) => capturedPage(service, data, sender));
  onMessage('captured', ({ data, sender }) => captured(service, data, sender));
  onMessage('compareVersions', ({ data }) =>
    service.compareVersions(data.beforeVersionId, data.afterVersionId),
  );
  onMessage('compareSibling', ({ data }) => service.compareSibling(data.versionId, data.siblingVersionId));
  onMessage('showInPage', ({ data }) => showInPage(data));
  onMessage('requestSiteAccess', ({ data }) => requestSiteAccess(data));
  onMessage('archiveSource', ({ data }) =>
    archiveSource(service, typeof data.articleId === 'number' ? data.articleId : undefined),
  );
  onMessage('lookUpArchive', ({ data }) => lookUpArchive(service, data.articleId, data.automatic === true));
  onMessage('cancelArchiveLookup', ({ data }) => cancelArchiveLookup(data.articleId));
  onMessage('listLibrary', ({ data }) => service.listLibrary(data));
  onMessage('listStories', ({ data }) => service.listStories(data));
  onMessage('getArticle', ({ data }) => service.getArticle(data.articleId));
  onMessage('getVersion', ({ data }) => service.getVersion(data.versionId));
  onMessage('deleteItems', ({ data }) => thenWatches(service.deleteItems(data, Date.now())));
  onMessage('undoDelete', () => thenWatches(service.undoDelete()));
  onMessage('exportLibrary', ({ data }) => service.exportLibrary(data.articleIds, Date.now()));
  onMessage('importLibrary', ({ data }) => service.importLibrary(data.json));
  onMessage('exportLibraryPage', ({ data }) => service.exportLibraryPage(data));
  onMessage('importLibraryBatch', ({ data }) => service.importLibraryBatch(data.articles));
  onMessage('listOutlets', () => service.listOutlets());
  onMessage('setOutletPolicy', ({ data }) => thenResync(service.setOutletPolicy(data)));
  onMessage('getSettings', () => service.getSettings());
  onMessage('setSettings', ({ data }) =>
    thenResync(
      data.watch === undefined
        ? service.setSettings(data, Date.now())
        : thenWatches(service.setSettings(data, Date.now())),
    ),
  );
  onMessage('storageUsage', () => service.storageUsage());
  onMessage('watchStatus', ({ data }) => service.watchStatus(data.articleId));
  onMessage('setWatch', ({ data }) => setWatch(service, data));
  onMessage('listWatches', () => service.listWatches());
  onMessage('checkWatchesNow', () => checkWatchesNow(service));

  browser.tabs.onRemoved.addListener(forgetTab);
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onStartup.addListener(resync);
  browser.runtime.onInstalled.addListener(resync);
  browser.runtime.onInstalled.addListener(() => void service.forgetKeptResults().catch(() => undefined));
  resync();
  startWatchAlarms(service);
  return service;
}
