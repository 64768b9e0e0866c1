// A session's filesystem server killed under a running command: the command must end with a platform error (exit
// code -1, as the API documents it), the session must stop as if stopped (what reached the filesystem is kept), and
// the next call must resume it on fresh compute and storage, with its data.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionMountsUnder } from '../../../emulator/sessionfs/mount.ts';
import type { Session } from '../../../fixtures/session.ts';
import { startHarness, type Harness } from '../__test-helpers__/emulator-harness.ts';

let h: Harness;
let session: Session;

beforeAll(async () => {
  h = await startHarness();
  session = h.resources.open(await h.resources.create({ label: 'fsfail' }));
});
afterAll(async () => h?.close());

/** Pids of this emulator's filesystem servers that serve a session (dropped to its uid; the warm one is still root). */
async function sessionServers(): Promise<{ pid: number; uid: number }[]> {
  const { stdout } = await execa('pgrep', ['-f', join(h.emulator.stateDir, 'sessionfs-server.mjs')], { reject: false });
  const out: { pid: number; uid: number }[] = [];
  for (const pid of stdout.split('\n').filter(Boolean).map(Number)) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    if (uid !== 0) out.push({ pid, uid });
  }
  return out;
}

describe("killing a session's filesystem server", () => {
  it('ends the running command with exit code -1; the session resumes with everything that reached its storage', async () => {
    await session.check('echo before > /mnt/workspace/before');
    // Appends a numbered line every 10 ms until its storage goes away.
    const writer = session.run('i=0; while echo $i >> /mnt/workspace/log; do i=$((i+1)); sleep 0.01; done; echo "stopped at $i"', { timeout: 120 });
    await expect.poll(() => session.run('wc -l < /mnt/workspace/log').then((r) => Number(r.stdout)), { timeout: 10_000 }).toBeGreaterThan(20);
    const [server, ...others] = await sessionServers();
    expect(others).toEqual([]);
    const killedAt = performance.now();
    process.kill(server!.pid, 'SIGKILL');

    const r = await writer;
    const failedMs = performance.now() - killedAt;
    expect(r).toMatchObject({ exitCode: -1, status: 'COMPLETED' });
    // The next call resumes: new storage, the data kept, the log a gap-free sequence from 0.
    const resumedAt = performance.now();
    const out = await session.check("cat /mnt/workspace/before; awk 'NR - 1 != $1 { bad = 1 } END { print (bad ? \"gap\" : \"sequence\"), (NR > 20) }' /mnt/workspace/log");
    expect(out).toBe('before\nsequence 1\n');
    console.log(`filesystem server killed: exit code -1 after ${failedMs.toFixed(0)} ms; the next call (resume) took ${(performance.now() - resumedAt).toFixed(0)} ms`);
    expect(await sessionServers()).toHaveLength(1);
    expect(await sessionMountsUnder(h.emulator.stateDir)).toHaveLength(1);
  });
});
