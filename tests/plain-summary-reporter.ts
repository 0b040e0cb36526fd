import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a vitest run with one plain line, `<suite>: N passed, N failed[, N skipped]`, which CI
 * reads to tell a run that tested something from one that ran nothing.
 */
export default class PlainSummaryReporter implements Reporter {
  constructor(private readonly suite: string) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that fails to load has no tests but must still count as a failure.
      if (testModule.state() === 'failed' && !testModule.children.size) failed++;
    }
    const tail = skipped ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${this.suite}: ${passed} passed, ${failed} failed${tail}\n`);
  }
}
