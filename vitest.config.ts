import { defineConfig } from 'vitest/config';
import { readMaxWorkers } from './fixtures/run/settings.ts';

// Three projects: the conformance suites (which talk to a target through fixtures/), the time-driven suites (which
// move the emulator's clock, so they get an emulator of their own and run after the others), and the project's own
// tests. `npm test` runs the first two; `npm run test:all` runs all three.
/** Suites that let target time pass (on the emulator: move its clock). */
const TIME_SUITES = ['suites/expiry.test.ts'];
const REPORT_DIR = process.env.SSC_REPORT_DIR || 'reports';

export default defineConfig({
  test: {
    // The JSON results feed the one-line summary CI prints; the claims reporter writes the compliance report
    // (compliance.{json,md,html} and junit.xml with claim ids as properties); allure-vitest writes Allure results,
    // labelled with the claim ids that fixtures/conformance-test.ts puts in each test's meta.
    // Every report goes under SSC_REPORT_DIR (default reports/), like the claims reporter's.
    reporters: [
      'default',
      ['json', { outputFile: `${REPORT_DIR}/vitest-results.json` }],
      './reporters/claims-reporter.ts',
      ['allure-vitest/reporter', { resultsDir: `${REPORT_DIR}/allure-results` }],
    ],
    projects: [
      {
        test: {
          name: 'conformance',
          include: ['suites/**/*.test.ts'],
          globalSetup: ['fixtures/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Sessions are real sandboxes on a 2-core machine (or billed sessions on AWS): keep parallelism modest.
          // SSC_MAX_WORKERS changes it; the request rate is capped separately (SSC_MAX_TPS, fixtures/run/settings.ts).
          maxWorkers: readMaxWorkers(process.env),
          // Projects with different worker limits run one after the other: the suites first.
          sequence: { groupOrder: 0 },
          exclude: TIME_SUITES,
        },
      },
      {
        test: {
          name: 'conformance-time',
          include: TIME_SUITES,
          // A global setup per project: this emulator's clock jumps by days without disturbing the other suites.
          globalSetup: ['fixtures/global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 180_000,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
        },
      },
    ],
  },
});
