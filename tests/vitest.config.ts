import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './plain-summary-reporter';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { '@/': root } },
  test: {
    reporters: ['default', new PlainSummaryReporter('unit')],
    include: ['src/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}', 'tests/golden/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
