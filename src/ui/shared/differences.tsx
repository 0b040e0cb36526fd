/**
 * How one claim-level difference is shown, wherever it is shown (popup, options, comparison
 * page). Every piece of article text goes in as a Preact text child: page content never
 * becomes markup.
 */
import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Difference, DifferenceKind, FacetChange, FacetType, WordDiffPart } from '../../model/types';
import { t } from './i18n';

const FACET_ORDER: FacetType[] = ['number', 'quote', 'attribution', 'date', 'entity', 'headline', 'wording'];

export function kindLabel(kind: DifferenceKind): string {
  return t(`shared_kind_${kind.replace(/-/g, '_')}`);
}

export function facetLabel(type: FacetType): string {
  return t(`shared_facet_${type}`);
}

/** Facet types of a difference, each once, in a fixed reading order. */
export function facetTypes(difference: Difference): FacetType[] {
  const present = new Set(difference.facets.map((facet) => facet.type));
  return FACET_ORDER.filter((type) => present.has(type));
}

export function FacetBadges({ types }: { types: FacetType[] }) {
  if (types.length === 0) return null;
  return (
    <span class="cc-badges">
      {types.map((type) => (
        <span key={type} class={`cc-badge cc-badge--${type}`}>
          {facetLabel(type)}
        </span>
      ))}
    </span>
  );
}

/** Track-changes rendering of a word diff: removed words struck, added words underlined. */
export function WordDiff({ parts }: { parts: WordDiffPart[] }) {
  return (
    <>
      {parts.map((part, index) => {
        // Screen readers do not announce <del>/<ins>, so each mark carries a hidden word.
        if (part.removed)
          return (
            <Fragment key={index}>
              <span class="cc-visually-hidden">{`[${t('shared_deleted')}: `}</span>
              <del>{part.value}</del>
              <span class="cc-visually-hidden">]</span>
            </Fragment>
          );
        if (part.added)
          return (
            <Fragment key={index}>
              <span class="cc-visually-hidden">{`[${t('shared_inserted')}: `}</span>
              <ins>{part.value}</ins>
              <span class="cc-visually-hidden">]</span>
            </Fragment>
          );
        return <span key={index}>{part.value}</span>;
      })}
    </>
  );
}

/**
 * One side of a pair shown apart: the words only this side has are marked (struck/underlined
 * for an edit, highlighted for two outlets' sentences), the other side's words left out.
 */
export function SideText({
  parts,
  side,
  marks,
}: {
  parts: WordDiffPart[];
  side: 'before' | 'after';
  marks: 'edit' | 'highlight';
}) {
  return (
    <>
      {parts.map((part, index) => {
        if (side === 'before' ? part.added : part.removed) return null;
        if (!part.added && !part.removed) return <span key={index}>{part.value}</span>;
        if (marks === 'highlight') return <mark key={index}>{part.value}</mark>;
        return side === 'before' ? <del key={index}>{part.value}</del> : <ins key={index}>{part.value}</ins>;
      })}
    </>
  );
}

/** How much of the shorter side's text the two sides share, 0..1 (whitespace ignored). */
export function sharedShare(parts: WordDiffPart[]): number {
  let common = 0;
  let before = 0;
  let after = 0;
  for (const part of parts) {
    const size = part.value.replace(/\s+/g, '').length;
    if (!part.added) before += size;
    if (!part.removed) after += size;
    if (!part.added && !part.removed) common += size;
  }
  const shorter = Math.min(before, after);
  return shorter === 0 ? 0 : common / shorter;
}

/**
 * Below this share, a word diff marks nearly every word and reads as noise: an edit is shown as
 * two sides instead of one track-changes line, and two outlets' sentences without highlights.
 */
const READABLE_OVERLAP = 0.5;

function FacetChangeLine({ change }: { change: FacetChange }) {
  const label = facetLabel(change.type);
  if (change.before !== null && change.after !== null) {
    return (
      <li>
        <span class="cc-facet-name">{label}</span> <q class="cc-facet-before">{change.before}</q>
        <span class="cc-arrow">{' → '}</span>
        <q class="cc-facet-after">{change.after}</q>
      </li>
    );
  }
  const text = change.after ?? change.before;
  if (text === null) return null;
  return (
    <li>
      <span class="cc-facet-name">{label}</span>{' '}
      {t(change.after !== null ? 'shared_facetAdded' : 'shared_facetRemoved')}{' '}
      <q class={change.after !== null ? 'cc-facet-after' : 'cc-facet-before'}>{text}</q>
    </li>
  );
}

export interface SideLabels {
  before: string;
  after: string;
}

const VERSION_KINDS: ReadonlySet<DifferenceKind> = new Set(['changed', 'added', 'removed', 'moved']);

