// Which tests must catch each deliberate defect of the emulator (emulator/deviations.ts): the suite file and a
// `-t` filter naming the tests that exercise the broken behaviour, so each meta-run starts one emulator and runs a
// handful of tests. The claim that must fail is the deviation's own `breaks`. `Record<Deviation, …>` makes a new
// deviation without a row a type error.
import type { Deviation } from '../../emulator/deviations.ts';

export interface DetectionCase {
  suite: string;
  /** vitest `-t` pattern (a regular expression over the full test name). */
  tests: string;
}

const lifecycle = (tests: string): DetectionCase => ({ suite: 'suites/lifecycle.test.ts', tests });
const operations = (tests: string): DetectionCase => ({ suite: 'suites/operations.test.ts', tests });
const limits = (tests: string): DetectionCase => ({ suite: 'suites/limits.test.ts', tests });
/** Restore defects the lifecycle suite's fixed tree does not exercise: the property suite's replayed corpus does. */
const corpus: DetectionCase = { suite: 'suites/properties.test.ts', tests: 'regression corpus' };

export const DETECTION_CASES: Record<Deviation, DetectionCase> = {
  'no-persist-on-stop': lifecycle('is restored exactly'),
  'drop-recent-writes-on-stop': lifecycle('written right before Stop survives'),
  'keep-compute-on-stop': lifecycle('a background process lives on until Stop'),
  'no-wipe-on-update': lifecycle('after a version update a resumed session'),
  'writable-mnt-when-disabled': lifecycle('with storage disabled'),
  'shared-storage': lifecycle('each see only their own storage'),
  'stale-first-mount': lifecycle('the first command sees an empty mount'),
  'lenient-session-id': lifecycle('runtimeSessionId length'),
  'session-ids-truncated': lifecycle('that differ in one character or only in case'),
  'session-ids-case-folded': lifecycle('that differ in one character or only in case'),
  'endpoint-delete-keeps-storage': { suite: 'suites/endpoints.test.ts', tests: 'an endpoint deleted and created again' },
  'drop-dotfiles-on-resume': corpus,
  'truncate-large-files-on-resume': corpus,
  'symlinks-resolved-on-restore': lifecycle('is restored exactly'),
  'modes-lost-on-restore': lifecycle('is restored exactly'),
  'outside-mount-survives-resume': lifecycle('persist between commands but not across stop/resume'),
  'empty-array-keeps-storage': { suite: 'suites/config.test.ts', tests: 'an empty array disables session storage' },
  'hard-links-allowed': operations('hardLink fails'),
  'xattr-silently-accepted': operations('setxattr fails'),
  'fifos-allowed': operations('fifo fails'),
  'name-limit-off-by-one': limits('a name of the maximum length works'),
  'symlink-target-limit-off-by-one': limits('a symlink target of the maximum length works'),
  'depth-limit-off-by-one': limits('the deepest allowed directory works'),
  'output-in-large-chunks': { suite: 'suites/output.test.ts', tests: 'every contentDelta is within the chunk size' },
};

/**
 * Deviations that share one emulator run (fewer child runs in CI). Only where the attribution stays exact: each
 * deviation changes the policy of one filesystem operation, and each of their tests exercises only that operation,
 * so no deviation of a group can make another's test fail.
 */
export const DETECTION_GROUPS: readonly (readonly Deviation[])[] = [
  ['hard-links-allowed', 'xattr-silently-accepted', 'fifos-allowed', 'name-limit-off-by-one', 'symlink-target-limit-off-by-one', 'depth-limit-off-by-one'],
];
