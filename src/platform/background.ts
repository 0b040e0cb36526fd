/**
 * The background: binds every protocol message to the service, reads tabs by injecting the
 * extraction script on demand, and keeps the toolbar badge and auto-capture registration in
 * step. Holds nothing that matters only in memory: an MV3 worker may be stopped at any moment.
 */
import { browser } from 'wxt/browser';
import { extractArticleFromHtml } from '../extract/from-html';
import type { Article, ExtractResult } from '../model/types';
import {
  CAPTURED_PART_CHARS,
  MAX_CAPTURED_HTML_CHARS,
  type TabAnalysis,
  type TabHeader,
} from '../protocol/types';
import { PagePartBuffer } from '../service/page-parts';
import { CrosscheckService } from '../service/service';
import { StoreError } from '../store/errors';
import { openDb } from '../store/schema';
import { syncAutoCapture } from './autocapture';
import { EXTRACT_OPTIONS_KEY } from './extract-page';
import { highlightSentence } from './highlight';
import { onMessage } from './messaging';
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
 * on an unchanged page reuses it instead of injecting and running Readability again. Lost when
 * the worker stops, which costs one extraction, nothing more.
 */
const lastExtraction = new Map<number, { fingerprint: string; result: ExtractResult }>();
const REMEMBERED_TABS = 16;

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
    const known = lastExtraction.get(tabId);
    if (known?.fingerprint === fingerprint) return { kind: 'extracted', result: known.result };
    const [injection] = await browser.scripting.executeScript({ target: { tabId }, files: [EXTRACT_FILE] });
    const result = injection?.result as ExtractResult | undefined;
    if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
      return {
        kind: 'extracted',
        result: { ok: false, reason: 'no-content', message: 'The page gave no answer.' },
      };
    }
    lastExtraction.delete(tabId);
    if (lastExtraction.size >= REMEMBERED_TABS) lastExtraction.delete(lastExtraction.keys().next().value!);
    lastExtraction.set(tabId, { fingerprint, result });
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

