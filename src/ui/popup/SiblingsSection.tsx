import { useId, useRef, useState } from 'preact/hooks';
import { SIBLING_GROUPS, type Comparison, type Difference, type SiblingGroupKey } from '../../model/types';
import type { SiblingSummary, TabAnalysis } from '../../protocol/types';
import { DifferenceList } from '../shared/differences';
import { formatDate, formatDateTime, outletName, percent, safeHref } from '../shared/format';
import { t } from '../shared/i18n';
import type { PopupClient } from '../shared/client';
import { LoadFailed, LoadingLine } from './LoadStatus';
import { ShowInPageButton } from './ShowInPage';

type Ready = Extract<TabAnalysis, { state: 'ready' }>;

interface Group {
  key: SiblingGroupKey;
  heading: string;
  differences: Difference[];
}

/**
 * Sibling differences under the group the engine labelled each with (src/compare/siblings/groups.ts),
 * in the model's order, non-empty groups only.
 */
export function headedSiblingGroups(differences: Difference[], otherOutlet: string): Group[] {
  const headings: Record<SiblingGroupKey, string> = {
    conflict: t('popup_groupConflict'),
    'reported-differently': t('popup_groupReportedDifferently'),
    'different-quote': t('popup_groupMisquoted'),
    'different-excerpts': t('popup_groupDifferentQuote'),
    'only-before': t('popup_groupOnlyHere'),
    'only-after': t('popup_groupOnlyThere', otherOutlet),
    other: t('popup_groupOther'),
  };
  return SIBLING_GROUPS.map((key) => ({
    key,
    heading: headings[key],
    differences: differences.filter((difference) => (difference.group ?? 'other') === key),
  })).filter((group) => group.differences.length > 0);
}

type PanelState =
  | { kind: 'closed-unloaded' }
  | { kind: 'loading' }
  | { kind: 'failed' }
  | { kind: 'shown'; comparison: Comparison };

function SiblingItem({
  sibling,
  analysis,
  client,
}: {
  sibling: SiblingSummary;
  analysis: Ready;
  client: PopupClient;
}) {
  const [open, setOpen] = useState(false);
  const [panel, setPanel] = useState<PanelState>({ kind: 'closed-unloaded' });
  const inFlight = useRef(false);
  const panelId = useId();
  const outlet = outletName(sibling);
  const score = percent(sibling.score);
  const href = safeHref(sibling.url);

  const load = () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPanel({ kind: 'loading' });
    client
      .compareSibling({ versionId: analysis.current.id, siblingVersionId: sibling.versionId })
      .then(
        (comparison) => setPanel({ kind: 'shown', comparison }),
        () => setPanel({ kind: 'failed' }),
      )
      .finally(() => {
        inFlight.current = false;
      });
  };

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next && (panel.kind === 'closed-unloaded' || panel.kind === 'failed')) load();
  };

  const when = sibling.publishedTime ?? sibling.capturedAt;

  return (
    <li class="cc-sibling" data-sibling={sibling.versionId}>
      <button
        type="button"
        class="cc-disclosure"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={panelId}
        onClick={toggle}
      >
        <span class="cc-chevron" aria-hidden="true" />
        <span class="cc-sibling-main">
          <span class="cc-sibling-outlet">{outlet}</span>
          <span class="cc-sibling-title">{sibling.title}</span>
          <span class="cc-sibling-time" title={formatDateTime(when)}>
            {formatDate(when)}
          </span>
        </span>
        <span class="cc-score" title={t('popup_siblingMatch', score)}>
          <span class="cc-score-bar" aria-hidden="true">
            <span class="cc-score-fill" style={{ width: `${score}%` }} />
          </span>
          <span class="cc-score-text">{t('popup_siblingMatch', score)}</span>
        </span>
      </button>
      <div id={panelId} class="cc-sibling-panel" hidden={!open}>
        {href && (
          <p class="cc-sibling-link">
            <a href={href} target="_blank" rel="noopener noreferrer">
              {t('popup_siblingOpenArticle')}
            </a>
          </p>
        )}
        {panel.kind === 'loading' && <LoadingLine text={t('popup_siblingLoading')} />}
        {panel.kind === 'failed' && <LoadFailed text={t('popup_siblingFailed')} onRetry={load} />}
        {panel.kind === 'shown' && (
          <SiblingDifferences comparison={panel.comparison} outlet={outlet} {...{ analysis, client }} />
        )}
      </div>
    </li>
  );
}

function SiblingDifferences({
  comparison,
  outlet,
  analysis,
  client,
}: {
  comparison: Comparison;
  outlet: string;
  analysis: Ready;
  client: PopupClient;
}) {
  const groups = headedSiblingGroups(comparison.differences, outlet);
  if (groups.length === 0) return <p class="cc-empty">{t('popup_siblingNoDifferences')}</p>;
  return (
    <>
      {groups.map((group) => (
        <section key={group.key} class="cc-group" data-group={group.key}>
          <h3 class="cc-group-heading">
            {group.heading} <span class="cc-group-count">{group.differences.length}</span>
          </h3>
          <DifferenceList
            differences={group.differences}
            limit={4}
            labels={{ before: t('shared_thisArticle'), after: outlet }}
            actions={(difference) =>
              // Only this article's side of a pair is in the reader's page.
              difference.before ? (
                <ShowInPageButton client={client} tabId={analysis.tabId} text={difference.before} />
              ) : null
            }
          />
        </section>
      ))}
    </>
  );
}

export function SiblingsSection({ analysis, client }: { analysis: Ready; client: PopupClient }) {
  return (
    <section class="cc-section" aria-labelledby="cc-siblings-heading" data-section="siblings">
      <div class="cc-section-top">
        <h2 id="cc-siblings-heading" class="cc-section-heading">
          {t('popup_siblingsHeading')}
        </h2>
      </div>
      {analysis.siblings.length === 0 ? (
        <p class="cc-empty" data-empty="no-siblings">
          {t('popup_siblingsNone')}
        </p>
      ) : (
        <ul class="cc-siblings">
          {analysis.siblings.map((sibling) => (
            <SiblingItem key={sibling.versionId} sibling={sibling} analysis={analysis} client={client} />
          ))}
        </ul>
      )}
    </section>
  );
}