export function DifferenceItem({
  difference,
  labels,
  actions,
}: {
  difference: Difference;
  /** Names of the two sides, e.g. Before/After or This article/<outlet>. */
  labels: SideLabels;
  actions?: ComponentChildren;
}) {
  const types = facetTypes(difference);
  const { before, after, words } = difference;
  const isEdit = VERSION_KINDS.has(difference.kind);
  // For a claim with no counterpart every facet is "added"/"removed" and only repeats the claim
  // text shown above it; the badges already name them.
  const paired = before !== null && after !== null;
  // A facet line is a summary: one nearly as long as the claims (a whole quote) only repeats them.
  const claimsLength = (before?.length ?? 0) + (after?.length ?? 0);
  const facetLines =
    paired && difference.kind !== 'different-excerpts' && difference.kind !== 'different-quote'
      ? difference.facets.filter(
          (facet) =>
            facet.type !== 'wording' &&
            (facet.before !== null || facet.after !== null) &&
            (facet.before?.length ?? 0) + (facet.after?.length ?? 0) <= claimsLength / 2,
        )
      : [];

  let body: ComponentChildren;
  const overlap = words ? sharedShare(words) : 0;
  // A misquote's word diff is of the two quotations, not of the sentences around them.
  const quoteDiff = difference.kind === 'different-quote' && difference.alteration !== undefined;
  if (difference.kind === 'different-excerpts' && difference.quotes) {
    const { quotes } = difference;
    const column = (label: string, list: string[]) => (
      <div class="cc-side">
        <span class="cc-side-label">{label}</span>
        <ul class="cc-quotes">
          {list.map((quote, index) => (
            <li key={index} class="cc-quote">
              “{quote}”
            </li>
          ))}
        </ul>
      </div>
    );
    body = (
      <div class="cc-pair" data-speaker={quotes.speaker}>
        {column(labels.before, quotes.before)}
        {column(labels.after, quotes.after)}
      </div>
    );
  } else if (quoteDiff && before !== null && after !== null && words) {
    body = (
      <>
        <p class="cc-alteration" data-alteration={difference.alteration}>
          {t(`shared_alteration_${difference.alteration!.replace(/-/g, '_')}`)}
        </p>
        <p class="cc-claim cc-quote-diff">
          <WordDiff parts={words} />
        </p>
        <div class="cc-pair">
          <div class="cc-side">
            <span class="cc-side-label">{labels.before}</span>
            <p class="cc-claim">{before}</p>
          </div>
          <div class="cc-side">
            <span class="cc-side-label">{labels.after}</span>
            <p class="cc-claim">{after}</p>
          </div>
        </div>
      </>
    );
  } else if (before !== null && after !== null && isEdit && words && overlap >= READABLE_OVERLAP) {
    body = (
      <p class="cc-claim">
        <WordDiff parts={words} />
      </p>
    );
  } else if (before !== null && after !== null) {
    const marks = isEdit ? 'edit' : overlap >= READABLE_OVERLAP ? 'highlight' : null;
    const side = (which: 'before' | 'after') =>
      words && marks ? (
        <SideText parts={words} side={which} marks={marks} />
      ) : which === 'before' ? (
        before
      ) : (
        after
      );
    body = (
      <div class="cc-pair">
        <div class="cc-side">
          <span class="cc-side-label">{labels.before}</span>
          <p class="cc-claim">{side('before')}</p>
        </div>
        <div class="cc-side">
          <span class="cc-side-label">{labels.after}</span>
          <p class="cc-claim">{side('after')}</p>
        </div>
      </div>
    );
  } else {
    body = (
      <p class={`cc-claim${difference.kind === 'removed' ? ' cc-claim--gone' : ''}`}>{after ?? before}</p>
    );
  }

  return (
    <li
      class={`cc-diff cc-diff--${difference.kind}`}
      data-kind={difference.kind}
      data-facets={types.join(' ')}
    >
      <div class="cc-diff-head">
        <span class={`cc-kind cc-kind--${difference.kind}`}>{kindLabel(difference.kind)}</span>
        <FacetBadges types={types} />
      </div>
      {body}
      {facetLines.length > 0 && (
        <ul class="cc-facet-changes">
          {facetLines.map((change, index) => (
            <FacetChangeLine key={index} change={change} />
          ))}
        </ul>
      )}
      {difference.reason && <p class="cc-reason">{difference.reason}</p>}
      {actions && <div class="cc-diff-actions">{actions}</div>}
    </li>
  );
}

/** A list that shows the first `limit` items and a "Show all N" button for the rest. */
export function DifferenceList({
  differences,
  labels,
  limit = 8,
  actions,
}: {
  differences: Difference[];
  labels: SideLabels;
  limit?: number;
  actions?: (difference: Difference) => ComponentChildren;
}) {
  const [expanded, setExpanded] = useState(false);
  const visible = expanded ? differences : differences.slice(0, limit);
  return (
    <>
      <ol class="cc-diff-list">
        {visible.map((difference, index) => (
          <DifferenceItem
            key={`${difference.beforeId ?? ''}:${difference.afterId ?? ''}:${index}`}
            difference={difference}
            labels={labels}
            actions={actions?.(difference)}
          />
        ))}
      </ol>
      {differences.length > limit && (
        <button
          type="button"
          class="cc-button cc-button--quiet cc-show-all"
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? t('shared_showFewer') : t('shared_showAll', differences.length)}
        </button>
      )}
    </>
  );
}
