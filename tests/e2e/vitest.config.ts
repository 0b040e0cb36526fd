import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { '@/': root } },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    // Real browsers on a 2-core machine: one test file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
