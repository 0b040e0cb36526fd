/**
 * The extension's wording in every locale it ships (`public/_locales/<locale>/messages.json`):
 * each catalogue is well formed as Chrome and Firefox read it, holds every key of the default
 * locale with the same placeholders, and holds every key the UI names — among them every string
 * the web-archive feature added. Capture times are written by Intl in the UI language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_REASON_CODES } from '../../src/protocol/types';
import { reasonKey } from '../../src/ui/popup/ArchiveLookup';
import { formatUtc, versionOriginLabel } from '../../src/ui/shared/format';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const localesDir = path.join(root, 'public', '_locales');
const DEFAULT_LOCALE = 'en';

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

function catalogue(locale: string): Record<string, Entry> {
  return JSON.parse(readFileSync(path.join(localesDir, locale, 'messages.json'), 'utf8')) as Record<
    string,
    Entry
  >;
}

const locales = readdirSync(localesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const english = catalogue(DEFAULT_LOCALE);

/** `$NAME$` references in a message, lower-cased as the placeholder table's keys are. */
function references(message: string): string[] {
  return [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((match) => match[1]!.toLowerCase()).sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(entry.name) ? [file] : [];
  });
}

/** Every key the UI names literally: `t('key')`, and `tCount('key')` as `key_one` / `key_other`. */
function keysNamedByTheUi(): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'src', 'ui'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([A-Za-z0-9_@]+)'/g)) keys.add(match[1]!);
    for (const match of text.matchAll(/\btCount\(\s*'([A-Za-z0-9_@]+)'/g)) {
      keys.add(`${match[1]!}_one`);
      keys.add(`${match[1]!}_other`);
    }
  }
  return [...keys].sort();
}

/** What the web-archive feature (issue 15) added: popup action, progress, states, origins, settings, privacy, reports. */
const ARCHIVE_KEY =
  /^(popup_archive|options_archive|options_privacyArchive|shared_origin|shared_openCapture|popup_copy|popup_copied|popup_reportSaved|compare_saveReport)/;
const archiveKeys = [
  ...Object.keys(english).filter((key) => ARCHIVE_KEY.test(key)),
  ...ARCHIVE_REASON_CODES.map(reasonKey),
];

describe('locales', () => {
  it('ships the default locale the manifest names', () => {
    expect(readFileSync(path.join(root, 'wxt.config.ts'), 'utf8')).toContain(
      `default_locale: '${DEFAULT_LOCALE}'`,
    );
    expect(locales).toContain(DEFAULT_LOCALE);
  });

  it.each(locales)('%s: every message is well formed as the browsers read it', (locale) => {
    for (const [key, entry] of Object.entries(catalogue(locale))) {
      // Chrome refuses to load an extension whose message names hold anything else.
      expect(key, key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(typeof entry.message, key).toBe('string');
      expect(entry.message.trim(), key).not.toBe('');
      const declared = Object.keys(entry.placeholders ?? {});
      for (const name of references(entry.message)) expect(declared, `${key}: $${name}$`).toContain(name);
      for (const [name, placeholder] of Object.entries(entry.placeholders ?? {}))
        expect(placeholder.content, `${key}.${name}`).toMatch(/^\$\d$/);
    }
  });

  it.each(locales)('%s: holds every key of the default locale, with the same placeholders', (locale) => {
    const messages = catalogue(locale);
    const missing = Object.keys(english).filter((key) => !(key in messages));
    expect(missing).toEqual([]);
    for (const [key, entry] of Object.entries(english))
      expect(references(messages[key]!.message), key).toEqual(references(entry.message));
  });

  it('the default locale holds every key the UI names', () => {
    const named = keysNamedByTheUi();
    // The scan finds the UI's keys (a broken pattern would find none and prove nothing).
    expect(named.length).toBeGreaterThan(200);
    expect(named.filter((key) => !(key in english))).toEqual([]);
  });

  it.each(locales)('%s: holds every string the web-archive feature added', (locale) => {
    const messages = catalogue(locale);
    expect(archiveKeys.length).toBeGreaterThan(40);
    for (const key of [
      'popup_archiveLookUp',
      'popup_archiveRunning',
      'popup_archiveNoCopies',
      'popup_archiveOnOpenNeedsAccess',
      'popup_archiveAllow',
      'shared_originArchive',
      'options_archiveOnOpen',
      'options_privacyArchive',
      'compare_saveReport',
      'popup_reportSaved',
    ])
      expect(archiveKeys).toContain(key);
    expect(archiveKeys.filter((key) => !messages[key]?.message.trim())).toEqual([]);
  });
});

describe('capture times in the UI language', () => {
  const time = Date.UTC(2024, 8, 25, 13, 52);

  it('writes an archive’s capture time in UTC the way each language writes dates', () => {
    expect(formatUtc(time, 'en-US')).toBe('Sep 25, 2024, 1:52 PM UTC');
    expect(formatUtc(time, 'en-GB')).toMatch(/^25 Sept? 2024, 13:52 UTC$/);
    expect(formatUtc(time, 'de-DE')).toMatch(/^25\. Sept?\. 2024, 13:52 UTC$/);
    expect(formatUtc(time, 'ja-JP')).toBe('2024年9月25日 13:52 UTC');
    // Whatever the reader's time zone: the archive's time, in UTC.
    expect(formatUtc(Date.UTC(2024, 11, 31, 23, 30), 'en-GB')).toMatch(/^31 Dec 2024, 23:30 UTC$/);
  });

  it('names an archived version by its archive and that time, in the browser’s language', () => {
    const label = versionOriginLabel({
      capturedAt: time,
      origin: {
        kind: 'archive',
        archive: 'Internet Archive',
        base: 'https://web.archive.org',
        captureUrl: '',
      },
    });
    expect(label).toBe(`Internet Archive, captured ${formatUtc(time, navigator.language)}`);
    expect(navigator.language).toBe('en-US');
    expect(label).toBe('Internet Archive, captured Sep 25, 2024, 1:52 PM UTC');
  });
});
