import { useState } from 'preact/hooks';
import type { OutletSummary } from '../../protocol/types';
import { t, tCount } from '../shared/i18n';
import { outletOrigins } from './origins';
import { useOptions } from './context';
import { errorText } from '../shared/format';
import { optionsHash } from '../shared/routes';
import { Empty, ErrorState, Loading } from '../shared/States';
import { useAsync } from '../shared/useAsync';

export function Outlets() {
  const { client, revision, requestDelete, libraryChanged } = useOptions();
  const [state, reload] = useAsync(
    () => Promise.all([client.api.listOutlets({}), client.api.getSettings({})]),
    [revision],
  );
  const [notice, setNotice] = useState<string | null>(null);

  const setAutoCapture = (outlet: OutletSummary, on: boolean) => {
    setNotice(null);
    const origins = outletOrigins(outlet.outlet);
    // The permission call comes first and synchronously: the prompt needs this click's gesture.
    const permission = on ? client.permissions.request(origins) : client.permissions.remove(origins);
    permission
      .then(async (granted) => {
        if (on && !granted) {
          setNotice(t('options_permissionDenied', outlet.outlet));
          reload();
          return;
        }
        await client.api.setOutletPolicy({ outlet: outlet.outlet, autoCapture: on });
        libraryChanged();
      })
      .catch((error: unknown) => {
        setNotice(errorText(error));
        reload();
      });
  };

  const setIgnored = (outlet: OutletSummary, ignored: boolean) => {
    setNotice(null);
    client.api
      .setOutletPolicy({ outlet: outlet.outlet, ignored })
      .then(libraryChanged, (error: unknown) => setNotice(errorText(error)));
  };

  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  const [outlets, settings] = state.data;

  return (
    <section aria-labelledby="cc-outlets-title">
      <h2 id="cc-outlets-title" class="cc-section-title">
        {t('options_outletsTitle')}
      </h2>
      <p class="cc-hint">
        {settings.autoCapture === 'allowed-outlets'
          ? t('options_outletsHintActive')
          : t('options_outletsHintInactive')}{' '}
        <a href={optionsHash('settings')}>{t('options_tabSettings')}</a>
      </p>
      {notice && (
        <p class="cc-inline-error" role="alert">
          {notice}
        </p>
      )}
      {outlets.length === 0 ? (
        <Empty>{t('options_emptyOutlets')}</Empty>
      ) : (
        <table class="cc-table" data-testid="outlet-table">
          <thead>
            <tr>
              <th scope="col">{t('options_outletColumn')}</th>
              <th scope="col">{t('options_savedColumn')}</th>
              <th scope="col">{t('options_autoCaptureColumn')}</th>
              <th scope="col">{t('options_ignoreColumn')}</th>
              <th scope="col">
                <span class="cc-visually-hidden">{t('options_actionsColumn')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {outlets.map((outlet) => (
              <tr key={outlet.outlet} data-outlet={outlet.outlet}>
                <th scope="row">
                  <span class="cc-outlet">{outlet.siteName ?? outlet.outlet}</span>
                  {outlet.siteName && <span class="cc-hint"> {outlet.outlet}</span>}
                </th>
                <td>
                  {tCount('options_articleCount', outlet.articleCount)} ·{' '}
                  {tCount('options_versionCount', outlet.versionCount)}
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={outlet.autoCapture}
                    disabled={outlet.ignored}
                    aria-label={t('options_autoCaptureFor', outlet.outlet)}
                    onChange={(event) => setAutoCapture(outlet, event.currentTarget.checked)}
                    data-testid="outlet-auto-capture"
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={outlet.ignored}
                    aria-label={t('options_ignoreOutlet', outlet.outlet)}
                    onChange={(event) => setIgnored(outlet, event.currentTarget.checked)}
                    data-testid="outlet-ignore"
                  />
                </td>
                <td>
                  <button
                    type="button"
                    class="cc-button cc-button--quiet"
                    data-testid="delete-outlet"
                    onClick={() =>
                      void requestDelete(
                        { kind: 'outlet', outlet: outlet.outlet },
                        t('options_confirmDeleteOutlet', [
                          outlet.outlet,
                          outlet.articleCount.toLocaleString(),
                        ]),
                      )
                    }
                  >
                    {t('options_deleteOutlet')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
