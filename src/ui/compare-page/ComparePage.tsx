/** compare.html: two versions of one article, or two outlets' reports, with their differences marked in the text. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Comparison } from '../../model/types';
import { comparisonHtml, comparisonMarkdown, reportFileName, type ReportInput } from '../../model/report';
import type { StoredVersion } from '../../protocol/types';
import type { PageClient } from '../shared/client';
import { formatDateTime, safeHref, versionOriginLabel } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import type { CompareParams } from '../shared/routes';
import { ErrorState, Loading } from '../shared/States';
import { useAsync } from '../shared/useAsync';
import { ArticleText } from './ArticleText';
import { DifferenceNav } from './DifferenceNav';
import { hasSide, layoutSide } from './layout';

interface Loaded {
  before: StoredVersion;
  after: StoredVersion;
  comparison: Comparison;
}

async function load(client: PageClient, params: CompareParams): Promise<Loaded> {
  const [first, second, comparison] = await Promise.all([
    client.api.getVersion({ versionId: params.before }),
    client.api.getVersion({ versionId: params.after }),
    params.sibling
      ? client.api.compareSibling({ versionId: params.before, siblingVersionId: params.after })
      : client.api.compareVersions({ beforeVersionId: params.before, afterVersionId: params.after }),
  ]);
  if (!first || !second) throw new Error(t('compare_versionMissing'));
  // The engine names its sides; follow them, so marks land in the text they were found in.
  const swapped = comparison.before.url === second.article.url && comparison.before.url !== first.article.url;
  return swapped
    ? { before: second, after: first, comparison }
    : { before: first, after: second, comparison };
}

export type ViewMode = 'inline' | 'side';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function VersionCard({ version, label }: { version: StoredVersion; label: string }) {
  const href = safeHref(version.article.url);
  return (
    <div class="cc-card cc-version-card">
      <div class="cc-hint">{label}</div>
      <div class="cc-version-title">{version.article.title}</div>
      <div class="cc-row-meta">
        <span>
          {version.summary.origin.kind === 'archive'
            ? versionOriginLabel(version.summary)
            : t('options_capturedOn', formatDateTime(version.summary.capturedAt))}
        </span>
        {href && (
          <a href={href} target="_blank" rel="noopener noreferrer">
            {t('compare_openOriginal')}
          </a>
        )}
      </div>
    </div>
  );
}

/** What the report of this comparison says: the newer version's article, both versions' provenance. */
function reportOf(data: Loaded): ReportInput {
  return {
    headline: data.after.article.title,
    outlet: data.after.article.siteName ?? new URL(data.after.article.url).host,
    address: data.after.article.canonicalUrl ?? data.after.article.url,
    before: data.before.summary,
    after: data.after.summary,
    comparison: data.comparison,
  };
}

