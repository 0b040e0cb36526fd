/**
 * When watched articles are re-read: pure functions of the watch's state, the settings, the
 * clock and a random source, so the extension's alarms, the CLI and the tests share one schedule
 * and a fake clock can drive it. Nothing here fetches, stores or sets an alarm.
 *
 * The life of a watch: checks every `earlyIntervalMs` while the article is young (its first
 * `earlyPeriodMs` after publication, or after watching began when the page gives no publication
 * time), then every `lateIntervalMs`, until `windowMs` after that start. Newsrooms edit most in
 * the first hours; after two weeks an edit is rare enough that re-reading is not worth a fetch.
 */

import { DEFAULT_WATCH_SCHEDULE } from '../model/settings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface WatchSettings {
  /** Interval while the article is young. */
  earlyIntervalMs: number;
  /** How long after publication (or after watching began) the article counts as young. */
  earlyPeriodMs: number;
  /** Interval afterwards. */
  lateIntervalMs: number;
  /** No checks after this long from publication (or from when watching began). */
  windowMs: number;
  /**
   * An article watched when its window is already over (an old report the reader just found)
   * still gets checks for this long after watching began, at the late interval.
   */
  minimumWatchMs: number;
  /** Each check moves by up to this share of its interval, either way … */
  jitterRatio: number;
  /** … and never by more than this, so a daily check stays near its hour. */
  maxJitterMs: number;
  /** Fetches of watched articles per rolling hour, all watches together. */
  maxFetchesPerHour: number;
  /** After n consecutive errors the interval is multiplied by 2^n, up to this (or the interval). */
  backoffMaxMs: number;
  /** How soon to look again while the device is offline. */
  offlineRetryMs: number;
}

/** The reader's part (intervals, window, hourly budget) defaults to the model's DEFAULT_WATCH_SCHEDULE. */
export const DEFAULT_WATCH_SETTINGS: Readonly<WatchSettings> = Object.freeze({
  ...DEFAULT_WATCH_SCHEDULE,
  minimumWatchMs: 2 * DAY,
  jitterRatio: 0.1,
  maxJitterMs: 20 * MINUTE,
  backoffMaxMs: 2 * DAY,
  offlineRetryMs: 15 * MINUTE,
});

/** The part of a watch the schedule reads. Times are epoch milliseconds. */
export interface ScheduleState {
  /** When the reader started watching. */
  startedAt: number;
  /** The article's publication time, when the page gives one. */
  publishedAt: number | null;
  /** When the last check ended (whatever its outcome), null before the first. */
  lastCheckAt: number | null;
  /** Consecutive checks that failed with an error (network, 5xx); 0 after any other outcome. */
  failures: number;
}

/** Settings from partial, untrusted input (the options page, the CLI): bad numbers fall back. */
export function watchSettings(partial: Partial<WatchSettings> = {}): WatchSettings {
  const out = { ...DEFAULT_WATCH_SETTINGS };
  for (const key of Object.keys(out) as (keyof WatchSettings)[]) {
    const value = partial[key];
    // Infinity is allowed: an unbounded window or budget is what a script may ask for.
    if (typeof value === 'number' && !Number.isNaN(value) && value >= 0) out[key] = value;
  }
  out.jitterRatio = Math.min(out.jitterRatio, 0.5);
  return out;
}

/**
 * Where the schedule starts counting. A publication time after watching began is a page's
 * mistake (or a time zone slip); trusting it would postpone the end of the window.
 */
export function scheduleAnchor(state: ScheduleState): number {
  const published = state.publishedAt;
  return published !== null && Number.isFinite(published) && published <= state.startedAt
    ? published
    : state.startedAt;
}

/** After this moment no check is scheduled. */
export function windowEnd(state: ScheduleState, settings: WatchSettings): number {
  return Math.max(scheduleAnchor(state) + settings.windowMs, state.startedAt + settings.minimumWatchMs);
}

/** The regular interval for a check made at `at`. */
export function intervalAt(state: ScheduleState, settings: WatchSettings, at: number): number {
  const young = at - scheduleAnchor(state) < settings.earlyPeriodMs;
  return young ? settings.earlyIntervalMs : settings.lateIntervalMs;
}

/** The wait after the last check before jitter: the interval, stretched by backoff after errors. */
export function delayAfter(state: ScheduleState, settings: WatchSettings, at: number): number {
  const interval = intervalAt(state, settings, at);
  if (state.failures <= 0) return interval;
  const cap = Math.max(settings.backoffMaxMs, interval);
  // 2^failures overflows to Infinity for absurd counts; min() keeps the cap.
  return Math.min(cap, interval * 2 ** Math.min(state.failures, 60));
}

