import type { ArticleSummary } from '../../protocol/types';
import { t, tCount } from '../shared/i18n';
import { formatDateTime, formatPublished } from '../shared/format';
import { articleHash } from '../shared/routes';
import { useOptions } from './context';

interface RowProps {
  article: ArticleSummary;
  selected: boolean;
  onSelect: (articleId: number, selected: boolean) => void;
}

export function ArticleRow(props: RowProps) {
  return (
    <li class="cc-row" data-article-id={props.article.id}>
      <ArticleRowContent {...props} />
    </li>
  );
}

/** What a row shows inside its `<li>`: the virtualised list puts it in rows of its own. */
export function ArticleRowContent({ article, selected, onSelect }: RowProps) {
  const { requestDelete } = useOptions();
  const title = article.title || article.url;
  const published = formatPublished(article.publishedTime);
  return (
    <>
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
    </>
  );
}

/** The ticked rows of the library, for deleting and exporting them together. */
export interface Selection {
  has: (articleId: number) => boolean;
  set: (articleId: number, selected: boolean) => void;
}
