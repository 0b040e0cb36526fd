/**
 * `crosscheck extract <page> [--json] [--force]`: the article the extension would see on a page,
 * and its claims with their facets.
 */
import { extractClaims } from '../../claims/index';
import { outletOf } from '../../extract/index';
import type { Article, Claim } from '../../model/types';
import { CliError, type Command } from '../errors';
import { loadArticle } from '../load';

const HELP = `Usage: crosscheck extract <page> [--json] [--force]

<page> is an .html file, a .txt file (one paragraph per line) or an http(s) URL.
  --force   extract even when the page does not look like an article
  --json    print { "article": Article, "claims": Claim[] } (types in src/model/types.ts):
            article: url, canonicalUrl, urlKey, title, byline, siteName, publishedTime,
              modifiedTime, lang, dir, paragraphs[], credits[], contentHash,
              extractorVersion, removed[{ text, rule }]
            claims[]: id, paragraph, index, text, norm, numbers[], quotes[],
              attributions[], dates[], entities[]`;

function facetLines(claim: Claim): string[] {
  const lines: string[] = [];
  for (const n of claim.numbers) {
    const detail = [
      n.value !== null ? `value ${n.value}` : null,
      n.vague ? `vague${n.range ? ` ${n.range[0]}–${n.range[1]}` : ''}` : null,
      n.counted ? `counts "${n.counted}"` : null,
      n.hedge ? `hedge "${n.hedge}"` : null,
      n.unit ? `unit ${n.unit}` : null,
    ].filter(Boolean);
    lines.push(`number: "${n.text}"${detail.length ? ` (${detail.join(', ')})` : ''}`);
  }
  for (const q of claim.quotes) lines.push(`quote: “${q.text}”${q.speaker ? ` — ${q.speaker}` : ''}`);
  for (const a of claim.attributions) lines.push(`attribution: "${a.text}" (source: ${a.source})`);
  for (const d of claim.dates) lines.push(`date: "${d.text}"${d.iso ? ` (${d.iso})` : ''}`);
  if (claim.entities.length)
    lines.push(`entities: ${claim.entities.map((e) => `${e.text} [${e.type}]`).join(', ')}`);
  return lines;
}

function describe(article: Article, claims: Claim[]): string {
  const outlet = outletOf(article.canonicalUrl ?? article.url) || outletOf(article.url);
  const out: string[] = [
    article.title,
    [article.siteName, outlet && outlet !== article.siteName ? `(${outlet})` : null]
      .filter(Boolean)
      .join(' ') || '(unknown outlet)',
  ];
  if (article.byline) out.push(`by ${article.byline}`);
  if (article.publishedTime) out.push(`published ${article.publishedTime}`);
  if (article.modifiedTime && article.modifiedTime !== article.publishedTime)
    out.push(`modified  ${article.modifiedTime}`);
  out.push(`address   ${article.canonicalUrl ?? article.url}`);
  out.push(
    `${article.paragraphs.length} paragraphs, ${claims.length} claims` +
      (article.credits.length ? `, ${article.credits.length} credit line(s)` : '') +
      (article.removed.length ? `, ${article.removed.length} furniture item(s) removed` : ''),
  );
  out.push('');
  for (const claim of claims) {
    out.push(`[${claim.index + 1}] ¶${claim.paragraph + 1} ${claim.text}`);
    for (const line of facetLines(claim)) out.push(`      ${line}`);
  }
  if (article.credits.length) {
    out.push('', 'Credits:');
    for (const credit of article.credits) out.push(`  ${credit}`);
  }
  if (article.removed.length) {
    out.push('', 'Removed as page furniture:');
    for (const r of article.removed) {
      const text = r.text.length > 100 ? `${r.text.slice(0, 99)}…` : r.text;
      out.push(`  [${r.rule}] ${text}`);
    }
  }
  return out.join('\n');
}

const extract: Command = async (args) => {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json' && a !== '--force');
  if (unknown.length) throw new CliError(`extract: unknown option ${unknown[0]} (try extract --help)`);
  const inputs = args.filter((a) => !a.startsWith('-'));
  if (inputs.length !== 1) throw new CliError('extract: give exactly one page (try extract --help)');
  const article = await loadArticle(inputs[0] ?? '', { force: args.includes('--force') });
  const claims = extractClaims(article);
  process.stdout.write(
    (args.includes('--json') ? JSON.stringify({ article, claims }, null, 2) : describe(article, claims)) +
      '\n',
  );
  return 0;
};

export default extract;
