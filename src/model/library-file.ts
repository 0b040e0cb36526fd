/**
 * The library's export file, `crosscheck-library` version 2 (docs/storage.md; version 1 files,
 * without each version's `origin`, still import: their versions are the reader's), and the validation
 * every incoming article goes through: imported files and auto-capture messages alike are
 * untrusted, so nothing is used until every field has been type- and size-checked and copied
 * into a fresh object. Claims and content hashes in a file are never read: they are recomputed.
 */
import { READER_ORIGIN, type Article, type RemovedFurniture, type VersionOrigin } from './types';

export const LIBRARY_FORMAT = 'crosscheck-library';
/** Written by this version. 2: each version carries its `origin`. */
export const LIBRARY_FORMAT_VERSION = 2;
/** Read by this version: 1 (no `origin`: every version is the reader's) and 2. */
export const READABLE_LIBRARY_VERSIONS: readonly number[] = [1, 2];

export const IMPORT_LIMITS = {
  /** UTF-16 code units of the whole file (≈ 200 MB of mostly-ASCII JSON). */
  fileChars: 200 * 1024 * 1024,
  articles: 100_000,
  versionsPerArticle: 1_000,
  url: 4_096,
  title: 2_000,
  shortField: 1_000,
  paragraphs: 5_000,
  paragraph: 100_000,
  /** Whole article text: a news page far beyond this is not an article. */
  articleChars: 2_000_000,
  removed: 5_000,
  /** An archive's name in a version's origin ("Internet Archive", or a host). */
  archiveName: 200,
} as const;

/** Keys that could reach Object.prototype if any code ever merged parsed objects. */
const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface LibraryFileVersion {
  capturedAt: number;
  /** Where the version came from: the reader's browser or a web archive's capture (file version 2). */
  origin: VersionOrigin;
  article: Article;
}

/**
 * What the library knows of an article apart from its versions, declared once: the file carries
 * exactly these fields and the store's article row (src/store/schema.ts) extends them.
 */
export interface LibraryArticleFields {
  urlKey: string;
  url: string;
  title: string;
  siteName: string | null;
  byline: string | null;
  /** Registrable host without www./m./amp. */
  outlet: string;
  publishedTime: string | null;
  firstCapturedAt: number;
  /** When the newest version was stored. */
  lastCapturedAt: number;
}

/** The file's fields of an article, copied out of a larger record such as a stored row, in file order. */
export function libraryArticleFields(source: LibraryArticleFields): LibraryArticleFields {
  return {
    urlKey: source.urlKey,
    url: source.url,
    title: source.title,
    siteName: source.siteName,
    byline: source.byline,
    outlet: source.outlet,
    publishedTime: source.publishedTime,
    firstCapturedAt: source.firstCapturedAt,
    lastCapturedAt: source.lastCapturedAt,
  };
}

export interface LibraryFileArticle extends LibraryArticleFields {
  versions: LibraryFileVersion[];
}

export interface LibraryFile {
  format: typeof LIBRARY_FORMAT;
  version: typeof LIBRARY_FORMAT_VERSION;
  exportedAt: string;
  articles: LibraryFileArticle[];
}

export class InvalidInput extends Error {}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Obj, key: string, max: number, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new InvalidInput(`${where}.${key}: expected a string`);
  if (value.length > max) throw new InvalidInput(`${where}.${key}: longer than ${max} characters`);
  return value;
}

function strOrNull(obj: Obj, key: string, max: number, where: string): string | null {
  return obj[key] === null || obj[key] === undefined ? null : str(obj, key, max, where);
}

function time(obj: Obj, key: string, where: string): number {
  const value = obj[key];
  // Capture times are epoch milliseconds between 2000 and 2200.
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 946_684_800_000 ||
    value > 7_258_118_400_000
  ) {
    throw new InvalidInput(`${where}.${key}: expected a capture time in epoch milliseconds`);
  }
  return value;
}

