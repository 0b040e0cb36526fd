/** Outlet policies and the reader's settings, and what they decide: whether a page is auto-captured. */
import {
  isArchiveBase,
  isAutoCaptureMode,
  isRetention,
  isWatchSchedule,
  normaliseArchiveBase,
  WATCH_SCHEDULE_KEYS,
  type Settings,
  type WatchSchedule,
} from '../model/settings';
import type { OutletSummary } from '../protocol/types';
import { StoreError } from '../store/errors';
import { allOutletPolicies, outletPolicy, updateOutletPolicy } from '../store/outlets';
import type { OutletRow } from '../store/schema';
import { readSettings, writeSettings } from '../store/settings';
import type { ServiceContext } from './context';

export async function listOutlets(ctx: ServiceContext): Promise<OutletSummary[]> {
  const byOutlet = new Map<string, OutletSummary>();
  for (const entry of await ctx.caches.entries()) {
    const summary = byOutlet.get(entry.outlet) ?? {
      outlet: entry.outlet,
      siteName: entry.siteName,
      articleCount: 0,
      versionCount: 0,
      autoCapture: false,
      ignored: false,
    };
    summary.articleCount++;
    summary.versionCount += entry.versionCount;
    byOutlet.set(entry.outlet, summary);
  }
  for (const policy of await allOutletPolicies(ctx.db)) {
    const summary = byOutlet.get(policy.outlet);
    if (summary) {
      summary.autoCapture = policy.autoCapture;
      summary.ignored = policy.ignored;
      summary.siteName ??= policy.siteName;
    } else {
      byOutlet.set(policy.outlet, outletOnly(policy));
    }
  }
  return [...byOutlet.values()].sort(
    (a, b) => b.articleCount - a.articleCount || a.outlet.localeCompare(b.outlet),
  );
}

function outletOnly(policy: OutletRow): OutletSummary {
  return {
    outlet: policy.outlet,
    siteName: policy.siteName,
    articleCount: 0,
    versionCount: 0,
    autoCapture: policy.autoCapture,
    ignored: policy.ignored,
  };
}

export async function setOutletPolicy(
  ctx: ServiceContext,
  change: { outlet: string; autoCapture?: boolean; ignored?: boolean },
): Promise<OutletSummary> {
  const outlet = change.outlet.trim().toLowerCase();
  if (!/^[a-z0-9.-]{1,253}$/.test(outlet))
    throw new StoreError(
      `"${change.outlet.slice(0, 100)}" is not an outlet name`,
      false,
      false,
      'invalid-change',
    );
  try {
    await updateOutletPolicy(ctx.db, outlet, change);
  } catch (error) {
    throw ctx.failed(error);
  }
  const summary = (await listOutlets(ctx)).find((entry) => entry.outlet === outlet);
  if (!summary) throw new StoreError('The outlet policy was not saved.', false, true, 'not-saved');
  return summary;
}

export function getSettings(ctx: ServiceContext): Promise<Settings> {
  return readSettings(ctx.db);
}

/** "Watch schedule" as the message may carry it: only the schedule's own fields, copied. */
function scheduleOf(value: unknown): WatchSchedule | null {
  if (typeof value !== 'object' || value === null) return null;
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (!(WATCH_SCHEDULE_KEYS as readonly string[]).includes(key)) return null;
    copy[key] = source[key];
  }
  return copy as unknown as WatchSchedule;
}

/**
 * Saves the given settings; a stricter retention applies to the whole library at once, and a
 * new watch schedule moves every watch's next check (`random` places it within the jitter).
 */
export async function setSettings(
  ctx: ServiceContext,
  change: Partial<Settings>,
  now: number,
  random: () => number = Math.random,
): Promise<Settings> {
  if (change.autoCapture !== undefined && !isAutoCaptureMode(change.autoCapture)) {
    throw new StoreError('Unknown auto-capture mode.', false, false, 'invalid-change');
  }
  if (change.retention !== undefined && !isRetention(change.retention)) {
    throw new StoreError(
      'Retention must keep all versions, the last N (N ≥ 1) or N days (N ≥ 1).',
      false,
      false,
      'invalid-change',
    );
  }
  if (change.archiveOnOpen !== undefined && typeof change.archiveOnOpen !== 'boolean') {
    throw new StoreError('"Check web archives" is on or off.', false, false);
  }
  if (change.archiveBase !== undefined) {
    const base = typeof change.archiveBase === 'string' ? normaliseArchiveBase(change.archiveBase) : null;
    if (!isArchiveBase(base))
      throw new StoreError(
        'The archive must be an http(s) address, such as https://web.archive.org.',
        false,
        false,
      );
    change = { ...change, archiveBase: base };
  }
  if (change.watch !== undefined) {
    const schedule = scheduleOf(change.watch);
    if (!schedule || !isWatchSchedule(schedule, ctx.watchScheduleLimits))
      throw new StoreError(
        'The watch schedule must re-read every 1 to 24 hours while an article is new, then every 1 hour to 7 days, for 1 to 90 days, with 1 to 120 fetches an hour.',
        false,
        false,
        'invalid-change',
      );
    change = { ...change, watch: schedule };
  }
  try {
    await writeSettings(ctx.db, change, now, ctx.derive, random);
  } catch (error) {
    throw ctx.failed(error);
  }
  if (change.retention !== undefined) ctx.invalidate();
  return readSettings(ctx.db);
}

/** Whether the auto-capture policy lets this article be stored without a click. */
export async function autoCaptureAllowed(ctx: ServiceContext, url: string): Promise<boolean> {
  const settings = await readSettings(ctx.db);
  if (settings.autoCapture === 'off') return false;
  const policy = await outletPolicy(ctx.db, ctx.engine.outletOf(url));
  if (policy?.ignored) return false;
  return settings.autoCapture === 'all' || policy?.autoCapture === true;
}
