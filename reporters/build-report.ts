// Pure: test records + the claims catalogue + the profile's reasons → the compliance report model. No vitest, no I/O,
// no clock.

import type { Claim } from '../spec/claims.ts';
import type { Observation } from '../spec/claim-meta.ts';
import {
  CLAIM_STATUSES,
  COMPLIANCE_SCHEMA_VERSION,
  type ClaimResult,
  type ClaimStatus,
  type ComplianceReport,
  type Drift,
  type ProfileInfo,
  type ReportTest,
  type SuiteInfo,
  type TargetInfo,
  type TestState,
  type UnknownClaim,
} from './report-model.ts';
import { claimStatus, matchesDeclared, testStatus, type StatusInput } from './test-status.ts';
import type { Tier } from '../spec/tiers.ts';
import { sumUsage, type Usage } from '../spec/usage.ts';

/** One finished test as the reporter saw it (independent of vitest's classes, so the builder stays pure). */
export interface TestRecord extends Partial<Omit<StatusInput, 'state'>> {
  readonly tier?: Tier;
  readonly usage?: Usage;
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
  readonly profile?: ProfileInfo | null;
  /** The profile's `notVerifiable`: the status of a claim no test names, when listed. */
  readonly notVerifiable?: Readonly<Record<string, string>>;
  readonly suite?: SuiteInfo;
  readonly sdk?: Readonly<Record<string, string>>;
  readonly seed?: string | null;
  /** The run's tier; recorded when given. */
  readonly tier?: Tier;
  /** Usage outside the tests (the global setup's provisioning), added to the run's totals. */
  readonly setupUsage?: Usage;
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

function toReportTest(record: TestRecord): ReportTest {
  const { status, reason } = testStatus({ ...record, retryCount: record.retryCount ?? 0 });
  return {
    name: record.name,
    file: record.file,
    claims: [...new Set(record.claims)],
    state: record.state,
    status,
    ...(reason !== undefined ? { reason } : {}),
    durationMs: record.durationMs,
    retryCount: record.retryCount ?? 0,
    observations: record.observations.map((o) => (o.expected === undefined ? { name: o.name, value: o.value } : { name: o.name, value: o.value, expected: o.expected })),
    ...(record.error !== undefined ? { error: record.error } : {}),
    ...(record.tier !== undefined ? { tier: record.tier } : {}),
    ...(record.notSelected !== undefined ? { notSelected: true as const } : {}),
    ...(record.usage !== undefined ? { usage: record.usage } : {}),
  };
}

function evidenceOf(tests: readonly ReportTest[]): ClaimResult['evidence'] {
  const observations = tests.flatMap((test) => test.observations.map((o) => ({ test: test.name, ...o })));
  const drift: Drift[] = observations
    .filter((o) => o.expected !== undefined && !matchesDeclared(o.value, o.expected))
    .map((o) => ({ test: o.test, name: o.name, observed: o.value, declared: o.expected! }));
  return { observations, drift };
}

export function buildComplianceReport(input: BuildReportInput): ComplianceReport {
  const known = new Set(input.claims.map((claim) => claim.id));
  const testsByClaim = new Map<string, ReportTest[]>();
  const unknownById = new Map<string, Pick<ReportTest, 'name' | 'file' | 'state'>[]>();
  const allTests: ReportTest[] = [];

  for (const record of input.tests) {
    if (record.claims.length === 0) continue;
    const test = toReportTest(record);
    allTests.push(test);
    for (const id of test.claims) {
      if (known.has(id)) {
        const list = testsByClaim.get(id) ?? [];
        list.push(test);
        testsByClaim.set(id, list);
      } else {
        const list = unknownById.get(id) ?? [];
        list.push({ name: test.name, file: test.file, state: test.state });
        unknownById.set(id, list);
      }
    }
  }

  const claims: ClaimResult[] = [...input.claims]
    .sort((a, b) => compareBytes(a.id, b.id))
    .map((claim) => {
      const tests = (testsByClaim.get(claim.id) ?? []).sort(compareTests);
      const { status, reason } = claimStatus(tests, input.notVerifiable?.[claim.id]);
      return {
        id: claim.id,
        area: claim.area,
        text: claim.text,
        level: claim.level,
        source: claim.source,
        ...(claim.alsoSources ? { alsoSources: claim.alsoSources } : {}),
        status,
        ...(reason !== undefined ? { reason } : {}),
        tests,
        evidence: evidenceOf(tests),
      };
    });

  const unknownClaims: UnknownClaim[] = [...unknownById.entries()]
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([id, tests]) => ({ id, tests: tests.sort(compareTests) }));

  const statuses = Object.fromEntries(CLAIM_STATUSES.map((s) => [s, 0])) as Record<ClaimStatus, number>;
  for (const claim of claims) statuses[claim.status]++;
  const unhandledErrors = input.unhandledErrors ?? 0;
  const summary = {
    claims: claims.length,
    statuses,
    tests: allTests.length,
    reruns: allTests.reduce((n, test) => n + test.retryCount, 0),
    drift: claims.reduce((n, claim) => n + claim.evidence.drift.length, 0),
    unknownClaims: unknownClaims.length,
    unhandledErrors,
  };

  return {
    schemaVersion: COMPLIANCE_SCHEMA_VERSION,
    runId: input.runId,
    seed: input.seed ?? null,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    target: input.target,
    profile: input.profile ?? null,
    suite: input.suite ?? { name: 'session-storage-conformance', version: '0.0.0' },
    sdk: input.sdk ?? {},
    ok: statuses.fail === 0 && statuses.xpass === 0 && unknownClaims.length === 0 && unhandledErrors === 0,
    summary,
    claims,
    unknownClaims,
    ...(input.tier !== undefined ? { tier: input.tier } : {}),
    usage: sumUsage([...(input.setupUsage ? [input.setupUsage] : []), ...allTests.flatMap((t) => (t.usage ? [t.usage] : []))]),
  };
}
