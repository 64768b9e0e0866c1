// The contract between the suites and the reporters: each conformance test records the claim ids it checks, anything
// it observed, and what the profile said about it, in vitest's task meta (JSON-serialisable by design, so it crosses
// the worker boundary, and set at collection where possible, so a skipped test still carries it).

export type ObservedValue = string | number | boolean | null;

export interface Observation {
  /** What was measured, e.g. `errno` or `exitCode`. */
  name: string;
  value: ObservedValue;
  /**
   * What the profile declares for it (one value, or the allowed set). When present and the value is not (among) it,
   * the report shows the difference as drift, whether or not the test passed.
   */
  expected?: ObservedValue | ObservedValue[];
}

/** Recorded by `unsupportedAsDocumented(op, errno)`: the operation failed, and with an errno the profile allows. */
export interface UnsupportedRecord {
  /** The profile's errno case, e.g. `hardLink`. */
  op: string;
  /** The errno's symbolic name (e.g. `ENOTSUPP`), or the number as text when it has none. */
  errno: string;
}

export interface ClaimMeta {
  /** Claim ids from spec/claims.yaml, e.g. `life/persist-stop-resume`. */
  claims?: string[];
  observations?: Observation[];
  /** Set at collection from the profile's `notVerifiable`: the test is skipped with this reason. */
  notVerifiable?: string;
  /** Set at collection from the profile's `expectedFailures`: the test runs and is expected to fail. */
  expectedFailure?: string;
  unsupported?: UnsupportedRecord;
  /** The test's tier (spec/tiers.ts), set at collection. */
  tier?: Tier;
  /** Set at collection when the run's tier leaves the test out: it is skipped and reported not-run with this reason. */
  notSelected?: string;
  /** What the test cost on the target (spec/usage.ts), set when it ends. */
  usage?: Usage;
}

import type { Tier } from './tiers.ts';
import type { Usage } from './usage.ts';
import type {} from 'vitest';

declare module 'vitest' {
  interface TaskMeta extends ClaimMeta {}
}
