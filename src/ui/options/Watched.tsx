/**
 * The "Watched" section (`options.html#watched`): each watched article with its last and next
 * check, its status and its number of versions, an Unwatch button, and "Check now"
 * (`data-check-now`), which re-checks them all and shows how far it got by re-reading the list
 * while the background works.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { WatchCheckReport, WatchSummary } from '../../protocol/types';
import { errorText, formatDateTime } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { articleHash, compareVersionsPath } from '../shared/routes';
import { Empty, ErrorState, Loading } from '../shared/States';
import { useAsync } from '../shared/useAsync';
import { useOptions } from './context';

/** How often the list is re-read while "Check now" runs. */
const PROGRESS_POLL_MS = 400;

type Run =
  | { kind: 'idle' }
  | { kind: 'running'; since: number }
  | { kind: 'done'; report: WatchCheckReport }
  | { kind: 'failed'; message: string };

function WatchRow({ watch, onUnwatch }: { watch: WatchSummary; onUnwatch: (articleId: number) => void }) {
  const { client } = useOptions();
  const title = watch.title || watch.url;
  const news = watch.lastNews;
  return (
    <li
      class="cc-row cc-row--plain"
      data-watch-row={watch.articleId}
      data-watch-status={watch.status}
      data-versions={watch.versionCount}
    >
      <div class="cc-row-main">
        <a class="cc-row-title" href={articleHash(watch.articleId)}>
          {title}
        </a>
        <div class="cc-row-meta">
          <span class="cc-outlet">{watch.siteName ?? watch.outlet}</span>
          <span class="cc-pill" data-watch-state>
            {t(`options_watchStatus_${watch.status}`)}
          </span>
          <span data-last-check>
            {watch.lastCheckAt !== null
              ? t('options_watchLastCheck', formatDateTime(watch.lastCheckAt))
              : t('options_watchNeverChecked')}
          </span>
          <span data-next-check>
            {watch.nextCheckAt !== null
              ? t('options_watchNextCheck', formatDateTime(watch.nextCheckAt))
              : t('options_watchNoNextCheck')}
          </span>
          <span class={watch.versionCount > 1 ? 'cc-pill cc-pill-accent' : 'cc-pill'} data-version-count>
            {tCount('options_versionCount', watch.versionCount)}
          </span>
          {watch.unseen > 0 && <span class="cc-pill cc-pill-accent">{t('options_watchUnseen')}</span>}
        </div>
        {watch.reason && <p class="cc-hint">{watch.reason}</p>}
        {watch.movedTo && <p class="cc-hint">{t('options_watchMovedTo', watch.movedTo)}</p>}
        {news && (
          <p class="cc-hint" data-last-news={news.kind}>
            {news.summary}{' '}
            {news.beforeVersionId !== null && news.afterVersionId !== null && (
              <button
                type="button"
                class="cc-button cc-button--quiet"
                onClick={() =>
                  client.openPage(compareVersionsPath(news.beforeVersionId!, news.afterVersionId!))
                }
              >
                {t('options_watchCompare')}
              </button>
            )}
          </p>
        )}
      </div>
      <button
        type="button"
        class="cc-button cc-button--quiet"
        data-unwatch
        onClick={() => onUnwatch(watch.articleId)}
      >
        {t('options_unwatch')}
      </button>
    </li>
  );
}

export function Watched() {
  const { client, revision, libraryChanged } = useOptions();
  const [tick, setTick] = useState(0);
  const [state, reload] = useAsync(() => client.api.listWatches({}), [revision, tick]);
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const [notice, setNotice] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  useEffect(() => {
    if (run.kind !== 'running') return;
    const timer = setInterval(() => setTick((n) => n + 1), PROGRESS_POLL_MS);
    return () => clearInterval(timer);
  }, [run.kind]);

  const checkNow = () => {
    setNotice(null);
    setRun({ kind: 'running', since: Date.now() });
    client.api.checkWatchesNow({}).then(
      (report) => {
        if (!live.current) return;
        setRun({ kind: 'done', report });
        // New versions belong to the library too.
        libraryChanged();
      },
      (error: unknown) => live.current && setRun({ kind: 'failed', message: errorText(error) }),
    );
  };

  const unwatch = (articleId: number) => {
    setNotice(null);
    client.api.setWatch({ articleId, watching: false }).then(
      () => setTick((n) => n + 1),
      (error: unknown) => setNotice(errorText(error)),
    );
  };

  if (state.status === 'error' && !state.data) return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const watches = state.data;
  const done =
    run.kind === 'running'
      ? watches.filter((w) => w.lastCheckAt !== null && w.lastCheckAt >= run.since).length
      : 0;

  return (
    <section aria-labelledby="cc-watched-title" data-section="watched">
      <h2 id="cc-watched-title" class="cc-section-title">
        {t('options_watchedTitle')}
      </h2>
      <p class="cc-hint">{t('options_watchedHint')}</p>
      <div class="cc-toolbar">
        <button
          type="button"
          class="cc-button cc-button--primary"
          data-check-now
          disabled={run.kind === 'running' || watches.length === 0}
          aria-busy={run.kind === 'running' ? 'true' : 'false'}
          onClick={checkNow}
        >
          {t('options_checkNow')}
        </button>
        <span role="status" aria-live="polite" data-check-progress={run.kind}>
          {run.kind === 'running' && t('options_checking', [String(done), String(watches.length)])}
          {run.kind === 'done' &&
            (run.report.held > 0 && run.report.checked === 0
              ? t('options_checkHeld')
              : t('options_checkReport', [
                  String(run.report.checked),
                  String(run.report.changed),
                  String(run.report.failed),
                ]))}
          {run.kind === 'failed' && run.message}
        </span>
      </div>
      {notice && (
        <p class="cc-hint" role="alert">
          {notice}
        </p>
      )}
      {watches.length === 0 ? (
        <Empty>{t('options_watchedEmpty')}</Empty>
      ) : (
        <ul class="cc-rows" data-testid="watched-list">
          {watches.map((watch) => (
            <WatchRow key={watch.articleId} watch={watch} onUnwatch={unwatch} />
          ))}
        </ul>
      )}
    </section>
  );
}
