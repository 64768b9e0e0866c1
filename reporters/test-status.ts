// Pure: what one test's outcome means (TestStatus), and how a claim's tests combine into the claim's status.
import type { ClaimStatus, TestState, TestStatus } from './report-model.ts';

export interface StatusInput {
  readonly state: TestState;
  readonly retryCount: number;
  /** `ctx.skip(note)`'s note. */
  readonly skipNote?: string;
  readonly notVerifiable?: string;
  readonly expectedFailure?: string;
  readonly unsupported?: { readonly op: string; readonly errno: string };
  /** The run's tier left the test out (spec/tiers.ts), with this reason. */
  readonly notSelected?: string;
}

export function testStatus(input: StatusInput): { status: TestStatus; reason?: string } {
  const { state } = input;
  if (input.notSelected !== undefined && state === 'skipped') return { status: 'not-run', reason: input.notSelected };
  if (input.notVerifiable !== undefined && state === 'skipped') return { status: 'not-verifiable-on-target', reason: input.notVerifiable };
  if (input.expectedFailure !== undefined && state === 'passed') return { status: 'xfail', reason: input.expectedFailure };
  // vitest's `fails` turns a passing body into a failed test: for an expected failure that is an unexpected pass.
  if (input.expectedFailure !== undefined && state === 'failed') return { status: 'xpass', reason: `expected to fail: ${input.expectedFailure}` };
  if (state === 'failed') return { status: 'fail' };
  if (state === 'passed') {
    if (input.retryCount > 0) return { status: 'flaky', reason: `passed after ${input.retryCount} rerun${input.retryCount === 1 ? '' : 's'}` };
    if (input.unsupported) return { status: 'unsupported-as-documented', reason: `${input.unsupported.op}: ${input.unsupported.errno}` };
    return { status: 'pass' };
  }
  if (state === 'skipped' && input.skipNote) return { status: 'skipped-environment', reason: input.skipNote };
  return { status: 'not-run', reason: state === 'pending' ? 'did not finish' : 'skipped without a reason' };
}

/**
 * The first status in this order that any test has is the claim's: a failure or an unexpected pass outweighs
 * everything; a claim not fully exercised (skipped, not run) is not reported as passing; then known failures, flakes,
 * claims this target cannot verify, documented refusals, and finally plain passes.
 */
const CLAIM_STATUS_PRECEDENCE: readonly TestStatus[] = [
  'fail', 'xpass', 'skipped-environment', 'not-run', 'xfail', 'flaky', 'not-verifiable-on-target', 'unsupported-as-documented', 'pass',
];

export function claimStatus(
  all: readonly { status: TestStatus; reason?: string; notSelected?: true }[],
  profileReason?: string,
): { status: ClaimStatus; reason?: string } {
  // Tests the run's tier left out do not make a claim not-run when another of its tests ran.
  const selected = all.filter((t) => !t.notSelected);
  const tests = selected.length > 0 ? selected : all;
  if (tests.length === 0) {
    return profileReason !== undefined ? { status: 'not-verifiable-on-target', reason: profileReason } : { status: 'not-covered' };
  }
  for (const status of CLAIM_STATUS_PRECEDENCE) {
    const first = tests.find((test) => test.status === status);
    if (first) return first.reason !== undefined ? { status, reason: first.reason } : { status };
  }
  return { status: 'not-run' };
}

/** Whether an observed value is what was declared (equal, or one of a declared set). */
export function matchesDeclared(observed: unknown, declared: unknown): boolean {
  return Array.isArray(declared) ? declared.some((d) => d === observed) : declared === observed;
}
