import { describe, expect, it } from 'vitest';
import {
  distinctCaptures,
  formatTimestamp,
  replacementFor,
  selectCaptures,
  type Capture,
} from '../../src/archive/index';

const T0 = Date.UTC(2024, 8, 25, 13, 52);
const HOUR = 3_600_000;

function capture(hours: number, digest: string | null = `D${hours}`): Capture {
  const time = T0 + Math.round(hours * HOUR);
  return {
    timestamp: formatTimestamp(time),
    time,
    original: 'https://example.com/story',
    statusCode: 200,
    digest,
    mimetype: 'text/html',
    memento: null,
  };
}

const hoursOf = (captures: Capture[]) => captures.map((c) => Math.round(((c.time - T0) / HOUR) * 10) / 10);

describe('which captures to read', () => {
  it('reads all of them when there are no more than the limit', () => {
    const few = [capture(5), capture(0), capture(30)];
    expect(hoursOf(selectCaptures(few, 5))).toEqual([0, 5, 30]);
    expect(selectCaptures([], 5)).toEqual([]);
  });

  it('takes the earliest and the latest, and spreads the rest over the first days', () => {
    // A busy article: captured every half hour on the first day, then daily for a month.
    const busy = [
      ...Array.from({ length: 48 }, (_, k) => capture(k / 2)),
      ...Array.from({ length: 30 }, (_, k) => capture(24 * (k + 1) + 3)),
    ];
    const chosen = selectCaptures(busy, 5);
    expect(hoursOf(chosen)).toEqual([0, 3, 12, 27, 723]);
    expect(chosen).toHaveLength(5);
  });

  it('never exceeds the limit, and keeps earliest first', () => {
    const many = Array.from({ length: 200 }, (_, k) => capture(k * 7));
    for (const limit of [1, 2, 3, 5, 8, 12]) {
      const chosen = selectCaptures(many, limit);
      expect(chosen).toHaveLength(limit);
      expect(chosen[0]).toBe(many[0]);
      if (limit >= 2) expect(chosen[chosen.length - 1]).toBe(many[many.length - 1]);
      expect(chosen.map((c) => c.time)).toEqual([...chosen.map((c) => c.time)].sort((a, b) => a - b));
    }
  });

  it('splits the widest gap (the earlier one on a tie) once no offset lands', () => {
    // All within the first two hours: no offset lands, so the spread comes from the gaps.
    const tight = Array.from({ length: 13 }, (_, k) => capture(k / 6));
    expect(hoursOf(selectCaptures(tight, 4))).toEqual([0, 0.5, 1, 2]);
  });

  it('drops repeated digests and timestamps before choosing', () => {
    const list = [capture(0, 'A'), capture(1, 'B'), capture(2, 'A'), capture(1, 'C'), capture(3, null)];
    expect(distinctCaptures(list).map((c) => [hoursOf([c])[0], c.digest])).toEqual([
      [0, 'A'],
      [1, 'B'],
      [3, null],
    ]);
  });

  it('replaces an unusable capture by the next unread one, never by the next chosen one', () => {
    const list = [capture(0), capture(0.5), capture(1), capture(5)];
    const taken = new Set([list[0]!.timestamp, list[3]!.timestamp]);
    expect(replacementFor(list, list[0]!, taken)).toBe(list[1]);
    taken.add(list[1]!.timestamp);
    taken.add(list[2]!.timestamp);
    expect(replacementFor(list, list[1]!, taken)).toBeNull();
    expect(replacementFor(list, list[3]!, taken)).toBeNull();
  });
});
