/** How a popup section says a comparison is on its way or failed (changes and sibling panels alike). */
import { t } from '../shared/i18n';

export function LoadingLine({ text }: { text: string }) {
  return (
    <p class="cc-progress" role="status">
      {text}
    </p>
  );
}

/** `onRetry` is left out when there is nothing to retry with. */
export function LoadFailed({ text, onRetry }: { text: string; onRetry?: (() => void) | undefined }) {
  return (
    <div class="cc-inline-error" role="alert">
      <p>{text}</p>
      {onRetry && (
        <button type="button" class="cc-button cc-button--small" onClick={onRetry}>
          {t('popup_retry')}
        </button>
      )}
    </div>
  );
}
