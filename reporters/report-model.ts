// The compliance report model, schema version 2 (reporters/compliance.schema.json is its JSON Schema; a test keeps
// the two in step). Everything the renderers and consumers of reports/compliance.json may rely on is declared here;
// a breaking change bumps COMPLIANCE_SCHEMA_VERSION.

import type { ClaimArea, ClaimLevel, ClaimSource } from '../spec/claims.ts';
import type { Observation, ObservedValue } from '../spec/claim-meta.ts';
import type { Tier } from '../spec/tiers.ts';
import type { Usage } from '../spec/usage.ts';

export const COMPLIANCE_SCHEMA_VERSION = 2 as const;

/**
 * A test's outcome, richer than pass/fail:
 * - `pass`: ran and passed;
 * - `fail`: ran and failed;
 * - `unsupported-as-documented`: verified that an unsupported operation fails with an errno the profile allows;
 * - `not-verifiable-on-target`: the profile says this target cannot verify the claim (reason given); not run;
 * - `skipped-environment`: skipped at run time for an environment reason (e.g. missing SSC_CONTAINER_URI);
 * - `xfail`: the profile expects the claim to fail here, and the test failed;
 * - `xpass`: the profile expects a failure, but the test passed (fails the run: the profile is stale);
 * - `flaky`: failed, then passed on a rerun (the number of reruns is kept);
 * - `not-run`: skipped without a reason, or never finished (an interrupted run).
 */
export const TEST_STATUSES = [
  'pass', 'fail', 'unsupported-as-documented', 'not-verifiable-on-target', 'skipped-environment', 'xfail', 'xpass', 'flaky', 'not-run',
] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

/** A claim's status is its tests' statuses combined (build-report.ts), or `not-covered` when no test names it. */
export const CLAIM_STATUSES = [...TEST_STATUSES, 'not-covered'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** vitest's test states (`pending` = collected but never finished, e.g. an interrupted run). */
export type TestState = 'passed' | 'failed' | 'skipped' | 'pending';

export interface TargetInfo {
  /** `SSC_TARGET`, default `emulator`. */
  readonly name: string;
  /** `AWS_REGION`, or null. */
  readonly region: string | null;
  /** `SSC_RUNTIME_ARN` with the account id masked (`********9012`), or null. */
  readonly runtimeArn: string | null;
}

export interface ProfileInfo {
  /** The profile's `profile` key. */
  readonly name: string;
  /** Where it was read from, relative to the project root when inside it. */
  readonly file: string;
  /** sha256 of the profile file's bytes, hex. */
  readonly sha256: string;
}

export interface SuiteInfo {
  readonly name: string;
  /** package.json `version`. */
  readonly version: string;
}

export interface ReportTest {
  /** Full test name, suites joined with ` > `. */
  readonly name: string;
  /** Test file relative to the project root, `/`-separated. */
  readonly file: string;
  /** Every claim id the test names (known or not). */
  readonly claims: readonly string[];
  readonly state: TestState;
  readonly status: TestStatus;
  /** Why: the skip note, the profile's reason, `hardLink: ENOTSUPP`, `passed after 2 reruns`. */
  readonly reason?: string;
  /** null when the test did not run. */
  readonly durationMs: number | null;
  /** Reruns vitest made (the profile's `retry`). */
  readonly retryCount: number;
  readonly observations: readonly Observation[];
  /** First error of a failed test (message only), with `(+N more errors)` when there were several. */
  readonly error?: string;
  /** The test's tier (spec/tiers.ts). */
  readonly tier?: Tier;
  /** The run's tier left the test out: not-run, and not counted in its claims' status while another test ran. */
  readonly notSelected?: true;
  /** What the test cost on the target. */
  readonly usage?: Usage;
}

/** An observed value that differs from what the profile declares for it. */
export interface Drift {
  readonly test: string;
  readonly name: string;
  readonly observed: ObservedValue;
  readonly declared: ObservedValue | ObservedValue[];
}

export interface Evidence {
  /** Every observation of the claim's tests, in test order. */
  readonly observations: readonly (Observation & { readonly test: string })[];
  readonly drift: readonly Drift[];
}

export interface ClaimResult {
  readonly id: string;
  readonly area: ClaimArea;
  readonly text: string;
  readonly level: ClaimLevel;
  readonly source: ClaimSource;
  readonly alsoSources?: readonly ClaimSource[];
  readonly status: ClaimStatus;
  /** Why the claim has its status, when a test or the profile said. */
  readonly reason?: string;
  /** Sorted by file, then name (byte order). */
  readonly tests: readonly ReportTest[];
  readonly evidence: Evidence;
}

/** A claim id that tests reference but the catalogue does not define: a typo or a stale id. Makes `ok` false. */
export interface UnknownClaim {
  readonly id: string;
  readonly tests: readonly Pick<ReportTest, 'name' | 'file' | 'state'>[];
}

export interface ComplianceSummary {
  /** Claims in the catalogue. */
  readonly claims: number;
  /** Claims per status (every status present, 0 when none). */
  readonly statuses: Readonly<Record<ClaimStatus, number>>;
  /** Tests that carry at least one claim id. */
  readonly tests: number;
  /** Reruns over all tests. */
  readonly reruns: number;
  /** Observations that differ from the profile. */
  readonly drift: number;
  readonly unknownClaims: number;
  readonly unhandledErrors: number;
}

export interface ComplianceReport {
  readonly schemaVersion: typeof COMPLIANCE_SCHEMA_VERSION;
  readonly runId: string;
  /** `SSC_SEED` when set (property-based suites replay with it), else null. */
  readonly seed: string | null;
  /** ISO-8601. */
  readonly startedAt: string;
  /** ISO-8601. */
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly target: TargetInfo;
  /** null when no profile could be read (the run then failed in its global setup). */
  readonly profile: ProfileInfo | null;
  readonly suite: SuiteInfo;
  /** Installed versions of the AWS SDK client packages, by package name. */
  readonly sdk: Readonly<Record<string, string>>;
  /** False when a claim fails or xpasses, a test names an unknown claim, or the run had unhandled errors. */
  readonly ok: boolean;
  readonly summary: ComplianceSummary;
  /** Every catalogue claim, sorted by id (byte order). */
  readonly claims: readonly ClaimResult[];
  /** Sorted by id (byte order). */
  readonly unknownClaims: readonly UnknownClaim[];
  /** The tier the run selected (SSC_TIER). */
  readonly tier?: Tier;
  /** The run's cost: every test's usage plus the global setup's provisioning. */
  readonly usage?: Usage;
}
