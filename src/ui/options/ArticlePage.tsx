import { useEffect, useState } from 'preact/hooks';
import type { VersionSummary } from '../../protocol/types';
import { t, tCount } from '../shared/i18n';
import { useOptions } from './context';
import { formatDateTime, formatPublished, formatUtc, safeHref, versionOriginLabel } from '../shared/format';
import { articleHash, compareSiblingPath, compareVersionsPath, optionsHash } from '../shared/routes';
import { Empty, ErrorState, Loading } from '../shared/States';
import { useAsync } from '../shared/useAsync';

function changeLabel(version: VersionSummary): string {
  if (version.changeCount === null) return t('options_firstCapture');
  if (version.changeCount === 0) return t('options_noChanges');
  return tCount('options_changeCount', version.changeCount);
}

/** Where a version came from: the reader's browser, or an archive's capture with a link to it. */
function VersionOriginLine({ version }: { version: VersionSummary }) {
  const origin = version.origin;
  if (origin.kind !== 'archive') return <span>{t('shared_originReader')}</span>;
  const href = safeHref(origin.captureUrl);
  return (
    <span>
      {versionOriginLabel(version)}
      {href && (
        <>
          {' · '}
          <a href={href} target="_blank" rel="noopener noreferrer">
            {t('shared_openCapture')}
          </a>
        </>
      )}
    </span>
  );
}

