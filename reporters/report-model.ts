// The compliance report model, schema version 1. Everything the renderers and consumers of
// reports/compliance.json may rely on is declared here; a breaking change bumps COMPLIANCE_SCHEMA_VERSION.

import type { ClaimArea, ClaimLevel } from '../spec/claims.ts';
import type { Observation } from '../spec/claim-meta.ts';

export const COMPLIANCE_SCHEMA_VERSION = 1 as const;

/**
 * - `pass`: at least one test ran and every test of the claim passed;
 * - `fail`: at least one test of the claim failed;
 * - `skipped`: no test failed but not all of them passed (skipped, todo, or never finished);
 * - `not-covered`: no test in the run names the claim.
 */
export type ClaimStatus = 'pass' | 'fail' | 'skipped' | 'not-covered';
export const CLAIM_STATUSES = ['pass', 'fail', 'skipped', 'not-covered'] as const satisfies readonly ClaimStatus[];

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

export interface ReportTest {
  /** Full test name, suites joined with ` > `. */
  readonly name: string;
  /** Test file relative to the project root, `/`-separated. */
  readonly file: string;
  readonly state: TestState;
  /** null when the test did not run. */
  readonly durationMs: number | null;
  readonly observations: readonly Observation[];
  /** First error of a failed test (message only), with `(+N more errors)` when there were several. */
  readonly error?: string;
}

export interface ClaimResult {
  readonly id: string;
  readonly area: ClaimArea;
  readonly text: string;
  readonly level: ClaimLevel;
  readonly status: ClaimStatus;
  /** Sorted by file, then name (byte order). */
  readonly tests: readonly ReportTest[];
}

/** A claim id that tests reference but the catalogue does not define: a typo or a stale id. Makes `ok` false. */
export interface UnknownClaim {
  readonly id: string;
  readonly tests: readonly Pick<ReportTest, 'name' | 'file' | 'state'>[];
}

export interface ComplianceSummary {
  /** Claims in the catalogue. */
  readonly claims: number;
  readonly pass: number;
  readonly fail: number;
  readonly skipped: number;
  readonly notCovered: number;
  /** Tests that carry at least one claim id. */
  readonly tests: number;
  readonly unknownClaims: number;
  readonly unhandledErrors: number;
}

export interface ComplianceReport {
  readonly schemaVersion: typeof COMPLIANCE_SCHEMA_VERSION;
  readonly runId: string;
  /** ISO-8601. */
  readonly startedAt: string;
  /** ISO-8601. */
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly target: TargetInfo;
  /** False when a claim fails, a test names an unknown claim, or the run had unhandled errors. */
  readonly ok: boolean;
  readonly summary: ComplianceSummary;
  /** Every catalogue claim, sorted by id (byte order). */
  readonly claims: readonly ClaimResult[];
  /** Sorted by id (byte order). */
  readonly unknownClaims: readonly UnknownClaim[];
}
