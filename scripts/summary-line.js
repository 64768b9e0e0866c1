#!/usr/bin/env node
// Prints vitest's totals as one plain line ("N passed, N failed, N skipped"), the form CI logs are scanned for.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/vitest-results.json';
let results;
try {
  results = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`summary-line: cannot read ${file}: ${e.message}`);
  process.exit(1);
}
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