export function startBackground(): CrosscheckService {
  const service = new CrosscheckService(openDb(), {
    estimateStorage: async () => {
      const estimate = await navigator.storage?.estimate?.();
      return estimate ? { usage: estimate.usage ?? null, quota: estimate.quota ?? null } : null;
    },
  });
  const resync = () => {
    syncAutoCapture(service).catch((error: unknown) =>
      console.warn('[crosscheck] auto-capture registration failed', error),
    );
  };

  onMessage('tabHeader', async ({ data }): Promise<TabHeader> => {
    const tab = await browser.tabs.get(data.tabId);
    const url = tab.url ?? null;
    const stored = url && !restrictedReason(url) ? await service.storedArticleAt(url) : null;
    return { tabId: data.tabId, title: tab.title ?? null, url, stored };
  });

  onMessage('analyseTab', async ({ data }): Promise<TabAnalysis> => {
    const { tabId } = data;
    let read: TabRead;
    try {
      read = await readTab(tabId, data.force === true);
    } catch (error) {
      return {
        state: 'error',
        tabId,
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
    await setBadge(tabId, service.badgeCount(analysis));
    return analysis;
  });

  /** Stores what auto-capture found in a tab, if the policy still allows that site. */
  const storeAutoCaptured = async (
    article: Article,
    sender: unknown,
  ): Promise<{ stored: boolean; badge: number }> => {
    const tabId = (sender as { tab?: { id?: number } } | undefined)?.tab?.id ?? -1;
    const analysis = await service.analyse(tabId, { ok: true, article }, { now: Date.now() });
    const badge = service.badgeCount(analysis);
    if (tabId >= 0) await setBadge(tabId, badge);
    if (analysis.state === 'error')
      throw new StoreError(analysis.message, analysis.quotaExceeded, analysis.retryable);
    return { stored: analysis.state === 'ready' && analysis.savedNewVersion, badge };
  };

  // Parts are kept per tab, so one tab cannot complete (or spoil) another's page.
  const pageParts = new PagePartBuffer();
  const partKey = (sender: unknown, captureId: string): string =>
    `${(sender as { tab?: { id?: number } } | undefined)?.tab?.id ?? -1}:${captureId}`;

  onMessage('capturedPagePart', ({ data, sender }) => {
    const { captureId, index, html } = data as { captureId: unknown; index: unknown; html: unknown };
    if (
      typeof captureId !== 'string' ||
      typeof index !== 'number' ||
      typeof html !== 'string' ||
      html.length > CAPTURED_PART_CHARS
    )
      return { received: false };
    return { received: pageParts.add(partKey(sender, captureId), index, html, Date.now()) };
  });

  onMessage('capturedPage', async ({ data, sender }) => {
    const {
      url,
      html: last,
      captureId,
      parts,
    } = data as {
      url: unknown;
      html: unknown;
      captureId?: unknown;
      parts?: unknown;
    };
    if (typeof url !== 'string' || typeof last !== 'string')
      throw new StoreError('Refused a captured page: expected its address and markup', false, false);
    const html =
      typeof captureId === 'string' && typeof parts === 'number'
        ? pageParts.finish(partKey(sender, captureId), parts, last, Date.now())
        : last;
    // A part went missing (the service worker restarted midway): not this time.
    if (html === null) return { stored: false, badge: 0 };
    if (html.length > MAX_CAPTURED_HTML_CHARS)
      throw new StoreError(
        `Refused a captured page: more than ${MAX_CAPTURED_HTML_CHARS} characters of markup`,
        false,
        false,
      );
    // The content script only runs where auto-capture is allowed; the policy is checked again
    // here, before the page costs any parsing.
    if (!(await service.autoCaptureAllowed(url))) return { stored: false, badge: 0 };
    const result = extractArticleFromHtml(html, url);
    if (!result.ok) return { stored: false, badge: 0 };
    return storeAutoCaptured(service.validateIncoming(result.article), sender);
  });

  onMessage('captured', async ({ data, sender }) => {
    const article = service.validateIncoming(data.article);
    // The content script only runs where auto-capture is allowed; the policy is checked again here.
    if (!(await service.autoCaptureAllowed(article.url))) return { stored: false, badge: 0 };
    return storeAutoCaptured(article, sender);
  });

  onMessage('compareVersions', ({ data }) =>
    service.compareVersions(data.beforeVersionId, data.afterVersionId),
  );
  onMessage('compareSibling', ({ data }) => service.compareSibling(data.versionId, data.siblingVersionId));

  onMessage('showInPage', async ({ data }) => {
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
  });

  // permissions.request needs a user gesture, which a message to the background no longer
  // carries in Chrome or Firefox: the popup and options page call it themselves. Here the answer
  // is whether access is (now) granted, requesting only where the browser still allows it.
  onMessage('requestSiteAccess', async ({ data }) => {
    const origins = [`${data.origin.replace(/\/+$/, '')}/*`];
    if (await browser.permissions.contains({ origins })) return true;
    try {
      return await browser.permissions.request({ origins });
    } catch {
      return false;
    }
  });

  onMessage('listLibrary', ({ data }) => service.listLibrary(data));
  onMessage('listStories', ({ data }) => service.listStories(data));
  onMessage('getArticle', ({ data }) => service.getArticle(data.articleId));
  onMessage('getVersion', ({ data }) => service.getVersion(data.versionId));
  onMessage('deleteItems', ({ data }) => service.deleteItems(data, Date.now()));
  onMessage('undoDelete', () => service.undoDelete());
  onMessage('exportLibrary', ({ data }) => service.exportLibrary(data.articleIds, Date.now()));
  onMessage('importLibrary', ({ data }) => service.importLibrary(data.json));
  onMessage('exportLibraryPage', ({ data }) => service.exportLibraryPage(data));
  onMessage('importLibraryBatch', ({ data }) => service.importLibraryBatch(data.articles));
  onMessage('listOutlets', () => service.listOutlets());
  onMessage('setOutletPolicy', async ({ data }) => {
    const summary = await service.setOutletPolicy(data);
    resync();
    return summary;
  });
  onMessage('getSettings', () => service.getSettings());
  onMessage('setSettings', async ({ data }) => {
    const settings = await service.setSettings(data, Date.now());
    resync();
    return settings;
  });
  onMessage('storageUsage', () => service.storageUsage());

  browser.tabs.onRemoved.addListener((tabId) => lastExtraction.delete(tabId));
  browser.permissions.onAdded.addListener(resync);
  browser.permissions.onRemoved.addListener(resync);
  browser.runtime.onStartup.addListener(resync);
  browser.runtime.onInstalled.addListener(resync);
  resync();
  return service;
}
