/**
 * The toolbar popup: what changed in this article since it was first saved, and where other
 * outlets' reports of the same story differ. It paints the header from `tabHeader` at once and
 * fills in the analysis when the background answers. State contract: see ./README.md.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ArchiveLookupResult, TabAnalysis, TabHeader } from '../../protocol/types';
import type { PopupClient } from '../shared/client';
import { errorText, formatDateTime, formatRelative, outletName } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { ArchiveLookup } from './ArchiveLookup';
import { ChangesSection } from './ChangesSection';
import { SiblingsSection } from './SiblingsSection';
import { WatchToggle } from './WatchToggle';

type View =
  | { kind: 'loading' }
  | { kind: 'analysis'; analysis: TabAnalysis }
  /** The background did not answer at all (not installed yet, crashed, message failed). */
  | { kind: 'unreachable'; detail: string };

export type PopupState = 'loading' | 'ready' | 'not-article' | 'error';

/** The root's `data-state` / `data-reason`, the contract the e2e tests read. */
export function describeView(view: View): { state: PopupState; reason: string | null } {
  if (view.kind === 'loading') return { state: 'loading', reason: null };
  if (view.kind === 'unreachable') return { state: 'error', reason: 'unreachable' };
  const analysis = view.analysis;
  switch (analysis.state) {
    case 'ready':
      return { state: 'ready', reason: null };
    case 'not-article':
      return { state: 'not-article', reason: analysis.reason };
    case 'restricted':
      return { state: 'not-article', reason: 'restricted' };
    case 'needs-permission':
      return { state: 'not-article', reason: 'needs-permission' };
    case 'error':
      return { state: 'error', reason: analysis.quotaExceeded ? 'quota' : 'failed' };
  }
}

