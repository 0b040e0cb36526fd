/**
 * "Watch for edits": a toggle button (`data-watch`, `aria-pressed`) under the article. Turning it
 * on asks, in the click, for what watching needs (the outlet's site and notifications); a refusal
 * leaves the popup as it was and says what watching would need.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ArticleSummary, WatchSummary } from '../../protocol/types';
import type { PopupClient } from '../shared/client';
import { errorText, formatDateTime, formatRelative } from '../shared/format';
import { t } from '../shared/i18n';

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

function statusLine(watch: WatchSummary, now: number): string | null {
  const reason = watch.reason ?? '';
  switch (watch.status) {
    case 'watching':
      return watch.nextCheckAt !== null ? t('popup_watchNext', formatRelative(watch.nextCheckAt, now)) : null;
    case 'removed':
      return t('popup_watchStatus_removed', reason);
    case 'unreadable':
      return t('popup_watchStatus_unreadable', reason);
    case 'error':
      return t('popup_watchStatus_error', reason);
    case 'ended':
      return t('popup_watchStatus_ended');
  }
}

export function WatchToggle({ article, client }: { article: ArticleSummary; client: PopupClient }) {
  const origin = originOf(article.url);
  /** undefined while asking the background. */
  const [watch, setWatch] = useState<WatchSummary | null | undefined>(undefined);
  const [held, setHeld] = useState(false);
  const [refused, setRefused] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.watchStatus({ articleId: article.id }).then(
      (answer) => live && setWatch(answer),
      () => live && setWatch(null),
    );
    if (origin)
      client.watchPermissionsHeld(origin).then(
        (ok) => live && setHeld(ok),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [client, article.id, origin]);

  if (!origin) return null;
  const watching = Boolean(watch);
  const host = new URL(origin).host;

  const change = (on: boolean) =>
    client.setWatch({ articleId: article.id, watching: on }).then(
      (answer) => setWatch(answer),
      (error: unknown) => setFailure(errorText(error)),
    );

  const onClick = () => {
    setFailure(null);
    if (watching) {
      setBusy(true);
      void change(false).finally(() => setBusy(false));
      return;
    }
    // The request comes first and synchronously: the prompt needs this click's gesture.
    const granted = held ? Promise.resolve(true) : client.requestWatchPermissions(origin);
    setBusy(true);
    granted
      .then(
        async (ok) => {
          setRefused(!ok);
          if (!ok) return;
          setHeld(true);
          await change(true);
        },
        () => setRefused(true),
      )
      .finally(() => setBusy(false));
  };

  const now = client.now();
  const line = watch ? statusLine(watch, now) : null;
  return (
    <section class="cc-watch" data-section="watch" data-watch-status={watch?.status ?? 'off'}>
      <button
        type="button"
        class={`cc-button${watching ? ' cc-button--primary' : ''}`}
        data-watch
        aria-pressed={watching ? 'true' : 'false'}
        disabled={watch === undefined || busy}
        onClick={onClick}
      >
        {watching ? t('popup_watching') : t('popup_watch')}
      </button>
      {!watching && !refused && <p class="cc-detail">{t('popup_watchHint')}</p>}
      {line && (
        <p class="cc-detail" title={watch?.nextCheckAt ? formatDateTime(watch.nextCheckAt) : undefined}>
          {line}
        </p>
      )}
      {watch?.movedTo && <p class="cc-detail">{t('popup_watchMoved', watch.movedTo)}</p>}
      {refused && (
        <p class="cc-detail" role="alert" data-watch-refused>
          {t('popup_watchNeeds', host)}
        </p>
      )}
      {failure && (
        <p class="cc-detail" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
