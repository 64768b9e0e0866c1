// The time suite on a target whose clock cannot be moved (the AgentCore path, against the emulator through the
// endpoint variables): with SSC_PROFILE=emulator nothing declares the 14-day rule not verifiable, so without a budget
// the suite would sleep 1,209,600 s. Under SSC_MAX_WAIT_SECONDS every test that would wait longer is reported
// not-verifiable-on-target with the reason, at once, instead of sleeping.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceReport } from '../../reporters/report-model.ts';
import { startHarness, type Harness } from '../emulator/__test-helpers__/emulator-harness.ts';
import { agentCoreEnv } from './agentcore-env.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

let h: Harness;
let reportDir: string;
beforeAll(async () => {
  h = await startHarness();
  reportDir = await mkdtemp(join(tmpdir(), 'ssc-wait-budget-'));
});
afterAll(async () => {
  await h?.close();
  await rm(reportDir, { recursive: true, force: true });
});

describe('SSC_MAX_WAIT_SECONDS on a target whose clock cannot be moved', () => {
  it('reports the time tests that would wait longer not-verifiable-on-target, with the reason, instead of sleeping', { timeout: 180_000 }, async () => {
    // 20 s: below the first wait of every test in the suite (30 s, 40 s, 14 days - 1 h), so none sleeps at all.
    const env = agentCoreEnv(h.emulator.endpoint, 'waitbud1', { SSC_REPORT_DIR: reportDir, SSC_MAX_WAIT_SECONDS: '20' });
    const run = await execa(process.execPath, [VITEST, 'run', '--project', 'conformance-time', 'suites/expiry.test.ts', '--reporter=./reporters/claims-reporter.ts'], {
      cwd: ROOT,
      reject: false,
      all: true,
      env,
    });
    expect(run.exitCode, run.all).toBe(0);
    const report = JSON.parse(await readFile(join(reportDir, 'compliance.json'), 'utf8')) as ComplianceReport;
    const claim = (id: string) => report.claims.find((c) => c.id === id)!;
    for (const id of ['api/session-lifetime', 'life/idle-expiry-14d']) expect(claim(id).status).toBe('not-verifiable-on-target');
    const reasons = report.claims.flatMap((c) => c.tests).map((t) => `${t.status}: ${t.reason}`);
    expect(reasons).toContain(
      "not-verifiable-on-target: needs 1206000 s (14 days) of real time to pass on this target, more than the run's wait budget of 20 s (SSC_MAX_WAIT_SECONDS)",
    );
    expect(reasons).toContain(
      "not-verifiable-on-target: needs 30 s of real time to pass on this target, more than the run's wait budget of 20 s (SSC_MAX_WAIT_SECONDS)",
    );
  });
});