/** "https://www.foxnews.com" → "www.foxnews.com": what a reader recognises on a button. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}

interface HeaderFacts {
  title: string;
  outlet: string;
  capturedAt: number | null;
  versionCount: number | null;
  savedNewVersion: boolean;
}

function headerFacts(header: TabHeader | null, view: View): HeaderFacts | null {
  const analysis = view.kind === 'analysis' ? view.analysis : null;
  if (analysis?.state === 'ready') {
    return {
      title: analysis.article.title,
      outlet: outletName(analysis.article),
      capturedAt: analysis.current.capturedAt,
      versionCount: analysis.versions.length,
      savedNewVersion: analysis.savedNewVersion,
    };
  }
  const analysedTitle = analysis?.state === 'not-article' ? analysis.title : null;
  if (!header)
    return analysedTitle
      ? { title: analysedTitle, outlet: '', capturedAt: null, versionCount: null, savedNewVersion: false }
      : null;
  const stored = header.stored;
  return {
    title: stored?.title ?? header.title ?? analysedTitle ?? t('popup_untitled'),
    outlet: stored ? outletName(stored) : header.url ? outletName({ siteName: null, url: header.url }) : '',
    capturedAt: stored?.lastCapturedAt ?? null,
    versionCount: stored?.versionCount ?? null,
    savedNewVersion: false,
  };
}

function Header({ facts, now, loading }: { facts: HeaderFacts | null; now: number; loading: boolean }) {
  return (
    <header class="cc-header">
      <div class="cc-brand-row">
        <span class="cc-brand">
          <span class="cc-brand-mark" aria-hidden="true" />
          {t('extName')}
        </span>
        {facts?.savedNewVersion && <span class="cc-pill">{t('popup_newVersionSaved')}</span>}
      </div>
      {facts ? (
        <>
          <h1 class="cc-title">{facts.title}</h1>
          <p class="cc-meta">
            {facts.outlet && <span class="cc-outlet">{facts.outlet}</span>}
            {facts.capturedAt !== null ? (
              <time
                dateTime={new Date(facts.capturedAt).toISOString()}
                title={formatDateTime(facts.capturedAt)}
              >
                {t('popup_capturedAgo', formatRelative(facts.capturedAt, now))}
              </time>
            ) : (
              !loading && <span>{t('popup_notYetSaved')}</span>
            )}
            {facts.versionCount !== null && facts.versionCount > 0 && (
              <span class="cc-versions">{tCount('popup_versionsStored', facts.versionCount)}</span>
            )}
          </p>
        </>
      ) : (
        <div class="cc-title-placeholder" aria-hidden="true">
          <span />
          <span />
        </div>
      )}
    </header>
  );
}

function Notice({
  tone,
  heading,
  children,
}: {
  tone: 'neutral' | 'warning' | 'error';
  heading: string;
  children?: ComponentChildren;
}) {
  return (
    <section class={`cc-notice cc-notice--${tone}`}>
      <h2 class="cc-notice-heading">{heading}</h2>
      {children}
    </section>
  );
}

function liveSummary(view: View): string {
  if (view.kind === 'loading') return t('popup_analysing');
  if (view.kind === 'unreachable') return t('popup_errorHeading');
  const analysis = view.analysis;
  switch (analysis.state) {
    case 'ready': {
      const changes = analysis.changes
        ? tCount('popup_liveChanges', analysis.changes.differences.length)
        : t('popup_liveFirstCapture');
      return t('popup_analysisReady', [changes, tCount('popup_liveSiblings', analysis.siblings.length)]);
    }
    case 'not-article':
      return t('popup_notArticleHeading');
    case 'restricted':
      return t('popup_restrictedHeading');
    case 'needs-permission':
      return t('popup_needsPermissionHeading');
    case 'error':
      return analysis.quotaExceeded ? t('popup_quotaHeading') : t('popup_errorHeading');
  }
}

export function Popup({ client }: { client: PopupClient }) {
  const [tabId, setTabId] = useState<number | null>(null);
  const [header, setHeader] = useState<TabHeader | null>(null);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [permissionRefused, setPermissionRefused] = useState(false);
  const [archiveResult, setArchiveResult] = useState<ArchiveLookupResult | null>(null);
  // Only the newest request may paint: a slow first answer must not overwrite a retry's.
  const generation = useRef(0);

  const analyse = useCallback(
    (id: number, options: { force?: boolean } = {}) => {
      const run = ++generation.current;
      setView({ kind: 'loading' });
      client.analyseTab({ tabId: id, ...options }).then(
        (analysis) => run === generation.current && setView({ kind: 'analysis', analysis }),
        (error: unknown) =>
          run === generation.current && setView({ kind: 'unreachable', detail: errorText(error) }),
      );
    },
    [client],
  );

  const start = useCallback(() => {
    setView({ kind: 'loading' });
    client.resolveTabId().then(
      (id) => {
        setTabId(id);
        // Header and analysis run side by side: the header is the first paint, never a gate.
        client.tabHeader({ tabId: id }).then(setHeader, () => undefined);
        analyse(id);
      },
      (error: unknown) => setView({ kind: 'unreachable', detail: errorText(error) }),
    );
  }, [client, analyse]);

  // Before the first paint, not after it (where useEffect runs): the background reads the tab
  // while the popup is still being laid out and painted.
  useLayoutEffect(start, [start]);

  const retry = () => (tabId === null ? start() : analyse(tabId));
  const { state, reason } = describeView(view);
  const now = client.now();

  let body: ComponentChildren;
  if (view.kind === 'loading') {
    body = (
      <div class="cc-loading">
        <span class="cc-spinner" aria-hidden="true" />
        <p>{t('popup_analysing')}</p>
      </div>
    );
  } else if (view.kind === 'unreachable') {
    body = (
      <Notice tone="error" heading={t('popup_errorHeading')}>
        <p>{t('popup_errorUnreachable')}</p>
        <p class="cc-detail">{view.detail}</p>
        <button type="button" class="cc-button cc-button--primary" onClick={retry}>
          {t('popup_retry')}
        </button>
      </Notice>
    );
  } else {
    const analysis = view.analysis;
    switch (analysis.state) {
      case 'ready':
        body = (
          <>
            <ChangesSection
              key={`changes-${analysis.current.id}-${analysis.versions.length}`}
              analysis={analysis}
              client={client}
            />
            <ArchiveLookup
              key={`archive-${analysis.current.id}-${analysis.versions.length}`}
              analysis={analysis}
              client={client}
              lastResult={archiveResult}
              onResult={(result) => {
                setArchiveResult(result);
                // The captures are versions now: the analysis compares with the earliest of them.
                if (result.state === 'done' && result.stored > 0) analyse(analysis.tabId);
              }}
            />
            <SiblingsSection key={`siblings-${analysis.current.id}`} analysis={analysis} client={client} />
            <WatchToggle key={`watch-${analysis.article.id}`} article={analysis.article} client={client} />
          </>
        );
        break;
      case 'not-article':
        body = (
          <Notice tone="neutral" heading={t('popup_notArticleHeading')}>
            <p>{t(`popup_notArticle_${analysis.reason.replace(/-/g, '_')}`)}</p>
            {analysis.message && <p class="cc-detail">{analysis.message}</p>}
            <button
              type="button"
              class="cc-button cc-button--primary"
              onClick={() => analyse(analysis.tabId, { force: true })}
            >
              {t('popup_analyseAnyway')}
            </button>
          </Notice>
        );
        break;
      case 'restricted':
        body = (
          <Notice tone="neutral" heading={t('popup_restrictedHeading')}>
            <p data-restricted={analysis.reason}>
              {t(`popup_restricted_${analysis.reason.replace(/-/g, '_')}`)}
            </p>
          </Notice>
        );
        break;
      case 'needs-permission':
        body = (
          <Notice tone="warning" heading={t('popup_needsPermissionHeading')}>
            <p>{analysis.message}</p>
            {!analysis.origin && (
              <>
                <p class="cc-detail">{t('popup_needsPermissionClick')}</p>
                <button type="button" class="cc-button" onClick={() => client.openOptions()}>
                  {t('popup_openOptions')}
                </button>
              </>
            )}
            {analysis.origin && (
              <button
                type="button"
                class="cc-button cc-button--primary"
                onClick={() => {
                  // Straight from the click, before any await: the permission prompt needs the gesture.
                  const granted = client.requestSiteAccess(analysis.origin);
                  setPermissionRefused(false);
                  granted.then(
                    (ok) => (ok ? analyse(analysis.tabId) : setPermissionRefused(true)),
                    () => setPermissionRefused(true),
                  );
                }}
              >
                {t('popup_allowOn', hostOf(analysis.origin))}
              </button>
            )}
            {permissionRefused && (
              <p class="cc-detail" role="alert">
                {t('popup_permissionRefused')}
              </p>
            )}
          </Notice>
        );
        break;
      case 'error':
        body = analysis.quotaExceeded ? (
          <Notice tone="warning" heading={t('popup_quotaHeading')}>
            <p>{t('popup_quotaHint')}</p>
            {analysis.message && <p class="cc-detail">{analysis.message}</p>}
            <button type="button" class="cc-button cc-button--primary" onClick={() => client.openOptions()}>
              {t('popup_freeSpace')}
            </button>
          </Notice>
        ) : (
          <Notice tone="error" heading={t('popup_errorHeading')}>
            <p>{t(`problem_${analysis.code.replace(/-/g, '_')}`)}</p>
            {analysis.message && <p class="cc-detail">{analysis.message}</p>}
            <button type="button" class="cc-button cc-button--primary" onClick={retry}>
              {t('popup_retry')}
            </button>
          </Notice>
        );
        break;
    }
  }

  return (
    <div
      class={`cc-popup${client.inTab ? ' cc-popup--tab' : ''}`}
      data-state={state}
      data-reason={reason ?? undefined}
      aria-busy={state === 'loading' ? 'true' : 'false'}
    >
      <Header facts={headerFacts(header, view)} now={now} loading={state === 'loading'} />
      <p class="cc-visually-hidden" aria-live="polite" role="status">
        {liveSummary(view)}
      </p>
      <main class="cc-body">{body}</main>
      <footer class="cc-footer">
        <button type="button" class="cc-button cc-button--quiet" onClick={() => client.openOptions()}>
          {t('popup_openOptions')}
        </button>
        {!client.inTab && tabId !== null && (
          <button type="button" class="cc-button cc-button--quiet" onClick={() => client.openInTab(tabId)}>
            {t('popup_openInTab')}
          </button>
        )}
      </footer>
    </div>
  );
}
