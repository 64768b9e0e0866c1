// Ctrl-C during a sandbox-account run: the terminal sends SIGINT to the whole process group (vitest and its workers).
// vitest exits a millisecond later, so the global setup's handler sweeps the run synchronously (ssc sweep with the
// run's journal and prefix) before that. Checked against the emulator: after the interrupted run, no runtime of the
// run and no live session is left.
import { ListAgentRuntimesCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../emulator/__test-helpers__/emulator-harness.ts';
import { agentCoreEnv } from './agentcore-env.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness;
let reportDir: string;
beforeAll(async () => {
  h = await startHarness();
  reportDir = await mkdtemp(join(tmpdir(), 'ssc-interrupt-'));
});
afterAll(async () => {
  await h?.close();
  await rm(reportDir, { recursive: true, force: true });
});

const runtimesOf = async (runId: string) =>
  ((await h.target.control.send(new ListAgentRuntimesCommand({}))).agentRuntimes ?? []).filter((r) => r.agentRuntimeName?.startsWith(`ssc_${runId}_`));
const liveSessions = async () => ((await (await fetch(`${h.emulator.endpoint}/_ssc/health`)).json()) as { liveSessions: number }).liveSessions;

describe('Ctrl-C on an AgentCore run', () => {
  it('stops every session and deletes every runtime the run made', { timeout: 180_000 }, async () => {
    const runId = 'ctrlc001';
    const child = execa(process.execPath, [VITEST, 'run', '--project', 'conformance', 'suites/lifecycle.test.ts', '--reporter=./reporters/claims-reporter.ts'], {
      cwd: ROOT,
      reject: false,
      all: true,
      // Its own process group, so the signal can go to the group, as a terminal sends it.
      detached: true,
      env: agentCoreEnv(h.emulator.endpoint, runId, { SSC_REPORT_DIR: reportDir, SSC_TIER: 'standard' }),
    });
    // Interrupt mid-run: once tests have their own runtimes and sessions are live.
    const deadline = Date.now() + 120_000;
    while ((await runtimesOf(runId)).length < 2 || (await liveSessions()) === 0) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the run never got going:\n${(await child).all}`);
      await sleep(100);
    }
    process.kill(-child.pid!, 'SIGINT');
    const result = await child;
    expect(result.all).toMatch(/Stopped \d+ session\(s\), deleted [1-9]\d* runtime\(s\)\./);
    expect(await runtimesOf(runId)).toEqual([]);
    expect(await liveSessions()).toBe(0);
  });
});
