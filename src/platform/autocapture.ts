/**
 * Registers the auto-capture content script for the sites the reader granted, according to the
 * auto-capture setting and outlet policies. Registration is recomputed from the settings and the
 * granted permissions every time (start-up, permission and settings changes), never remembered.
 */
import { browser } from 'wxt/browser';
import type { CrosscheckService } from '../service/service';

const SCRIPT_ID = 'crosscheck-autocapture';
const SCRIPT_FILE = '/content-scripts/autocapture.js';

/** Firefox MV2's registration handle, held by its persistent background page. */
let firefoxRegistration: { unregister(): Promise<void> } | null = null;

interface Mv2ContentScripts {
  register(options: { matches: string[]; js: { file: string }[]; runAt: 'document_idle' }): Promise<{
    unregister(): Promise<void>;
  }>;
}

/** Host of a match pattern ("https://*.foxnews.com/*" → "foxnews.com"), or "*" for all hosts. */
function patternHost(pattern: string): string | null {
  const match = /^(?:\*|https?):\/\/([^/]+)\//.exec(pattern);
  if (!match?.[1]) return null;
  return match[1] === '*' ? '*' : match[1].replace(/^\*\./, '').replace(/^www\./, '');
}

export async function autoCaptureMatches(service: CrosscheckService): Promise<string[]> {
  const settings = await service.getSettings();
  if (settings.autoCapture === 'off') return [];
  const granted = ((await browser.permissions.getAll()).origins ?? []).filter(
    (origin) => patternHost(origin) !== null,
  );
  if (settings.autoCapture === 'all') return granted;
  const outlets = (await service.listOutlets()).filter((outlet) => outlet.autoCapture && !outlet.ignored);
  const matches = new Set<string>();
  for (const { outlet } of outlets) {
    const allowed = granted.some((origin) => {
      const host = patternHost(origin);
      return host === '*' || host === outlet || (host !== null && outlet.endsWith(`.${host}`));
    });
    if (allowed) {
      matches.add(`*://${outlet}/*`);
      matches.add(`*://*.${outlet}/*`);
    }
  }
  return [...matches];
}

export async function syncAutoCapture(service: CrosscheckService): Promise<string[]> {
  const matches = await autoCaptureMatches(service);
  if (browser.scripting?.registerContentScripts && browser.runtime.getManifest().manifest_version === 3) {
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (matches.length > 0) {
      await browser.scripting.registerContentScripts([
        { id: SCRIPT_ID, matches, js: [SCRIPT_FILE], runAt: 'document_idle', persistAcrossSessions: true },
      ]);
    }
    return matches;
  }
  const contentScripts = (browser as unknown as { contentScripts?: Mv2ContentScripts }).contentScripts;
  if (firefoxRegistration) {
    await firefoxRegistration.unregister();
    firefoxRegistration = null;
  }
  if (contentScripts && matches.length > 0) {
    firefoxRegistration = await contentScripts.register({
      matches,
      js: [{ file: SCRIPT_FILE }],
      runAt: 'document_idle',
    });
  }
  return matches;
}
