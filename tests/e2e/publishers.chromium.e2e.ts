/**
 * Two publishers on one host: the Fox and ABC reports both served from 127.0.0.1, their own
 * addresses rewritten to it (canonical link, og:url, JSON-LD), so only the publisher each page
 * names (og:site_name, JSON-LD publisher) tells the outlets apart. The popup on the Fox report must
 * still list ABC's as another outlet's report of the same event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ChromiumExtension } from './harness/chromium';
import { chromiumDriver } from './harness/driver';
import { startFixtureServer, type FixtureServer } from './harness/server';
import { FOX_PATH, ABC_PATH } from './harness/site';
import { readFixture } from '../fixtures/pages';
import { settledView } from './suite';

/** The page as if its publisher hosted it on `origin`: every address of its own site points there. */
function rehosted(html: string, ownOrigins: RegExp, origin: string): string {
  return html.replace(ownOrigins, origin);
}

let server: FixtureServer | undefined;
let extension: ChromiumExtension | undefined;

describe('Chromium (MV3): two publishers on one host', () => {
  beforeAll(async () => {
    server = await startFixtureServer();
    server.setPage(
      FOX_PATH,
      rehosted(readFixture('fox-ceasefire-v2'), /https:\/\/www\.foxnews\.com/g, server.origin),
    );
    server.setPage(
      ABC_PATH,
      rehosted(readFixture('abc-ceasefire'), /https:\/\/abcnews\.go\.com/g, server.origin),
    );
    extension = await launchChromiumWithExtension();
  });
  afterAll(async () => {
    await extension?.close();
    await server?.close();
  });

  it('lists ABC’s report as a sibling of Fox’s though both come from 127.0.0.1', async () => {
    const driver = chromiumDriver(extension!);
    const abc = await driver.open(`${server!.url(ABC_PATH)}?id=113998452`);
    const abcPopup = await driver.popupFor(abc);
    expect((await settledView(abcPopup)).state).toBe('ready');
    await abcPopup.close();

    const fox = await driver.open(server!.url(FOX_PATH));
    const popup = await driver.popupFor(fox);
    const view = await settledView(popup);
    expect(view.state).toBe('ready');
    const sibling = view.siblings.find((s) => /ABC/i.test(`${s.outlet} ${s.title}`));
    expect(sibling, JSON.stringify(view.siblings.map((s) => [s.outlet, s.title]))).toBeDefined();
    await popup.close();
    await fox.close();
    await abc.close();
  });
});
