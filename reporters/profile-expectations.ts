// Pure: what a profile promises, as a matrix column without a run ("expected"): a claim the profile lists under
// `notVerifiable` is not verifiable there, one under `expectedFailures` is expected to fail (xfail), and every other
// claim of the catalogue is promised. Merged beside the runs' columns, it shows where a target's results depart
// from what the profile (e.g. AgentCore's documentation) promises.
import type { Claim } from '../spec/claims.ts';
import type { Profile } from '../spec/profile.ts';
import type { MatrixCell } from './merge-reports.ts';
import type { ProfileInfo } from './report-model.ts';

export interface ExpectationInput {
  readonly source: string;
  readonly profile: Profile;
  readonly info: ProfileInfo;
}

export const PROMISED = 'promised by the profile (expectation, no run)';

export function expectedCell(profile: Profile, claimId: string): MatrixCell {
  const notVerifiable = profile.notVerifiable[claimId];
  if (notVerifiable !== undefined) return { status: 'not-verifiable-on-target', reason: notVerifiable, tests: 0 };
  const expectedFailure = profile.expectedFailures[claimId];
  if (expectedFailure !== undefined) return { status: 'xfail', reason: expectedFailure, tests: 0 };
  return { status: 'pass', reason: PROMISED, tests: 0 };
}

/** The column's cells for every claim of the catalogue. */
export function expectationCells(profile: Profile, claims: readonly Claim[]): Record<string, MatrixCell> {
  return Object.fromEntries(claims.map((c) => [c.id, expectedCell(profile, c.id)]));
}
