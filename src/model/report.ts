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

/** Text as HTML text: nothing in it can become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const REPORT_CSS = `body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}dt{font-weight:600}dd{margin:0 0 .5rem}code{font-size:.85em;word-break:break-all}
ol{padding-left:1.4rem}li{margin:.8rem 0}.kind{font-weight:600}.before{color:#8a1c1c}.after{color:#14532d}
.facet{color:#555;font-size:.9em}.address{word-break:break-all}`;

function versionHtml(name: string, version: ReportVersion): string {
  const capture =
    version.origin.kind === 'archive'
      ? `<br>capture address: <span class="address">${escapeHtml(version.origin.captureUrl)}</span>`
      : '';
  return `<dt>${name}</dt><dd>${escapeHtml(originLabel(version))}${capture}<br>content hash: <code>${escapeHtml(version.contentHash)}</code></dd>`;
}

function differenceHtml(difference: Difference): string {
  const facets = [...new Set(difference.facets.map((facet) => facet.type))];
  const parts = [
    `<span class="kind">${escapeHtml(KIND_LABEL[difference.kind])}</span>${facets.length ? ` (${escapeHtml(facets.join(', '))})` : ''}`,
  ];
  if (difference.before !== null)
    parts.push(`<div class="before">Before: ${escapeHtml(difference.before)}</div>`);
  if (difference.after !== null)
    parts.push(`<div class="after">After: ${escapeHtml(difference.after)}</div>`);
  for (const facet of difference.facets) {
    if (facet.before === null && facet.after === null) continue;
    parts.push(
      `<div class="facet">${escapeHtml(facet.type)}: ${escapeHtml(facet.before ?? '(none)')} → ${escapeHtml(facet.after ?? '(none)')}</div>`,
    );
  }
  return `<li>${parts.join('')}</li>`;
}

/**
 * The same report as one self-contained HTML file: no script, no remote resource (the page's
 * own policy forbids any), every address shown as text rather than a link, and each version's
 * capture address and content hash, so anyone can check that "this sentence changed between
 * these two captures".
 */
export function comparisonHtml(input: ReportInput): string {
  const { comparison } = input;
  const count = comparison.differences.length;
  const heading =
    count === 0
      ? 'No differences'
      : `${count === 1 ? '1 difference' : `${count} differences`}, most significant first`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(input.headline)} — Crosscheck report</title>`,
    `<style>${REPORT_CSS}</style></head><body>`,
    `<h1>${escapeHtml(input.headline)}</h1>`,
    '<dl>',
    `<dt>Outlet</dt><dd>${escapeHtml(input.outlet)}</dd>`,
    `<dt>Address</dt><dd class="address">${escapeHtml(input.address)}</dd>`,
    versionHtml('Before', input.before),
    versionHtml('After', input.after),
    '</dl>',
    `<h2>${heading}</h2>`,
    `<ol>${comparison.differences.map(differenceHtml).join('')}</ol>`,
    '<p><small>Made by Crosscheck on the reader’s device.</small></p>',
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * "crosscheck-report-<host>-<before hash prefix>-<after hash prefix>.html": one name per pair of
 * versions, the same from the popup and the comparison page.
 */
export function reportFileName(report: ReportInput): string {
  let host = 'article';
  try {
    host = new URL(report.address).hostname.replace(/^www\./, '');
  } catch {
    // Not an address: the generic name will do.
  }
  return `crosscheck-report-${host}-${report.before.contentHash.slice(0, 8)}-${report.after.contentHash.slice(0, 8)}.html`;
}
