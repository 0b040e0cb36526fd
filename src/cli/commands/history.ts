/**
 * `crosscheck history <url> [--archive <base>] [--limit N] [--json]`: the article's earlier
 * versions from a web archive, and what changed between the earliest of them and the live page.
 * The JSON is a contract (docs/cli.md).
 */
import {
  ArchiveError,
  DEFAULT_LIMIT,
  INTERNET_ARCHIVE,
  captureLabel,
  lookupHistory,
  type CaptureOutcome,
  type HistoryResult,
} from '../../archive/index';
import { analyse } from '../../claims/index';
import { compareArticles, toCliJson } from '../../compare/index';
import type { Article, Comparison } from '../../model/types';
import { CliError, type Command } from '../errors';
import { loadArticle } from '../load';
import { renderText } from './compare';

const MAX_LIMIT = 50;

const HELP = `Usage: crosscheck history <url> [--archive <base>] [--limit N] [--json]

Earlier versions of the article at <url> from a web archive: its captures are listed (CDX, or
the Memento TimeMap), up to N of them are read raw (the earliest, a few more over the first
days, the latest), each is judged (a cookie wall, paywall stub, error page or another article
is skipped), and the earliest usable capture is compared with the live page.

  --archive <base>   the archive's base address (default ${INTERNET_ARCHIVE.base}); any
                     Memento archive with the Wayback URL scheme works
  --limit N          captures to read, 1..${MAX_LIMIT} (default ${DEFAULT_LIMIT})
  --json             print the JSON contract (see docs/cli.md)

Sends <url> to the archive, and fetches <url> itself. Exit 2 when the archive is unavailable,
rate-limited or too slow; no captures is not an error (exit 0).`;

interface Options {
  url: string;
  archive: string;
  limit: number;
  json: boolean;
}

function valueOf(args: string[], k: number, name: string): [string, number] {
  const arg = args[k]!;
  if (arg.includes('=')) return [arg.slice(arg.indexOf('=') + 1), k];
  const value = args[k + 1];
  if (value === undefined) throw new CliError(`${name} needs a value (try history --help)`);
  return [value, k + 1];
}

function parse(args: string[]): Options | null {
  let url: string | null = null;
  let archive = INTERNET_ARCHIVE.base;
  let limit = DEFAULT_LIMIT;
  let json = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--json') json = true;
    else if (arg === '--archive' || arg.startsWith('--archive=')) {
      let value: string;
      [value, k] = valueOf(args, k, '--archive');
      if (!/^https?:\/\/[^/\s]+/i.test(value))
        throw new CliError(`--archive must be an http(s) address, not "${value}"`);
      archive = value.replace(/\/+$/, '');
    } else if (arg === '--limit' || arg.startsWith('--limit=')) {
      let value: string;
      [value, k] = valueOf(args, k, '--limit');
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT)
        throw new CliError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, not "${value}"`);
      limit = Number(value);
    } else if (arg.startsWith('--')) throw new CliError(`unknown option ${arg} (try history --help)`);
    else if (url === null) url = arg;
    else throw new CliError('history takes one address (try history --help)');
  }
  if (url === null) throw new CliError('history needs the address of an article: history <url>');
  if (!/^https?:\/\//i.test(url)) throw new CliError(`history needs an http(s) address, not "${url}"`);
  return { url, archive, limit, json };
}

/** The capture fields of the contract, in its order: no page, no article. */
function captureJson(c: CaptureOutcome) {
  return {
    timestamp: c.timestamp,
    time: c.time,
    url: c.url,
    status: c.status,
    reason: c.reason,
    contentHash: c.contentHash,
  };
}

function comparisonOf(result: HistoryResult, live: Article): Comparison | null {
  const earliest = result.used[0];
  if (!earliest) return null;
  // The before side is named by the capture's address, so a reader can open what was compared.
  const before: Article = { ...earliest.article, url: earliest.url };
  return compareArticles(analyse(before), analyse(live));
}

function renderHistory(result: HistoryResult, comparison: Comparison | null, colour: boolean): string {
  const lines = [`history of ${result.url}`, `archive: ${result.archive}`];
  if (result.captures.length === 0) {
    lines.push('', 'No archived copies of this address.');
    return lines.join('\n') + '\n';
  }
  const count = (status: CaptureOutcome['status']) =>
    result.captures.filter((c) => c.status === status).length;
  lines.push(
    `captures: ${result.listed} listed (via ${result.via === 'cdx' ? 'CDX' : 'TimeMap'}), ${result.captures.length} read: ` +
      `${count('used')} used, ${count('same')} same, ${count('skipped')} skipped`,
    '',
  );
  for (const c of result.captures) {
    lines.push(`  ${captureLabel(Date.parse(c.time))}  ${c.status.padEnd(7)}  ${c.url}`);
    if (c.reason) lines.push(`  ${''.padEnd(20)}  ${''.padEnd(7)}  ${c.reason}`);
  }
  lines.push('');
  if (!comparison) {
    lines.push('None of the captures read is this article: nothing to compare with the live page.');
    return lines.join('\n') + '\n';
  }
  const earliest = result.used[0]!;
  lines.push(`earliest usable capture (${captureLabel(Date.parse(earliest.time))}) → live page:`, '');
  return lines.join('\n') + '\n' + renderText(comparison, colour);
}

const history: Command = async (args) => {
  const options = parse(args);
  if (!options) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const live = await loadArticle(options.url);
  let result: HistoryResult;
  try {
    result = await lookupHistory(options.url, {
      fetch: (input, init) => fetch(input, init),
      archive: options.archive,
      limit: options.limit,
      live,
    });
  } catch (error) {
    if (error instanceof ArchiveError) throw new CliError(`archive ${options.archive}: ${error.message}`);
    throw error;
  }
  const comparison = comparisonOf(result, live);
  if (options.json) {
    const json = {
      url: result.url,
      archive: result.archive,
      captures: result.captures.map(captureJson),
      comparison: comparison ? toCliJson(comparison) : null,
    };
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    process.stdout.write(
      renderHistory(result, comparison, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR),
    );
  }
  return 0;
};

export default history;
