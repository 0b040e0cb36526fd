/**
 * The popup's view of a tab, read through browser APIs: the tab's address and title, the
 * extraction script injected on demand, the toolbar badge, "show in page" and site access.
 */
import { browser } from 'wxt/browser';
import type { ExtractResult } from '../model/types';
import type { TabAnalysis, TabHeader } from '../protocol/types';
import type { CrosscheckService } from '../service/service';
import { EXTRACT_OPTIONS_KEY } from './extract-page';
import { highlightSentence } from './highlight';
import { refreshWatchBadge } from './watch';
import {
  RESTRICTED_MESSAGES,
  isForbiddenPageError,
  isPermissionError,
  originOf,
  restrictedReason,
} from './pages';

const EXTRACT_FILE = '/content-scripts/extract.js';

function toolbarAction() {
  // MV3 has `action`, Firefox MV2 `browserAction`; the polyfill exposes whichever exists.
  const api = browser as unknown as { action?: typeof browser.action; browserAction?: typeof browser.action };
  return api.action ?? api.browserAction;
}

export async function setBadge(tabId: number, count: number): Promise<void> {
  const action = toolbarAction();
  if (!action) return;
  try {
    await action.setBadgeText({ tabId, text: count > 0 ? String(Math.min(count, 999)) : '' });
    await action.setBadgeBackgroundColor({ tabId, color: '#b3261e' });
  } catch {
    // The tab closed meanwhile: nothing to label.
  }
}

/**
 * The last extraction of each tab, under a fingerprint of the page's markup: reopening the popup
 * on an unchanged page reuses it instead of injecting and running Readability again. Kept in
 * memory and in the browser's session storage (memory only, for trusted extension contexts,
 * emptied when the browser closes), so a stopped and restarted worker still has it.
 */
interface RememberedExtraction {
  fingerprint: string;
  result: ExtractResult;
}
const lastExtraction = new Map<number, RememberedExtraction>();
const REMEMBERED_TABS = 16;

function sessionArea(): typeof browser.storage.local | null {
  return (browser.storage as { session?: typeof browser.storage.local } | undefined)?.session ?? null;
}

const sessionKey = (tabId: number): string => `extraction:${tabId}`;

async function rememberedExtraction(tabId: number): Promise<RememberedExtraction | undefined> {
  const known = lastExtraction.get(tabId);
  if (known) return known;
  const session = sessionArea();
  if (!session) return undefined;
  try {
    const value = (await session.get(sessionKey(tabId)))[sessionKey(tabId)] as
      Partial<RememberedExtraction> | undefined;
    if (typeof value?.fingerprint !== 'string' || typeof value.result?.ok !== 'boolean') return undefined;
    return value as RememberedExtraction;
  } catch {
    return undefined;
  }
}

function rememberExtraction(tabId: number, remembered: RememberedExtraction): void {
  lastExtraction.delete(tabId);
  if (lastExtraction.size >= REMEMBERED_TABS) lastExtraction.delete(lastExtraction.keys().next().value!);
  lastExtraction.set(tabId, remembered);
  // Over the session quota the worker's memory still has it: a restart costs one extraction.
  void sessionArea()
    ?.set({ [sessionKey(tabId)]: remembered })
    .catch(() => undefined);
}

/**
 * Runs in the page (serialised by executeScript, so self-contained): hands the extraction script
 * its options and returns the address plus the length and FNV-1a hash of the serialised DOM.
 */
