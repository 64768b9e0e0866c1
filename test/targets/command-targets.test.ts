// The two command targets with real parts, through SSC_TARGET=command: Debian's AWS CLI and boto3 against the
// embedded emulator, and Podman containers on named volumes. Quick-tier lifecycle tests run in a child vitest against
// each (for the CLI, one per template it has: each of its calls starts a CLI or python3 with boto3, seconds apiece); the report must carry the target's name and profile, pass the storage claims, give every claim
// the target cannot verify its reason, and show the container's departure from AgentCore as the profile declares it.
// A container target whose stop keeps the container is caught. The standard tier: README ("Command targets").
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { runSuites, type ClaimResult } from '../meta/__test-helpers__/run-suite.ts';

interface Claim extends ClaimResult {
  reason?: string;
}

const STORAGE_CLAIMS = ['life/first-empty', 'life/persist-stop-resume', 'life/flush-on-stop', 'life/ephemeral-outside-mount', 'life/disabled-no-mount', 'life/isolation'];

async function missing(probes: Record<string, string[]>): Promise<string | undefined> {
  for (const [what, [cmd, ...args]] of Object.entries(probes)) {
    const r = await execa(cmd!, args, { reject: false });
    if (r.exitCode !== 0) return `needs ${what} (bash scripts/install-deps.sh installs it)`;
  }
  return undefined;
}

/** The CLI target's tests: every template (create, run, stop, disable, bump, delete, the agent's) at least once. */
const AGENT_TEST = 'files the agent writes under the mount survive';
const CLI_TESTS = ['suites/agent.test.ts', '-t', `first command sees an empty mount|right before Stop survives|after a version update|with storage disabled|${AGENT_TEST}`];

async function quickTier(file: string, extra: string[] = []) {
  let report: { target: { name: string }; profile: { name: string } | null } | undefined;
  const run = await runSuites(['suites/lifecycle.test.ts', ...extra], { SSC_TARGET: 'command', SSC_TARGET_FILE: file, SSC_TIER: 'quick' }, async (dir) => {
    report = JSON.parse(readFileSync(join(dir, 'compliance.json'), 'utf8'));
  });
  const claims = run.claims as Claim[];
  const status = (id: string) => claims.find((c) => c.id === id);
  return { ...run, report: report!, status, claims };
}

/** Every claim a target cannot verify says why; cfg/* and api/* say which capability. */
function expectReasons(claims: readonly Claim[]) {
  const unverifiable = claims.filter((c) => c.status === 'not-verifiable-on-target');
  expect(unverifiable.filter((c) => !c.reason)).toEqual([]);
  for (const c of unverifiable.filter((c) => c.id.startsWith('cfg/'))) expect(c.reason).toMatch(/needs capability 'control-plane'/);
  for (const c of unverifiable.filter((c) => c.id.startsWith('api/'))) expect(c.reason).toMatch(/needs capability 'agentcore-api'/);
  expect(unverifiable.map((c) => c.id)).toEqual(expect.arrayContaining(['cfg/get-echoes', 'api/command-event-stream']));
}

