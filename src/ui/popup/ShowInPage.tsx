import { useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import type { PopupClient } from '../shared/client';

/** Scrolls the reader's page to a claim and highlights it; says so when the claim is not there. */
export function ShowInPageButton({
  client,
  tabId,
  text,
}: {
  client: PopupClient;
  tabId: number;
  text: string;
}) {
  const [status, setStatus] = useState<'idle' | 'searching' | 'not-found'>('idle');
  const show = () => {
    setStatus('searching');
    client.showInPage({ tabId, text }).then(
      (found) => setStatus(found ? 'idle' : 'not-found'),
      () => setStatus('not-found'),
    );
  };
  return (
    <>
      <button
        type="button"
        class="cc-button cc-button--small"
        onClick={show}
        disabled={status === 'searching'}
      >
        {t('popup_showInPage')}
      </button>
      <span class="cc-inline-status" role="status">
        {status === 'searching'
          ? t('popup_searchingPage')
          : status === 'not-found'
            ? t('popup_notFoundInPage')
            : ''}
      </span>
    </>
  );
}
