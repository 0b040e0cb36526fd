/**
 * The library's flat list, virtualised: the scroll height is that of every matching article
 * (rows have one fixed height), only the rows in view and a few either side are in the DOM, and
 * their ranges are asked of the background as the reader scrolls, a placeholder standing in while
 * one loads. Keyboard: the list is one Tab stop (the active row); the arrows, Page Up/Down, Home
 * and End move the active row and scroll to it. Each row says its place (`aria-posinset` of
 * `aria-setsize`), so a screen reader announces "row 4,210 of 100,000" in a list it cannot see whole.
 */
import { Component } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ArticleSummary } from '../../protocol/types';
import { t } from '../shared/i18n';
import { ErrorState } from '../shared/States';
import { ArticleRowContent, type Selection } from './ArticleRow';
import { RangeCache, rowAfterKey, scrollToShow, visibleRows } from './virtual-window';

/** Pixels per row; options.css gives `.cc-vrow` the same height. */
export const ROW_HEIGHT = 64;
/** Rows kept in the DOM beyond each edge of the viewport. */
export const OVERSCAN = 6;
/** Rows per request to the background. */
export const RANGE_ROWS = 50;
/** The viewport assumed until it is measured (and where layout is not computed, as in jsdom). */
const FALLBACK_VIEWPORT = 640;

type RowProps = Parameters<typeof ArticleRowContent>[0];

/** A row's content, rendered again only when its article or tick changes, not on every scroll. */
class StillRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const now = this.props;
    return next.article !== now.article || next.selected !== now.selected || next.onSelect !== now.onSelect;
  }

  override render() {
    return <ArticleRowContent {...this.props} />;
  }
}

export function VirtualList({
  total,
  first,
  fetchRange,
  scrollKey,
  selection,
}: {
  total: number;
  /** Rows `[0, RANGE_ROWS)`, read with the count. */
  first: ArticleSummary[];
  fetchRange: (offset: number, limit: number) => Promise<ArticleSummary[]>;
  /** The search and sort: when it changes the list goes back to its top. */
  scrollKey: string;
  selection: Selection;
}) {
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((n) => n + 1), []);
  const cache = useMemo(() => {
    const ranges = new RangeCache<ArticleSummary>(RANGE_ROWS, fetchRange, rerender);
    ranges.put(0, first);
    return ranges;
  }, [first, fetchRange]);
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(FALLBACK_VIEWPORT);
  const [active, setActive] = useState(0);
  const focusActive = useRef(false);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight || FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (viewport.current) viewport.current.scrollTop = 0;
    setScrollTop(0);
    setActive(0);
  }, [scrollKey]);

  const activeRow = Math.min(active, Math.max(0, total - 1));
  const span = visibleRows(scrollTop, height, ROW_HEIGHT, total, OVERSCAN);
  // Layout effects run as the render ends: a plain effect here would have Preact schedule an
  // animation frame and two timers after every render, each frame of a scroll, and ask for a
  // range a frame later.
  useLayoutEffect(() => cache.request(span), [cache, span.start, span.end]);

  useLayoutEffect(() => {
    if (!focusActive.current) return;
    focusActive.current = false;
    viewport.current?.querySelector<HTMLElement>(`li[data-index="${activeRow}"]`)?.focus();
  });

  const moveTo = (index: number) => {
    const element = viewport.current;
    setActive(index);
    focusActive.current = true;
    if (!element) return;
    const top = scrollToShow(index, element.scrollTop, height, ROW_HEIGHT);
    element.scrollTop = top;
    setScrollTop(top);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const next = rowAfterKey(event.key, activeRow, total, Math.floor(height / ROW_HEIGHT) - 1);
    if (next === null) return;
    event.preventDefault();
    moveTo(next);
  };

  const indexes: number[] = [];
  for (let i = span.start; i < span.end; i++) indexes.push(i);
  // The active row stays in the DOM when scrolled away, so focus and the Tab stop are never lost.
  if (total > 0 && (activeRow < span.start || activeRow >= span.end)) indexes.push(activeRow);

  const inView = visibleRows(scrollTop, height, ROW_HEIGHT, total, 0);
  const shown: ArticleSummary[] = [];
  for (let i = inView.start; i < inView.end; i++) {
    const article = cache.row(i);
    if (article) shown.push(article);
  }
  const allShownSelected = shown.length > 0 && shown.every((article) => selection.has(article.id));
  const error: unknown = cache.error;

  return (
    <>
      {shown.length > 0 && (
        <label class="cc-select-all">
          <input
            type="checkbox"
            checked={allShownSelected}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              for (const article of shown) selection.set(article.id, on);
            }}
            data-testid="select-shown"
          />
          {t('options_selectShown')}
        </label>
      )}
      {error !== undefined && (
        <ErrorState
          error={error}
          onRetry={() => {
            cache.retry();
            cache.request(span);
            rerender();
          }}
        />
      )}
      <div class="cc-vlist" ref={viewport} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        <ul
          class="cc-rows cc-vlist-rows"
          style={{ height: `${total * ROW_HEIGHT}px` }}
          aria-label={t('options_libraryListLabel')}
          data-testid="library-list"
          onKeyDown={onKeyDown}
          onFocusCapture={(event) => {
            const row = (event.target as HTMLElement).closest<HTMLElement>('li[data-index]');
            if (row) setActive(Number(row.dataset.index));
          }}
        >
          {indexes.map((index) => {
            const article = cache.row(index);
            return (
              <li
                key={index}
                class={article ? 'cc-row cc-vrow' : 'cc-row cc-vrow cc-vrow--loading'}
                style={{ top: `${index * ROW_HEIGHT}px` }}
                data-index={index}
                data-article-id={article?.id}
                tabIndex={index === activeRow ? 0 : -1}
                aria-setsize={total}
                aria-posinset={index + 1}
                aria-busy={article ? undefined : true}
              >
                {article ? (
                  <StillRow article={article} selected={selection.has(article.id)} onSelect={selection.set} />
                ) : (
                  <span class="cc-vrow-placeholder">{t('options_loading')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
