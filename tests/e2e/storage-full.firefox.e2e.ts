/**
 * A full disk in a real Firefox ESR. The extension holds `unlimitedStorage`, which makes its
 * IndexedDB persistent and exempt from every limit, so this file runs the e2e build with that one
 * permission taken out of its manifest, in a profile whose temporary storage is capped by
 * Firefox's own pref (dom.quotaManager.temporaryStorage.fixedLimit). One origin then gets the
 * smallest group limit Firefox allows, 10 MB. The library fills with two large reports; the
 * third capture meets Firefox's own QuotaExceededError. The popup must say the library is full
 * and nothing half-written may stay; once the reader deletes reports, the same capture works.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../fixtures/pages';
import { firefoxDriver, type ExtensionDriver } from './harness/driver';
import {
  firefoxExtensionPage,
  sendProtocolMessage,
  type ExtensionPageHandle,
} from './harness/extension-page';
import { launchFirefoxWithExtension, type FirefoxExtension } from './harness/firefox';
import { readPopup, waitForSettled } from './harness/popup';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { expectWholeLibrary, readLibraryWith } from './hostile-helpers';
import { buildWithoutUnlimitedStorage, incompressibleReport } from './storage-full-helpers';

let server: FixtureServer | undefined;
let extension: FirefoxExtension | undefined;
let driver: ExtensionDriver | undefined;
let buildCopy: string | undefined;

/** All of temporary storage, in KB: the group limit is its fifth, but never below 10 MB. */
const TEMPORARY_STORAGE_KB = 20 * 1024;

function started(): { extension: FirefoxExtension; driver: ExtensionDriver; server: FixtureServer } {
  if (!extension || !driver || !server) throw new Error('The browser did not start; see beforeAll');
  return { extension, driver, server };
}

async function captureThroughPopup(path: string) {
  const { driver: browser, server: site } = started();
  const tab = await browser.open(site.url(path));
  const popup = await browser.popupFor(tab);
  await waitForSettled(popup.evaluate, 90_000);
  const view = await readPopup(popup.evaluate);
  await popup.close();
  await tab.close();
  return view;
}

async function optionsPage(): Promise<ExtensionPageHandle> {
  return firefoxExtensionPage(started().extension, 'options.html', 'body');
}

beforeAll(async () => {
  server = await startFixtureServer();
  server.setPage('/politics/ceasefire', readFixture('fox-ceasefire-v1'));
  server.setPage('/floods/north', incompressibleReport('Reservoir levels: the northern record', 7, 2500));
  server.setPage('/floods/south', incompressibleReport('Reservoir levels: the southern record', 11, 2500));
  server.setPage('/floods/east', incompressibleReport('Reservoir levels: the eastern record', 13, 2500));
  buildCopy = await buildWithoutUnlimitedStorage('firefox-mv2-e2e');
  extension = await launchFirefoxWithExtension({
    extensionDir: buildCopy,
    prefs: { 'dom.quotaManager.temporaryStorage.fixedLimit': TEMPORARY_STORAGE_KB },
  });
  driver = firefoxDriver(extension);
}, 120_000);

afterAll(async () => {
  await extension?.close();
  await server?.close();
  if (buildCopy) await rm(buildCopy, { recursive: true, force: true });
});

describe('storage full (Firefox, the browser’s own limit)', () => {
  it('says the library is full, stores nothing half-written, and captures again once the reader deleted reports', async () => {
    expect((await captureThroughPopup('/politics/ceasefire')).state).toBe('ready');
    expect((await captureThroughPopup('/floods/north')).state).toBe('ready');
    expect((await captureThroughPopup('/floods/south')).state).toBe('ready');
    const options = await optionsPage();
    const before = await readLibraryWith(options.evaluate);
    expect(before.versions).toHaveLength(3);

    // The third large report does not fit in the 10 MB Firefox allows one origin here.
    const full = await captureThroughPopup('/floods/east');
    expect(full).toMatchObject({ state: 'error', reason: 'quota' });
    expect(full.text).toContain('Your Crosscheck library is full');
    const after = await readLibraryWith(options.evaluate);
    expectWholeLibrary(after);
    expect(after).toEqual(before);

    // The reader makes room as the message says. Firefox refuses every later write on the
    // connection that met the limit, so these work only on a new one; and a deletion the trash
    // has no room to keep for Undo goes ahead without it.
    const byTitle = (part: string) => before.articles.find((article) => article.title.includes(part))!.id;
    await sendProtocolMessage(options, 'deleteItems', { kind: 'article', articleId: byTitle('northern') });
    await sendProtocolMessage(options, 'deleteItems', { kind: 'article', articleId: byTitle('southern') });
    const retried = await captureThroughPopup('/floods/east');
    expect(retried.state).toBe('ready');
    const whole = await readLibraryWith(options.evaluate);
    expectWholeLibrary(whole);
    expect(whole.articles.map((article) => article.title).sort()).toEqual(
      [
        before.articles.find((article) => !article.title.includes('record'))!.title,
        'Reservoir levels: the eastern record',
      ].sort(),
    );
    await options.close();
  }, 600_000);
});
