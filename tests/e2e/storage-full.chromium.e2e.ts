/**
 * A full disk in a real Chromium. The extension holds `unlimitedStorage`, which exempts it from
 * every quota, so this file runs the e2e build with that one permission taken out of its manifest
 * and gives the extension's origin a quota of exactly what it already uses (DevTools'
 * Storage.overrideQuotaForOrigin). IndexedDB keeps trusting the room it last saw for 30 s, so the
 * test waits that long; then the next capture meets the browser's own QuotaExceededError.
 * The popup must say the library is full, nothing half-written may stay, and once space is back
 * the same capture must work.
 */
import { rm } from 'node:fs/promises';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures/pages';
import { launchChromiumWithExtension, type ChromiumExtension } from './harness/chromium';
import { pageExpression, readPopup, waitForSettled, type Evaluate } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectWholeLibrary, readLibrary } from './hostile-helpers';
import { buildWithoutUnlimitedStorage, incompressibleReport } from './storage-full-helpers';

let server: FixtureServer | undefined;
let extension: ChromiumExtension | undefined;
let buildCopy: string | undefined;
let session: CDPSession | undefined;

const evaluateIn =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

function started(): { extension: ChromiumExtension; server: FixtureServer; session: CDPSession } {
  if (!extension || !server || !session) throw new Error('The browser did not start; see beforeAll');
  return { extension, server, session };
}

const send = (method: string, params: object): Promise<unknown> =>
  (started().session.send as (method: string, params: object) => Promise<unknown>)(method, params);

/** How long IndexedDB trusts the room it last saw before asking the quota manager again. */
const QUOTA_CACHE_MS = 31_000;

const extensionOrigin = (): string => started().extension.extensionUrl('').replace(/\/$/, '');

async function usage(): Promise<number> {
  const answer = (await send('Storage.getUsageAndQuota', { origin: extensionOrigin() })) as { usage: number };
  return answer.usage;
}

async function captureThroughPopup(path: string) {
  const { extension: browser, server: site } = started();
  const tab = await browser.newPage(site.url(path));
  const popup = await browser.openPopupFor(tab);
  await waitForSettled(evaluateIn(popup), 60_000);
  const view = await readPopup(evaluateIn(popup));
  await popup.close();
  await tab.close();
  return view;
}

beforeAll(async () => {
  server = await startFixtureServer();
  server.setPage('/politics/ceasefire', readFixture('fox-ceasefire-v1'));
  server.setPage('/floods/reservoir', incompressibleReport('Reservoir levels: the full record'));
  buildCopy = await buildWithoutUnlimitedStorage('chrome-mv3-e2e');
  extension = await launchChromiumWithExtension({ extensionDir: buildCopy });
  session = await extension.context.newCDPSession(await extension.optionsPage());
});

afterAll(async () => {
  await extension?.close();
  await server?.close();
  if (buildCopy) await rm(buildCopy, { recursive: true, force: true });
});

describe('storage full (Chromium, the browser’s own quota)', () => {
  it('says the library is full, stores nothing half-written, and captures again once there is space', async () => {
    expect((await captureThroughPopup('/politics/ceasefire')).state).toBe('ready');
    const options = await started().extension.optionsPage();
    const before = await readLibrary(options);
    expect(before.versions).toHaveLength(1);

    // No room beyond what is stored.
    await send('Storage.overrideQuotaForOrigin', { origin: extensionOrigin(), quotaSize: await usage() });
    await new Promise((resolve) => setTimeout(resolve, QUOTA_CACHE_MS));
    const full = await captureThroughPopup('/floods/reservoir');
    expect(full).toMatchObject({ state: 'error', reason: 'quota' });
    expect(full.text).toContain('Your Crosscheck library is full');
    const after = await readLibrary(options);
    expectWholeLibrary(after);
    expect(after).toEqual(before);

    // Space again (the reader deleted something elsewhere, or the disk was cleared).
    await send('Storage.overrideQuotaForOrigin', { origin: extensionOrigin() });
    const retried = await captureThroughPopup('/floods/reservoir');
    expect(retried.state).toBe('ready');
    const whole = await readLibrary(options);
    expectWholeLibrary(whole);
    expect(whole.versions).toHaveLength(2);
    await options.close();
  });
});
