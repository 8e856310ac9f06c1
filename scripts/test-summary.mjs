// Prints the suite's closing lines: duration, failed stages, and one plain
// "N passed, N failed, N skipped" line counted from the vitest and Playwright JSON reports.
import { existsSync, readFileSync } from 'node:fs';

const [started, ...failedStages] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const unit = read('reports/unit.json');
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
}
for (const file of ['reports/e2e.json', 'reports/electron.json']) {
  const report = read(file);
  if (report?.stats) {
    passed += report.stats.expected + report.stats.flaky;
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
}
const seconds = Math.round(Date.now() / 1000 - Number(started));
console.log(`suite duration: ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
if (failedStages.length > 0) console.log(`failed stages: ${failedStages.join('; ')}`);
// A failed stage with no failed test (lint, type-check, build) still fails the run.
if (failedStages.length > 0 && failed === 0) failed = failedStages.length;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStages.length > 0 ? 1 : 0);
