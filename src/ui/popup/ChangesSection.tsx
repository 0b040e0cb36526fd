import { useEffect, useRef, useState } from 'preact/hooks';
import { comparisonHtml, comparisonMarkdown, reportFileName, type ReportInput } from '../../model/report';
import type { Comparison } from '../../model/types';
import type { TabAnalysis, VersionSummary } from '../../protocol/types';
import { DifferenceList } from '../shared/differences';
import { formatRelative, outletName, versionOriginLabel } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import type { PopupClient } from '../shared/client';
import { LoadFailed, LoadingLine } from './LoadStatus';
import { ShowInPageButton } from './ShowInPage';

type Ready = Extract<TabAnalysis, { state: 'ready' }>;

type ComparisonState =
  { kind: 'shown'; comparison: Comparison } | { kind: 'loading' } | { kind: 'failed'; detail: string };

function versionLabel(version: VersionSummary, number: number): string {
  return t(number === 1 ? 'popup_versionOptionFirst' : 'popup_versionOption', [
    number,
    versionOriginLabel(version),
  ]);
}

/**
 * "Copy as text" (the comparison as Markdown on the clipboard, and a word that it worked) and
 * "Save report" (the same as one self-contained HTML file, handed to the browser as a download).
 */
function ReportActions({ client, report }: { client: PopupClient; report: () => ReportInput }) {
  const [done, setDone] = useState<'copied' | 'failed' | 'saved' | null>(null);
  return (
    <div class="cc-copy">
      <button
        type="button"
        class="cc-button cc-button--small"
        data-copy-text
        onClick={() => {
          client.copyText(comparisonMarkdown(report())).then(
            () => setDone('copied'),
            () => setDone('failed'),
          );
        }}
      >
        {t('popup_copyAsText')}
      </button>
      <button
        type="button"
        class="cc-button cc-button--small"
        data-save-report
        onClick={() => {
          const input = report();
          client.saveFile(reportFileName(input), comparisonHtml(input), 'text/html');
          setDone('saved');
        }}
      >
        {t('compare_saveReport')}
      </button>
      {done && (
        <span role="status" class="cc-hint">
          {t(
            done === 'copied' ? 'popup_copied' : done === 'saved' ? 'popup_reportSaved' : 'popup_copyFailed',
          )}
        </span>
      )}
    </div>
  );
}

export function ChangesSection({ analysis, client }: { analysis: Ready; client: PopupClient }) {
  const { current, versions } = analysis;
  const numbered = versions.map((version, index) => ({ version, number: index + 1 }));
  const earlier = numbered.filter(
    ({ version }) => version.id !== current.id && version.capturedAt <= current.capturedAt,
  );
  const initialBase = analysis.baseVersionId ?? earlier[0]?.version.id ?? null;

  const [baseId, setBaseId] = useState<number | null>(initialBase);
  const [state, setState] = useState<ComparisonState>(
    analysis.changes ? { kind: 'shown', comparison: analysis.changes } : { kind: 'loading' },
  );
  const generation = useRef(0);

  const compareWith = (beforeVersionId: number) => {
    const run = ++generation.current;
    setBaseId(beforeVersionId);
    setState({ kind: 'loading' });
    client.compareVersions({ beforeVersionId, afterVersionId: current.id }).then(
      (comparison) => run === generation.current && setState({ kind: 'shown', comparison }),
      (error: unknown) => run === generation.current && setState({ kind: 'failed', detail: String(error) }),
    );
  };

  // The background leaves `changes` empty when it had no base; with earlier versions stored the
  // popup still owes the reader a comparison, so it asks for one (once: the section is keyed by
  // the analysis).
  useEffect(() => {
    if (!analysis.changes && initialBase !== null) compareWith(initialBase);
  }, []);

  if (initialBase === null) {
    return (
      <section class="cc-section" aria-labelledby="cc-changes-heading" data-section="changes">
        <h2 id="cc-changes-heading" class="cc-section-heading">
          {t('popup_changesHeading')}
        </h2>
        <div class="cc-empty" data-empty="first-capture">
          <p class="cc-empty-lead">{t('popup_changesFirstCapture')}</p>
          <p class="cc-empty-hint">{t('popup_changesFirstCaptureHint')}</p>
        </div>
      </section>
    );
  }

  const base = numbered.find(({ version }) => version.id === baseId);
  const now = client.now();

  return (
    <section class="cc-section" aria-labelledby="cc-changes-heading" data-section="changes">
      <div class="cc-section-top">
        <h2 id="cc-changes-heading" class="cc-section-heading">
          {t('popup_changesHeading')}
        </h2>
        {state.kind === 'shown' && state.comparison.differences.length > 0 && (
          <span class="cc-count">{tCount('popup_changesCount', state.comparison.differences.length)}</span>
        )}
      </div>
      <div class="cc-compare-with">
        <label for="cc-base-version">{t('popup_changesCompareWith')}</label>
        {earlier.length > 1 ? (
          <select
            id="cc-base-version"
            class="cc-select"
            value={String(baseId)}
            onChange={(event) => compareWith(Number(event.currentTarget.value))}
          >
            {earlier.map(({ version, number }) => (
              <option key={version.id} value={String(version.id)}>
                {versionLabel(version, number)}
              </option>
            ))}
          </select>
        ) : (
          <span id="cc-base-version" class="cc-static-value">
            {base ? versionLabel(base.version, base.number) : ''}
          </span>
        )}
      </div>
      {state.kind === 'shown' && base && state.comparison.differences.length > 0 && (
        <ReportActions
          client={client}
          report={() => ({
            headline: analysis.article.title,
            outlet: outletName(analysis.article),
            address: analysis.article.url,
            before: base.version,
            after: current,
            comparison: state.comparison,
          })}
        />
      )}
      {state.kind === 'loading' && <LoadingLine text={t('popup_changesLoading')} />}
      {state.kind === 'failed' && (
        <LoadFailed
          text={t('popup_changesFailed')}
          onRetry={baseId !== null ? () => compareWith(baseId) : undefined}
        />
      )}
      {state.kind === 'shown' &&
        (state.comparison.differences.length === 0 ? (
          <p class="cc-empty cc-empty-lead" data-empty="no-changes">
            {t('popup_changesNone', base ? formatRelative(base.version.capturedAt, now) : '')}
          </p>
        ) : (
          <DifferenceList
            differences={state.comparison.differences}
            labels={{ before: t('shared_before'), after: t('shared_after') }}
            actions={(difference) => {
              const text = difference.after ?? difference.before;
              return text ? <ShowInPageButton client={client} tabId={analysis.tabId} text={text} /> : null;
            }}
          />
        ))}
    </section>
  );
}
