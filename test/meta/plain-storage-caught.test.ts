// Meta-test: on plain-directory storage (no session filesystem) the operations and limits suites must fail on every
// rule only the session filesystem enforces. Names and symlink targets are limited by every Linux filesystem, so
// those claims pass on plain storage too, which is correct.
import { describe, expect, it } from 'vitest';
import { runSuites, statusOf } from './__test-helpers__/run-suite.ts';

const ENFORCED_ONLY_BY_SESSIONFS = [
  'ops/hard-link-refused',
  'ops/special-files-refused',
  'ops/xattr-unsupported',
  'ops/fallocate-unsupported',
  'limits/storage-size',
  'limits/metadata-entries',
  'limits/directory-depth',
];

describe('the operations and limits suites on plain-directory storage', () => {
  it('fail on each rule the session filesystem enforces', { timeout: 600_000 }, async () => {
    const { claims, exitCode } = await runSuites(['suites/operations.test.ts', 'suites/limits.test.ts'], { SSC_EMULATOR_STORAGE: 'plain' });
    expect(exitCode).not.toBe(0);
    expect(Object.fromEntries(ENFORCED_ONLY_BY_SESSIONFS.map((id) => [id, statusOf(claims, id)]))).toEqual(
      Object.fromEntries(ENFORCED_ONLY_BY_SESSIONFS.map((id) => [id, 'fail'])),
    );
    // The supported operations still work there: the failures above are about enforcement, not breakage.
    expect(statusOf(claims, 'ops/supported-basic')).toBe('pass');
  });
});
