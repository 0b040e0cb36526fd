/** The reader's settings, one row per key; a missing or unreadable value reads as the default. */
import {
  DEFAULT_SETTINGS,
  isArchiveBase,
  isAutoCaptureMode,
  isRetention,
  isWatchSchedule,
  WATCH_SCHEDULE_BOUNDS,
  type Settings,
} from '../model/settings';
import { watchSettings } from '../watch/index';
import { applyRetention } from './articles';
import type { RowDerivations } from './rows';
import type { CrosscheckDb } from './schema';
import { replanWatches } from './watches';

export async function readSettings(db: CrosscheckDb): Promise<Settings> {
  const rows = await db.settings.bulkGet([
    'autoCapture',
    'retention',
    'archiveOnOpen',
    'archiveBase',
    'watch',
  ]);
  return {
    autoCapture: isAutoCaptureMode(rows[0]?.value) ? rows[0].value : DEFAULT_SETTINGS.autoCapture,
    retention: isRetention(rows[1]?.value) ? rows[1].value : DEFAULT_SETTINGS.retention,
    archiveOnOpen: rows[2]?.value === true,
    archiveBase: isArchiveBase(rows[3]?.value) ? rows[3].value : DEFAULT_SETTINGS.archiveBase,
    // Checked against the bounds, not the reader's limits: the e2e build stores seconds.
    watch: isWatchSchedule(rows[4]?.value, WATCH_SCHEDULE_BOUNDS)
      ? { ...rows[4].value }
      : { ...DEFAULT_SETTINGS.watch },
  };
}

/**
 * Saves the given (already checked) settings; a new retention applies to the whole library at
 * once, and a new watch schedule to every watch (its next check moved), in the same transaction.
 */
export function writeSettings(
  db: CrosscheckDb,
  change: Partial<Settings>,
  now: number,
  derive: RowDerivations,
  random: () => number = Math.random,
): Promise<void> {
  const tables = [db.settings, db.articles, db.versions, db.matchDocs, db.watches, db.results];
  return db.transaction('rw', tables, async () => {
    if (change.autoCapture !== undefined)
      await db.settings.put({ key: 'autoCapture', value: change.autoCapture });
    if (change.archiveOnOpen !== undefined)
      await db.settings.put({ key: 'archiveOnOpen', value: change.archiveOnOpen });
    if (change.archiveBase !== undefined)
      await db.settings.put({ key: 'archiveBase', value: change.archiveBase });
    if (change.watch !== undefined) {
      await db.settings.put({ key: 'watch', value: { ...change.watch } });
      await replanWatches(db, watchSettings(change.watch), now, random);
    }
    if (change.retention !== undefined) {
      await db.settings.put({ key: 'retention', value: change.retention });
      const ids = await db.articles.toCollection().primaryKeys();
      for (const id of ids) await applyRetention(db, id, change.retention, now, derive);
    }
  });
}
