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
/**
 * A scroll event that moves the list further than this is a fling. A full row is some ten
 * elements, two of them form controls, and their style, layout and paint are most of a frame's
 * work when five rows come in each frame (a fast fling): so rows that come in during a fling show
 * their title alone, and every row is full again once the list has rested for SETTLE_MS.
 */
export const FLING_PX = 2 * ROW_HEIGHT;
export const SETTLE_MS = 150;

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
  const [flinging, setFlinging] = useState(false);
  const flingingNow = useRef(false);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Moves made by the keys are never a fling: the row they go to should show in full. */
  const keyScroll = useRef(false);
  /** The rows rendered in full last time: a row stays full while it stays in the DOM. */
  const fullRows = useRef(new Set<number>());
  useEffect(() => () => clearTimeout(settle.current), []);

  const onScroll = (top: number) => {
    if (!keyScroll.current && Math.abs(top - scrollTop) > FLING_PX) flingingNow.current = true;
    keyScroll.current = false;
    if (flingingNow.current) {
      setFlinging(true);
      clearTimeout(settle.current);
      settle.current = setTimeout(() => {
        flingingNow.current = false;
        setFlinging(false);
      }, SETTLE_MS);
    }
    setScrollTop(top);
  };

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
    keyScroll.current = top !== element.scrollTop;
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
  const full = new Set<number>();
  useLayoutEffect(() => {
    fullRows.current = full;
  });

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
      <div class="cc-vlist" ref={viewport} onScroll={(event) => onScroll(event.currentTarget.scrollTop)}>
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
            const light = article !== undefined && flinging && !fullRows.current.has(index);
            if (article && !light) full.add(index);
            return (
              <li
                key={index}
                class={
                  !article
                    ? 'cc-row cc-vrow cc-vrow--loading'
                    : light
                      ? 'cc-row cc-vrow cc-vrow--light'
                      : 'cc-row cc-vrow'
                }
                style={{ top: `${index * ROW_HEIGHT}px` }}
                data-index={index}
                data-article-id={article?.id}
                tabIndex={index === activeRow ? 0 : -1}
                aria-setsize={total}
                aria-posinset={index + 1}
                aria-busy={article ? undefined : true}
              >
                {!article ? (
                  <span class="cc-vrow-placeholder">{t('options_loading')}</span>
                ) : light ? (
                  <span class="cc-row-title">{article.title || article.url}</span>
                ) : (
                  <StillRow article={article} selected={selection.has(article.id)} onSelect={selection.set} />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </>
  );
}
