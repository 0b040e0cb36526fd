import { describe } from 'vitest';
import { firefoxDriver } from './harness/driver';
import { launchFirefoxWithExtension } from './harness/firefox';
import { defineAcceptanceFlows } from './suite';

describe('Firefox (MV2)', () => {
  defineAcceptanceFlows(async () => firefoxDriver(await launchFirefoxWithExtension()));
});
