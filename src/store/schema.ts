/**
 * The library's IndexedDB schema, declared once. Every release that changes it adds a new
 * `db.version(n)` below with an upgrade function; earlier declarations are never edited, because
 * a reader's browser may still hold a database at any earlier version. docs/storage.md explains
 * each table and the migrations.
 */
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import type { LibraryArticleFields } from '../model/library-file';
import { READER_ORIGIN, type Article, type Claim, type VersionOrigin } from '../model/types';
import type { Settings } from '../model/settings';
import type { WatchNews, WatchRecord } from '../watch/index';
import { searchTextOf } from './search-text';

export const DB_NAME = 'crosscheck';
export const SCHEMA_VERSION = 6;

/** One article: every version stored at the same `urlKey` hangs off it. */
export interface ArticleRow extends LibraryArticleFields {
  id: number;
  /**
   * Sort key for "published" orders: the page's date as ISO UTC, else the first capture time.
   * IndexedDB leaves rows with a null key out of an index, so the key is never null.
   */
  publishedKey: string;
  /** When the page was last seen, even unchanged (v2). */
  lastSeenAt: number;
  versionCount: number;
  latestVersionId: number;
  /** Story cluster: the id of the article that started it. */
  storyId: number | null;
  /** Lower-cased, folded title + outlet + site + byline + words of the text, for search (v2). */
  search: string;
  /**
   * The last web-archive lookup that reached the archive, with the archive's base address: what
   * "Check web archives for articles I open" reads so it looks an article up at most once per
   * archive. Absent until then (not indexed, so no schema version).
   */
  archiveLookup?: ArchiveLookupMark;
}

export interface ArchiveLookupMark {
  base: string;
  at: number;
}

export interface VersionRow {
  id: number;
  articleId: number;
  contentHash: string;
  capturedAt: number;
  /** When this exact content was last seen (v2). */
  lastSeenAt: number;
  article: Article;
  claims: Claim[];
  title: string;
  paragraphCount: number;
  claimCount: number;
  wordCount: number;
  /** Differences against the previous stored version; null for the first. */
  changeCount: number | null;
  /** The reader's own capture, or a web archive's (v4). */
  origin: VersionOrigin;
}

/** The match index's input for one article (its newest version), so a restarted worker rebuilds it without re-analysing. */
export interface MatchDocRow {
  articleId: number;
  versionId: number;
  /** The match engine's document (term vector etc.), stored as it produced it. */
  doc: unknown;
}

/**
 * The match index as it was at `savedAt`, packed (v3). Only an accelerator: `versions` says which
 * version of each article it holds, so the rows that changed since are applied on load, and a
 * missing or unreadable snapshot means a rebuild from `matchDocs`.
 */
export interface SnapshotRow {
  key: 'match-index';
  savedAt: number;
  /** [articleId, versionId] of every document in `packed`. */
  versions: [number, number][];
  /** The match engine's packed index, stored as it produced it. */
  packed: unknown;
}

export interface OutletRow {
  outlet: string;
  siteName: string | null;
  autoCapture: boolean;
  ignored: boolean;
}

export interface SettingRow {
  key: keyof Settings;
  value: unknown;
}

/** The last deletion, whole, so it can be undone in one step. Only one row ever exists. */
export interface TrashRow {
  id: 'last';
  deletedAt: number;
  articles: ArticleRow[];
  versions: VersionRow[];
  matchDocs: MatchDocRow[];
  /** Article rows that lost some versions but survived, as they were before. */
  touchedArticles: ArticleRow[];
  /** The watches of the deleted articles (absent in a trash row written before v5's watch list). */
  watches?: WatchRow[];
}

/** What the reader was last told about a watch, kept for the options page's list. */
export interface WatchNewsRow {
  kind: WatchNews['kind'];
  summary: string;
  at: number;
  /** The versions the notification compares (both null unless an edit was stored). */
  beforeVersionId: number | null;
  afterVersionId: number | null;
}

/** One watched article (v5): the engine's watch state plus what the extension keeps beside it. */
export interface WatchRow extends WatchRecord {
  articleId: number;
  /** The permission origin the checks fetch from (the watched address's). */
  origin: string;
  /** The newest version the reader has seen (opened in the popup or compared); the popup's changes start there. */
  seenVersionId: number | null;
  /** Edits stored by checks since the reader last looked; the toolbar badge sums them. */
  unseen: number;
  /** When the last hour's fetches of this watch started, for the hourly budget. */
  fetchStarts: number[];
  lastNews: WatchNewsRow | null;
}

/**
 * An answer the service derived from stored rows and keeps across worker restarts (v6): a
 * version comparison or a sibling list. `stamp` says which state of the library it was derived
 * from; a row whose stamp is not the current one is never used.
 */
