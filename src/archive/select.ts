/**
 * Which captures to read. Newsrooms edit most in the first hours and days after publishing, and
 * archives capture a busy article many times a day at first, then rarely: so the earliest
 * capture (the closest to what was first published), the latest (the closest to the live page),
 * and the rest spread over the first days, dense early and sparse later.
 */
import type { Capture } from './types';

export const DEFAULT_LIMIT = 5;

/** Hours after the earliest capture at which one more capture is wanted, in order of preference. */
const OFFSETS_HOURS = [3, 12, 24, 72, 168, 720];

const HOUR = 3_600_000;

/** Earliest first; one per timestamp and per digest (a later capture of the same bytes adds nothing). */
export function distinctCaptures(captures: readonly Capture[]): Capture[] {
  const sorted = [...captures].sort((a, b) => a.time - b.time);
  const timestamps = new Set<string>();
  const digests = new Set<string>();
  return sorted.filter((capture) => {
    if (timestamps.has(capture.timestamp)) return false;
    if (capture.digest !== null && digests.has(capture.digest)) return false;
    timestamps.add(capture.timestamp);
    if (capture.digest !== null) digests.add(capture.digest);
    return true;
  });
}

/**
 * At most `limit` of `captures` (earliest first, distinct), earliest first. Past the offsets,
 * the widest remaining gap between chosen captures is split, so the choice stays spread.
 */
export function selectCaptures(captures: readonly Capture[], limit = DEFAULT_LIMIT): Capture[] {
  const all = [...captures].sort((a, b) => a.time - b.time);
  const n = Math.max(0, Math.trunc(limit));
  if (all.length <= n) return all;
  if (n === 0) return [];
  const first = all[0]!;
  const last = all[all.length - 1]!;
  const chosen = new Set<Capture>([first]);
  if (n >= 2) chosen.add(last);
  for (const hours of OFFSETS_HOURS) {
    if (chosen.size >= n) break;
    const target = first.time + hours * HOUR;
    const next = all.find((c) => c.time >= target && !chosen.has(c) && c !== last);
    if (next) chosen.add(next);
  }
  while (chosen.size < n) {
    const picked = all.filter((c) => chosen.has(c));
    let best: Capture | null = null;
    let widest = -1;
    for (let k = 0; k + 1 < picked.length; k++) {
      const from = picked[k]!;
      const to = picked[k + 1]!;
      const middle = (from.time + to.time) / 2;
      const inside = all.filter((c) => c.time > from.time && c.time < to.time && !chosen.has(c));
      if (inside.length === 0 || to.time - from.time <= widest) continue;
      widest = to.time - from.time;
      best = inside.reduce((a, b) => (Math.abs(b.time - middle) < Math.abs(a.time - middle) ? b : a));
    }
    if (!best) break;
    chosen.add(best);
  }
  return all.filter((c) => chosen.has(c));
}

/**
 * The capture to read instead of a chosen one that proved unusable: the next one after it that
 * is neither chosen nor read, and earlier than the next chosen one (so the spread is kept).
 */
export function replacementFor(
  captures: readonly Capture[],
  unusable: Capture,
  taken: ReadonlySet<string>,
): Capture | null {
  const all = [...captures].sort((a, b) => a.time - b.time);
  for (const capture of all) {
    if (capture.time <= unusable.time) continue;
    if (taken.has(capture.timestamp)) return null;
    return capture;
  }
  return null;
}