describe('command targets (SSC_TARGET=command), quick tier of the lifecycle suite', () => {
  it('Debian AWS CLI + boto3 against the emulator', { timeout: 1_200_000 }, async (ctx) => {
    const why = await missing({ 'awscli (Debian)': ['/usr/bin/aws', '--version'], 'python3-boto3': ['/usr/bin/python3', '-c', 'import boto3'] });
    if (why) ctx.skip(why);
    const run = await quickTier('targets/aws-cli/target.yaml', CLI_TESTS);
    expect(run.exitCode, run.output.slice(-3000)).toBe(0);
    expect(run.report.target.name).toBe('command:aws-cli');
    expect(run.report.profile?.name).toBe('emulator');
    for (const id of ['life/first-empty', 'life/flush-on-stop', 'life/version-update-wipes', 'life/disabled-no-mount']) expect(run.status(id)?.status, id).toBe('pass');
    // life/persist-stop-resume is not-run here (-t leaves its other tests out): its agent test passed.
    expect(run.output).toMatch(new RegExp(`✓ pass .*${AGENT_TEST}`));
    expectReasons(run.claims);
  });

  it("an agent invoked in another session than the commands' is caught", { timeout: 900_000 }, async (ctx) => {
    const why = await missing({ 'awscli (Debian)': ['/usr/bin/aws', '--version'], 'python3-boto3': ['/usr/bin/python3', '-c', 'import boto3'] });
    if (why) ctx.skip(why);
    const dir = mkdtempSync(join(tmpdir(), 'ssc-broken-agent-'));
    try {
      const file = join(dir, 'target.yaml');
      const broken = readFileSync('targets/aws-cli/target.yaml', 'utf8')
        .replace('AWS_DATA_PATH: ${dir}/models', `AWS_DATA_PATH: ${join(process.cwd(), 'targets/aws-cli/models')}`)
        .replaceAll('{dir}/', `${join(process.cwd(), 'targets/aws-cli')}/`)
        .replace(/^ {2}invokeAgent: (.*)$/m, '  invokeAgent: SSC_SESSION=$SSC_SESSION-other $1');
      expect(broken).toContain('SSC_SESSION=$SSC_SESSION-other');
      writeFileSync(file, broken);
      const run = await runSuites(['suites/agent.test.ts', '-t', AGENT_TEST], { SSC_TARGET: 'command', SSC_TARGET_FILE: file, SSC_TIER: 'quick' });
      expect(run.exitCode).not.toBe(0);
      expect(run.claims.find((c) => c.id === 'life/persist-stop-resume')?.status).toBe('fail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a Podman container per session on a named volume', () => {
    const tools = { podman: ['podman', '--version'], runc: ['runc', '--version'] };
    const dir = mkdtempSync(join(tmpdir(), 'ssc-broken-container-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('passes the storage claims; a new version keeps the volume, as its profile declares', { timeout: 900_000 }, async (ctx) => {
      const why = await missing(tools);
      if (why) ctx.skip(why);
      const run = await quickTier('targets/local-container/target.yaml');
      expect(run.exitCode, run.output.slice(-3000)).toBe(0);
      expect(run.report.target.name).toBe('command:local-container');
      expect(run.report.profile?.name).toBe('local-container');
      for (const id of STORAGE_CLAIMS) expect(run.status(id)?.status, id).toBe('pass');
      expect(run.status('life/version-update-wipes')).toMatchObject({ status: 'xfail', reason: 'a new image version leaves named volumes alone' });
      expectReasons(run.claims);
      // Nothing of the run is left: every container and volume carries its run's label.
      expect((await execa('podman', ['ps', '-aq', '--filter', 'label=ssc.run'])).stdout).toBe('');
    });

    it('a stop that keeps the container is caught', { timeout: 900_000 }, async (ctx) => {
      const why = await missing(tools);
      if (why) ctx.skip(why);
      if (!existsSync('targets/local-container/container.sh')) throw new Error('run from the project root');
      const file = join(dir, 'target.yaml');
      const original = readFileSync('targets/local-container/target.yaml', 'utf8');
      const broken = original
        .replace('profile: local-container', `profile: ${join(process.cwd(), 'spec/profiles/local-container.yaml')}`)
        .replaceAll('{dir}/container.sh', `${join(process.cwd(), 'targets/local-container/container.sh')}`)
        .replace(/^ {2}stop: .*$/m, "  stop: 'true'");
      expect(broken).toContain("stop: 'true'");
      writeFileSync(file, broken);
      const run = await quickTier(file, ['-t', '/tmp and \\$HOME']);
      expect(run.exitCode).not.toBe(0);
      expect(run.status('life/ephemeral-outside-mount')?.status).toBe('fail');
    });
  });
});
