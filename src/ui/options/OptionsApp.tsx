import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DeletionResult, DeletionTarget } from '../../protocol/types';
import type { PageClient } from '../shared/client';
import { errorText, formatBytes } from '../shared/format';
import { t, tCount } from '../shared/i18n';
import { optionsHash, parseOptionsRoute, type OptionsRoute } from '../shared/routes';
import { ArticlePage } from './ArticlePage';
import { ConfirmDialog, type ConfirmRequest } from './ConfirmDialog';
import { OptionsContext, type OptionsContextValue } from './context';
import { DataPanel } from './DataPanel';
import { Library } from './Library';
import { Outlets } from './Outlets';
import { Privacy } from './Privacy';
import { SettingsPanel } from './Settings';
import { Watched } from './Watched';

const TABS: { view: Exclude<OptionsRoute['view'], 'article'>; label: string }[] = [
  { view: 'library', label: 'options_tabLibrary' },
  { view: 'watched', label: 'options_tabWatched' },
  { view: 'outlets', label: 'options_tabOutlets' },
  { view: 'settings', label: 'options_tabSettings' },
  { view: 'data', label: 'options_tabData' },
  { view: 'privacy', label: 'options_tabPrivacy' },
];

interface Toast {
  id: number;
  text: string;
  undoable: boolean;
  error?: boolean;
}

interface PendingDelete {
  target: DeletionTarget;
  request: ConfirmRequest;
  resolve: (deleted: boolean) => void;
}

function deletedText(result: DeletionResult): string {
  const summary = t('options_deletedSummary', [
    tCount('options_articleCount', result.articles),
    tCount('options_versionCount', result.versions),
  ]);
  // Something was deleted but nothing kept: the service found the library too full for Undo's copy.
  return result.versions > 0 && !result.undoable ? `${summary} ${t('options_deletedWithoutUndo')}` : summary;
}

export function OptionsApp({ client }: { client: PageClient }) {
  const firstHash = useRef(location.hash);
  const [route, setRoute] = useState<OptionsRoute>(() => parseOptionsRoute(firstHash.current));
  const [revision, setRevision] = useState(0);
  const [pending, setPending] = useState<PendingDelete | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [quota, setQuota] = useState<{ exceeded: boolean; bytes: number | null } | null>(null);
  const toastIds = useRef(0);

  const main = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);
  useEffect(() => {
    // After an in-page navigation, start reading at the new view, as a page load would.
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo?.({ top: 0 });
  }, [route]);

  useEffect(() => {
    const onHash = () => setRoute(parseOptionsRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    // The address may have changed between the first render and this listener (a link followed
    // while the page was still loading): that change fired no event we heard.
    if (location.hash !== firstHash.current) onHash();
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    let live = true;
    client.api.storageUsage({}).then(
      (usage) => {
        const nearlyFull =
          usage.bytes !== null && usage.quota !== null && usage.quota > 0 && usage.bytes / usage.quota > 0.98;
        if (live) setQuota({ exceeded: Boolean(usage.quotaExceeded) || nearlyFull, bytes: usage.bytes });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, revision]);

  const libraryChanged = useCallback(() => setRevision((n) => n + 1), []);
  // A capture in another tab, a watch check: the lists follow without a reload.
  useEffect(() => client.onLibraryChanged?.(libraryChanged), [client, libraryChanged]);

  const requestDelete = useCallback(
    (target: DeletionTarget, description: string) =>
      new Promise<boolean>((resolve) => {
        setPending({
          target,
          resolve,
          request: {
            title: t('options_confirmDeleteTitle'),
            body: description,
            confirmLabel: t('options_delete'),
          },
        });
      }),
    [],
  );

  const confirm = async () => {
    if (!pending) return;
    const { target, resolve } = pending;
    setPending(null);
    try {
      const result = await client.api.deleteItems(target);
      setToast({ id: ++toastIds.current, text: deletedText(result), undoable: result.undoable });
      libraryChanged();
      resolve(true);
    } catch (error) {
      setToast({ id: ++toastIds.current, text: errorText(error), undoable: false, error: true });
      resolve(false);
    }
  };

  const cancel = () => {
    pending?.resolve(false);
    setPending(null);
  };

  const undo = async () => {
    setToast(null);
    try {
      const result = await client.api.undoDelete({});
      setToast({
        id: ++toastIds.current,
        text: t('options_restoredSummary', [
          tCount('options_articleCount', result.articles),
          tCount('options_versionCount', result.versions),
        ]),
        undoable: false,
      });
      libraryChanged();
    } catch (error) {
      setToast({ id: ++toastIds.current, text: errorText(error), undoable: false, error: true });
    }
  };

  const context = useMemo<OptionsContextValue>(
    () => ({ client, revision, requestDelete, libraryChanged }),
    [client, revision, requestDelete, libraryChanged],
  );

  const activeTab = route.view === 'article' ? 'library' : route.view;

  return (
    <OptionsContext.Provider value={context}>
      <div class="cc-page">
        <header class="cc-header">
          <h1 class="cc-brand">{t('options_title')}</h1>
          <nav aria-label={t('options_navLabel')}>
            <ul class="cc-tabs">
              {TABS.map((tab) => (
                <li key={tab.view}>
                  <a
                    href={optionsHash(tab.view)}
                    class="cc-tab"
                    aria-current={activeTab === tab.view ? 'page' : undefined}
                    data-testid={`tab-${tab.view}`}
                  >
                    {t(tab.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        {quota?.exceeded && (
          <div class="cc-banner cc-banner-warning" role="alert" data-testid="quota-banner">
            {t('options_quotaBanner', quota.bytes === null ? '—' : formatBytes(quota.bytes))}{' '}
            <a href={optionsHash('settings')}>{t('options_quotaBannerAction')}</a>
          </div>
        )}
        <main class="cc-main" ref={main} tabIndex={-1}>
          {route.view === 'library' && <Library />}
          {route.view === 'article' && <ArticlePage articleId={route.articleId} />}
          {route.view === 'watched' && <Watched />}
          {route.view === 'outlets' && <Outlets />}
          {route.view === 'settings' && <SettingsPanel />}
          {route.view === 'data' && <DataPanel />}
          {route.view === 'privacy' && <Privacy />}
        </main>
        <footer class="cc-footer">
          <p>{t('options_privacyShort')}</p>
        </footer>
        <ConfirmDialog
          request={pending?.request ?? null}
          onConfirm={() => void confirm()}
          onCancel={cancel}
        />
        <div class="cc-toast-region" aria-live="polite">
          {toast && (
            <div class={`cc-toast${toast.error ? ' cc-toast-error' : ''}`} key={toast.id} data-testid="toast">
              <span>{toast.text}</span>
              {toast.undoable && (
                <button type="button" class="cc-button" onClick={() => void undo()} data-testid="undo-delete">
                  {t('options_undo')}
                </button>
              )}
              <button
                type="button"
                class="cc-icon-button"
                aria-label={t('options_dismiss')}
                onClick={() => setToast(null)}
              >
                ×
              </button>
            </div>
          )}
        </div>
      </div>
    </OptionsContext.Provider>
  );
}
