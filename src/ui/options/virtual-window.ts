/**
 * The arithmetic of the library's virtualised list, kept pure so it is tested without a DOM:
 * which rows a scroll position shows, which ranges of rows to ask the background for, and a
 * cache of the ranges already answered for one search.
 */

/** Rows `[start, end)` to put in the DOM. */
export interface RowSpan {
  start: number;
  end: number;
}

/**
 * The rows a viewport of `viewportHeight` pixels scrolled to `scrollTop` shows, with `overscan`
 * more on each side, within `[0, total)`. Rows are `rowHeight` pixels each.
 */
export function visibleRows(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number,
): RowSpan {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(total - 1, Math.floor(top / rowHeight));
  const last = Math.min(total, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight));
  return { start: Math.max(0, first - overscan), end: Math.min(total, Math.max(last, first + 1) + overscan) };
}

/** Offsets of the `chunk`-row ranges that cover `span` (each range is `[offset, offset + chunk)`). */
export function rangesCovering(span: RowSpan, chunk: number): number[] {
  const out: number[] = [];
  if (span.end <= span.start || chunk <= 0) return out;
  for (let offset = Math.floor(span.start / chunk) * chunk; offset < span.end; offset += chunk)
    out.push(offset);
  return out;
}

/** The scrollTop that brings row `index` into a viewport, moving as little as possible. */
export function scrollToShow(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  const bottom = top + rowHeight;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Where a key moves the active row, or null for keys the list does not handle. */
export function rowAfterKey(key: string, active: number, total: number, pageRows: number): number | null {
  if (total <= 0) return null;
  const page = Math.max(1, pageRows);
  const clamp = (n: number) => Math.max(0, Math.min(total - 1, n));
  switch (key) {
    case 'ArrowDown':
      return clamp(active + 1);
    case 'ArrowUp':
      return clamp(active - 1);
    case 'PageDown':
      return clamp(active + page);
    case 'PageUp':
      return clamp(active - page);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

type RangeState<T> =
  { status: 'loading' } | { status: 'ready'; rows: T[] } | { status: 'error'; error: unknown };

/**
 * The ranges of one search's rows: each asked for once, kept until the search, the sort or the
 * library changes (then a new cache is made), and a failed range asked for again on `retry`.
 */
export class RangeCache<T> {
  private readonly ranges = new Map<number, RangeState<T>>();

  constructor(
    readonly chunk: number,
    private readonly fetch: (offset: number, limit: number) => Promise<T[]>,
    private readonly changed: () => void,
  ) {}

  /** Seeds the range at `offset` with rows already read (the first range comes with the count). */
  put(offset: number, rows: T[]): void {
    this.ranges.set(offset, { status: 'ready', rows });
  }

  /** The row at `index`, or undefined while its range loads (or failed). */
  row(index: number): T | undefined {
    const offset = Math.floor(index / this.chunk) * this.chunk;
    const state = this.ranges.get(offset);
    return state?.status === 'ready' ? state.rows[index - offset] : undefined;
  }

  /** The first error among the ranges asked for, if any. */
  get error(): unknown {
    for (const state of this.ranges.values()) if (state.status === 'error') return state.error;
    return undefined;
  }

  /** Asks for every range of `span` not yet asked for; `changed` is called as each one settles. */
  request(span: RowSpan): void {
    for (const offset of rangesCovering(span, this.chunk)) {
      if (this.ranges.has(offset)) continue;
      this.ranges.set(offset, { status: 'loading' });
      this.fetch(offset, this.chunk).then(
        (rows) => {
          this.ranges.set(offset, { status: 'ready', rows });
          this.changed();
        },
        (error: unknown) => {
          this.ranges.set(offset, { status: 'error', error });
          this.changed();
        },
      );
    }
  }

  /** Forgets the failed ranges, so the next `request` asks for them again. */
  retry(): void {
    for (const [offset, state] of this.ranges) if (state.status === 'error') this.ranges.delete(offset);
  }
}
