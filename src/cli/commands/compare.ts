/**
 * `crosscheck compare <before> <after> [--relation version|sibling] [--json]`: claim-level
 * differences between two articles. The JSON is a contract (docs/cli.md).
 */
import { analyse } from '../../claims/index';
import { compareArticles, toCliJson } from '../../compare/index';
import type { Comparison, Difference, Relation, WordDiffPart } from '../../model/types';
import { CliError, type Command } from '../errors';
import { loadArticle } from '../load';

const HELP = `Usage: crosscheck compare <before> <after> [--relation version|sibling] [--json]

Claim-level differences between two articles: what changed between two versions of one
article, or where two outlets' reports of one event differ. Without --relation the relation
is detected (version, sibling or unrelated; unrelated articles get no differences).

<before>/<after>: an .html file, a .txt file (one paragraph per line) or an http(s) URL.
  --relation version|sibling   force the comparison mode
  --json                       print the JSON contract (see docs/cli.md)`;

interface Options {
  inputs: string[];
  relation: Relation | undefined;
  json: boolean;
}

function parse(args: string[]): Options | null {
  const options: Options = { inputs: [], relation: undefined, json: false };
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--json') options.json = true;
    else if (arg === '--relation' || arg.startsWith('--relation=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++k];
      if (value !== 'version' && value !== 'sibling') {
        throw new CliError(`--relation must be "version" or "sibling", not "${value ?? ''}"`);
      }
      options.relation = value;
    } else if (arg.startsWith('--')) throw new CliError(`unknown option ${arg} (try compare --help)`);
    else options.inputs.push(arg);
  }
  if (options.inputs.length !== 2) throw new CliError('compare needs exactly two inputs: <before> <after>');
  return options;
}

const compare: Command = async (args) => {
  const options = parse(args);
  if (!options) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const [beforeInput, afterInput] = options.inputs as [string, string];
  const [before, after] = await Promise.all([loadArticle(beforeInput), loadArticle(afterInput)]);
  const comparison = compareArticles(analyse(before), analyse(after), options.relation);
  if (options.json) process.stdout.write(JSON.stringify(toCliJson(comparison), null, 2) + '\n');
  else process.stdout.write(renderText(comparison, useColour()));
  return 0;
};

export default compare;

function useColour(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

interface Paint {
  bold: (s: string) => string;
  dim: (s: string) => string;
  added: (s: string) => string;
  removed: (s: string) => string;
  badge: (s: string) => string;
}

function paint(colour: boolean): Paint {
  const wrap = (open: string, close: string) => (s: string) =>
    colour ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    // Without colour the markers carry the meaning: {+inserted+} and [-deleted-], as in git's word diff.
    added: colour ? wrap('32;4', '24;39') : (s) => `{+${s}+}`,
    removed: colour ? wrap('31;9', '29;39') : (s) => `[-${s}-]`,
    badge: wrap('36', '39'),
  };
}

const KIND_LABEL: Record<Difference['kind'], string> = {
  changed: 'CHANGED',
  added: 'ADDED',
  removed: 'REMOVED',
  moved: 'MOVED',
  conflict: 'CONFLICT',
  'different-quote': 'MISQUOTED OR ALTERED',
  'different-excerpts': 'QUOTED DIFFERENTLY',
  'only-before': 'ONLY IN BEFORE',
  'only-after': 'ONLY IN AFTER',
};

/** Terminal rendering: header, then each difference with badges and a marked word diff. */
export function renderText(c: Comparison, colour: boolean): string {
  const p = paint(colour);
  const lines: string[] = [];
  const side = (label: string, s: Comparison['before']) =>
    `${label} ${p.bold(s.title || '(untitled)')}${s.siteName ? ` — ${s.siteName}` : ''}${s.url ? p.dim(` <${s.url}>`) : ''}`;
  lines.push(side('before:', c.before), side('after: ', c.after));
  lines.push(
    `relation: ${p.bold(c.relation)}   similarity: ${c.similarity.toFixed(2)}   differences: ${c.differences.length}`,
    '',
  );
  if (c.relation === 'unrelated' && c.differences.length === 0) {
    lines.push(
      p.dim('These articles look unrelated; use --relation version|sibling to compare them anyway.'),
    );
  }
  c.differences.forEach((d, index) => {
    const badges = [...new Set(d.facets.map((f) => f.type))].map((t) => p.badge(`[${t}]`)).join(' ');
    lines.push(
      `${index + 1}. ${p.bold(KIND_LABEL[d.kind])} ${badges} ${p.dim(`significance ${d.significance.toFixed(2)}`)}`,
    );
    if (d.words && (d.kind === 'changed' || d.kind === 'moved')) lines.push(`   ${renderWords(d.words, p)}`);
    else {
      if (d.before !== null) lines.push(`   before: ${d.before}`);
      if (d.after !== null) lines.push(`   after:  ${d.after}`);
    }
    for (const facet of d.facets) {
      if (facet.type === 'wording') continue;
      lines.push(p.dim(`   ${facet.type}: ${facet.before ?? '∅'} → ${facet.after ?? '∅'}`));
    }
    if (d.quotes) {
      for (const q of d.quotes.before) lines.push(p.dim(`   before quotes: “${q}”`));
      for (const q of d.quotes.after) lines.push(p.dim(`   after quotes:  “${q}”`));
    }
    if (d.alteration && d.words) lines.push(`   ${renderWords(d.words, p)}`);
    if (d.reason) lines.push(p.dim(`   ${d.reason}`));
    lines.push('');
  });
  return lines.join('\n') + '\n';
}

function renderWords(words: readonly WordDiffPart[], p: Paint): string {
  return words
    .map((part) => (part.added ? p.added(part.value) : part.removed ? p.removed(part.value) : part.value))
    .join('');
}
