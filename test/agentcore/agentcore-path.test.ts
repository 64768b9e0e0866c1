// The whole AgentCore path of a sandbox-account run, against the emulator through the standard endpoint variables:
// provisioning (a dedicated shared runtime, READY polled while the emulator keeps it CREATING), the quick tier,
// retries of injected throttling and retryable conflicts, usage in the report, cleanup at the end: nothing is left.
import { ListAgentRuntimesCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../reporters/report-model.ts';
import { reportProblems } from '../../reporters/validate-report.ts';
import { startHarness, type Harness } from '../emulator/__test-helpers__/emulator-harness.ts';
import { runSuites, statusOf } from '../meta/__test-helpers__/run-suite.ts';
import { agentCoreEnv, injectFault } from './agentcore-env.ts';

let h: Harness;
beforeAll(async () => {
  // Runtimes stay CREATING/UPDATING for 400 ms: the suite must poll until READY, not assume it.
  h = await startHarness({ transitionMs: 400 });
});
afterAll(() => h?.close());

describe('SSC_TARGET=agentcore against the emulator', () => {
  it('runs the quick tier through throttling and conflicts, reports its cost, and leaves nothing behind', { timeout: 300_000 }, async () => {
    const runId = 'acpath01';
    const armed = [
      ['CreateAgentRuntime', 'ThrottlingException', 2],
      ['GetAgentRuntime', 'ThrottlingException', 3],
      ['InvokeAgentRuntimeCommand', 'ThrottlingException', 3],
      ['InvokeAgentRuntimeCommand', 'RetryableConflictException', 2],
      ['StopRuntimeSession', 'RetryableConflictException', 2],
      ['DeleteAgentRuntime', 'ThrottlingException', 1],
    ] as const;
    for (const [op, error, count] of armed) await injectFault(h.emulator.endpoint, op, error, count);

    const run = await runSuites(['suites/lifecycle.test.ts'], agentCoreEnv(h.emulator.endpoint, runId, { SSC_TIER: 'quick' }), async (dir) => ({
      report: JSON.parse(await readFile(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport,
      journal: await readdir(join(dir, 'journal')).catch(() => [] as string[]),
      junit: await readFile(join(dir, 'junit.xml'), 'utf8'),
    }));
    const { report, journal, junit } = run.inspected;
    expect(run.exitCode, run.output).toBe(0);
    expect(reportProblems(report)).toEqual([]);
    expect(report).toMatchObject({ ok: true, runId, tier: 'quick', target: { name: 'agentcore', region: 'us-east-1' } });

    // The quick claims ran and passed; the rest of the file was left out, with the reason.
    // A test naming several claims appears under each: one entry per test.
    const tests = [...new Map(report.claims.flatMap((c) => c.tests).map((t) => [`${t.file} ${t.name}`, t])).values()];
    for (const id of ['life/first-empty', 'life/persist-stop-resume', 'life/version-update-wipes', 'life/disabled-no-mount']) expect(statusOf(report.claims, id)).toBe('pass');
    expect(statusOf(report.claims, 'api/session-id-length')).toBe('not-run');
    expect(tests.find((t) => t.claims.includes('api/session-id-length'))?.reason).toMatch(/^not in tier 'quick'/);

    // Every injected failure was answered, and retried: the run saw them as throttles and still passed.
    const faults = (await (await fetch(`${h.emulator.endpoint}/_ssc/faults`)).json()) as { armed: unknown[]; fired: Record<string, number> };
    expect(faults.armed).toEqual([]);
    const injected = armed.reduce((n, [, , count]) => n + count, 0);
    expect(Object.values(faults.fired).reduce((a, b) => a + b, 0)).toBe(injected);
    const usage = report.usage!;
    expect(usage.throttled).toBe(injected);
    expect(usage.attempts - usage.apiCalls).toBe(injected);
    expect(usage.byOperation['CreateAgentRuntime']).toBeGreaterThanOrEqual(3);
    expect(usage.sessionSeconds).toBeGreaterThan(0);
    expect(usage.bytesWritten).toBeGreaterThan(0);
    // Per test: what ran has its own usage, and the run's totals are at least their sum.
    const ran = tests.filter((t) => t.status === 'pass');
    for (const t of ran) expect(t.usage?.apiCalls, t.name).toBeGreaterThan(0);
    expect(junit).toMatch(/<property name="usage\.sessionSeconds" value="\d+(\.\d+)?"\/>/);
    expect(usage.apiCalls).toBeGreaterThan(ran.reduce((n, t) => n + (t.usage?.apiCalls ?? 0), 0));

    // Nothing left: no runtime of the run, no live session, the journal closed.
    const left = (await h.target.control.send(new ListAgentRuntimesCommand({}))).agentRuntimes ?? [];
    expect(left.filter((r) => r.agentRuntimeName?.startsWith(`ssc_${runId}_`))).toEqual([]);
    const health = (await (await fetch(`${h.emulator.endpoint}/_ssc/health`)).json()) as { liveSessions: number };
    expect(health.liveSessions).toBe(0);
    expect(journal).toEqual([]);
  });

  it('a failure the SDK does not retry fails the test, and the run still leaves nothing behind', { timeout: 180_000 }, async () => {
    const runId = 'acpath02';
    // The first DeleteAgentRuntime is the test's own cleanup of its dedicated runtime: it is refused.
    await injectFault(h.emulator.endpoint, 'DeleteAgentRuntime', 'AccessDeniedException', 1);
    const run = await runSuites(
      ['suites/lifecycle.test.ts', '-t', 'after a version update a resumed session gets an empty mount'],
      agentCoreEnv(h.emulator.endpoint, runId, { SSC_TIER: 'quick' }),
      async (dir) => ({
        journal: await readdir(join(dir, 'journal')).catch(() => [] as string[]),
        report: JSON.parse(await readFile(join(dir, 'compliance.json'), 'utf8')) as ComplianceReport,
      }),
    );
    expect(run.exitCode).not.toBe(0);
    expect(statusOf(run.claims, 'life/version-update-wipes'), run.output).toBe('fail');
    const failed = run.inspected.report.claims.find((c) => c.id === 'life/version-update-wipes')!.tests[0]!;
    expect(failed.error).toMatch(/^Access denied \(injected by the emulator\)/);
    // The journal still listed the runtime, so the global teardown deleted it (and the shared one).
    const left = (await h.target.control.send(new ListAgentRuntimesCommand({}))).agentRuntimes ?? [];
    expect(left.filter((r) => r.agentRuntimeName?.startsWith(`ssc_${runId}_`))).toEqual([]);
    const health = (await (await fetch(`${h.emulator.endpoint}/_ssc/health`)).json()) as { liveSessions: number };
    expect(health.liveSessions).toBe(0);
    expect(run.inspected.journal).toEqual([]);
  });
});
