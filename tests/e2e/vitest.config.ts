import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from '../plain-summary-reporter';
import BrowserSummaryReporter from './browser-summary-reporter';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { '@/': root } },
  test: {
    reporters: ['default', new BrowserSummaryReporter(), new PlainSummaryReporter('e2e')],
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // Real browsers on a 2-core machine: one test file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
