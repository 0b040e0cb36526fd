/** The comparison page's list of differences: one button each, selecting its mark in the text. */
import type { Difference } from '../../model/types';
import { FacetBadges, facetTypes, kindLabel, type SideLabels } from '../shared/differences';
import { t } from '../shared/i18n';

/** Two outlets' reports are not edits of each other: their facet values are not struck or inserted. */
const BETWEEN_REPORTS: ReadonlySet<Difference['kind']> = new Set([
  'conflict',
  'different-quote',
  'different-excerpts',
  'only-before',
  'only-after',
]);

function kindText(diff: Difference, names: SideLabels): string {
  // "Only here / only there" needs the page's own names for the two sides to be unambiguous.
  if (diff.kind === 'only-before') return t('compare_onlyIn', names.before);
  if (diff.kind === 'only-after') return t('compare_onlyIn', names.after);
  return kindLabel(diff.kind);
}

export function DifferenceBadges({ diff, names }: { diff: Difference; names: SideLabels }) {
  return (
    <span class="cc-badges">
      <span class={`cc-badge cc-badge-kind cc-kind-${diff.kind}`} data-kind={diff.kind}>
        {kindText(diff, names)}
      </span>
      <FacetBadges types={facetTypes(diff)} />
    </span>
  );
}

function FacetValues({ diff }: { diff: Difference }) {
  const between = BETWEEN_REPORTS.has(diff.kind);
  return (
    <>
      {diff.facets
        .filter((facet) => facet.before !== null || facet.after !== null)
        .slice(0, 3)
        .map((facet, index) =>
          between ? (
            <span class="cc-facet-change cc-facet-between" key={index}>
              {facet.before !== null && <span class="cc-facet-side">{facet.before}</span>}
              {facet.before !== null && facet.after !== null && (
                <span class="cc-facet-versus"> {t('compare_versus')} </span>
              )}
              {facet.after !== null && <span class="cc-facet-side">{facet.after}</span>}
            </span>
          ) : (
            <span class="cc-facet-change" key={index}>
              {facet.before !== null && <del>{facet.before}</del>}
              {facet.before !== null && facet.after !== null && <span aria-hidden="true"> → </span>}
              {facet.after !== null && <ins>{facet.after}</ins>}
            </span>
          ),
        )}
    </>
  );
}

export function DifferenceNav({
  differences,
  current,
  onSelect,
  unplaced,
  names,
}: {
  differences: Difference[];
  current: number | null;
  onSelect: (index: number) => void;
  unplaced: ReadonlySet<number>;
  names: SideLabels;
}) {
  return (
    <ol class="cc-diff-list" data-testid="difference-list">
      {differences.map((diff, index) => (
        <li key={index}>
          <button
            type="button"
            class={`cc-diff-item${current === index ? ' cc-current' : ''}`}
            aria-current={current === index ? 'true' : undefined}
            data-diff={index}
            data-testid="diff-item"
            onClick={() => onSelect(index)}
          >
            <DifferenceBadges diff={diff} names={names} />
            <span class="cc-diff-text">{diff.after ?? diff.before ?? ''}</span>
            <FacetValues diff={diff} />
            {diff.reason && <span class="cc-hint cc-block">{diff.reason}</span>}
            {unplaced.has(index) && <span class="cc-hint cc-block">{t('compare_notInText')}</span>}
          </button>
        </li>
      ))}
    </ol>
  );
}
