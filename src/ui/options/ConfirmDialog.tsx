import { useEffect, useRef } from 'preact/hooks';
import { t } from '../shared/i18n';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
}

/**
 * A modal `<dialog>`: focus moves to the safe choice (Cancel) when it opens, Escape cancels,
 * and focus returns to whatever opened it when it closes.
 */
export function ConfirmDialog({
  request,
  onConfirm,
  onCancel,
}: {
  request: ConfirmRequest | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (request) {
      opener.current = document.activeElement;
      if (!element.open) {
        if (typeof element.showModal === 'function') element.showModal();
        else element.setAttribute('open', '');
      }
      cancel.current?.focus();
    } else if (element.open) {
      if (typeof element.close === 'function') element.close();
      else element.removeAttribute('open');
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [request]);

  return (
    <dialog
      ref={dialog}
      class="cc-dialog"
      aria-labelledby="cc-dialog-title"
      aria-describedby="cc-dialog-body"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {request && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm();
          }}
        >
          <h2 id="cc-dialog-title">{request.title}</h2>
          <p id="cc-dialog-body">{request.body}</p>
          <div class="cc-dialog-actions">
            <button
              type="button"
              class="cc-button"
              ref={cancel}
              onClick={onCancel}
              data-testid="cancel-delete"
            >
              {t('options_cancel')}
            </button>
            <button type="submit" class="cc-button cc-button--danger" data-testid="confirm-delete">
              {request.confirmLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
