/** The empty, loading and error states of the options and comparison pages' views. */
import type { ComponentChildren } from 'preact';
import { errorText } from './format';
import { t } from './i18n';

export function Loading({ label }: { label?: string }) {
  return (
    <p class="cc-state cc-loading" role="status" aria-live="polite">
      {label ?? t('options_loading')}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div class="cc-state cc-error" role="alert">
      <p>
        {t('options_errorPrefix')} {errorText(error)}
      </p>
      <button type="button" class="cc-button" onClick={onRetry} data-testid="retry">
        {t('options_retry')}
      </button>
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="cc-state cc-empty">{children}</div>;
}