function preparePage(key: string, options: { force: boolean }): string {
  (globalThis as Record<string, unknown>)[key] = options;
  const markup = document.documentElement?.outerHTML ?? '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < markup.length; i++) {
    hash ^= markup.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${location.href}\n${document.contentType}\n${markup.length}:${(hash >>> 0).toString(16)}`;
}

type TabRead =
  | { kind: 'extracted'; result: ExtractResult }
  | { kind: 'restricted'; analysis: TabAnalysis }
  | { kind: 'needs-permission'; analysis: TabAnalysis };

/** Runs the extraction content script in the tab and returns what it found. */
async function readTab(tabId: number, force: boolean): Promise<TabRead> {
  const tab = await browser.tabs.get(tabId);
  const url = tab.url ?? tab.pendingUrl;
  // Without host access or a toolbar click the browser hides the tab's address: that is not a
  // restricted page, so the injection is tried and a refusal answers needs-permission.
  const reason = url ? restrictedReason(url) : null;
  if (reason)
    return {
      kind: 'restricted',
      analysis: { state: 'restricted', tabId, reason, message: RESTRICTED_MESSAGES[reason] },
    };
  const origin = originOf(tab.url) ?? '';
  try {
    const [prepared] = await browser.scripting.executeScript({
      target: { tabId },
      func: preparePage,
      args: [EXTRACT_OPTIONS_KEY, { force }],
    });
    const fingerprint = `${force}\n${String(prepared?.result)}`;
    const known = await rememberedExtraction(tabId);
    if (known?.fingerprint === fingerprint) return { kind: 'extracted', result: known.result };
    const [injection] = await browser.scripting.executeScript({ target: { tabId }, files: [EXTRACT_FILE] });
    const result = injection?.result as ExtractResult | undefined;
    if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
      return {
        kind: 'extracted',
        result: { ok: false, reason: 'no-content', message: 'The page gave no answer.' },
      };
    }
    rememberExtraction(tabId, { fingerprint, result });
    return { kind: 'extracted', result };
  } catch (error) {
    if (isForbiddenPageError(error)) {
      return {
        kind: 'restricted',
        analysis: {
          state: 'restricted',
          tabId,
          reason: 'browser-page',
          message: RESTRICTED_MESSAGES['browser-page'],
        },
      };
    }
    if (isPermissionError(error)) {
      return {
        kind: 'needs-permission',
        analysis: {
          state: 'needs-permission',
          tabId,
          origin,
          message: 'Crosscheck may read this page once you allow it, or after a click on its toolbar button.',
        },
      };
    }
    throw error;
  }
}

/** The popup's first paint: the tab's title and address, and the stored article there. */
export async function tabHeader(service: CrosscheckService, tabId: number): Promise<TabHeader> {
  const tab = await browser.tabs.get(tabId);
  const url = tab.url ?? null;
  const stored = url && !restrictedReason(url) ? await service.storedArticleAt(url) : null;
  return { tabId, title: tab.title ?? null, url, stored };
}

/** Reads the tab and has the service store and analyse what it found; labels the toolbar button. */
export async function analyseTab(
  service: CrosscheckService,
  data: { tabId: number; force?: boolean; baseVersionId?: number },
): Promise<TabAnalysis> {
  const { tabId } = data;
  let read: TabRead;
  try {
    read = await readTab(tabId, data.force === true);
  } catch (error) {
    return {
      state: 'error',
      tabId,
      code: 'tab-unreadable',
      message: `Could not read this tab: ${(error as Error).message}`,
      retryable: true,
      quotaExceeded: false,
    };
  }
  if (read.kind !== 'extracted') return read.analysis;
  const analysis = await service.analyse(tabId, read.result, {
    now: Date.now(),
    baseVersionId: data.baseVersionId,
  });
  // The badge follows the answer instead of holding it up: four browser calls that cost 10–25 ms
  // while the popup is still loading. Showing a watched article marks its edits seen, so the
  // global count drops.
  void setBadge(tabId, service.badgeCount(analysis)).then(() =>
    refreshWatchBadge(service).catch(() => undefined),
  );
  return analysis;
}

/** Marks a sentence in the tab; false when it is not found or the tab cannot be reached. */
export async function showInPage(data: { tabId: number; text: string }): Promise<boolean> {
  try {
    const [injection] = await browser.scripting.executeScript({
      target: { tabId: data.tabId },
      func: highlightSentence,
      args: [data.text.slice(0, 5000)],
    });
    return injection?.result === true;
  } catch {
    return false;
  }
}

/**
 * permissions.request needs a user gesture, which a message to the background no longer
 * carries in Chrome or Firefox: the popup and options page call it themselves. Here the answer
 * is whether access is (now) granted, requesting only where the browser still allows it.
 */
export async function requestSiteAccess(data: { origin: string }): Promise<boolean> {
  const origins = [`${data.origin.replace(/\/+$/, '')}/*`];
  if (await browser.permissions.contains({ origins })) return true;
  try {
    return await browser.permissions.request({ origins });
  } catch {
    return false;
  }
}

/** A closed tab's remembered extraction is of no use any more. */
export function forgetTab(tabId: number): void {
  lastExtraction.delete(tabId);
  void sessionArea()
    ?.remove(sessionKey(tabId))
    .catch(() => undefined);
}
