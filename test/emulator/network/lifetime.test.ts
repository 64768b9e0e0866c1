// No process of a session's network outlives the session: its namespace holder and slirp4netns end when the
// session's compute ends, whether by Stop, by a crash of the compute, by the emulator's close, or by a SIGKILL of
// the emulator (then their pipes to it close, which ends them: nothing is left for the next start to clean).
import { readlinkSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import type { Session } from '../../../fixtures/session.ts';
import { buildTarget } from '../../../fixtures/target.ts';
import { startCli } from '../__test-helpers__/cli-emulator.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';
import { networkProcesses } from '../__test-helpers__/network-probes.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const alive = (pid: number) => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

/** Waits (at most 10 s) until none of `pids` runs; returns those still running then. */
async function gone(pids: readonly number[]): Promise<number[]> {
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}

/** The holder and slirp4netns of the network the session's commands run in (matched by namespace). */
async function sessionNetwork(s: Session, parent: number): Promise<number[]> {
  const ns = (await s.check('readlink /proc/self/ns/net')).trim();
  const all = networkProcesses(parent);
  const holder = all.find((p) => readlinkSync(`/proc/${p}/ns/net`) === ns);
  expect(holder, `no holder process in ${ns} among ${all.join(', ')}`).toBeDefined();
  const slirp = all.filter((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(`/proc/${holder}/ns/net`));
  expect(slirp).toHaveLength(1);
  return [holder!, slirp[0]!];
}

describe("a session's network processes end with its compute", () => {
  it('on Stop; the resumed compute gets a new network', async () => {
    const s = h.resources.open(await h.resources.create(), { label: 'stop' });
    const first = await sessionNetwork(s, process.pid);
    await s.stop();
    expect(await gone(first)).toEqual([]);
    const second = await sessionNetwork(s, process.pid);
    expect(second.some((p) => first.includes(p))).toBe(false);
  });

  it('when the compute dies under the session (its init killed from inside)', async () => {
    const s = h.resources.open(await h.resources.create(), { label: 'crash' });
    const pids = await sessionNetwork(s, process.pid);
    expect((await s.run('kill -9 $PPID; sleep 5')).exitCode).toBe(-1);
    expect(await gone(pids)).toEqual([]);
  });

  it("on the emulator's close, prepared networks included", async () => {
    const before = new Set(networkProcesses(process.pid));
    const other = await startHarness();
    const s = other.resources.open(await other.resources.create(), { label: 'close' });
    const session = await sessionNetwork(s, process.pid);
    const mine = networkProcesses(process.pid).filter((p) => !before.has(p));
    expect(mine).toEqual(expect.arrayContaining(session));
    await other.close();
    expect(await gone(mine)).toEqual([]);
    // Nothing of the closed emulator's is left, not even a network it was preparing when it closed.
    expect(networkProcesses(process.pid).filter((p) => !before.has(p))).toEqual([]);
  });

  it('on a SIGKILL of the emulator: their pipes to it close, and they exit on their own', { timeout: 120_000 }, async () => {
    const { child, endpoint } = await startCli(undefined);
    const target = buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });
    try {
      const s = new TestResources(target).open(await new TestResources(target).create(), { label: 'sigkill' });
      const session = await sessionNetwork(s, child.pid!);
      const all = networkProcesses(child.pid!);
      expect(all).toEqual(expect.arrayContaining(session));
      child.kill('SIGKILL');
      await child;
      expect(await gone(all)).toEqual([]);
    } finally {
      target.destroy();
      child.kill('SIGKILL');
    }
  });
});
