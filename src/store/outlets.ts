/** Per-outlet policies (auto-capture allowed, ignored); a row exists once an outlet was seen or set. */
import type { CrosscheckDb, OutletRow } from './schema';

export function outletPolicy(db: CrosscheckDb, outlet: string): Promise<OutletRow | undefined> {
  return db.outlets.get(outlet);
}

export function allOutletPolicies(db: CrosscheckDb): Promise<OutletRow[]> {
  return db.outlets.toArray();
}

/** Changes the given fields of an outlet's policy, creating it with the defaults first. */
export function updateOutletPolicy(
  db: CrosscheckDb,
  outlet: string,
  change: { autoCapture?: boolean; ignored?: boolean },
): Promise<void> {
  return db.transaction('rw', db.outlets, async () => {
    const current = (await db.outlets.get(outlet)) ?? {
      outlet,
      siteName: null,
      autoCapture: false,
      ignored: false,
    };
    if (typeof change.autoCapture === 'boolean') current.autoCapture = change.autoCapture;
    if (typeof change.ignored === 'boolean') current.ignored = change.ignored;
    await db.outlets.put(current);
  });
}
