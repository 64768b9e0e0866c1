// A target that cannot be reached is not retried with the full backoff (run/reachability.ts): a run whose target is
// unreachable at the start stops in seconds, naming the endpoint and the error; a run interrupted after its target
// died sweeps in seconds, says the target refuses connections and that nothing was removed.
import { ListAgentRuntimesCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.ts';
import { newRunId } from '../../fixtures/run-id.ts';
import { buildTarget } from '../../fixtures/target.ts';
import { startCli } from '../emulator/__test-helpers__/cli-emulator.ts';
import { agentCoreEnv } from './agentcore-env.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const vitest = (args: string[], env: Record<string, string>, detached = false) =>
  execa(process.execPath, [VITEST, 'run', '--project', 'conformance', ...args, '--reporter=./reporters/claims-reporter.ts'], {
    cwd: ROOT,
    reject: false,
    all: true,
    detached,
    env,
  });

let reportDir: string;
beforeAll(async () => {
  reportDir = await mkdtemp(join(tmpdir(), 'ssc-dead-target-'));
});
afterAll(async () => {
  await rm(reportDir, { recursive: true, force: true });
});

describe('a target that cannot be reached', () => {
  it('at the start: the run stops, naming the endpoint and the error', { timeout: 120_000 }, async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const startedAt = performance.now();
    const result = await vitest(['suites/config.test.ts'], agentCoreEnv(endpoint, 'dead0001', { SSC_REPORT_DIR: reportDir }));
    const ms = performance.now() - startedAt;
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain(`the target cannot be reached, so the run stops: ${endpoint} is unreachable: connect ECONNREFUSED`);
    expect(result.all).not.toMatch(/✓ pass/);
    console.log(`run against an unreachable target: vitest exited ${ms.toFixed(0)} ms after it started`);
  });

  it('after it died mid-run: the interrupt sweep stops retrying and says so', { timeout: 240_000 }, async () => {
    const runId = 'dead0002';
    const emulator = await startCli(undefined);
    try {
      const target = buildTarget({ target: { kind: 'emulator', endpoint: emulator.endpoint, region: 'us-east-1' }, runId: newRunId() });
      const runtimesOfRun = async () =>
        ((await target.control.send(new ListAgentRuntimesCommand({}))).agentRuntimes ?? []).filter((r) => r.agentRuntimeName?.startsWith(`ssc_${runId}_`));
      const run = vitest(['suites/lifecycle.test.ts'], agentCoreEnv(emulator.endpoint, runId, { SSC_REPORT_DIR: reportDir, SSC_TIER: 'standard' }), true);
      const deadline = Date.now() + 120_000;
      while ((await runtimesOfRun()).length < 2) {
        if (Date.now() > deadline || run.exitCode !== null) throw new Error(`the run never got going:\n${(await run).all}`);
        await sleep(100);
      }
      target.destroy();
      // The target dies; then the run is interrupted and its sweep runs against an endpoint that refuses connections.
      emulator.child.kill('SIGKILL');
      await emulator.child;
      const signalledAt = performance.now();
      process.kill(-run.pid!, 'SIGTERM');
      const result = await run;
      const ms = performance.now() - signalledAt;
      expect(result.all).toMatch(
        new RegExp(`ssc sweep: ${emulator.endpoint.replace(/\./g, '\\.')} is unreachable: connect ECONNREFUSED [^\\n]*not retrying\\)\\. Nothing was removed`),
      );
      console.log(`interrupted run whose target had died: exited ${ms.toFixed(0)} ms after SIGTERM`);
    } finally {
      emulator.child.kill('SIGKILL');
      // The killed emulator's temporary state directory (and any mount in it) goes with the next emulator's start.
      await (await startEmulator()).close();
    }
  });
});
