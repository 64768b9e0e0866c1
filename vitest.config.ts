import { defineConfig } from 'vitest/config';

// Two projects: the conformance suites (which talk to a target through fixtures/) and the project's own tests.
// `npm test` runs the first; `npm run test:all` runs both.
export default defineConfig({
  test: {
    // The JSON results feed the one-line summary CI prints; the claims reporter writes the compliance report
    // (compliance.{json,md,html} and junit.xml with claim ids as properties); allure-vitest writes Allure results,
    // labelled with the claim ids that fixtures/conformance-test.ts puts in each test's meta.
    reporters: [
      'default',
      ['json', { outputFile: 'reports/vitest-results.json' }],
      './reporters/claims-reporter.ts',
      ['allure-vitest/reporter', { resultsDir: 'reports/allure-results' }],
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
          maxWorkers: 2,
          // Projects with different worker limits run one after the other: the suites first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
        },
      },
    ],
  },
});