export function ComparePage({ client, params }: { client: PageClient; params: CompareParams | null }) {
  const [state, reload] = useAsync(
    () => (params ? load(client, params) : Promise.reject(new Error(t('compare_badAddress')))),
    [client, params?.before, params?.after, params?.sibling],
  );
  const [mode, setMode] = useState<ViewMode>(params?.sibling ? 'side' : 'inline');
  const [copied, setCopied] = useState<string | null>(null);
  const [current, setCurrent] = useState<number | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const data = state.data;
  const differences = data?.comparison.differences ?? [];

  const layouts = useMemo(() => {
    if (!data) return null;
    const before = data.before.article.paragraphs;
    const after = data.after.article.paragraphs;
    return {
      inline: layoutSide(after, differences, 'after', before),
      before: layoutSide(before, differences, 'before'),
      after: layoutSide(after, differences, 'after'),
    };
  }, [data, differences]);

  const unplaced = useMemo(() => {
    if (!layouts) return new Set<number>();
    if (mode === 'inline') {
      // Sentences only the other side has cannot sit in this text: they are listed below it.
      return new Set(layouts.inline.unplaced);
    }
    return new Set(
      differences
        .map((diff, index) => index)
        .filter((index) => layouts.before.unplaced.includes(index) && layouts.after.unplaced.includes(index)),
    );
  }, [layouts, mode, differences]);

  const select = useCallback((index: number) => {
    setCurrent(index);
    const container = root.current;
    const target =
      container?.querySelector<HTMLElement>(`.cc-text[data-side="after"] .cc-mark[data-diff="${index}"]`) ??
      container?.querySelector<HTMLElement>(`.cc-mark[data-diff="${index}"]`) ??
      container?.querySelector<HTMLElement>(`.cc-diff-item[data-diff="${index}"]`);
    if (!target) return;
    target.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    target.focus({ preventScroll: true });
    container
      ?.querySelector<HTMLElement>(`.cc-diff-item[data-diff="${index}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.altKey ||
        event.ctrlKey ||
        event.metaKey ||
        isTyping(event.target) ||
        differences.length === 0
      )
        return;
      const key = event.key.toLowerCase();
      if (key !== 'n' && key !== 'j' && key !== 'p' && key !== 'k') return;
      event.preventDefault();
      const step = key === 'n' || key === 'j' ? 1 : -1;
      const from = current ?? (step > 0 ? -1 : differences.length);
      select((from + step + differences.length) % differences.length);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [current, differences.length, select]);

  useEffect(() => {
    if (data) document.title = `${t('compare_documentTitle')} — ${data.after.article.title}`;
  }, [data]);

  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!data || !layouts) return <Loading />;

  const sibling = data.comparison.relation === 'sibling' || Boolean(params?.sibling);
  const beforeLabel = sibling
    ? (data.before.article.siteName ?? t('compare_firstReport'))
    : t('compare_earlierVersion');
  const afterLabel = sibling
    ? (data.after.article.siteName ?? t('compare_secondReport'))
    : t('compare_laterVersion');
  const onlyBefore =
    mode === 'inline'
      ? differences.map((d, i) => ({ d, i })).filter(({ d, i }) => unplaced.has(i) && !hasSide(d, 'after'))
      : [];

  return (
    <div class="cc-compare" ref={root}>
      <header class="cc-compare-header">
        <h1 class="cc-brand">{sibling ? t('compare_titleSibling') : t('compare_titleVersions')}</h1>
        <div class="cc-version-cards">
          <VersionCard version={data.before} label={beforeLabel} />
          <VersionCard version={data.after} label={afterLabel} />
        </div>
        <div class="cc-compare-controls">
          <div class="cc-segmented" role="group" aria-label={t('compare_viewLabel')}>
            <button
              type="button"
              aria-pressed={mode === 'inline'}
              onClick={() => setMode('inline')}
              data-testid="view-inline"
            >
              {t('compare_viewInline')}
            </button>
            <button
              type="button"
              aria-pressed={mode === 'side'}
              onClick={() => setMode('side')}
              data-testid="view-side"
            >
              {t('compare_viewSide')}
            </button>
          </div>
          <p class="cc-hint" id="cc-keys">
            {t('compare_keyboardHelp')}
          </p>
          <p class="cc-status" data-testid="compare-status">
            {tCount('compare_differenceCount', differences.length)}
          </p>
          {!sibling && differences.length > 0 && (
            <>
              <button
                type="button"
                class="cc-button"
                data-testid="copy-text"
                onClick={() => {
                  client.copyText(comparisonMarkdown(reportOf(data))).then(
                    () => setCopied(t('popup_copied')),
                    () => setCopied(t('popup_copyFailed')),
                  );
                }}
              >
                {t('popup_copyAsText')}
              </button>
              <button
                type="button"
                class="cc-button"
                data-testid="save-report"
                onClick={() => {
                  const report = reportOf(data);
                  client.saveFile(reportFileName(report), comparisonHtml(report), 'text/html');
                }}
              >
                {t('compare_saveReport')}
              </button>
            </>
          )}
          {copied && (
            <span class="cc-hint" role="status">
              {copied}
            </span>
          )}
        </div>
      </header>
      <div class="cc-compare-body">
        <main
          class={mode === 'side' ? 'cc-columns' : 'cc-single'}
          data-testid="compare-text"
          data-mode={mode}
        >
          {mode === 'inline' ? (
            <ArticleText
              layout={layouts.inline}
              side="after"
              differences={differences}
              current={current}
              label={afterLabel}
            />
          ) : (
            (['before', 'after'] as const).map((side) => {
              const label = side === 'before' ? beforeLabel : afterLabel;
              return (
                <section key={side}>
                  <h2 class="cc-column-title">{label}</h2>
                  <ArticleText
                    layout={layouts[side]}
                    side={side}
                    differences={differences}
                    current={current}
                    label={label}
                  />
                </section>
              );
            })
          )}
          {onlyBefore.length > 0 && (
            <section class="cc-card cc-only-before">
              <h2 class="cc-column-title">{t('compare_onlyIn', beforeLabel)}</h2>
              {onlyBefore.map(({ d, i }) => (
                <p key={i}>
                  <mark
                    class={`cc-mark cc-kind-${d.kind}${current === i ? ' cc-current' : ''}`}
                    data-diff={i}
                    data-side="before"
                    tabIndex={-1}
                  >
                    {d.before}
                  </mark>
                </p>
              ))}
            </section>
          )}
        </main>
        <aside class="cc-compare-aside" aria-labelledby="cc-diffs-title" aria-describedby="cc-keys">
          <h2 id="cc-diffs-title" class="cc-column-title">
            {t('compare_differencesTitle')}
          </h2>
          {differences.length === 0 ? (
            <p class="cc-state cc-empty">
              {sibling ? t('compare_noDifferencesSibling') : t('compare_noDifferences')}
            </p>
          ) : (
            <DifferenceNav
              differences={differences}
              current={current}
              onSelect={select}
              unplaced={unplaced}
              names={{ before: beforeLabel, after: afterLabel }}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
