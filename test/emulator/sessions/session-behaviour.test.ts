// The emulator's session machinery through the real SDK: the rules the conformance suites cannot check on AWS
// (clock-driven timeouts and expiry) and the emulator's own promises (streaming, crash handling).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvokeAgentRuntimeCommandCommand } from '@aws-sdk/client-bedrock-agentcore';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';

let h: Harness;
let runtime: RuntimeHandle;

beforeAll(async () => {
  h = await startHarness();
  runtime = await h.resources.create({ lifecycleConfiguration: { idleRuntimeSessionTimeout: 60, maxLifetime: 120 } });
});
afterAll(async () => h?.close());

/** Host pids whose command line starts with `name`. */
function hostProcessesNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith(name);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const marker = (s: { check(c: string): Promise<string> }) => s.check('echo kept > /mnt/workspace/m && echo gone > /tmp/m');

describe('idle timeout and max lifetime (emulator clock)', () => {
  it('stops a session idle for idleRuntimeSessionTimeout, keeping its storage', async () => {
    const s = h.resources.open(runtime);
    await marker(s);
    expect((await h.advanceClock(59)).liveSessions).toBeGreaterThan(0);
    await h.advanceClock(1);
    expect(await s.check('cat /mnt/workspace/m; cat /tmp/m 2>/dev/null || echo no-tmp')).toBe('kept\nno-tmp\n');
  });

  it('stops a busy session at maxLifetime', async () => {
    const s = h.resources.open(runtime);
    await marker(s);
    for (let i = 0; i < 4; i++) {
      await h.advanceClock(30);
      await s.check('true'); // activity keeps it from idling, not from ageing
    }
    // 120 s after start the compute was replaced: /tmp is empty again, the mount is intact.
    expect(await s.check('cat /mnt/workspace/m; ls -A /tmp | wc -l')).toBe('kept\n0\n');
  });

  it('clears stored data after 14 days without an invocation, not before', async () => {
    const s = h.resources.open(runtime);
    await marker(s);
    await s.stop();
    await h.advanceClock(14 * 86_400 - 60);
    expect(await s.check('cat /mnt/workspace/m')).toBe('kept\n');
    await s.stop();
    await h.advanceClock(14 * 86_400);
    expect(await s.check('ls -A /mnt/workspace | wc -l')).toBe('0\n');
  });
});

describe('commands', () => {
  it('streams output as it is produced, before the command ends', async () => {
    const s = h.resources.open(runtime);
    const out = await h.target.data.send(
      new InvokeAgentRuntimeCommandCommand({ agentRuntimeArn: runtime.arn, runtimeSessionId: s.id, body: { command: 'echo first; sleep 2; echo second' } }),
    );
    const arrivals: Array<[string, number]> = [];
    for await (const e of out.stream!) {
      const d = e.chunk?.contentDelta?.stdout;
      if (d) arrivals.push([d, Date.now()]);
      if (e.chunk?.contentStop) arrivals.push(['stop', Date.now()]);
    }
    expect(arrivals.map(([t]) => t)).toEqual(['first\n', 'second\n', 'stop']);
    // 'first' reached the client while the command was still sleeping.
    expect(arrivals[1]![1] - arrivals[0]![1]).toBeGreaterThan(1000);
  });

  it('reports exit code -1 when the compute dies under a command, and the session resumes', async () => {
    const s = h.resources.open(runtime);
    await marker(s);
    const r = await s.run('kill -9 -1; sleep 5');
    expect(r.exitCode).toBe(-1);
    expect(await s.check('cat /mnt/workspace/m')).toBe('kept\n');
  });

  it('keeps background processes between commands of one session, kills them on stop', async () => {
    const s = h.resources.open(runtime);
    const name = `ssc-bg-${randomBytes(4).toString('hex')}`;
    // setsid + nohup: a daemon that left the command's session and process group, the hardest kind to miss.
    await s.check(`setsid nohup bash -c 'exec -a ${name} sleep 600' >/dev/null 2>&1 &`);
    // The bracket keeps the pattern from matching the grep (and bash -c) command lines themselves.
    const find = `grep -l '${name.slice(0, -1)}[${name.slice(-1)}]' /proc/[0-9]*/cmdline 2>/dev/null | wc -l`;
    // The daemon execs through setsid, nohup and bash after its command returned: give it a moment to appear.
    await expect.poll(() => s.check(find), { timeout: 10_000 }).toBe('1\n');
    await s.stop();
    // Checked on the host, where every pid namespace is visible: the daemon is gone when Stop returns.
    expect(hostProcessesNamed(name)).toEqual([]);
    expect(await s.check(find)).toBe('0\n');
  });
});
