import type { Reporter, TestModule } from 'vitest/node';

/**
 * One line per real browser (`e2e chromium: N passed, N failed`), from the file name
 * `*.<browser>.e2e.ts`, so a run that never reached a browser is visible at a glance.
 */
export default class BrowserSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = new Map<string, { passed: number; failed: number; skipped: number }>();
    for (const testModule of testModules) {
      const browser = /\.([a-z]+)\.e2e\.ts$/.exec(testModule.moduleId)?.[1] ?? 'other';
      const count = counts.get(browser) ?? { passed: 0, failed: 0, skipped: 0 };
      counts.set(browser, count);
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      // A browser that never started fails the whole file's hooks; count it as a failure.
      if (testModule.state() === 'failed' && count.failed === 0) count.failed++;
    }
    for (const [browser, count] of counts) {
      const verdict = count.failed === 0 && count.passed > 0 ? 'PASS' : 'FAIL';
      const tail = count.skipped ? `, ${count.skipped} skipped` : '';
      process.stdout.write(
        `e2e ${browser}: ${verdict} (${count.passed} passed, ${count.failed} failed${tail})\n`,
      );
    }
  }
}