function stringList(obj: Obj, key: string, maxItems: number, maxEach: number, where: string): string[] {
  const value = obj[key];
  if (!Array.isArray(value)) throw new InvalidInput(`${where}.${key}: expected a list`);
  if (value.length > maxItems) throw new InvalidInput(`${where}.${key}: more than ${maxItems} items`);
  return value.map((item, i) => {
    if (typeof item !== 'string') throw new InvalidInput(`${where}.${key}[${i}]: expected a string`);
    if (item.length > maxEach)
      throw new InvalidInput(`${where}.${key}[${i}]: longer than ${maxEach} characters`);
    return item;
  });
}

function webUrl(obj: Obj, key: string, where: string): string {
  const value = str(obj, key, IMPORT_LIMITS.url, where);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InvalidInput(`${where}.${key}: not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidInput(`${where}.${key}: only http(s) addresses are stored`);
  }
  return value;
}

/**
 * A structurally valid Article built from untrusted data. `urlKey` and `contentHash` are copied
 * only to fill the type: callers recompute both before storing.
 */
export function validateArticle(value: unknown, where = 'article'): Article {
  if (!isObject(value)) throw new InvalidInput(`${where}: expected an object`);
  const paragraphs = stringList(
    value,
    'paragraphs',
    IMPORT_LIMITS.paragraphs,
    IMPORT_LIMITS.paragraph,
    where,
  );
  if (paragraphs.length === 0) throw new InvalidInput(`${where}.paragraphs: an article needs text`);
  const total = paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0);
  if (total > IMPORT_LIMITS.articleChars)
    throw new InvalidInput(`${where}: text longer than ${IMPORT_LIMITS.articleChars} characters`);
  const dir = value.dir ?? null;
  if (dir !== null && dir !== 'ltr' && dir !== 'rtl')
    throw new InvalidInput(`${where}.dir: expected "ltr", "rtl" or null`);
  const removedRaw = value.removed ?? [];
  if (!Array.isArray(removedRaw) || removedRaw.length > IMPORT_LIMITS.removed) {
    throw new InvalidInput(`${where}.removed: expected a list of at most ${IMPORT_LIMITS.removed} items`);
  }
  const removed: RemovedFurniture[] = removedRaw.map((item, i) => {
    if (!isObject(item)) throw new InvalidInput(`${where}.removed[${i}]: expected an object`);
    const at = `${where}.removed[${i}]`;
    return { text: str(item, 'text', IMPORT_LIMITS.paragraph, at), rule: str(item, 'rule', 100, at) };
  });
  const canonicalUrl =
    value.canonicalUrl === null || value.canonicalUrl === undefined
      ? null
      : webUrl(value, 'canonicalUrl', where);
  return {
    url: webUrl(value, 'url', where),
    canonicalUrl,
    urlKey: strOrNull(value, 'urlKey', IMPORT_LIMITS.url, where) ?? '',
    title: str(value, 'title', IMPORT_LIMITS.title, where),
    byline: strOrNull(value, 'byline', IMPORT_LIMITS.shortField, where),
    siteName: strOrNull(value, 'siteName', IMPORT_LIMITS.shortField, where),
    // Absent in articles captured before pages' publishers were read; kept absent then.
    ...(value.publisher === undefined
      ? {}
      : { publisher: strOrNull(value, 'publisher', IMPORT_LIMITS.shortField, where) }),
    // Absent in articles captured before pages' publishers were read; kept absent then.
    ...(value.publisher === undefined
      ? {}
      : { publisher: strOrNull(value, 'publisher', IMPORT_LIMITS.shortField, where) }),
    publishedTime: strOrNull(value, 'publishedTime', 100, where),
    modifiedTime: strOrNull(value, 'modifiedTime', 100, where),
    lang: strOrNull(value, 'lang', 50, where),
    dir,
    paragraphs,
    credits:
      value.credits === undefined
        ? []
        : stringList(value, 'credits', 100, IMPORT_LIMITS.shortField * 10, where),
    contentHash: strOrNull(value, 'contentHash', 200, where) ?? '',
    extractorVersion: strOrNull(value, 'extractorVersion', 100, where) ?? 'unknown',
    removed,
  };
}

/** Letters, marks, digits, punctuation, symbols and plain spaces: no control or format characters. */
const PRINTABLE_NAME = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;

/**
 * A version's origin from untrusted data: absent (a version 1 file) is the reader's; an archive's
 * needs a printable name and http(s) base and capture addresses. Anything else refuses the version.
 */
export function validateOrigin(value: unknown, where = 'origin'): VersionOrigin {
  if (value === undefined) return { ...READER_ORIGIN };
  if (!isObject(value)) throw new InvalidInput(`${where}: expected an object`);
  if (value.kind === 'reader') return { ...READER_ORIGIN };
  if (value.kind !== 'archive') throw new InvalidInput(`${where}.kind: expected "reader" or "archive"`);
  const archive = str(value, 'archive', IMPORT_LIMITS.archiveName, where).trim();
  if (!PRINTABLE_NAME.test(archive))
    throw new InvalidInput(`${where}.archive: expected a name of printable characters`);
  return {
    kind: 'archive',
    archive,
    base: webUrl(value, 'base', where),
    captureUrl: webUrl(value, 'captureUrl', where),
  };
}

function validateVersion(version: unknown, at: string): LibraryFileVersion {
  if (!isObject(version)) throw new InvalidInput(`${at}: expected an object`);
  return {
    capturedAt: time(version, 'capturedAt', at),
    origin: validateOrigin(version.origin, `${at}.origin`),
    article: validateArticle(version.article, `${at}.article`),
  };
}

/**
 * The file's text for these articles. Export in pages and in one piece both end here, so the
 * file is the same byte for byte whichever way it was read.
 */
export function libraryFileJson(exportedAt: string, articles: LibraryFileArticle[]): string {
  const file: LibraryFile = {
    format: LIBRARY_FORMAT,
    version: LIBRARY_FORMAT_VERSION,
    exportedAt,
    articles,
  };
  return JSON.stringify(file);
}

/**
 * Chrome refuses an extension message whose JSON exceeds 64 MiB; a UTF-16 unit is at most 3
 * bytes of UTF-8, so budgets counted in characters of JSON stay well under it with room for the
 * envelope. Import batches are also bounded in versions: analysis costs ~100 ms per version in
 * the browser and an MV3 worker must answer a message within 5 minutes.
 */
export const TRANSFER_LIMITS = {
  /** Characters of JSON in one export page (the last version added may cross it). */
  exportPageChars: 8 * 1024 * 1024,
  /** Articles in one export page. */
  exportPageArticles: 200,
  /** Characters of JSON in one import batch (a larger single version travels alone). */
  importBatchChars: 8 * 1024 * 1024,
  importBatchVersions: 100,
  /** No single version above this is sent: it could not cross the 64 MiB message limit. */
  messageChars: 16 * 1024 * 1024,
  /** Length of an entry's label in a batch (the file's `articles[i] (url)`). */
  itemLabel: 300,
} as const;

/** One entry of an import batch: versions of one file entry (a large one spans batches). */
export interface LibraryBatchEntry {
  item: string;
  versions: LibraryFileVersion[];
}

/**
 * Validates an import batch from the options page as strictly as a file: the page validated it
 * already, but the background trusts no sender. Throws InvalidInput for a batch it cannot use at
 * all; bad entries are listed in `rejected`.
 */
export function parseLibraryBatch(value: unknown): {
  articles: LibraryBatchEntry[];
  rejected: { item: string; reason: string }[];
} {
  if (!Array.isArray(value)) throw new InvalidInput('an import batch must be a list');
  const count = value.reduce(
    (sum: number, entry: unknown) =>
      sum + (isObject(entry) && Array.isArray(entry.versions) ? entry.versions.length : 1),
    0,
  );
  if (count > TRANSFER_LIMITS.importBatchVersions)
    throw new InvalidInput(`an import batch holds at most ${TRANSFER_LIMITS.importBatchVersions} versions`);
  const articles: LibraryBatchEntry[] = [];
  const rejected: { item: string; reason: string }[] = [];
  value.forEach((entry: unknown, i) => {
    let item = `batch[${i}]`;
    try {
      if (!isObject(entry)) throw new InvalidInput(`${item}: expected an object`);
      item = str(entry, 'item', TRANSFER_LIMITS.itemLabel, item);
      if (!Array.isArray(entry.versions)) throw new InvalidInput(`${item}: "versions" must be a list`);
      const versions: LibraryFileVersion[] = [];
      entry.versions.forEach((version: unknown, j) => {
        try {
          versions.push(validateVersion(version, `${item}.versions[${j}]`));
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          rejected.push({ item, reason: error.message });
        }
      });
      if (versions.length > 0) articles.push({ item, versions });
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      rejected.push({ item, reason: error.message });
    }
  });
  return { articles, rejected };
}

export interface ParsedLibraryFile {
  exportedAt: string;
  /** Versions that passed validation, grouped by their entry in the file. */
  articles: { item: string; versions: LibraryFileVersion[] }[];
  rejected: { item: string; reason: string }[];
}

/**
 * Parses and validates a whole file before anything is stored. Throws InvalidInput for a file
 * that cannot be used at all (not JSON, truncated, too large, hostile keys, wrong format); bad
 * entries inside a good file are listed in `rejected` and skipped.
 */
export function parseLibraryFile(json: string): ParsedLibraryFile {
  if (json.length > IMPORT_LIMITS.fileChars) {
    throw new InvalidInput(`the file is larger than ${IMPORT_LIMITS.fileChars / 1024 / 1024} MB`);
  }
  let data: unknown;
  try {
    data = JSON.parse(json, (key, value: unknown) => {
      if (HOSTILE_KEYS.has(key)) throw new InvalidInput(`the file contains the forbidden key "${key}"`);
      return value;
    });
  } catch (error) {
    if (error instanceof InvalidInput) throw error;
    throw new InvalidInput(`not valid JSON (damaged or truncated file): ${(error as Error).message}`);
  }
  if (!isObject(data)) throw new InvalidInput('not a Crosscheck library file: expected a JSON object');
  if (data.format !== LIBRARY_FORMAT)
    throw new InvalidInput(`not a Crosscheck library file: "format" must be "${LIBRARY_FORMAT}"`);
  if (typeof data.version !== 'number' || !READABLE_LIBRARY_VERSIONS.includes(data.version)) {
    throw new InvalidInput(
      `unsupported library file version ${JSON.stringify(data.version)} (this version reads ${READABLE_LIBRARY_VERSIONS.join(' and ')})`,
    );
  }
  if (!Array.isArray(data.articles)) throw new InvalidInput('"articles" must be a list');
  if (data.articles.length > IMPORT_LIMITS.articles)
    throw new InvalidInput(`more than ${IMPORT_LIMITS.articles} articles`);
  const exportedAt = typeof data.exportedAt === 'string' ? data.exportedAt.slice(0, 100) : '';

  const parsed: ParsedLibraryFile = { exportedAt, articles: [], rejected: [] };
  data.articles.forEach((entry: unknown, i) => {
    const item = `articles[${i}]`;
    try {
      if (!isObject(entry)) throw new InvalidInput('expected an object');
      const label = typeof entry.url === 'string' ? `${item} (${entry.url.slice(0, 200)})` : item;
      if (!Array.isArray(entry.versions)) throw new InvalidInput(`${label}: "versions" must be a list`);
      if (entry.versions.length > IMPORT_LIMITS.versionsPerArticle) {
        throw new InvalidInput(`${label}: more than ${IMPORT_LIMITS.versionsPerArticle} versions`);
      }
      const versions: LibraryFileVersion[] = [];
      entry.versions.forEach((version: unknown, j) => {
        const at = `${item}.versions[${j}]`;
        try {
          versions.push(validateVersion(version, at));
        } catch (error) {
          if (!(error instanceof InvalidInput)) throw error;
          parsed.rejected.push({ item: at, reason: error.message });
        }
      });
      if (versions.length > 0) parsed.articles.push({ item: label, versions });
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      parsed.rejected.push({ item, reason: error.message });
    }
  });
  return parsed;
}
