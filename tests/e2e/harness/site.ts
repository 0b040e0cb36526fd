/**
 * The local news site the e2e tests and the demo browse: the Fox article at one address (first
 * its earlier version, later the edited one), ABC's report at another, and a hostile page
 * whose title and text are markup and script.
 */
import { markupAsTextPage } from '../../fixtures/hostile/pages';
import { readFixture } from '../../fixtures/pages';
import { startFixtureServer, type FixtureServer } from './server';

export const FOX_PATH = '/politics/us-pushes-temporary-israel-hezbollah-ceasefire';
export const ABC_PATH = '/International/us-urges-diplomacy-israel-lays-groundwork-ground-invasion/story';
export const HOSTILE_PATH = '/local/council-vote';

/**
 * What the hostile page's title and first paragraph say, literally, as text
 * (tests/fixtures/hostile/markup-as-text/; tests/golden/fixture-pages.test.ts checks they agree).
 */
export const HOSTILE_MARKUP =
  '<img src=x onerror="window.__pwned=1"> Council <script>window.__pwned=2</script>';

export interface NewsSite {
  server: FixtureServer;
  foxUrl: string;
  abcUrl: string;
  hostileUrl: string;
  /** Publish the edited Fox article in place of the earlier one, at the same address. */
  publishFoxEdit(): void;
  close(): Promise<void>;
}

export async function startNewsSite(): Promise<NewsSite> {
  const server = await startFixtureServer();
  server.setPage(FOX_PATH, readFixture('fox-ceasefire-v1'));
  server.setPage(ABC_PATH, readFixture('abc-ceasefire'));
  server.setPage(HOSTILE_PATH, markupAsTextPage());
  return {
    server,
    foxUrl: server.url(FOX_PATH),
    abcUrl: `${server.url(ABC_PATH)}?id=113998452`,
    hostileUrl: server.url(HOSTILE_PATH),
    publishFoxEdit() {
      server.setPage(FOX_PATH, readFixture('fox-ceasefire-v2'));
    },
    close: () => server.close(),
  };
}