/** The largest shift jitter may give a check whose regular delay is `delay`. */
export function jitterBound(delay: number, settings: WatchSettings): number {
  return Math.min(settings.maxJitterMs, delay * settings.jitterRatio);
}

/**
 * When the next check is due, or null when the watch is over. `random()` in [0, 1) places the
 * check within ± the jitter bound; compute it once when a check ends and keep it (calling again
 * draws another time). The next check counts from the last one, never from when it was due, so
 * a check that ran late (the device slept) is followed by one regular interval, not a burst.
 */
export function nextCheckAt(
  state: ScheduleState,
  settings: WatchSettings,
  now: number,
  random: () => number,
): number | null {
  const from = state.lastCheckAt ?? state.startedAt;
  const delay = delayAfter(state, settings, from);
  const bound = jitterBound(delay, settings);
  const r = Math.min(Math.max(random(), 0), 1);
  const due = from + delay + (2 * r - 1) * bound;
  const end = windowEnd(state, settings);
  if (!Number.isFinite(due) || due > end) return null;
  // Never in the past: a due time already gone means "as soon as the next alarm fires".
  return Math.max(due, Math.min(now, end));
}

// ───────────────────────── many watches, one alarm ─────────────────────────

/** What the planner needs of each watch. */
export interface PlannedWatch {
  /** The time nextCheckAt gave when the last check ended; null when the watch is over. */
  nextCheckAt: number | null;
}

export interface PlanInput {
  now: number;
  /** navigator.onLine, or the CLI's view of it. */
  online: boolean;
  /** When recent fetches of watched articles started (older than an hour are ignored). */
  recentFetches: readonly number[];
}

export interface Plan<W> {
  /** Check these now, in this order (longest overdue first); each exactly once. */
  due: W[];
  /** Due but held back by the hourly budget or because the device is offline. */
  held: W[];
  /** When to look again (set the alarm here); null when no watch has a check left. */
  wakeAt: number | null;
  /** Why watches were held, when they were. */
  heldBy: 'budget' | 'offline' | null;
}

const ROLLING_HOUR = HOUR;

/** Fetch times still inside the rolling hour at `now`, oldest first. */
export function fetchesInLastHour(recentFetches: readonly number[], now: number): number[] {
  return recentFetches.filter((t) => t > now - ROLLING_HOUR && t <= now).sort((a, b) => a - b);
}

/** How many fetches the budget still allows at `now`. */
export function budgetLeft(recentFetches: readonly number[], now: number, settings: WatchSettings): number {
  return Math.max(0, settings.maxFetchesPerHour - fetchesInLastHour(recentFetches, now).length);
}

/**
 * Which watches to check when an alarm fires. A watch whose check was due several times while
 * the device slept is listed once: it has one due time, and the check that runs moves it on
 * from now. Offline, nothing is due and the next look is `offlineRetryMs` away (the extension
 * should also plan again on the browser's `online` event). When more are due than the hourly
 * budget allows, the most overdue go first and the rest wait until the oldest fetch of the hour
 * ages out.
 */
export function dueWatches<W extends PlannedWatch>(
  watches: readonly W[],
  input: PlanInput,
  settings: WatchSettings,
): Plan<W> {
  const { now } = input;
  const live = watches.filter((w) => w.nextCheckAt !== null && Number.isFinite(w.nextCheckAt));
  const ready = live.filter((w) => w.nextCheckAt! <= now).sort((a, b) => a.nextCheckAt! - b.nextCheckAt!);
  const later = live.filter((w) => w.nextCheckAt! > now).map((w) => w.nextCheckAt!);
  const nextLater = later.length > 0 ? Math.min(...later) : null;
  const earliest = (...times: (number | null)[]): number | null => {
    const known = times.filter((t): t is number => t !== null);
    return known.length > 0 ? Math.min(...known) : null;
  };
  if (ready.length === 0) return { due: [], held: [], wakeAt: nextLater, heldBy: null };
  if (!input.online) {
    return { due: [], held: ready, wakeAt: now + settings.offlineRetryMs, heldBy: 'offline' };
  }
  const recent = fetchesInLastHour(input.recentFetches, now);
  const left = Math.max(0, settings.maxFetchesPerHour - recent.length);
  const due = ready.slice(0, left);
  const held = ready.slice(left);
  if (held.length === 0) return { due, held, wakeAt: nextLater, heldBy: null };
  // The budget frees a fetch when the (due.length)-th oldest of the hour ages out, counting the
  // fetches about to be made now.
  const after = [...recent, ...due.map(() => now)].sort((a, b) => a - b);
  const freedAt = (after[after.length - settings.maxFetchesPerHour] ?? now) + ROLLING_HOUR;
  return { due, held, wakeAt: earliest(nextLater, Math.max(freedAt, now + 1)), heldBy: 'budget' };
}