export function ArticlePage({ articleId }: { articleId: number }) {
  const { client, revision, requestDelete } = useOptions();
  const [state, reload] = useAsync(() => client.api.getArticle({ articleId }), [articleId, revision]);
  const [before, setBefore] = useState<number | null>(null);
  const [after, setAfter] = useState<number | null>(null);

  const detail = state.data;
  useEffect(() => {
    if (!detail) return;
    const first = detail.versions[0];
    const last = detail.versions[detail.versions.length - 1];
    setBefore((current) =>
      current !== null && detail.versions.some((v) => v.id === current) ? current : (first?.id ?? null),
    );
    setAfter((current) =>
      current !== null && detail.versions.some((v) => v.id === current) ? current : (last?.id ?? null),
    );
  }, [detail]);

  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (state.status === 'loading' && !detail) return <Loading />;
  if (!detail)
    return (
      <Empty>
        <p>{t('options_articleGone')}</p>
        <a href={optionsHash('library')}>{t('options_backToLibrary')}</a>
      </Empty>
    );

  const { article, versions, siblings } = detail;
  const title = article.title || article.url;
  const href = safeHref(article.url);
  const published = formatPublished(article.publishedTime);
  const largest = Math.max(1, ...versions.map((v) => v.changeCount ?? 0));
  const latest = versions[versions.length - 1];

  return (
    <article class="cc-article" data-article-id={article.id}>
      <p>
        <a href={optionsHash('library')} class="cc-back">
          ← {t('options_backToLibrary')}
        </a>
      </p>
      <h2 class="cc-section-title">{title}</h2>
      <p class="cc-row-meta">
        <span class="cc-outlet">{article.siteName ?? article.outlet}</span>
        {published && <span>{t('options_publishedOn', published)}</span>}
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" class="cc-url">
            {article.url}
          </a>
        ) : (
          <span class="cc-url">{article.url}</span>
        )}
      </p>

      <section aria-labelledby="cc-versions-title" class="cc-card">
        <h3 id="cc-versions-title">{tCount('options_versionCount', versions.length)}</h3>
        <ol class="cc-timeline">
          {versions.map((version, index) => {
            const previous = versions[index - 1];
            return (
              <li key={version.id} class="cc-timeline-item" data-version-id={version.id}>
                <div class="cc-timeline-when">
                  <time dateTime={new Date(version.capturedAt).toISOString()}>
                    {version.origin.kind === 'archive'
                      ? formatUtc(version.capturedAt)
                      : formatDateTime(version.capturedAt)}
                  </time>
                </div>
                <div class="cc-timeline-body">
                  <div class="cc-timeline-change">
                    {version.changeCount ? (
                      <span
                        class="cc-change-bar"
                        style={{ inlineSize: `${Math.round((version.changeCount / largest) * 100)}%` }}
                        aria-hidden="true"
                      />
                    ) : null}
                    <span>{changeLabel(version)}</span>
                  </div>
                  <div class="cc-row-meta" data-origin={version.origin.kind}>
                    <VersionOriginLine version={version} />
                    <span>{tCount('options_claimCount', version.claimCount)}</span>
                    <span>{tCount('options_wordCount', version.wordCount)}</span>
                    {version.title !== article.title && (
                      <span class="cc-version-title">“{version.title}”</span>
                    )}
                  </div>
                  <div class="cc-timeline-actions">
                    <label class="cc-radio">
                      <input
                        type="radio"
                        name="cc-before"
                        checked={before === version.id}
                        onChange={() => setBefore(version.id)}
                      />
                      {t('options_pickBefore')}
                    </label>
                    <label class="cc-radio">
                      <input
                        type="radio"
                        name="cc-after"
                        checked={after === version.id}
                        onChange={() => setAfter(version.id)}
                      />
                      {t('options_pickAfter')}
                    </label>
                    {previous && (
                      <button
                        type="button"
                        class="cc-button cc-button--quiet"
                        onClick={() => client.openPage(compareVersionsPath(previous.id, version.id))}
                        data-testid="compare-previous"
                      >
                        {t('options_compareWithPrevious')}
                      </button>
                    )}
                    <button
                      type="button"
                      class="cc-button cc-button--quiet"
                      data-testid="delete-version"
                      onClick={() =>
                        void requestDelete(
                          { kind: 'version', versionId: version.id },
                          t('options_confirmDeleteVersion', formatDateTime(version.capturedAt)),
                        )
                      }
                    >
                      {t('options_deleteVersion')}
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
        <div class="cc-actions">
          <button
            type="button"
            class="cc-button cc-button--primary"
            disabled={before === null || after === null || before === after}
            onClick={() =>
              before !== null && after !== null && client.openPage(compareVersionsPath(before, after))
            }
            data-testid="compare-versions"
          >
            {t('options_compareSelected')}
          </button>
          {versions.length < 2 && <span class="cc-hint">{t('options_needTwoVersions')}</span>}
        </div>
      </section>

      <section aria-labelledby="cc-siblings-title" class="cc-card">
        <h3 id="cc-siblings-title">{t('options_siblingsTitle')}</h3>
        {siblings.length === 0 ? (
          <p class="cc-hint">{t('options_noSiblings')}</p>
        ) : (
          <ul class="cc-rows">
            {siblings.map((sibling) => (
              <li
                key={sibling.versionId}
                class="cc-row cc-row--plain"
                data-sibling-article-id={sibling.articleId}
              >
                <div class="cc-row-main">
                  <a class="cc-row-title" href={articleHash(sibling.articleId)}>
                    {sibling.title || sibling.url}
                  </a>
                  <div class="cc-row-meta">
                    <span class="cc-outlet">{sibling.siteName ?? sibling.outlet}</span>
                    <span>{t('options_matchScore', Math.round(sibling.score * 100).toString())}</span>
                    <span>{t('options_capturedOn', formatDateTime(sibling.capturedAt))}</span>
                  </div>
                </div>
                {latest && (
                  <button
                    type="button"
                    class="cc-button"
                    onClick={() => client.openPage(compareSiblingPath(latest.id, sibling.versionId))}
                    data-testid="compare-sibling"
                  >
                    {t('options_compareWithReport')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div class="cc-actions cc-danger-zone">
        <button
          type="button"
          class="cc-button cc-button--danger"
          data-testid="delete-article"
          onClick={() =>
            void requestDelete(
              { kind: 'article', articleId: article.id },
              t('options_confirmDeleteArticle', title),
            ).then((deleted) => {
              if (deleted) location.hash = optionsHash('library');
            })
          }
        >
          {t('options_deleteArticle')}
        </button>
      </div>
    </article>
  );
}
