import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA_V1, SCHEMA_V3, SCHEMA_VERSION, openDb } from '../../src/store/schema';

interface Dump {
  version: number;
  tables: Record<string, Record<string, unknown>[]>;
}

const dump = JSON.parse(
  readFileSync(new URL('../fixtures/store/v1-library.json', import.meta.url), 'utf8'),
) as Dump;

/** Writes the fixture the way the first release would have: a database that only knows version 1. */
async function createV1Database(name: string): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SCHEMA_V1);
  await v1.open();
  await v1.transaction('rw', v1.tables, async () => {
    for (const [table, rows] of Object.entries(dump.tables)) await v1.table(table).bulkAdd(rows);
  });
  v1.close();
}

describe('store migrations', () => {
  it('opens a version 1 library at the current version with every row and field intact', async () => {
    expect(dump.version).toBe(1);
    const name = `migrate-${Math.random()}`;
    await createV1Database(name);

    const db = openDb({ name });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);

    for (const [table, rows] of Object.entries(dump.tables)) {
      const stored = await db.table(table).toArray();
      expect(stored, table).toHaveLength(rows.length);
      for (const row of rows) {
        const match = stored.find((candidate: Record<string, unknown>) =>
          table === 'outlets'
            ? candidate.outlet === row.outlet
            : table === 'settings'
              ? candidate.key === row.key
              : table === 'matchDocs'
                ? candidate.articleId === row.articleId
                : candidate.id === row.id,
        ) as Record<string, unknown> | undefined;
        // Every v1 field survives unchanged; v2 only adds fields.
        expect(match, `${table} row`).toMatchObject(row);
      }
    }
  });

  it('fills the version 2 fields from the data version 1 already had', async () => {
    const name = `migrate-${Math.random()}`;
    await createV1Database(name);
    const db = openDb({ name });

    const fox = await db.articles.get(1);
    expect(fox?.lastSeenAt).toBe(fox?.lastCapturedAt);
    // The search field is built from the newest version's text, so words only v2 has are found.
    expect(fox?.search).toContain('fox news');
    expect(fox?.search).toContain('foxnews.com');
    expect(fox?.search).toContain('ceasefire');
    const versions = await db.versions.toArray();
    for (const version of versions) expect(version.lastSeenAt).toBe(version.capturedAt);

    // The v2 index works on migrated rows.
    const recent = await db.articles.orderBy('lastSeenAt').reverse().first();
    expect(recent?.id).toBe(1);
    expect(await db.versions.where('[articleId+contentHash]').equals([1, 'f0000000000002']).count()).toBe(1);
  });

  it('marks every version stored before version 4, in the library and in the trash, as the reader’s own', async () => {
    const name = `migrate-${Math.random()}`;
    await createV1Database(name);
    // Through version 3 as released, with one deletion waiting in the trash.
    const v3 = new Dexie(name);
    v3.version(3).stores(SCHEMA_V3);
    await v3.open();
    const doomed = (await v3.table('versions').toArray())[0] as Record<string, unknown>;
    await v3.table('trash').put({
      id: 'last',
      deletedAt: 1,
      articles: [],
      versions: [doomed],
      matchDocs: [],
      touchedArticles: [],
    });
    expect(doomed).not.toHaveProperty('origin');
    v3.close();

    const db = openDb({ name });
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    const versions = await db.versions.toArray();
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version.origin).toEqual({ kind: 'reader' });
    const trash = await db.trash.get('last');
    expect(trash?.versions.map((v) => v.origin)).toEqual([{ kind: 'reader' }]);
  });
});
