import { describe, expect, it } from 'vitest';
import {
  budgetLeft,
  DEFAULT_WATCH_SETTINGS,
  delayAfter,
  dueWatches,
  jitterBound,
  nextCheckAt,
  watchSettings,
  windowEnd,
  type ScheduleState,
} from '../../src/watch/index';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const settings = watchSettings();
const mid = () => 0.5; // no jitter: the middle of the range

/** A fake clock's run of one watch: each check happens exactly when it was due. */
function run(state: ScheduleState, random: () => number = mid): number[] {
  const times: number[] = [];
  let s = state;
  let now = s.startedAt;
  for (;;) {
    const next = nextCheckAt(s, settings, now, random);
    if (next === null) return times;
    times.push(next);
    now = next;
    s = { ...s, lastCheckAt: next };
    if (times.length > 1000) throw new Error('the schedule never ends');
  }
}

const fresh = (over: Partial<ScheduleState> = {}): ScheduleState => ({
  startedAt: T0,
  publishedAt: null,
  lastCheckAt: null,
  failures: 0,
  ...over,
});

describe('watch schedule (fake clock)', () => {
  it('has the issue defaults: 3 h for 2 days, then daily, 14 days in all', () => {
    expect(DEFAULT_WATCH_SETTINGS.earlyIntervalMs).toBe(3 * HOUR);
    expect(DEFAULT_WATCH_SETTINGS.earlyPeriodMs).toBe(2 * DAY);
    expect(DEFAULT_WATCH_SETTINGS.lateIntervalMs).toBe(DAY);
    expect(DEFAULT_WATCH_SETTINGS.windowMs).toBe(14 * DAY);
  });

  it('checks every 3 hours for the first 2 days after publication, then daily, and stops after 14 days', () => {
    const published = T0 - 6 * HOUR;
    const times = run(fresh({ publishedAt: published }));
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const early = times.filter((t) => t - published < 2 * DAY);
    expect(times[0]).toBe(T0 + 3 * HOUR);
    // Watched 6 h after publication: 9 h, 12 h, … 45 h after it, then 48 h, then daily.
    expect(early).toHaveLength(13);
    expect(gaps.slice(0, 13).every((g) => g === 3 * HOUR)).toBe(true);
    expect(gaps.slice(13).every((g) => g === DAY)).toBe(true);
    expect(gaps.slice(13).length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...times)).toBeLessThanOrEqual(published + 14 * DAY);
    expect(Math.max(...times)).toBeGreaterThan(published + 13 * DAY);
  });

  it('counts from when watching began when the page gives no publication time', () => {
    const times = run(fresh());
    expect(times.filter((t) => t - T0 < 2 * DAY)).toHaveLength(15); // 3 h … 45 h
    expect(Math.max(...times)).toBeLessThanOrEqual(T0 + 14 * DAY);
    // A publication time after watching began is not trusted to push the window out.
    expect(windowEnd(fresh({ publishedAt: T0 + 30 * DAY }), settings)).toBe(T0 + 14 * DAY);
  });

  it('gives an article watched after its window a few daily checks, then stops', () => {
    const times = run(fresh({ publishedAt: T0 - 30 * DAY }));
    expect(times).toEqual([T0 + DAY, T0 + 2 * DAY]);
  });

  it('all intervals are settable', () => {
    const custom = watchSettings({
      earlyIntervalMs: HOUR,
      earlyPeriodMs: 3 * HOUR,
      lateIntervalMs: 6 * HOUR,
      windowMs: DAY,
      minimumWatchMs: 0,
      jitterRatio: 0,
    });
    const s = fresh();
    expect(nextCheckAt(s, custom, T0, Math.random)).toBe(T0 + HOUR);
    expect(nextCheckAt({ ...s, lastCheckAt: T0 + 4 * HOUR }, custom, T0 + 4 * HOUR, Math.random)).toBe(
      T0 + 10 * HOUR,
    );
    expect(
      nextCheckAt({ ...s, lastCheckAt: T0 + 20 * HOUR }, custom, T0 + 20 * HOUR, Math.random),
    ).toBeNull();
    // Nonsense from an options form falls back to the defaults.
    expect(watchSettings({ earlyIntervalMs: -5, lateIntervalMs: Number.NaN }).earlyIntervalMs).toBe(3 * HOUR);
  });

  it('keeps jitter within its bounds, both ways, and uses them', () => {
    const s = fresh({ lastCheckAt: T0 });
    const bound = jitterBound(3 * HOUR, settings);
    expect(bound).toBe(18 * MIN); // 10 % of 3 h, under the 20 min cap
    expect(jitterBound(DAY, settings)).toBe(20 * MIN);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const times = Array.from({ length: 2000 }, () => nextCheckAt(s, settings, T0, random)! - (T0 + 3 * HOUR));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...times)).toBeLessThanOrEqual(bound);
    // Spread, not clumped: checks of many articles land across the range.
    expect(Math.min(...times)).toBeLessThan(-0.9 * bound);
    expect(Math.max(...times)).toBeGreaterThan(0.9 * bound);
    expect(nextCheckAt(s, settings, T0, () => 0)).toBe(T0 + 3 * HOUR - bound);
    expect(nextCheckAt(s, settings, T0, () => 0.999999)).toBeCloseTo(T0 + 3 * HOUR + bound, -2);
  });

  it('backs off exponentially after errors, up to a cap, and recovers after a good check', () => {
    const s = fresh({ lastCheckAt: T0 });
    const delays = [0, 1, 2, 3, 4, 10, 1000].map((failures) => delayAfter({ ...s, failures }, settings, T0));
    expect(delays.slice(0, 4)).toEqual([3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR]);
    expect(delays[4]).toBe(2 * DAY);
    expect(delays[5]).toBe(2 * DAY);
    expect(delays[6]).toBe(2 * DAY);
    expect(nextCheckAt({ ...s, failures: 2 }, settings, T0, mid)).toBe(T0 + 12 * HOUR);
    expect(nextCheckAt({ ...s, failures: 0 }, settings, T0, mid)).toBe(T0 + 3 * HOUR);
  });

  it('catches up once after the device slept through several checks', () => {
    // Due at 12:00; the laptop sleeps until 01:00 the next morning (four 3-hourly checks missed).
    const due = T0 + 3 * HOUR;
    const wake = due + 13 * HOUR;
    const watches = [{ id: 'a', nextCheckAt: due }];
    const plan = dueWatches(watches, { now: wake, online: true, recentFetches: [] }, settings);
    expect(plan.due.map((w) => w.id)).toEqual(['a']);
    // The check that runs at wake-up is followed by one regular interval, not a burst of catch-ups.
    const after = nextCheckAt(fresh({ lastCheckAt: wake }), settings, wake, mid)!;
    expect(after).toBe(wake + 3 * HOUR);
    const again = dueWatches(
      [{ id: 'a', nextCheckAt: after }],
      { now: wake + 1, online: true, recentFetches: [wake] },
      settings,
    );
    expect(again.due).toEqual([]);
    expect(again.wakeAt).toBe(after);
  });

  it('never schedules in the past, even when the last check is long ago', () => {
    const s = fresh({ lastCheckAt: T0 });
    expect(nextCheckAt(s, settings, T0 + 10 * HOUR, mid)).toBe(T0 + 10 * HOUR);
  });

  it('holds every check while offline and looks again later', () => {
    const watches = [{ nextCheckAt: T0 }, { nextCheckAt: T0 + HOUR }];
    const plan = dueWatches(watches, { now: T0 + 2 * HOUR, online: false, recentFetches: [] }, settings);
    expect(plan.due).toEqual([]);
    expect(plan.held).toHaveLength(2);
    expect(plan.heldBy).toBe('offline');
    expect(plan.wakeAt).toBe(T0 + 2 * HOUR + settings.offlineRetryMs);
  });

  it('spends at most N fetches per rolling hour, most overdue first', () => {
    const budget = watchSettings({ maxFetchesPerHour: 3 });
    const now = T0 + 5 * HOUR;
    const watches = [5, 1, 4, 2, 3].map((h) => ({ id: h, nextCheckAt: T0 + h * HOUR - 1 }));
    const recent = [now - 50 * MIN]; // one fetch already this hour
    const plan = dueWatches(watches, { now, online: true, recentFetches: recent }, budget);
    expect(plan.due.map((w) => w.id)).toEqual([1, 2]);
    expect(plan.held.map((w) => w.id)).toEqual([3, 4, 5]);
    expect(plan.heldBy).toBe('budget');
    // The hour is full after these two: the next slot frees when the oldest fetch ages out.
    expect(plan.wakeAt).toBe(now - 50 * MIN + HOUR);
    expect(budgetLeft([...recent, now, now], now, budget)).toBe(0);
    expect(budgetLeft([...recent, now, now], now + 11 * MIN, budget)).toBe(1);
    // Fetches older than an hour do not count.
    const later = dueWatches(watches, { now, online: true, recentFetches: [now - 61 * MIN] }, budget);
    expect(later.due).toHaveLength(3);
  });

  it('leaves ended watches alone and says when nothing is left', () => {
    const plan = dueWatches([{ nextCheckAt: null }], { now: T0, online: true, recentFetches: [] }, settings);
    expect(plan).toEqual({ due: [], held: [], wakeAt: null, heldBy: null });
  });
});
