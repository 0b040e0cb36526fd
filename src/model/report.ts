/**
 * A comparison of two versions as Markdown a fact-checker can paste into a note or a ticket:
 * which article, which two versions (when, from where, their content hashes), and each
 * difference with its before and after. Pure: the popup and the comparison page call it alike.
 * Page text is escaped, so a headline or a sentence cannot turn into links, images or headings.
 */
import type { Comparison, Difference, VersionOrigin } from './types';

export interface ReportVersion {
  capturedAt: number;
  origin: VersionOrigin;
  contentHash: string;
}

export interface ReportInput {
  headline: string;
  outlet: string;
  /** The article's address. */
  address: string;
  before: ReportVersion;
  after: ReportVersion;
  comparison: Comparison;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "25 Sep 2024 14:00 UTC", the same in every locale: a report is read by others. */
export function utcLabel(time: number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** "Internet Archive, captured 25 Sep 2024 14:00 UTC" or "saved in the reader's browser, …". */
export function originLabel(version: Pick<ReportVersion, 'capturedAt' | 'origin'>): string {
  const when = utcLabel(version.capturedAt);
  return version.origin.kind === 'archive'
    ? `${version.origin.archive}, captured ${when}`
    : `saved in the reader's browser, ${when}`;
}

/** Text as literal Markdown: every character that could start markup is escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-=])/, '$1\\$2')
    .replace(/^(\s*\d+)\./, '$1\\.')
    .replace(/\s*\n\s*/g, ' ');
}

const KIND_LABEL: Record<Difference['kind'], string> = {
  changed: 'Changed',
  added: 'Added',
  removed: 'Removed',
  moved: 'Moved',
  conflict: 'Conflict',
  'different-quote': 'Misquoted or altered',
  'different-excerpts': 'Quoted differently',
  'only-before': 'Only before',
  'only-after': 'Only after',
};

function differenceLines(difference: Difference, index: number): string[] {
  const facets = [...new Set(difference.facets.map((facet) => facet.type))];
  const lines = [
    `${index + 1}. **${KIND_LABEL[difference.kind]}**${facets.length ? ` (${facets.join(', ')})` : ''}`,
  ];
  if (difference.before !== null) lines.push(`   - Before: ${escapeMarkdown(difference.before)}`);
  if (difference.after !== null) lines.push(`   - After: ${escapeMarkdown(difference.after)}`);
  for (const facet of difference.facets) {
    if (facet.before === null && facet.after === null) continue;
    const before = facet.before === null ? '(none)' : escapeMarkdown(facet.before);
    const after = facet.after === null ? '(none)' : escapeMarkdown(facet.after);
    lines.push(`   - ${facet.type}: ${before} → ${after}`);
  }
  return lines;
}

/** An address inside `<…>` must not hold `>` or spaces; anything else is shown escaped. */
function addressMarkdown(address: string): string {
  return /^https?:\/\/[^\s<>]+$/i.test(address) ? `<${address}>` : escapeMarkdown(address);
}

function versionLine(name: string, version: ReportVersion): string {
  const capture = version.origin.kind === 'archive' ? `, ${addressMarkdown(version.origin.captureUrl)}` : '';
  return `- ${name}: ${escapeMarkdown(originLabel(version))}${capture} (content hash \`${version.contentHash.replace(/`/g, '')}\`)`;
}

export function comparisonMarkdown(input: ReportInput): string {
  const { comparison } = input;
  const count = comparison.differences.length;
  const lines = [
    `# ${escapeMarkdown(input.headline)}`,
    '',
    `- Outlet: ${escapeMarkdown(input.outlet)}`,
    `- Address: ${addressMarkdown(input.address)}`,
    versionLine('Before', input.before),
    versionLine('After', input.after),
    '',
    count === 0
      ? '## No differences'
      : `## ${count === 1 ? '1 difference' : `${count} differences`}, most significant first`,
    '',
    ...comparison.differences.flatMap((difference, index) => differenceLines(difference, index)),
  ];
  return lines.join('\n').trimEnd() + '\n';
}
