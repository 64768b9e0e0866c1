// End to end: run vitest in a child process on the fixture suite with the claims reporter, then read what it wrote.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ComplianceReport } from '../../reporters/report-model.ts';
import { reportProblems } from '../../reporters/validate-report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST_BIN = join(ROOT, 'node_modules/vitest/vitest.mjs');
const CONFIG = fileURLToPath(new URL('./__fixtures__/vitest.config.ts', import.meta.url));
const REPORTER = fileURLToPath(new URL('../../reporters/claims-reporter.ts', import.meta.url));
const ARN = 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/myAgent-AbCdEf1234';

/**
 * The parent's environment minus vitest's own variables and the target name the parent run's global setup exported,
 * so the child behaves like a fresh `vitest run`.
 */
function childEnv(reportDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('VITEST') && !['TEST', 'NODE_ENV', 'SSC_TARGET_NAME'].includes(key)) env[key] = value;
  }
  return {
    ...env,
    SSC_REPORT_DIR: reportDir,
    SSC_TARGET: 'agentcore',
    AWS_REGION: 'us-east-1',
    SSC_RUNTIME_ARN: ARN,
    SSC_RUN_ID: 'e2e-run',
    NO_COLOR: '1',
  };
}

function runFixtures(reportDir: string, filter: string) {
  return execa(process.execPath, [VITEST_BIN, 'run', '--config', CONFIG, `--reporter=${REPORTER}`, filter], {
    cwd: ROOT,
    env: childEnv(reportDir),
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
}

describe('claims reporter, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssc-report-'));
  const reportDir = join(dir, 'nested', 'reports');
  let run: Awaited<ReturnType<typeof runFixtures>>;
  let report: ComplianceReport;

  beforeAll(async () => {
    run = await runFixtures(reportDir, 'claims.fixture');
    const path = join(reportDir, 'compliance.json');
    if (!existsSync(path)) throw new Error(`no report written; vitest said:\n${run.stdout}\n${run.stderr}`);
    report = JSON.parse(readFileSync(path, 'utf8')) as ComplianceReport;
  }, 150_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the fixture run fails (one fixture test fails on purpose)', () => {
    expect(run.exitCode).toBe(1);
  });

  test('per-claim statuses', () => {
    const status = Object.fromEntries(report.claims.map((claim) => [claim.id, claim.status]));
    expect(status['life/first-empty']).toBe('pass');
    expect(status['cfg/get-echoes']).toBe('fail');
    expect(status['life/idle-expiry-14d']).toBe('not-verifiable-on-target');
    expect(status['life/isolation']).toBe('skipped-environment');
    expect(status['life/flush-on-stop']).toBe('flaky');
    expect(status['cfg/version-bump']).toBe('xfail');
    expect(status['cfg/disable-empty-array']).toBe('xpass');
    expect(status['ops/hard-link-refused']).toBe('unsupported-as-documented');
    expect(status['life/persist-stop-resume']).toBe('not-covered');
  });

  test('reasons, reruns, errno and drift are carried as evidence', () => {
    const claim = (id: string) => report.claims.find((c) => c.id === id)!;
    expect(claim('life/isolation').reason).toBe('needs a second runtime');
    expect(claim('life/idle-expiry-14d').reason).toBe('needs 14 days; use the canary mode');
    expect(claim('life/flush-on-stop').tests[0]).toMatchObject({ retryCount: 1, reason: 'passed after 1 rerun' });
    expect(claim('ops/hard-link-refused')).toMatchObject({ reason: 'hardLink: ENOTSUPP' });
    expect(claim('ops/hard-link-refused').evidence.observations).toEqual([
      { test: 'link(2) is refused', name: 'errno', value: 'ENOTSUPP', expected: ['ENOTSUPP', 'EOPNOTSUPP', 'EPERM'] },
    ]);
    expect(claim('life/first-empty').evidence.drift).toEqual([{ test: 'first command sees an empty mount', name: 'nameMax', observed: 254, declared: 255 }]);
    expect(report.summary).toMatchObject({ reruns: 1, drift: 1 });
  });

  test('the written JSON validates against reporters/compliance.schema.json', () => {
    expect(reportProblems(report)).toEqual([]);
  });

  test('the profile, suite and SDK versions are recorded', () => {
    expect(report.profile).toMatchObject({ name: 'agentcore', file: expect.stringMatching(/spec\/profiles\/agentcore\.yaml$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(report.suite).toEqual({ name: 'session-storage-conformance', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(report.sdk)).toEqual(['@aws-sdk/client-bedrock-agentcore', '@aws-sdk/client-bedrock-agentcore-control']);
  });

  test('writes the HTML and JUnit reports too; JUnit carries claim ids as properties', () => {
    const html = readFileSync(join(reportDir, 'compliance.html'), 'utf8');
    expect(html).toContain('<table id="matrix">');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    const junit = readFileSync(join(reportDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('<property name="claim" value="cfg/get-echoes"/>');
    expect(junit).toMatch(/<failure message="unexpected pass[^"]*" type="xpass">/);
    expect(junit).toContain('<skipped message="skipped-environment: needs a second runtime"/>');
  });

  test('prints a progress line per finished test', () => {
    expect(run.stdout).toMatch(/^\[life\] \d+\/\d+ ✓ pass  first command sees an empty mount$/m);
    expect(run.stdout).toMatch(/^\[cfg\] \d+\/\d+ ! xpass  a known failure that now passes/m);
  });

  test('test details: names, files, states, observations, errors', () => {
    const firstEmpty = report.claims.find((claim) => claim.id === 'life/first-empty');
    expect(firstEmpty?.tests.map((t) => t.name)).toEqual(['first command sees an empty mount', 'names a misspelt claim']);
    expect(firstEmpty?.tests[0]).toMatchObject({ file: 'claims.fixture.ts', state: 'passed', observations: [{ name: 'entries', value: 0 }, { name: 'nameMax', value: 254, expected: 255 }] });
    expect(firstEmpty?.tests[0]?.durationMs).toEqual(expect.any(Number));
    const echoes = report.claims.find((claim) => claim.id === 'cfg/get-echoes');
    expect(echoes?.tests).toEqual([
      expect.objectContaining({ name: 'config > GetAgentRuntime echoes filesystemConfigurations', state: 'failed', error: expect.stringContaining('/mnt/workspace') }),
    ]);
  });

  test('the unknown id is reported and the run is not ok', () => {
    expect(report.unknownClaims).toEqual([
      { id: 'life/frist-empty', tests: [{ name: 'names a misspelt claim', file: 'claims.fixture.ts', state: 'passed' }] },
    ]);
    expect(report.ok).toBe(false);
  });

  test('header: schema version, run id, target from the environment with the account masked', () => {
    expect(report.schemaVersion).toBe(2);
    expect(report.runId).toBe('e2e-run');
    expect(report.target).toEqual({
      name: 'agentcore',
      region: 'us-east-1',
      runtimeArn: 'arn:aws:bedrock-agentcore:us-east-1:********9012:runtime/myAgent-AbCdEf1234',
    });
    expect(report.summary).toMatchObject({ tests: 9, unknownClaims: 1 });
    expect(report.summary.statuses).toMatchObject({ pass: 1, fail: 1, xpass: 1, xfail: 1, flaky: 1 });
    expect(readFileSync(join(reportDir, 'compliance.json'), 'utf8')).not.toContain('123456789012');
  });

  test('writes the Markdown report and prints the per-claim summary', () => {
    const md = readFileSync(join(reportDir, 'compliance.md'), 'utf8');
    expect(md).toContain('| `cfg/get-echoes` | MUST | ❌ fail |');
    expect(md).toContain('## Not covered');
    expect(run.stdout).toMatch(/✗ fail\s+cfg\/get-echoes\s+1 test/);
    expect(run.stdout).toMatch(/✓ pass\s+life\/first-empty\s+2 tests/);
    expect(run.stdout).toContain('NOT OK');
  });

  test('writes and prints nothing when no test carries claims', async () => {
    const quietDir = join(dir, 'quiet');
    const quiet = await runFixtures(quietDir, 'no-claims.fixture');
    expect(quiet.exitCode).toBe(0);
    expect(existsSync(quietDir)).toBe(false);
    expect(quiet.stdout).not.toContain('Session storage compliance');
  }, 150_000);
});
