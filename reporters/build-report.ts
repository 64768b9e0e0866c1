// Pure: test records + the claims catalogue → the compliance report model. No vitest, no I/O, no clock.

import type { Claim } from '../spec/claims.ts';
import type { Observation } from '../spec/claim-meta.ts';
import {
  COMPLIANCE_SCHEMA_VERSION,
  type ClaimResult,
  type ClaimStatus,
  type ComplianceReport,
  type ReportTest,
  type TargetInfo,
  type TestState,
  type UnknownClaim,
} from './report-model.ts';

/** One finished test as the reporter saw it (independent of vitest's classes, so the builder stays pure). */
export interface TestRecord {
  readonly name: string;
  readonly file: string;
  readonly state: TestState;
  readonly durationMs: number | null;
  /** Claim ids from the test's meta; duplicates are ignored. */
  readonly claims: readonly string[];
  readonly observations: readonly Observation[];
  readonly error?: string;
}

export interface BuildReportInput {
  readonly tests: readonly TestRecord[];
  readonly claims: readonly Claim[];
  readonly target: TargetInfo;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly runId: string;
  readonly unhandledErrors?: number;
}

const encoder = new TextEncoder();

/** Byte-order (UTF-8) comparison, so output is identical on every machine and locale. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

function compareTests(a: Pick<ReportTest, 'file' | 'name'>, b: Pick<ReportTest, 'file' | 'name'>): number {
  return compareBytes(a.file, b.file) || compareBytes(a.name, b.name);
}

/** A claim passes only if at least one test ran and all its tests passed; any failure makes it fail. */
export function claimStatus(states: readonly TestState[]): ClaimStatus {
  if (states.length === 0) return 'not-covered';
  if (states.includes('failed')) return 'fail';
  if (states.every((state) => state === 'passed')) return 'pass';
  return 'skipped';
}

function toReportTest(record: TestRecord): ReportTest {
  return {
    name: record.name,
    file: record.file,
    state: record.state,
    durationMs: record.durationMs,
    observations: record.observations.map((o) => ({ name: o.name, value: o.value })),
    ...(record.error !== undefined ? { error: record.error } : {}),
  };
}

export function buildComplianceReport(input: BuildReportInput): ComplianceReport {
  const known = new Set(input.claims.map((claim) => claim.id));
  const testsByClaim = new Map<string, ReportTest[]>();
  const unknownById = new Map<string, Pick<ReportTest, 'name' | 'file' | 'state'>[]>();
  let testsWithClaims = 0;

  for (const record of input.tests) {
    const ids = [...new Set(record.claims)];
    if (ids.length === 0) continue;
    testsWithClaims++;
    for (const id of ids) {
      if (known.has(id)) {
        const list = testsByClaim.get(id) ?? [];
        list.push(toReportTest(record));
        testsByClaim.set(id, list);
      } else {
        const list = unknownById.get(id) ?? [];
        list.push({ name: record.name, file: record.file, state: record.state });
        unknownById.set(id, list);
      }
    }
  }

  const claims: ClaimResult[] = [...input.claims]
    .sort((a, b) => compareBytes(a.id, b.id))
    .map((claim) => {
      const tests = (testsByClaim.get(claim.id) ?? []).sort(compareTests);
      return {
        id: claim.id,
        area: claim.area,
        text: claim.text,
        level: claim.level,
        status: claimStatus(tests.map((test) => test.state)),
        tests,
      };
    });

  const unknownClaims: UnknownClaim[] = [...unknownById.entries()]
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([id, tests]) => ({ id, tests: tests.sort(compareTests) }));

  const count = (status: ClaimStatus): number => claims.filter((claim) => claim.status === status).length;
  const unhandledErrors = input.unhandledErrors ?? 0;
  const summary = {
    claims: claims.length,
    pass: count('pass'),
    fail: count('fail'),
    skipped: count('skipped'),
    notCovered: count('not-covered'),
    tests: testsWithClaims,
    unknownClaims: unknownClaims.length,
    unhandledErrors,
  };

  return {
    schemaVersion: COMPLIANCE_SCHEMA_VERSION,
    runId: input.runId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    target: input.target,
    ok: summary.fail === 0 && unknownClaims.length === 0 && unhandledErrors === 0,
    summary,
    claims,
    unknownClaims,
  };
}
