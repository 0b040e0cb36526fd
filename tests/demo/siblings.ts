/**
 * `npm run demo:siblings -- [cluster-id …]`: what the popup shows between other outlets' reports
 * of one event, on the dev data's real clusters (../shared/datasets/siblings-dev.jsonl, read at
 * run time and served from 127.0.0.1 — nothing of it is written into the repository). Each
 * article of a cluster becomes a plain news page naming its publisher; all are read through the
 * popup, then the first one's popup is opened with every panel expanded, printed, and saved as a
 * screenshot under tests/e2e/artifacts/siblings/ (git-ignored).
 *
 * With no ids it shows three BASIL clusters whose reports quote the same people: Glenn Beck at
 * CPAC, Bob Etheridge's apology, and Harry Reid on the Ground Zero mosque.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { escapeHtml } from '../fixtures/hostile/pages';
import { repoRoot, SetupError } from '../e2e/harness/browsers';
import { launchChromiumWithExtension, type ChromiumExtension } from '../e2e/harness/chromium';
import {
  expandEverything,
  pageExpression,
  readPopup,
  waitForSettled,
  type Evaluate,
} from '../e2e/harness/popup';
import { startFixtureServer } from '../e2e/harness/server';

const DATASET = path.resolve(repoRoot, '..', 'shared', 'datasets', 'siblings-dev.jsonl');
const OUT_DIR = path.join(repoRoot, 'tests', 'e2e', 'artifacts', 'siblings');
const POPUP_WIDTH = 420;
const DEFAULT_CLUSTERS = [
  'basil-6f95dcb9-e960-45ac-8c0e-91b85724c909',
  'basil-6b541575-99b1-40d2-8730-9bb868ee38ed',
  'basil-45bd61bc-c356-4450-9e3a-cbfc862b09fd',
];

interface RawArticle {
  outlet: string | null;
  title: string | null;
  text: string | null;
  date?: string | null;
}

interface RawCluster {
  id: string;
  articles: RawArticle[];
}

/** One report as a publisher's page: headline, publisher, date and the body's paragraphs. */
function pageOf(article: RawArticle): string {
  const title = article.title ?? '';
  const body = (article.text ?? '').startsWith(title)
    ? (article.text ?? '').slice(title.length)
    : article.text;
  const paragraphs = (body ?? '')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
  const outlet = escapeHtml(article.outlet ?? 'Unknown outlet');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta property="og:type" content="article"><meta property="og:site_name" content="${outlet}">
${article.date ? `<meta property="article:published_time" content="${escapeHtml(article.date)}">` : ''}
</head><body><header><p>${outlet}</p></header><main><article><h1>${escapeHtml(title)}</h1>
${paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
</article></main></body></html>`;
}

const evaluatorFor =
  (page: Page): Evaluate =>
  (fn, arg) =>
    page.evaluate(pageExpression(fn, arg)) as never;

async function settledPopup(extension: ChromiumExtension, tab: Page): Promise<Page> {
  const popup = await extension.openPopupFor(tab);
  await popup.setViewportSize({ width: POPUP_WIDTH, height: 700 });
  await waitForSettled(evaluatorFor(popup), 30_000);
  return popup;
}

async function main(): Promise<void> {
  if (!existsSync(DATASET)) throw new SetupError(`No dev clusters at ${DATASET}: the demo reads ../shared.`);
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const ids = wanted.length ? wanted : DEFAULT_CLUSTERS;
  const clusters = new Map(
    readFileSync(DATASET, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as RawCluster)
      .map((cluster) => [cluster.id, cluster]),
  );
  const missing = ids.filter((id) => !clusters.has(id));
  if (missing.length) throw new SetupError(`Unknown cluster ids: ${missing.join(', ')}`);

  const build = spawnSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new SetupError(`The extension build failed:\n${build.stdout}${build.stderr}`);
  mkdirSync(OUT_DIR, { recursive: true });

  const server = await startFixtureServer();
  for (const id of ids) {
    const cluster = clusters.get(id)!;
    // A fresh profile per cluster: each popup shows that event's reports only.
    const extension = await launchChromiumWithExtension();
    try {
      const tabs: Page[] = [];
      for (const [n, article] of cluster.articles.entries()) {
        const route = `/${id}/${n}`;
        server.setPage(route, pageOf(article));
        const tab = await extension.newPage(server.url(route));
        await (await settledPopup(extension, tab)).close();
        tabs.push(tab);
      }
      const popup = await settledPopup(extension, tabs[0]!);
      // The screenshot shows each list as a reader first sees it; the printout shows every item.
      await expandEverything(evaluatorFor(popup), { showAll: false });
      const file = path.join(OUT_DIR, `${id}.png`);
      await popup.screenshot({ path: file, fullPage: true });
      await expandEverything(evaluatorFor(popup), { showAll: true });
      const view = await readPopup(evaluatorFor(popup));
      console.log(`\n▸ ${cluster.articles[0]?.outlet}: ${view.title}`);
      for (const sibling of view.siblings) {
        console.log(`  • ${sibling.outlet} — ${sibling.title}${sibling.note ? ` (${sibling.note})` : ''}`);
        for (const group of sibling.groups) {
          console.log(`    ${group.heading} (${group.differences.length})`);
          for (const difference of group.differences) {
            console.log(`      - ${difference.kind}: ${difference.reason}`);
            for (const side of [difference.before, difference.after, difference.text]) {
              if (side) console.log(`          ${side.slice(0, 160)}`);
            }
          }
        }
      }
      console.log(`  screenshot: ${path.relative(repoRoot, file)}`);
    } finally {
      await extension.close();
    }
  }
  await server.close();
}

try {
  await main();
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
