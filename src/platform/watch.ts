/**
 * The watch list's browser side: one `alarms` alarm at the schedule's next wake-up, the reader's
 * own browser fetching the page, system notifications (clicking one opens the comparison of the
 * two versions), and the toolbar badge that counts unseen edits. Everything it decides comes
 * from the service (src/service/watch.ts); an MV3 worker may stop at any moment, so nothing here
 * lives only in memory: the alarm and the store carry the state.
 */
import { browser } from 'wxt/browser';
import type { WatchCheckReport, WatchSummary } from '../protocol/types';
import type { CrosscheckService, WatchAlert, WatchDeps, WatchRun } from '../service/service';
import { notificationId, notificationTarget } from '../service/watch';

export const WATCH_ALARM = 'crosscheck-watch';

/** The reader's browser reading the page as the reader would: their cookies, no cache. */
const readerFetch: WatchDeps['fetch'] = (input, init) =>
  fetch(input, { ...init, credentials: 'include', cache: 'no-store' });

function deps(): WatchDeps {
  return {
    fetch: readerFetch,
    now: () => Date.now(),
    online: () => navigator.onLine !== false,
    random: Math.random,
  };
}

function toolbarAction() {
  // MV3 has `action`, Firefox MV2 `browserAction`; the polyfill exposes whichever exists.
  const api = browser as unknown as { action?: typeof browser.action; browserAction?: typeof browser.action };
  return api.action ?? api.browserAction;
}

/** The badge every tab shows unless the popup labelled it: edits of watched articles not seen yet. */
export async function showUnseenEdits(count: number): Promise<void> {
  const action = toolbarAction();
  if (!action) return;
  await action.setBadgeText({ text: count > 0 ? String(Math.min(count, 999)) : '' });
  await action.setBadgeBackgroundColor({ color: '#b3261e' });
}

async function scheduleWake(wakeAt: number | null): Promise<void> {
  if (wakeAt === null) {
    await browser.alarms.clear(WATCH_ALARM);
    return;
  }
  // One alarm for all watches; a time already past fires as soon as the browser allows.
  await browser.alarms.create(WATCH_ALARM, { when: Math.max(wakeAt, Date.now() + 1000) });
}

async function mayNotify(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ permissions: ['notifications'] });
  } catch {
    return false;
  }
}

async function notify(alerts: WatchAlert[]): Promise<void> {
  if (alerts.length === 0 || !(await mayNotify())) return;
  for (const alert of alerts) {
    await browser.notifications.create(notificationId(alert), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: alert.title,
      message: alert.message,
    });
  }
}

async function afterRun(run: WatchRun): Promise<WatchCheckReport> {
  await notify(run.alerts).catch((error: unknown) =>
    console.warn('[crosscheck] watch notification failed', error),
  );
  await showUnseenEdits(run.unseen);
  await scheduleWake(run.wakeAt);
  return run.report;
}

/** The alarm fired: the due checks, then the next alarm. */
export async function runWatchAlarm(service: CrosscheckService): Promise<WatchCheckReport> {
  return afterRun(await service.runDueChecks(deps()));
}

/** The options page's "Check now". */
export async function checkWatchesNow(service: CrosscheckService): Promise<WatchCheckReport> {
  return afterRun(await service.checkAllWatchesNow(deps()));
}

/** Watch or unwatch; the alarm follows the new list. */
export async function setWatch(
  service: CrosscheckService,
  data: { articleId: number; watching: boolean },
): Promise<WatchSummary | null> {
  const answer = await service.setWatch(data.articleId, data.watching, deps());
  await rescheduleWatches(service);
  return answer;
}

/** A worker that just started sets the alarm again from the store, and the badge. */
export async function rescheduleWatches(service: CrosscheckService): Promise<void> {
  await scheduleWake(await service.nextWatchWake(deps()));
  await showUnseenEdits(await service.unseenEdits());
}

/** The badge after the popup showed an article (its edits are seen now). */
export async function refreshWatchBadge(service: CrosscheckService): Promise<void> {
  await showUnseenEdits(await service.unseenEdits());
}

function openComparison(id: string): void {
  const path = notificationTarget(id);
  if (!path) return;
  void browser.tabs.create({ url: browser.runtime.getURL(`/${path}` as '/options.html') });
  void browser.notifications.clear(id);
}

/** Binds the alarm and notification clicks; call once when the background starts. */
export function startWatchAlarms(service: CrosscheckService): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== WATCH_ALARM) return;
    runWatchAlarm(service).catch((error: unknown) => console.warn('[crosscheck] watch checks failed', error));
  });
  // Without the optional permission the namespace is missing until it is granted.
  browser.notifications?.onClicked.addListener(openComparison);
  browser.permissions.onAdded.addListener((added) => {
    const clicked = browser.notifications?.onClicked;
    if (added.permissions?.includes('notifications') && clicked && !clicked.hasListener(openComparison))
      clicked.addListener(openComparison);
  });
  globalThis.addEventListener?.('online', () => void rescheduleWatches(service).catch(() => undefined));
  rescheduleWatches(service).catch((error: unknown) =>
    console.warn('[crosscheck] watch alarm not set', error),
  );
}