export interface ResultRow {
  key: string;
  stamp: string;
  /** When it was written: the oldest rows go first when the table is full. */
  at: number;
  value: unknown;
}

export type CrosscheckDb = Dexie & {
  articles: EntityTable<ArticleRow, 'id'>;
  versions: EntityTable<VersionRow, 'id'>;
  matchDocs: EntityTable<MatchDocRow, 'articleId'>;
  outlets: EntityTable<OutletRow, 'outlet'>;
  settings: EntityTable<SettingRow, 'key'>;
  trash: EntityTable<TrashRow, 'id'>;
  snapshots: EntityTable<SnapshotRow, 'key'>;
  watches: EntityTable<WatchRow, 'articleId'>;
  results: EntityTable<ResultRow, 'key'>;
};

/** Version 1 as first released. Kept verbatim: migrations start from it. */
export const SCHEMA_V1 = {
  articles:
    '++id, &urlKey, outlet, storyId, lastCapturedAt, firstCapturedAt, publishedKey, [outlet+lastCapturedAt]',
  versions: '++id, articleId, &[articleId+contentHash], capturedAt',
  matchDocs: 'articleId',
  outlets: 'outlet',
  settings: 'key',
  trash: 'id',
};

/** Version 2: `lastSeenAt` separates "seen again unchanged" from "new version stored"; `search` makes text search a scan of one short field. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  articles:
    '++id, &urlKey, outlet, storyId, lastCapturedAt, firstCapturedAt, publishedKey, lastSeenAt, [outlet+lastCapturedAt]',
};

async function upgradeToV2(tx: Transaction): Promise<void> {
  const versions = tx.table<VersionRow, number>('versions');
  await versions.toCollection().modify((row) => {
    row.lastSeenAt ??= row.capturedAt;
  });
  const articles = tx.table<ArticleRow, number>('articles');
  const rows = await articles.toArray();
  for (const row of rows) {
    const latest = await versions.get(row.latestVersionId);
    row.lastSeenAt ??= row.lastCapturedAt;
    row.search = searchTextOf(row, latest?.article ?? null);
  }
  await articles.bulkPut(rows);
}

/**
 * Version 3: a packed snapshot of the match index, so a restarted worker loads it instead of
 * rebuilding from every row; `[articleId+versionId]` on matchDocs tells from keys alone which rows
 * changed since. Nothing to convert: the snapshot table starts empty.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  matchDocs: 'articleId, [articleId+versionId]',
  snapshots: 'key',
};

/**
 * Version 4: every version says where it came from (`origin`), since versions can now come from
 * a web archive's captures. Everything stored before was the reader's own, including the
 * versions held for undo in the trash. No index changes.
 */
export const SCHEMA_V4 = SCHEMA_V3;

async function upgradeToV4(tx: Transaction): Promise<void> {
  await tx
    .table<VersionRow, number>('versions')
    .toCollection()
    .modify((row) => {
      row.origin ??= READER_ORIGIN;
    });
  await tx
    .table<TrashRow, string>('trash')
    .toCollection()
    .modify((row) => {
      for (const version of row.versions) version.origin ??= READER_ORIGIN;
    });
}

/**
 * Version 5: the watch list, one row per watched article, keyed by the article. Nothing to
 * convert: the table starts empty.
 */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  watches: 'articleId, nextCheckAt',
};

/**
 * Version 6: derived answers kept across worker restarts (`results`), so a popup opened right
 * after the browser stopped the worker does not recompute its comparison and sibling list.
 * Nothing to convert: the table starts empty and is only ever a cache.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  results: 'key, at',
};

export interface OpenOptions {
  name?: string;
  /** For tests and Node: fake-indexeddb's factory and key range. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export function openDb(options: OpenOptions = {}): CrosscheckDb {
  const dexieOptions: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {};
  if (options.indexedDB) dexieOptions.indexedDB = options.indexedDB;
  if (options.IDBKeyRange) dexieOptions.IDBKeyRange = options.IDBKeyRange;
  const db = new Dexie(options.name ?? DB_NAME, dexieOptions) as CrosscheckDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  db.version(3).stores(SCHEMA_V3);
  db.version(4).stores(SCHEMA_V4).upgrade(upgradeToV4);
  db.version(5).stores(SCHEMA_V5);
  db.version(6).stores(SCHEMA_V6);
  return db;
}

/**
 * Drops the connection after a write failed for lack of space; the next use opens a new one.
 * Firefox leaves a connection that met its quota refusing every later write, deletions included
 * ("A mutation operation was attempted on a database that did not allow mutations"), so without
 * a new connection a reader with a full library could not delete anything to make room.
 */
export function reconnectAfterStorageFull(db: CrosscheckDb): void {
  db.close({ disableAutoOpen: false });
}
