import { useEffect, useState } from 'preact/hooks';
import type { ArticleSummary, LibraryGrouping, LibrarySort, OutletSummary } from '../../protocol/types';
import { t, tCount } from '../shared/i18n';
import { ArticleRow, type Selection } from './ArticleRow';
import { useOptions } from './context';
import { Empty, ErrorState, Loading } from '../shared/States';
import { useAsync, useDebounced } from '../shared/useAsync';
import { exportLibraryFile } from './transfer';
import { RANGE_ROWS, VirtualList } from './VirtualList';

/**
 * Rows per page of the story and outlet groupings; the flat list is virtualised (VirtualList.tsx)
 * and asks for its rows in ranges of RANGE_ROWS.
 */
export const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 120;

/** `text` is the search this listing answers: the box may already hold a newer one. */
type Listing = { text: string; tookMs: number } & (
  | {
      kind: 'flat';
      total: number;
      /** The first RANGE_ROWS rows, read with the count. */
      items: ArticleSummary[];
      sort: LibrarySort;
      /** Further rows of this same search. */
      fetchRange: (offset: number, limit: number) => Promise<ArticleSummary[]>;
    }
  | { kind: 'story'; total: number; stories: { storyId: number; articles: ArticleSummary[] }[] }
  | { kind: 'outlet'; total: number; outlets: OutletSummary[] }
);

function Pager({
  offset,
  total,
  onOffset,
}: {
  offset: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= PAGE_SIZE) return null;
  const last = Math.min(offset + PAGE_SIZE, total);
  return (
    <nav class="cc-pager" aria-label={t('options_pagerLabel')}>
      <button
        type="button"
        class="cc-button"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))}
        data-testid="page-previous"
      >
        {t('options_previousPage')}
      </button>
      <span class="cc-pager-range">
        {t('options_pageRange', [
          (offset + 1).toLocaleString(),
          last.toLocaleString(),
          total.toLocaleString(),
        ])}
      </span>
      <button
        type="button"
        class="cc-button"
        disabled={last >= total}
        onClick={() => onOffset(offset + PAGE_SIZE)}
        data-testid="page-next"
      >
        {t('options_nextPage')}
      </button>
    </nav>
  );
}

