/**
 * `crosscheck rank <article> <candidate>... [--json]`: how each candidate page relates to the
 * article (an earlier or later version, another outlet's report of the same event, or unrelated),
 * best first.
 */
import { rank } from '../../match/index';
import type { Article, Relation } from '../../model/types';
import { CliError, type Command } from '../errors';
import { loadArticle } from '../load';

const HELP = `Usage: crosscheck rank <article> <candidate>... [--json]

Each argument is an .html file, a .txt file (one paragraph per line) or an http(s) URL.
Candidates are ordered: versions of the article first (same address, or the same text at
another address), then other outlets' reports of the same event (siblings) by score, then
unrelated pages. score is 0..1; a sibling scores at least 0.3.
  --json    print { "article": path, "candidates": [{ "path", "relation", "score" }] }`;

interface RankedPath {
  path: string;
  relation: Relation;
  score: number;
}

function table(
  articlePath: string,
  article: Article,
  ranked: RankedPath[],
  titles: Map<string, string>,
): string {
  const lines = [`${article.title}`, `  ${articlePath}`, ''];
  const relationWidth = Math.max(8, ...ranked.map((r) => r.relation.length));
  lines.push(`${'#'.padEnd(3)} ${'relation'.padEnd(relationWidth)} ${'score'.padStart(5)}  candidate`);
  ranked.forEach((r, i) => {
    lines.push(
      `${String(i + 1).padEnd(3)} ${r.relation.padEnd(relationWidth)} ${r.score.toFixed(2).padStart(5)}  ${r.path}`,
    );
    const title = titles.get(r.path);
    if (title) lines.push(`${''.padEnd(3 + relationWidth + 9)}  ${title}`);
  });
  return lines.join('\n');
}

const rankCommand: Command = async (args) => {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (unknown.length) throw new CliError(`rank: unknown option ${unknown[0]} (try rank --help)`);
  const inputs = args.filter((a) => !a.startsWith('-'));
  const [articlePath, ...candidatePaths] = inputs;
  if (!articlePath || candidatePaths.length === 0) {
    throw new CliError('rank: give an article and at least one candidate (try rank --help)');
  }
  // A page the user names twice is still one page: rank it once.
  const uniquePaths = [...new Set(candidatePaths)];
  const [article, ...candidates] = await Promise.all(
    [articlePath, ...uniquePaths].map((p) => loadArticle(p)),
  );
  const ranked: RankedPath[] = rank(
    article!,
    candidates.map((candidate, i) => ({ id: uniquePaths[i]!, article: candidate })),
  ).map(({ id, relation, score }) => ({ path: id, relation, score }));

  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify({ article: articlePath, candidates: ranked }, null, 2) + '\n');
  } else {
    const titles = new Map(candidates.map((c, i) => [uniquePaths[i]!, c.title]));
    process.stdout.write(table(articlePath, article!, ranked, titles) + '\n');
  }
  return 0;
};

export default rankCommand;
