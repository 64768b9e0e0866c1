// Pure: several compliance reports (one per target or profile) → one multi-target matrix, claims × columns. A claim
// missing from a report (an older catalogue) is `not-covered` in that column. Profiles may join as expectation
// columns (profile-expectations.ts): what they promise, without a run.
import { compareBytes } from './build-report.ts';
import type { Claim } from '../spec/claims.ts';
import { expectationCells, type ExpectationInput } from './profile-expectations.ts';
import { CLAIM_STATUSES, type ClaimStatus, type ComplianceReport, type ComplianceSummary, type ProfileInfo, type SuiteInfo, type TargetInfo } from './report-model.ts';

export const MATRIX_SCHEMA_VERSION = 1 as const;

export interface MatrixColumn {
  /** Unique column key: `<target>/<profile>`, suffixed with the run id when two reports share it. */
  readonly key: string;
  readonly source: string;
  readonly target: TargetInfo;
  readonly profile: ProfileInfo | null;
  readonly suite: SuiteInfo;
  readonly runId: string;
  readonly startedAt: string;
  readonly ok: boolean;
  readonly summary: ComplianceSummary;
  /** A profile's promises, not a run (runId `expected`). */
  readonly expectation?: true;
}

export interface MatrixCell {
  readonly status: ClaimStatus;
  readonly reason?: string;
  readonly tests: number;
}

export interface MatrixClaim {
  readonly id: string;
  readonly area: string;
  readonly level: string;
  readonly text: string;
  /** By column key. */
  readonly results: Readonly<Record<string, MatrixCell>>;
}

export interface ComplianceMatrix {
  readonly schemaVersion: typeof MATRIX_SCHEMA_VERSION;
  readonly kind: 'compliance-matrix';
  readonly generatedAt: string;
  readonly columns: readonly MatrixColumn[];
  readonly claims: readonly MatrixClaim[];
  /** Every merged report is ok. */
  readonly ok: boolean;
}

/** Expectation columns need the catalogue (`claims`) and the suite version; runs bring their own. */
export interface ExpectationColumns {
  readonly profiles: readonly ExpectationInput[];
  readonly claims: readonly Claim[];
  readonly suite: SuiteInfo;
}

export function mergeReports(
  inputs: readonly { source: string; report: ComplianceReport }[],
  generatedAt: Date,
  expected: ExpectationColumns = { profiles: [], claims: [], suite: { name: '', version: '' } },
): ComplianceMatrix {
  const baseKey = (r: ComplianceReport): string => `${r.target.name}/${r.profile?.name ?? 'no-profile'}`;
  const counts = new Map<string, number>();
  for (const { report } of inputs) counts.set(baseKey(report), (counts.get(baseKey(report)) ?? 0) + 1);
  const columns: MatrixColumn[] = inputs.map(({ source, report }) => ({
    key: (counts.get(baseKey(report)) ?? 0) > 1 ? `${baseKey(report)}@${report.runId}` : baseKey(report),
    source,
    target: report.target,
    profile: report.profile,
    suite: report.suite,
    runId: report.runId,
    startedAt: report.startedAt,
    ok: report.ok,
    summary: report.summary,
  }));
  const byId = new Map<string, { id: string; area: string; level: string; text: string; results: Record<string, MatrixCell> }>();
  inputs.forEach(({ report }, i) => {
    const key = columns[i]!.key;
    for (const claim of report.claims) {
      const row = byId.get(claim.id) ?? { id: claim.id, area: claim.area, level: claim.level, text: claim.text, results: {} };
      row.results[key] = { status: claim.status, ...(claim.reason !== undefined ? { reason: claim.reason } : {}), tests: claim.tests.length };
      byId.set(claim.id, row);
    }
  });
  for (const { source, profile, info } of expected.profiles) {
    const key = `${profile.target}/${profile.profile} (expected)`;
    const cells = expectationCells(profile, expected.claims);
    const statuses = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, Object.values(cells).filter((c) => c.status === s).length])) as Record<ClaimStatus, number>;
    columns.push({
      key, source, target: { name: profile.target, region: null, runtimeArn: null }, profile: info, suite: expected.suite,
      runId: 'expected', startedAt: generatedAt.toISOString(), ok: true, expectation: true,
      summary: { claims: expected.claims.length, statuses, tests: 0, reruns: 0, drift: 0, unknownClaims: 0, unhandledErrors: 0 },
    });
    for (const claim of expected.claims) {
      const row = byId.get(claim.id) ?? { id: claim.id, area: claim.area, level: claim.level, text: claim.text, results: {} };
      row.results[key] = cells[claim.id]!;
      byId.set(claim.id, row);
    }
  }
  const claims = [...byId.values()].sort((a, b) => compareBytes(a.id, b.id)).map((row) => {
    for (const column of columns) row.results[column.key] ??= { status: 'not-covered', tests: 0 };
    return row;
  });
  return {
    schemaVersion: MATRIX_SCHEMA_VERSION,
    kind: 'compliance-matrix',
    generatedAt: generatedAt.toISOString(),
    columns,
    claims,
    ok: columns.every((column) => column.ok),
  };
}
