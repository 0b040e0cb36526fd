/**
 * What both storage-full files need: the e2e build without `unlimitedStorage` (which exempts the
 * extension from every quota), and a report large enough to fill one.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { requireBuild } from './harness/browsers';

/** A copy of the e2e build whose manifest lacks `unlimitedStorage`; the caller removes the folder. */
export async function buildWithoutUnlimitedStorage(
  build: 'chrome-mv3-e2e' | 'firefox-mv2-e2e',
): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'crosscheck-quota-build-'));
  await cp(requireBuild(build), copy, { recursive: true });
  const manifestPath = join(copy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { permissions: string[] };
  expect(manifest.permissions).toContain('unlimitedStorage');
  manifest.permissions = manifest.permissions.filter((permission) => permission !== 'unlimitedStorage');
  await writeFile(manifestPath, JSON.stringify(manifest));
  return copy;
}

/**
 * A long report whose words do not repeat: IndexedDB compresses what it stores, so repeated filler
 * would take a fraction of its size on disk and slip under a small quota.
 */
export function incompressibleReport(title: string, seed = 7, paragraphs = 3000): string {
  let state = seed;
  const word = () => {
    let out = '';
    for (let i = 0; i < 7; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out += String.fromCharCode(97 + (state % 26));
    }
    return out;
  };
  const body = Array.from(
    { length: paragraphs },
    (_, i) =>
      `<p>The reservoir board said on Monday that gauge ${i} read ${Array.from({ length: 60 }, word).join(' ')}.</p>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:type" content="article"></head><body><main><article><h1>${title}</h1>
${body.join('\n')}</article></main></body></html>`;
}