function OutletGroup({
  outlet,
  text,
  sort,
  selection,
}: {
  outlet: OutletSummary;
  text: string;
  sort: LibrarySort;
  selection: Selection;
}) {
  const { client, revision } = useOptions();
  const [open, setOpen] = useState(false);
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [text, sort]);
  const id = `cc-outlet-${outlet.outlet.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <section class="cc-group">
      <h3 class="cc-group-title">
        <button
          type="button"
          class="cc-disclosure"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> {outlet.siteName ?? outlet.outlet}
          <span class="cc-group-count">{tCount('options_articleCount', outlet.articleCount)}</span>
        </button>
      </h3>
      {open && (
        <div id={id}>
          <OutletArticles
            outlet={outlet.outlet}
            text={text}
            sort={sort}
            offset={offset}
            onOffset={setOffset}
            selection={selection}
            revision={revision}
            client={client}
          />
        </div>
      )}
    </section>
  );
}

function OutletArticles({
  outlet,
  text,
  sort,
  offset,
  onOffset,
  selection,
  revision,
  client,
}: {
  outlet: string;
  text: string;
  sort: LibrarySort;
  offset: number;
  onOffset: (offset: number) => void;
  selection: Selection;
  revision: number;
  client: ReturnType<typeof useOptions>['client'];
}) {
  const [state, reload] = useAsync(
    () => client.api.listLibrary({ text, outlet, sort, offset, limit: PAGE_SIZE }),
    [outlet, text, sort, offset, revision],
  );
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />;
  if (!state.data) return <Loading />;
  if (state.data.items.length === 0) return <Empty>{t('options_noMatches', text)}</Empty>;
  return (
    <>
      <ul class="cc-rows">
        {state.data.items.map((article) => (
          <ArticleRow
            key={article.id}
            article={article}
            selected={selection.has(article.id)}
            onSelect={selection.set}
          />
        ))}
      </ul>
      <Pager offset={offset} total={state.data.total} onOffset={onOffset} />
    </>
  );
}

export function Library() {
  const { client, revision } = useOptions();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const [grouping, setGrouping] = useState<LibraryGrouping>('none');
  const [sort, setSort] = useState<LibrarySort>('captured-desc');
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [exportError, setExportError] = useState<string | null>(null);

  useEffect(() => setOffset(0), [query, grouping, sort]);

  const [usage] = useAsync(() => client.api.storageUsage({}), [revision]);
  const [listing, reload] = useAsync<Listing>(async () => {
    const started = performance.now();
    if (grouping === 'story') {
      const page = await client.api.listStories({ text: query, offset, limit: PAGE_SIZE });
      return {
        kind: 'story',
        text: query,
        total: page.total,
        stories: page.stories,
        tookMs: performance.now() - started,
      };
    }
    if (grouping === 'outlet') {
      const outlets = await client.api.listOutlets({});
      const total = outlets.reduce((sum, outlet) => sum + outlet.articleCount, 0);
      return { kind: 'outlet', text: query, total, outlets, tookMs: performance.now() - started };
    }
    const fetchRange = async (from: number, limit: number) =>
      (await client.api.listLibrary({ text: query, outlet: null, sort, offset: from, limit })).items;
    const page = await client.api.listLibrary({
      text: query,
      outlet: null,
      sort,
      offset: 0,
      limit: RANGE_ROWS,
    });
    return {
      kind: 'flat',
      text: query,
      sort,
      total: page.total,
      items: page.items,
      fetchRange,
      tookMs: performance.now() - started,
    };
  }, [query, grouping, sort, grouping === 'story' ? offset : 0, revision]);

  const selection: Selection = {
    has: (id) => selected.has(id),
    set: (id, on) =>
      setSelected((previous) => {
        const next = new Set(previous);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      }),
  };

  const exportSelected = async () => {
    setExportError(null);
    try {
      const json = await exportLibraryFile(client, [...selected]);
      client.saveFile(
        `crosscheck-selection-${new Date().toISOString().slice(0, 10)}.json`,
        json,
        'application/json',
      );
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  const totals = usage.data;
  const data = listing.data;
  const libraryEmpty = totals !== null && totals.articles === 0;

  let status = '';
  if (data && totals) {
    const ms = Math.max(0, Math.round(data.tookMs)).toLocaleString();
    const articles = tCount('options_articleCount', totals.articles);
    const versions = tCount('options_versionCount', totals.versions);
    // Outlet groups are counted before any search, so they have no "N of M" to show.
    status =
      data.text && data.kind !== 'outlet'
        ? t('options_statusFiltered', [data.total.toLocaleString(), articles, versions, ms])
        : t('options_status', [articles, versions, ms]);
  }

  // The flat list has its own "select the rows shown" (VirtualList.tsx).
  const pageItems = data?.kind === 'story' ? data.stories.flatMap((s) => s.articles) : [];
  const allOnPageSelected = pageItems.length > 0 && pageItems.every((a) => selected.has(a.id));

  return (
    <section class="cc-library" aria-labelledby="cc-library-title">
      <h2 id="cc-library-title" class="cc-section-title">
        {t('options_libraryTitle')}
      </h2>
      <div class="cc-toolbar" role="search">
        <label class="cc-search">
          <span class="cc-visually-hidden">{t('options_searchLabel')}</span>
          <input
            type="search"
            value={text}
            placeholder={t('options_searchPlaceholder')}
            onInput={(event) => setText(event.currentTarget.value)}
            data-testid="library-search"
            autoComplete="off"
          />
        </label>
        <label class="cc-field">
          <span>{t('options_groupBy')}</span>
          <select
            value={grouping}
            onChange={(event) => setGrouping(event.currentTarget.value as LibraryGrouping)}
            data-testid="library-grouping"
          >
            <option value="none">{t('options_groupNone')}</option>
            <option value="story">{t('options_groupStory')}</option>
            <option value="outlet">{t('options_groupOutlet')}</option>
          </select>
        </label>
        <label class="cc-field">
          <span>{t('options_sortBy')}</span>
          <select
            value={sort}
            onChange={(event) => setSort(event.currentTarget.value as LibrarySort)}
            data-testid="library-sort"
            disabled={grouping === 'story'}
          >
            <option value="captured-desc">{t('options_sortCapturedDesc')}</option>
            <option value="captured-asc">{t('options_sortCapturedAsc')}</option>
            <option value="published-desc">{t('options_sortPublishedDesc')}</option>
            <option value="published-asc">{t('options_sortPublishedAsc')}</option>
          </select>
        </label>
      </div>
      <p class="cc-status" role="status" aria-live="polite" data-testid="library-status">
        {status}
      </p>
      {selected.size > 0 && (
        <div class="cc-selection-bar">
          <span>{tCount('options_selectedCount', selected.size)}</span>
          <button
            type="button"
            class="cc-button cc-button--primary"
            onClick={() => void exportSelected()}
            data-testid="export-selected"
          >
            {t('options_exportSelected')}
          </button>
          <button type="button" class="cc-button cc-button--quiet" onClick={() => setSelected(new Set())}>
            {t('options_clearSelection')}
          </button>
          {exportError && (
            <span class="cc-inline-error" role="alert">
              {exportError}
            </span>
          )}
        </div>
      )}
      {listing.status === 'error' && <ErrorState error={listing.error} onRetry={reload} />}
      {listing.status !== 'error' && !data && <Loading />}
      {libraryEmpty && <Empty>{t('options_emptyLibrary')}</Empty>}
      {!libraryEmpty && data && data.total === 0 && data.text && (
        <Empty>{t('options_noMatches', data.text)}</Empty>
      )}
      {!libraryEmpty && data && pageItems.length > 0 && (
        <label class="cc-select-all">
          <input
            type="checkbox"
            checked={allOnPageSelected}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              setSelected((previous) => {
                const next = new Set(previous);
                for (const article of pageItems) {
                  if (on) next.add(article.id);
                  else next.delete(article.id);
                }
                return next;
              });
            }}
          />
          {t('options_selectPage')}
        </label>
      )}
      <div aria-busy={listing.status === 'loading'}>
        {!libraryEmpty && data?.kind === 'flat' && data.total > 0 && (
          <VirtualList
            total={data.total}
            first={data.items}
            fetchRange={data.fetchRange}
            scrollKey={`${data.sort}\n${data.text}`}
            selection={selection}
          />
        )}
        {!libraryEmpty && data?.kind === 'story' && (
          <div data-testid="library-list">
            {data.stories.map((story) => (
              <section class="cc-group" key={story.storyId}>
                <h3 class="cc-group-title">
                  {t('options_storyHeading', story.articles[0]?.title ?? '')}
                  <span class="cc-group-count">{tCount('options_reportCount', story.articles.length)}</span>
                </h3>
                <ul class="cc-rows">
                  {story.articles.map((article) => (
                    <ArticleRow
                      key={article.id}
                      article={article}
                      selected={selected.has(article.id)}
                      onSelect={selection.set}
                    />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        )}
        {!libraryEmpty && data?.kind === 'outlet' && (
          <div data-testid="library-list">
            {data.outlets.map((outlet) => (
              <OutletGroup
                key={outlet.outlet}
                outlet={outlet}
                text={query}
                sort={sort}
                selection={selection}
              />
            ))}
          </div>
        )}
      </div>
      {data?.kind === 'story' && <Pager offset={offset} total={data.total} onOffset={setOffset} />}
    </section>
  );
}
