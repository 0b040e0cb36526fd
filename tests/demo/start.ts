/**
 * `npm start`: the founding story, end to end, in a real Chromium with the extension. Builds
 * the extension, serves the demo news pages locally, reads the earlier Fox report, publishes its
 * edit at the same address, reads ABC's report, then prints what the popup shows for the edited
 * Fox article and saves a screenshot of it to docs/screenshot-popup.png.
 *
 * `npm start -- --headed` leaves a visible browser open until Ctrl-C.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { repoRoot, SetupError } from '../e2e/harness/browsers';
import { launchChromiumWithExtension, type ChromiumExtension } from '../e2e/harness/chromium';
import {
  expandEverything,
  pageExpression,
  readPopup,
  waitForSettled,
  type DifferenceView,
  type Evaluate,
  type PopupView,
} from '../e2e/harness/popup';
import { startNewsSite, type NewsSite } from '../e2e/harness/site';

const SCREENSHOT = 'docs/screenshot-popup.png';
/** Chrome's popups are at most 800 px wide; the extension's popup is laid out for about this. */
const POPUP_WIDTH = 420;
const WRAP = Math.max(60, Math.min(process.stdout.columns || 100, 110));

const step = (message: string): void => console.log(`\n▸ ${message}`);
const info = (message: string): void => console.log(`  ${message}`);

function wrap(text: string, indent: string, firstIndent = indent): string {
  const lines: string[] = [];
  let line = firstIndent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.trim() && line.length + word.length + 1 > WRAP) {
      lines.push(line);
      line = indent;
    }
    line += line.trim() && !line.endsWith(' ') ? ` ${word}` : word;
  }
  lines.push(line);
  return lines.join('\n');
}

function wantsHeaded(): boolean {
  if (!process.argv.includes('--headed')) return false;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    info('--headed asked for, but there is no DISPLAY here: running headless instead.');
    return false;
  }
  return true;
}

