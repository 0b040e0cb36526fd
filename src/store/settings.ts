/** The reader's settings, one row per key; a missing or unreadable value reads as the default. */
import {
  DEFAULT_SETTINGS,
  isArchiveBase,
  isAutoCaptureMode,
  isRetention,
  type Settings,
} from '../model/settings';
import { applyRetention } from './articles';
import type { RowDerivations } from './rows';
import type { CrosscheckDb } from './schema';

export async function readSettings(db: CrosscheckDb): Promise<Settings> {
  const rows = await db.settings.bulkGet(['autoCapture', 'retention', 'archiveOnOpen', 'archiveBase']);
  return {
    autoCapture: isAutoCaptureMode(rows[0]?.value) ? rows[0].value : DEFAULT_SETTINGS.autoCapture,
    retention: isRetention(rows[1]?.value) ? rows[1].value : DEFAULT_SETTINGS.retention,
    archiveOnOpen: rows[2]?.value === true,
    archiveBase: isArchiveBase(rows[3]?.value) ? rows[3].value : DEFAULT_SETTINGS.archiveBase,
  };
}

/** Saves the given (already checked) settings; a new retention applies to the whole library at once. */
export function writeSettings(
  db: CrosscheckDb,
  change: Partial<Settings>,
  now: number,
  derive: RowDerivations,
): Promise<void> {
  return db.transaction('rw', [db.settings, db.articles, db.versions, db.matchDocs], async () => {
    if (change.autoCapture !== undefined)
      await db.settings.put({ key: 'autoCapture', value: change.autoCapture });
    if (change.archiveOnOpen !== undefined)
      await db.settings.put({ key: 'archiveOnOpen', value: change.archiveOnOpen });
    if (change.archiveBase !== undefined)
      await db.settings.put({ key: 'archiveBase', value: change.archiveBase });
    if (change.retention !== undefined) {
      await db.settings.put({ key: 'retention', value: change.retention });
      const ids = await db.articles.toCollection().primaryKeys();
      for (const id of ids) await applyRetention(db, id, change.retention, now, derive);
    }
  });
}
