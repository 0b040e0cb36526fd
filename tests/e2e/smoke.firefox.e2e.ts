import { describe, expect, it } from 'vitest';
import { firefoxDriver } from './harness/driver';
import { launchFirefoxWithExtension, type FirefoxExtension } from './harness/firefox';
import { defineAcceptanceFlows } from './suite';

let extension: FirefoxExtension | undefined;

describe('Firefox (MV2)', () => {
  defineAcceptanceFlows(async () => {
    extension = await launchFirefoxWithExtension();
    return firefoxDriver(extension);
  });

  it('holds the e2e build’s host permission from install, with no prompt', async () => {
    expect(await extension?.grantedOrigins()).toContain('http://127.0.0.1/*');
  });
});
