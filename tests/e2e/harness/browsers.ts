/**
 * Where the real browsers and the built extension are. A missing browser or build fails the
 * run with the one command that fixes it: an e2e suite that skips silently proves nothing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const FIREFOX_CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/snap/bin/firefox',
  '/opt/firefox/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
];

export class SetupError extends Error {
  override name = 'SetupError';
}

function findExecutable(envName: string, candidates: readonly string[], installHint: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new SetupError(`${envName}=${fromEnv} does not exist; fix the path or unset it (${installHint}).`);
  }
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new SetupError(`No browser found at ${candidates.join(', ')}: ${installHint} (or set ${envName}).`);
}

export function chromiumPath(): string {
  return findExecutable('CHROMIUM_PATH', CHROMIUM_CANDIDATES, 'run `apt-get install chromium`');
}

export function firefoxPath(): string {
  return findExecutable('FIREFOX_PATH', FIREFOX_CANDIDATES, 'run `apt-get install firefox-esr`');
}

/** Google-branded Chrome 137+ ignores --load-extension; Chromium and Chrome for Testing honour it. */
export function isBrandedChrome(executablePath: string): boolean {
  return /google[- ]chrome|\/opt\/google\/chrome\//i.test(executablePath);
}

export type BuildName = 'chrome-mv3-e2e' | 'firefox-mv2-e2e' | 'chrome-mv3' | 'firefox-mv2';

export function buildDir(name: BuildName): string {
  return `${repoRoot}.output/${name}`;
}

/** The built extension directory, or a clear failure naming the build command. */
export function requireBuild(name: BuildName): string {
  const dir = buildDir(name);
  if (!existsSync(`${dir}/manifest.json`)) {
    const command = name.endsWith('-e2e') ? 'npm run build:e2e' : 'npm run build';
    throw new SetupError(`The extension is not built (${dir} is missing): run ${command}.`);
  }
  return dir;
}
