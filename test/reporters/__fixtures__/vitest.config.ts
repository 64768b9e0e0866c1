// A separate vitest config for the compliance reporter's end-to-end test. Its files end in `.fixture.ts`, so the main
// `unit` project (test/**/*.test.ts) never runs them.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('./claims-suite/', import.meta.url)),
    include: ['**/*.fixture.ts'],
    testTimeout: 10_000,
  },
});