function build(): void {
  step('Building the extension (wxt build --mode e2e)');
  info('e2e mode grants http://127.0.0.1/* up front, so the extension can read the local demo');
  info('server without a toolbar click; store builds carry no host permission.');
  const result = spawnSync('npx', ['wxt', 'build', '--mode', 'e2e'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new SetupError('The extension build failed (output above).');
  }
  info('built .output/chrome-mv3-e2e');
}

/** Opens the popup for `tab`, waits for its answer, and says what state it reached. */
async function popupFor(extension: ChromiumExtension, tab: Page): Promise<Page> {
  const popup = await extension.openPopupFor(tab);
  await popup.setViewportSize({ width: POPUP_WIDTH, height: 700 });
  const evaluate = evaluatorFor(popup);
  try {
    const { state, reason } = await waitForSettled(evaluate, 30_000);
    const view = await readPopup(evaluate);
    info(`popup: ${state}${reason ? ` (${reason})` : ''}${view.title ? ` — “${view.title}”` : ''}`);
    if (view.changesNote) info(`        ${view.changesNote}`);
    if (state === 'ready') {
      const others = view.siblings.map((sibling) => sibling.outlet).join(', ');
      // Long lists show their first items and a “Show all” button; the full list is printed later.
      info(`        ${view.changes.length} changes in view; other reports: ${others || 'none'}`);
    }
    if (state === 'error') console.log(wrap(view.text, '          '));
  } catch (error) {
    info(`popup did not settle: ${error instanceof Error ? error.message : String(error)}`);
  }
  return popup;
}

function evaluatorFor(page: Page): Evaluate {
  return (fn, arg) => page.evaluate(pageExpression(fn, arg)) as never;
}

function printDifference(difference: DifferenceView, index: number, sides: [string, string]): void {
  const facets = difference.facets.length ? ` [${difference.facets.join(', ')}]` : '';
  console.log(`    ${index + 1}. ${difference.kind}${facets}`);
  const pad = ' '.repeat(Math.max(sides[0].length, sides[1].length) + 2);
  const side = (label: string, text: string): void =>
    console.log(wrap(text, `         ${pad}`, `         ${`${label}:`.padEnd(pad.length)}`));
  if (difference.before !== null) side(sides[0], difference.before);
  if (difference.after !== null) side(sides[1], difference.after);
  if (difference.text !== null) console.log(wrap(difference.text, '         '));
  for (const line of difference.facetLines) console.log(wrap(line, '           ', '         · '));
}

function printPopup(view: PopupView): void {
  console.log('');
  console.log('┌─ Popup for the edited Fox article ' + '─'.repeat(Math.max(0, WRAP - 36)));
  console.log(`  state: ${view.state}${view.reason ? ` (${view.reason})` : ''}`);
  if (view.title) console.log(wrap(view.title, '         ', '  title: '));
  if (view.meta) console.log(wrap(view.meta, '         ', '  meta:  '));
  if (view.state !== 'ready') {
    console.log(wrap(view.text, '  ', '  '));
    return;
  }
  console.log(`\n  What changed since the first saved version (${view.changes.length}):`);
  if (view.changesNote) console.log(`    ${view.changesNote}`);
  view.changes.forEach((difference, index) => printDifference(difference, index, ['before', 'after']));
  console.log(`\n  Other reports (${view.siblings.length}):`);
  for (const sibling of view.siblings) {
    console.log(wrap(`${sibling.outlet} — ${sibling.title}`, '      ', '    • '));
    if (sibling.note) console.log(wrap(sibling.note, '      ', '      '));
    for (const group of sibling.groups) {
      console.log(`    ${group.heading} (${group.differences.length})`);
      group.differences.forEach((difference, index) =>
        printDifference(difference, index, ['Fox', sibling.outlet || 'other']),
      );
    }
  }
  console.log('└' + '─'.repeat(WRAP - 1));
}

async function main(): Promise<void> {
  const headed = wantsHeaded();
  build();

  step('Serving the demo news pages on 127.0.0.1');
  const site: NewsSite = await startNewsSite();
  info(`Fox News report: ${site.foxUrl}`);
  info(`ABC News report: ${site.abcUrl}`);

  step(`Starting Chromium with the extension (${headed ? 'visible window' : 'headless'})`);
  const extension = await launchChromiumWithExtension({ headless: !headed });
  info(`${extension.executablePath}, extension id ${extension.extensionId}`);

  let finished = false;
  const shutdown = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    await extension.close().catch(() => undefined);
    await site.close().catch(() => undefined);
  };

  try {
    step('Reading the earlier version of the Fox article and opening the popup');
    const fox = await extension.newPage(site.foxUrl);
    await (await popupFor(extension, fox)).close();

    step('Fox edits the article in place; reloading the same address');
    site.publishFoxEdit();
    await fox.reload();
    info('now serving the edited version');

    step('Reading ABC’s report of the same events and opening its popup');
    const abc = await extension.newPage(site.abcUrl);
    await (await popupFor(extension, abc)).close();

    step('Opening the popup for the edited Fox article');
    const popup = await popupFor(extension, fox);
    const evaluate = evaluatorFor(popup);
    const expand = (showAll: boolean): Promise<void> =>
      expandEverything(evaluate, { showAll }).catch((error: unknown) =>
        info(`could not open every panel: ${error instanceof Error ? error.message : String(error)}`),
      );
    // The screenshot shows each list as a reader first sees it; the printout shows every item.
    await expand(false);
    mkdirSync(`${repoRoot}docs`, { recursive: true });
    await popup.screenshot({ path: `${repoRoot}${SCREENSHOT}`, fullPage: true });
    await expand(true);
    printPopup(await readPopup(evaluate));

    step(`Screenshot of the popup (full height) written to ${SCREENSHOT}`);

    if (headed) {
      await popup.bringToFront();
      step('The browser stays open: try the toolbar button on either tab. Ctrl-C to quit.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        extension.context.once('close', () => resolve());
      });
    }
  } finally {
    await shutdown();
  }
  step('Done.');
}

try {
  await main();
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
