/**
 * The local news site the e2e tests and the demo browse: the Fox article at one address (first
 * its earlier version, later the edited one), ABC's report at another, and a hostile page
 * whose title and text are markup and script.
 */
import { readFixture } from '../../fixtures/pages';
import { startFixtureServer, type FixtureServer } from './server';

export const FOX_PATH = '/politics/us-pushes-temporary-israel-hezbollah-ceasefire';
export const ABC_PATH = '/International/us-urges-diplomacy-israel-lays-groundwork-ground-invasion/story';
export const HOSTILE_PATH = '/local/council-vote';

/** What the hostile page's title and first paragraph say, literally, as text. */
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
  server.setPage(HOSTILE_PATH, hostilePage());
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An ordinary-looking article whose title and opening paragraph contain markup as text (escaped
 * in the source, so the page itself is safe): the extension must carry it to the popup as text.
 */
function hostilePage(): string {
  const markup = escapeHtml(HOSTILE_MARKUP);
  const paragraphs = [
    `${markup} members voted 7 to 2 on Tuesday night to approve the new budget for the city's water works, a council spokesperson said.`,
    'The plan sets aside $4.2 million for replacing lead pipes in the older neighbourhoods north of the river over the next three years.',
    '"We have waited long enough for this," council member Dana Ortiz said after the vote, adding that work would start in the spring.',
    'Two members voted against the plan, arguing that the cost of the work should be shared with the county rather than paid by residents alone.',
    'The water works director, Sam Patel, told reporters that about 1,800 homes are still served by lead pipes, down from 3,100 a decade ago.',
    'Residents will be able to comment on the schedule at a public meeting on March 14, the council said in a statement on its website.',
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${markup} approves water budget</title>
<meta property="og:type" content="article">
<meta property="og:site_name" content="Riverside Ledger">
</head><body>
<header><nav><a href="/">Home</a> <a href="/local">Local</a></nav></header>
<main><article>
<h1>${markup} approves water budget</h1>
<p class="byline">By Jordan Lee, Riverside Ledger</p>
${paragraphs.map((text) => `<p>${text}</p>`).join('\n')}
</article></main>
<footer><p>&copy; Riverside Ledger</p></footer>
</body></html>`;
}
