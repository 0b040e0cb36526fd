import type { ArticleSummary } from '../../protocol/types';
import { t, tCount } from '../shared/i18n';
import { formatDateTime, formatPublished } from '../shared/format';
import { articleHash } from '../shared/routes';
import { useOptions } from './context';

export function ArticleRow({
  article,
  selected,
  onSelect,
}: {
  article: ArticleSummary;
  selected: boolean;
  onSelect: (articleId: number, selected: boolean) => void;
}) {
  const { requestDelete } = useOptions();
  const title = article.title || article.url;
  const published = formatPublished(article.publishedTime);
  return (
    <li class="cc-row" data-article-id={article.id}>
      <input
        type="checkbox"
        class="cc-row-check"
        checked={selected}
        aria-label={t('options_selectArticle', title)}
        onChange={(event) => onSelect(article.id, event.currentTarget.checked)}
      />
      <div class="cc-row-main">
        <a class="cc-row-title" href={articleHash(article.id)}>
          {title}
        </a>
        <div class="cc-row-meta">
          <span class="cc-outlet">{article.siteName ?? article.outlet}</span>
          {published && <span>{t('options_publishedOn', published)}</span>}
          <span>{t('options_capturedOn', formatDateTime(article.lastCapturedAt))}</span>
          <span class={article.versionCount > 1 ? 'cc-pill cc-pill-accent' : 'cc-pill'}>
            {tCount('options_versionCount', article.versionCount)}
          </span>
        </div>
      </div>
      <button
        type="button"
        class="cc-button cc-button--quiet"
        data-testid="delete-article"
        aria-label={t('options_deleteArticleNamed', title)}
        onClick={() =>
          void requestDelete(
            { kind: 'article', articleId: article.id },
            t('options_confirmDeleteArticle', title),
          )
        }
      >
        {t('options_delete')}
      </button>
    </li>
  );
}
