import { describe, expect, it } from 'vitest';
import {
  RangeCache,
  rangesCovering,
  rowAfterKey,
  scrollToShow,
  visibleRows,
} from '../../src/ui/options/virtual-window';

describe('the library list window', () => {
  it('shows the rows in view and the overscan, within the list', () => {
    expect(visibleRows(0, 640, 64, 10_000, 6)).toEqual({ start: 0, end: 16 });
    // Scrolled half a row into row 100: rows 100–110 are partly in view.
    expect(visibleRows(100 * 64 + 32, 640, 64, 10_000, 6)).toEqual({ start: 94, end: 117 });
    expect(visibleRows(10_000 * 64 - 640, 640, 64, 10_000, 6)).toEqual({ start: 9984, end: 10_000 });
    // Overscrolled (elastic scrolling) either way, a short list, an empty one.
    expect(visibleRows(-200, 640, 64, 10_000, 6)).toEqual({ start: 0, end: 16 });
    expect(visibleRows(10_000 * 64 + 500, 640, 64, 10_000, 6)).toEqual({ start: 9993, end: 10_000 });
    expect(visibleRows(0, 640, 64, 3, 6)).toEqual({ start: 0, end: 3 });
    expect(visibleRows(0, 640, 64, 0, 6)).toEqual({ start: 0, end: 0 });
    // A viewport not measured yet still shows a row.
    expect(visibleRows(0, 0, 64, 10, 0)).toEqual({ start: 0, end: 1 });
  });

  it('asks for the ranges that cover the rows, each once', () => {
    expect(rangesCovering({ start: 0, end: 16 }, 50)).toEqual([0]);
    expect(rangesCovering({ start: 94, end: 117 }, 50)).toEqual([50, 100]);
    expect(rangesCovering({ start: 9984, end: 10_000 }, 50)).toEqual([9950]);
    expect(rangesCovering({ start: 40, end: 40 }, 50)).toEqual([]);
  });

  it('scrolls as little as it takes to show a row', () => {
    expect(scrollToShow(5, 0, 640, 64)).toBe(0);
    expect(scrollToShow(10, 0, 640, 64)).toBe(64);
    expect(scrollToShow(3, 640, 640, 64)).toBe(192);
    expect(scrollToShow(9999, 0, 640, 64)).toBe(9999 * 64 + 64 - 640);
  });

  it('moves the active row by key, within the list', () => {
    expect(rowAfterKey('ArrowDown', 0, 100, 9)).toBe(1);
    expect(rowAfterKey('ArrowDown', 99, 100, 9)).toBe(99);
    expect(rowAfterKey('ArrowUp', 0, 100, 9)).toBe(0);
    expect(rowAfterKey('PageDown', 95, 100, 9)).toBe(99);
    expect(rowAfterKey('PageUp', 20, 100, 9)).toBe(11);
    expect(rowAfterKey('Home', 50, 100, 9)).toBe(0);
    expect(rowAfterKey('End', 50, 100, 9)).toBe(99);
    expect(rowAfterKey('a', 50, 100, 9)).toBeNull();
    expect(rowAfterKey('End', 0, 0, 9)).toBeNull();
  });
});

describe('RangeCache', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('fetches each missing range once, and serves rows when it arrives', async () => {
    const asked: number[] = [];
    let changes = 0;
    const cache = new RangeCache<number>(
      10,
      async (offset, limit) => {
        asked.push(offset);
        await settle();
        return Array.from({ length: limit }, (_, i) => offset + i);
      },
      () => changes++,
    );
    cache.put(
      0,
      Array.from({ length: 10 }, (_, i) => i),
    );
    cache.request({ start: 5, end: 25 });
    cache.request({ start: 8, end: 22 });
    expect(asked).toEqual([10, 20]);
    expect(cache.row(3)).toBe(3);
    expect(cache.row(12)).toBeUndefined();
    await settle();
    await settle();
    expect(changes).toBe(2);
    expect(cache.row(12)).toBe(12);
    expect(cache.row(29)).toBe(29);
  });

  it('keeps a failed range until retry, then asks again', async () => {
    let fail = true;
    let asked = 0;
    const cache = new RangeCache<number>(
      10,
      async (offset) => {
        asked++;
        await settle();
        if (fail) throw new Error('worker stopped');
        return [offset];
      },
      () => undefined,
    );
    cache.request({ start: 0, end: 5 });
    await settle();
    await settle();
    expect(cache.error).toBeInstanceOf(Error);
    cache.request({ start: 0, end: 5 });
    expect(asked).toBe(1);
    fail = false;
    cache.retry();
    expect(cache.error).toBeUndefined();
    cache.request({ start: 0, end: 5 });
    await settle();
    await settle();
    expect(asked).toBe(2);
    expect(cache.row(0)).toBe(0);
  });
});
