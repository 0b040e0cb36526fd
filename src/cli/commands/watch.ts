/**
 * `crosscheck watch <url>... [--every <minutes>] [--times N] [--json]`: re-reads addresses on a
 * schedule and prints each claim-level change as it appears. The schedule, the check and what a
 * result means are the extension's own (src/watch/); only the loop, the clock and the printing
 * live here. The JSON lines are a contract (docs/cli.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { toCliJson } from '../../compare/index';
import type { AnalysedArticle } from '../../model/types';
import {
  applyCheckResult,
  checkArticle,
  dueWatches,
  startWatch,
  watchSettings,
  type CheckResult,
  type WatchRecord,
  type WatchSettings,
} from '../../watch/index';
import { CliError, type Command } from '../errors';
import { renderText } from './compare';

const HELP = `Usage: crosscheck watch <url>... [--every <minutes>] [--times N] [--json]

Re-reads each address on a schedule and prints what changed, claim by claim, as it appears:
edits (with the claim-level comparison), the article taken down, moved to another address,
or unreadable (a paywall or consent page is not a version). The first read of each address is
the baseline the next ones are compared with.

  --every <minutes>   read every <minutes> (fractions allowed, e.g. 0.5); without it, the
                      extension's schedule: every 3 hours for 2 days after publication, then
                      daily, stopping after 14 days
  --times N           read each address N times in all (the first read included), then stop
  --json              one JSON object per read (see docs/cli.md)`;

export type WatchEvent = 'changed' | 'removed' | 'moved' | 'unchanged' | 'error';

interface Options {
  urls: string[];
  everyMinutes: number | null;
  times: number | null;
  json: boolean;
}

function valueOf(args: string[], k: number, name: string): [string, number] {
  const arg = args[k]!;
  if (arg.includes('=')) return [arg.slice(arg.indexOf('=') + 1), k];
  const value = args[k + 1];
  if (value === undefined) throw new CliError(`${name} needs a value`);
  return [value, k + 1];
}

function parse(args: string[]): Options | null {
  const options: Options = { urls: [], everyMinutes: null, times: null, json: false };
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--json') options.json = true;
    else if (arg === '--every' || arg.startsWith('--every=')) {
      const [value, at] = valueOf(args, k, '--every');
      k = at;
      const minutes = Number(value);
      if (!/^\s*[\d.]+\s*$/.test(value) || !Number.isFinite(minutes) || minutes <= 0)
        throw new CliError(`--every takes a number of minutes above 0, not "${value}"`);
      options.everyMinutes = minutes;
    } else if (arg === '--times' || arg.startsWith('--times=')) {
      const [value, at] = valueOf(args, k, '--times');
      k = at;
      const times = Number(value);
      if (!/^\s*\d+\s*$/.test(value) || times < 1)
        throw new CliError(`--times takes a whole number of reads from 1, not "${value}"`);
      options.times = times;
    } else if (arg.startsWith('--')) throw new CliError(`unknown option ${arg} (try watch --help)`);
    else {
      let url: URL;
      try {
        url = new URL(arg);
      } catch {
        throw new CliError(`${arg}: not an address (watch reads http(s) addresses)`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new CliError(`${arg}: not an http(s) address`);
      options.urls.push(url.href);
    }
  }
  if (options.urls.length === 0) throw new CliError('watch needs at least one address (try watch --help)');
  return options;
}

/** A fixed interval asked for on the command line: no jitter, no backoff, no window, no budget. */
function settingsFor(everyMinutes: number | null): WatchSettings {
  if (everyMinutes === null) return watchSettings();
  const every = everyMinutes * 60_000;
  return watchSettings({
    earlyIntervalMs: every,
    lateIntervalMs: every,
    windowMs: Infinity,
    minimumWatchMs: Infinity,
    jitterRatio: 0,
    backoffMaxMs: 0,
    maxFetchesPerHour: Infinity,
  });
}

interface Watched {
  watch: WatchRecord;
  /** Content hashes read so far: the CLI's stand-in for the store's versions. */
  hashes: Set<string>;
  latest: AnalysedArticle | null;
  reads: number;
  nextCheckAt: number | null;
}

export interface WatchLine {
  url: string;
  time: string;
  event: WatchEvent;
  comparison: object | null;
  reason: string | null;
}

/** One read as the JSON line of the contract; exported for the tests' expectations. */
export function watchLine(result: CheckResult, firstRead: boolean): WatchLine {
  const event: WatchEvent = result.outcome === 'unreadable' ? 'error' : result.outcome;
  const reason =
    firstRead && result.outcome === 'unchanged'
      ? 'first read: the next reads are compared with this one'
      : result.outcome === 'changed'
        ? result.summary
        : result.reason;
  return {
    url: result.url,
    time: new Date(result.checkedAt).toISOString(),
    event,
    comparison: result.comparison ? toCliJson(result.comparison) : null,
    reason,
  };
}

function useColour(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

function printLine(line: WatchLine, result: CheckResult, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(line) + '\n');
    return;
  }
  const head = `${line.time}  ${line.event.padEnd(9)}  ${line.url}`;
  process.stdout.write(`${head}${line.reason ? `\n  ${line.reason}` : ''}\n`);
  if (result.comparison) process.stdout.write('\n' + renderText(result.comparison, useColour()));
}

const watch: Command = async (args) => {
  const options = parse(args);
  if (!options) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const settings = settingsFor(options.everyMinutes);
  const random = Math.random;
  const started = Date.now();
  const watched: Watched[] = [...new Set(options.urls)].map((url) => {
    const watch = startWatch(url, { now: started }, settings, random);
    // The first read is the baseline, and it is made at once.
    return { watch, hashes: new Set(), latest: null, reads: 0, nextCheckAt: started };
  });
  const fetches: number[] = [];
  let active = watched;
  while (active.length > 0) {
    const plan = dueWatches(active, { now: Date.now(), online: true, recentFetches: fetches }, settings);
    for (const entry of plan.due) {
      fetches.push(Date.now());
      const result = await checkArticle(
        { url: entry.watch.url, movedTo: entry.watch.movedTo, previous: entry.latest },
        { fetch, now: Date.now },
      );
      const firstRead = entry.latest === null;
      const applied = applyCheckResult(entry.watch, result, entry.hashes, settings, random);
      entry.watch = applied.watch;
      entry.nextCheckAt = applied.watch.nextCheckAt;
      if (result.contentHash) entry.hashes.add(result.contentHash);
      if (result.article) entry.latest = result.article;
      entry.reads++;
      if (options.times !== null && entry.reads >= options.times) entry.nextCheckAt = null;
      printLine(watchLine(result, firstRead), result, options.json);
    }
    active = active.filter((entry) => entry.nextCheckAt !== null);
    if (active.length === 0) break;
    const wakeAt = Math.min(...active.map((entry) => entry.nextCheckAt!));
    await sleep(Math.max(0, wakeAt - Date.now()));
  }
  return 0;
};

export default watch;
