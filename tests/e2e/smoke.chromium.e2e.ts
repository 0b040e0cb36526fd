import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDir, repoRoot } from './harness/browsers';
import { launchChromiumWithExtension, type ChromiumExtension } from './harness/chromium';
import { chromiumDriver } from './harness/driver';
import { startNewsSite } from './harness/site';
import { defineAcceptanceFlows, settledView } from './suite';

let extension: ChromiumExtension | undefined;

describe('Chromium (MV3)', () => {
  defineAcceptanceFlows(
    async () => {
      extension = await launchChromiumWithExtension();
      return chromiumDriver(extension);
    },
    {
      // Chrome stops an idle MV3 worker after 30 s; nothing the reader saved may live only in it.
      betweenCaptureAndEdit: async () => {
        if (!extension) throw new Error('no browser');
        const worker = await extension.restartServiceWorker();
        expect(await worker.evaluate(() => typeof self)).toBe('object');
      },
    },
  );

  it('holds the e2e build’s host permission from install, with no prompt', async () => {
    expect(await extension?.grantedOrigins()).toContain('http://127.0.0.1/*');
  });
});

describe('Chromium (MV3) store build, no host permission', () => {
  it('asks for access to the site instead of failing', { timeout: 120_000 }, async () => {
    // A store build left over from older sources would test old code: rebuild when behind the e2e build.
    const storeManifest = `${buildDir('chrome-mv3')}/manifest.json`;
    const e2eManifest = `${buildDir('chrome-mv3-e2e')}/manifest.json`;
    if (!existsSync(storeManifest) || statSync(storeManifest).mtimeMs < statSync(e2eManifest).mtimeMs) {
      execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    }
    const site = await startNewsSite();
    const storeBuild = await launchChromiumWithExtension({ build: 'chrome-mv3' });
    try {
      const driver = chromiumDriver(storeBuild);
      const tab = await driver.open(site.foxUrl);
      const popup = await driver.popupFor(tab);
      const view = await settledView(popup);
      expect(view.state).toBe('not-article');
      expect(view.reason).toBe('needs-permission');
      expect(view.text).toMatch(/allow/i);
    } finally {
      await storeBuild.close();
      await site.close();
    }
  });
});
