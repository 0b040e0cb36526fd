/**
 * The most significant claim change of an edit in one line of words, for a system notification
 * (which shows a title and a short body, no markup) and for the CLI's text output.
 */
import type { Comparison, Difference, FacetChange, FacetType } from '../model/types';

/** Notification bodies are cut by the browsers at a few lines; quoted spans stay shorter. */
const MAX_SPAN_CHARS = 90;

/** The facet that says most about a difference, in the engine's significance order. */
const FACET_ORDER: readonly FacetType[] = ['number', 'attribution', 'headline', 'quote', 'entity', 'date'];

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_SPAN_CHARS) return flat;
  const cut = flat.slice(0, MAX_SPAN_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_SPAN_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.—–-]+$/, '')}…`;
}

const q = (text: string) => `"${clip(text)}"`;

function keyFacet(d: Difference): FacetChange | null {
  for (const type of FACET_ORDER) {
    const facet = d.facets.find((f) => f.type === type && (f.before !== null || f.after !== null));
    if (facet) return facet;
  }
  return null;
}

/** One difference in words, with `who` as the subject ("Fox News", "the outlet"). */
export function describeDifference(d: Difference, who: string): string {
  const facet = keyFacet(d);
  const headline = facet?.type === 'headline' ? 'the headline ' : '';
  if (facet && facet.before !== null && facet.after !== null)
    return `${who} changed ${headline}${q(facet.before)} to ${q(facet.after)}`;
  if (d.kind === 'added' || d.kind === 'only-after')
    return d.after !== null ? `${who} added ${q(d.after)}` : `${who} added a passage`;
  if (d.kind === 'removed' || d.kind === 'only-before')
    return d.before !== null ? `${who} removed ${q(d.before)}` : `${who} removed a passage`;
  if (facet && facet.before !== null) return `${who} dropped ${q(facet.before)}`;
  if (facet && facet.after !== null) return `${who} added ${q(facet.after)}`;
  if (d.kind === 'moved') return `${who} moved ${q(d.after ?? d.before ?? '')}`;
  if (d.before !== null && d.after !== null) return `${who} reworded ${q(d.before)} as ${q(d.after)}`;
  return `${who} edited the article`;
}

/**
 * `Fox News changed "40,000 U.S. troops" to "a small number of U.S. troops"`: the first (most
 * significant) difference of a version comparison, said with the outlet as subject. The outlet
 * is the name the reader knows it by (`outletName`, e.g. the store's site name), else the site
 * name the page gives, else "The outlet".
 */
export function headlineChange(comparison: Comparison, outletName: string | null): string {
  const who = outletName?.trim() || comparison.after.siteName?.trim() || 'The outlet';
  const top = comparison.differences[0];
  if (!top) return `${who} edited the article; no claim changed`;
  return describeDifference(top, who);
}
