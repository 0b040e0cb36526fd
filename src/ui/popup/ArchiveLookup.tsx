/**
 * "Look for earlier versions in web archives": asks the background to look the article up in the
 * archive the reader chose, after the browser granted access to that archive inside the click.
 * Says honestly what came of it: versions added, no archived copies, or why nothing was stored.
 *
 * With "Check web archives for articles I open" on, an article with nothing earlier stored is
 * looked up by itself once per archive (the background remembers it with the article); without
 * the archive's permission the popup never prompts on its own: it says so in one line, with a
 * button that asks inside the click.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  ArchiveCaptureReport,
  ArchiveLookupResult,
  ArchiveReasonCode,
  ArchiveSourceInfo,
  TabAnalysis,
} from '../../protocol/types';
import type { PopupClient } from '../shared/client';
import { formatDateTime, formatUtc } from '../shared/format';
import { t, tCount } from '../shared/i18n';

type Ready = Extract<TabAnalysis, { state: 'ready' }>;
type Failed = Extract<ArchiveLookupResult, { state: 'failed' }>;

/** A rate limit this close is waited out while the popup stays open; a later one is left to the reader. */
const AUTO_RETRY_MS = 5 * 60_000;

type Finished = Exclude<ArchiveLookupResult, { state: 'skipped' }>;

type LookupState =
  | { kind: 'idle' }
  /** Looking up on open is on, but the archive's permission is missing: a hint and a button. */
  | { kind: 'needs-access' }
  | { kind: 'running' }
  | { kind: 'result'; result: Finished; retryAt: number | null };

/** The catalogue key of a reason code: message names allow only letters, digits and `_`. */
export function reasonKey(code: ArchiveReasonCode): string {
  return `popup_archiveReason_${code.replace(/-/g, '_')}`;
}

/** Why a capture was not used, in the reader's language; the English detail when no code came. */
function reasonText(capture: ArchiveCaptureReport): string {
  return capture.reasonCode ? t(reasonKey(capture.reasonCode)) : (capture.reason ?? '');
}

function failureText(result: Failed, retryAt: number | null): string {
  const archive = result.archive;
  switch (result.kind) {
    case 'unavailable':
      return t('popup_archiveUnavailable', archive);
    case 'rate-limited':
      return retryAt !== null
        ? t('popup_archiveRateLimited', [archive, formatDateTime(retryAt)])
        : t('popup_archiveRateLimitedLater', archive);
    case 'timeout':
      return t('popup_archiveTimeout', archive);
    case 'cancelled':
      return t('popup_archiveCancelled');
    case 'network':
      return t('popup_archiveNetwork', archive);
    case 'bad-answer':
      return t('popup_archiveBadAnswer', archive);
    case 'no-permission':
      return t('popup_archiveNoPermission', archive);
    case 'store':
      return t('popup_archiveFailed', result.message);
  }
}

