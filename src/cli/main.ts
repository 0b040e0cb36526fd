#!/usr/bin/env node
/**
 * `npm run -s crosscheck -- <command> …`: the engine from a terminal. Each command lives in
 * ./commands/; this file only dispatches and turns failures into one line on stderr, exit 2.
 */
import { CliError, type Command } from './errors';

const COMMANDS: Record<string, () => Promise<{ default: Command }>> = {
  extract: () => import('./commands/extract'),
  compare: () => import('./commands/compare'),
  rank: () => import('./commands/rank'),
  watch: () => import('./commands/watch'),
  history: () => import('./commands/history'),
};

const USAGE = `Usage: crosscheck <command> [options]

Commands:
  extract <page> [--json] [--force]          the article and its claims
  compare <before> <after> [--relation version|sibling] [--json]
                                             claim-level differences
  rank <article> <candidate>... [--json]     versions first, then other reports by same-event score
  watch <url>... [--every <minutes>] [--times N] [--json]
                                             re-read on a schedule, print each change
  history <url> [--archive <base>] [--limit N] [--json]
                                             earlier versions from a web archive, compared

<page> is an .html file, a .txt file (one paragraph per line) or an http(s) URL.
See docs/cli.md for the JSON each command prints.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) throw new CliError(`unknown command "${name}" (try --help)`);
  const command = (await load()).default;
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof CliError ? error.message : `unexpected error: ${String(error)}`;
    process.stderr.write(`crosscheck: ${message}\n`);
    if (!(error instanceof CliError) && error instanceof Error && process.env.CROSSCHECK_DEBUG) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    }
    process.exitCode = 2;
  },
);
