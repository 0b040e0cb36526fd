/**
 * `crosscheck rank <article> <candidate>... [--json]`: how each candidate page relates to the
 * article (an earlier or later version, another outlet's report of the same event, or unrelated),
 * best first. A candidate that holds no article is reported as unreadable, and the rest are ranked.
 */
import { rank } from '../../match/index';
import type { Article, Relation } from '../../model/types';
import { CliError, type Command } from '../errors';
import { loadArticle, UnreadableInput } from '../load';

const HELP = `Usage: crosscheck rank <article> <candidate>... [--json]

Each argument is an .html file, a .txt file (one paragraph per line) or an http(s) URL.
A short page (a news brief) counts as an article. Candidates are ordered: versions of the
article first (same address, or the same text at another address), then the others by their
same-event score (0..1), judged together: reports grouped with the article by event vouch for
each other. A candidate from another outlet scoring at least 0.3 is a sibling (another
outlet's report of the same event), the rest are unrelated. A candidate that holds no
article is listed last as unreadable, with the reason.
  --json    print { "article": path, "candidates": [{ "path", "relation", "score" }] };
            an unreadable candidate has "relation": "unreadable", "score": null and "reason"`;

type RankedPath =
  | { path: string; relation: Relation; score: number }
  | { path: string; relation: 'unreadable'; score: null; reason: string };

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
    const score = r.score === null ? '-' : r.score.toFixed(2);
    lines.push(
      `${String(i + 1).padEnd(3)} ${r.relation.padEnd(relationWidth)} ${score.padStart(5)}  ${r.path}`,
    );
    const note = r.relation === 'unreadable' ? r.reason : titles.get(r.path);
    if (note) lines.push(`${''.padEnd(3 + relationWidth + 9)}  ${note}`);
  });
  return lines.join('\n');
}

type Loaded = { path: string; article: Article } | { path: string; unreadable: string };

async function loadCandidate(path: string): Promise<Loaded> {
  try {
    return { path, article: await loadArticle(path, { briefs: true }) };
  } catch (error) {
    if (error instanceof UnreadableInput) return { path, unreadable: error.message };
    throw error;
  }
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
  const [article, loaded] = await Promise.all([
    loadArticle(articlePath, { briefs: true }),
    Promise.all(uniquePaths.map(loadCandidate)),
  ]);
  const readable = loaded.filter((c): c is { path: string; article: Article } => 'article' in c);
  const ranked: RankedPath[] = rank(
    article,
    readable.map((c) => ({ id: c.path, article: c.article })),
  ).map(({ id, relation, score }) => ({ path: id, relation, score: Math.round(score * 1000) / 1000 }));
  for (const c of loaded) {
    if ('unreadable' in c)
      ranked.push({ path: c.path, relation: 'unreadable', score: null, reason: c.unreadable });
  }

  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify({ article: articlePath, candidates: ranked }, null, 2) + '\n');
  } else {
    const titles = new Map(readable.map((c) => [c.path, c.article.title]));
    process.stdout.write(table(articlePath, article, ranked, titles) + '\n');
  }
  return 0;
};

export default rankCommand;