export function ArchiveLookup({
  analysis,
  client,
  lastResult,
  onResult,
}: {
  analysis: Ready;
  client: PopupClient;
  /** The lookup that led to this analysis, kept by the popup across its re-analysis. */
  lastResult: ArchiveLookupResult | null;
  /** A lookup ended; `stored` > 0 means the popup should analyse the tab again. */
  onResult: (result: ArchiveLookupResult) => void;
}) {
  const [source, setSource] = useState<ArchiveSourceInfo | null>(null);
  const [state, setState] = useState<LookupState>(
    lastResult && lastResult.state !== 'skipped'
      ? { kind: 'result', result: lastResult, retryAt: null }
      : { kind: 'idle' },
  );
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const articleId = analysis.article.id;

  const lookUp = (automatic = false) => {
    setState({ kind: 'running' });
    client.lookUpArchive(automatic ? { articleId, automatic } : { articleId }).then(
      (result) => {
        // Looked up before (another popup, an earlier open): nothing was sent, nothing to say.
        if (result.state === 'skipped') {
          setState({ kind: 'idle' });
          return;
        }
        const retryAt =
          result.state === 'failed' && result.kind === 'rate-limited' && result.retryAt !== null
            ? result.retryAt
            : null;
        const wait = retryAt === null ? null : retryAt - client.now();
        const scheduled = wait !== null && wait <= AUTO_RETRY_MS ? retryAt : null;
        setState({ kind: 'result', result, retryAt: scheduled });
        if (scheduled !== null) retryTimer.current = setTimeout(() => lookUp(), Math.max(0, wait ?? 0));
        onResult(result);
      },
      (error: unknown) =>
        setState({
          kind: 'result',
          result: {
            state: 'failed',
            archive: source?.name ?? '',
            kind: 'store',
            message: String(error),
            retryAt: null,
          },
          retryAt: null,
        }),
    );
  };

  useEffect(() => {
    let live = true;
    client.archiveSource({ articleId }).then(
      (info) => {
        if (!live) return;
        setSource(info);
        // "Check web archives for articles I open": only where nothing earlier is stored, once per
        // article and archive, and only when Crosscheck may already reach the archive: a prompt
        // needs the reader's click, so without the permission the popup offers the button.
        const nothingEarlier = analysis.versions.length <= 1;
        if (!info.lookupOnOpen || !nothingEarlier || lastResult || info.lookedUpAt !== null) return;
        if (info.granted) lookUp(true);
        else setState({ kind: 'needs-access' });
      },
      () => undefined,
    );
    return () => {
      live = false;
      if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    };
  }, []);

  if (!source) return null;

  const start = () => {
    if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    if (source.granted) {
      lookUp();
      return;
    }
    const refused = () =>
      setState({
        kind: 'result',
        result: { state: 'failed', archive: source.name, kind: 'no-permission', message: '', retryAt: null },
        retryAt: null,
      });
    // Straight from the click, before any await: the permission prompt needs the gesture.
    client.requestHostPattern(source.originPattern).then((granted) => {
      if (granted) {
        setSource({ ...source, granted: true });
        lookUp();
      } else refused();
    }, refused);
  };

  const result = state.kind === 'result' ? state.result : null;
  const skipped =
    result?.state === 'done' ? result.captures.filter((capture) => capture.status === 'skipped') : [];

  return (
    <section
      class="cc-section cc-archive"
      aria-labelledby="cc-archive-heading"
      data-section="archive"
      data-archive-state={
        state.kind === 'result' ? (result?.state === 'done' ? 'done' : result?.kind) : state.kind
      }
    >
      <h2 id="cc-archive-heading" class="cc-section-heading">
        {t('popup_archiveHeading')}
      </h2>
      {state.kind === 'running' ? (
        <div class="cc-archive-running">
          <p class="cc-progress" role="status" data-archive-progress>
            {t('popup_archiveRunning', source.name)}
          </p>
          <button
            type="button"
            class="cc-button cc-button--small"
            data-archive-cancel
            onClick={() => void client.cancelArchiveLookup({ articleId })}
          >
            {t('popup_archiveCancel')}
          </button>
        </div>
      ) : (
        <>
          {result?.state === 'done' && (
            <div role="status" data-archive-result>
              <p>
                {result.listed === 0
                  ? t('popup_archiveNoCopies', result.archive)
                  : result.stored > 0
                    ? tCount('popup_archiveStored', result.stored)
                    : t('popup_archiveNothingNew', [result.archive, result.listed.toLocaleString()])}
              </p>
              {skipped.length > 0 && (
                <ul class="cc-archive-skipped">
                  {skipped.map((capture) => (
                    <li key={capture.timestamp}>
                      {t('popup_archiveSkipped', [formatUtc(capture.capturedAt), reasonText(capture)])}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {result?.state === 'failed' && (
            <p class="cc-inline-error" role="alert" data-archive-failure={result.kind}>
              {failureText(result, state.kind === 'result' ? state.retryAt : null)}
            </p>
          )}
          {state.kind === 'needs-access' ? (
            <p class="cc-archive-needs-access" data-archive-needs-access>
              <span>{t('popup_archiveOnOpenNeedsAccess', source.name)}</span>{' '}
              <button
                type="button"
                class="cc-button cc-button--small"
                data-archive-lookup
                data-archive-allow
                onClick={start}
              >
                {t('popup_archiveAllow')}
              </button>
            </p>
          ) : (
            !(result?.state === 'done' && result.stored > 0) && (
              <>
                <button type="button" class="cc-button" data-archive-lookup onClick={start}>
                  {result?.state === 'failed' ? t('popup_archiveTryAgain') : t('popup_archiveLookUp')}
                </button>
                <p class="cc-empty-hint">{t('popup_archiveWhatIsSent', source.name)}</p>
              </>
            )
          )}
        </>
      )}
    </section>
  );
}
