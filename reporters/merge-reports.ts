// Pure: several compliance reports (one per target or profile) → one multi-target matrix, claims × columns. A claim
// missing from a report (an older catalogue) is `not-covered` in that column.
import { compareBytes } from './build-report.ts';
import type { ClaimStatus, ComplianceReport, ComplianceSummary, ProfileInfo, SuiteInfo, TargetInfo } from './report-model.ts';

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

export function mergeReports(inputs: readonly { source: string; report: ComplianceReport }[], generatedAt: Date): ComplianceMatrix {
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
