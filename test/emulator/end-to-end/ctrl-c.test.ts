// Ctrl-C in the terminal running `ssc emulator`: the terminal sends SIGINT to the whole foreground process group. The
// emulator must stop every session in order (its sandboxes and filesystem servers are in process groups of their
// own, so the same keystroke does not kill them under it), flush what was written and exit, leaving nothing on the
// host; a second Ctrl-C while a stop hangs must exit at once and say what it skipped. Each emulator here runs in a
// process group of its own, as a shell job does, and the signal goes to the group.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sessionMountsUnder } from '../../../emulator/sessionfs/mount.ts';
import type { Session } from '../../../fixtures/session.ts';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import type { RuntimeHandle } from '../../../fixtures/runtimes.ts';
import { buildTarget } from '../../../fixtures/target.ts';
import { logLine, startCli } from '../__test-helpers__/cli-emulator.ts';
import { leftovers, processesOf, sessionUids } from '../__test-helpers__/leftovers.ts';

const M = '/mnt/workspace';

/** An emulator client for one phase (before or after a restart). */
function client(endpoint: string) {
  const target = buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });
  const resources = new TestResources(target);
  return { resources, destroy: () => target.destroy() };
}

/** 4 MiB of random bytes under the mount; returns their sha256 as `sha256sum` prints it. */
const writeBlob = (s: Session) => s.check(`head -c 4194304 /dev/urandom > ${M}/blob && sha256sum < ${M}/blob`);

/**
 * What the resumed session holds: `log` must be the sequence 1..n without a gap, every f<i> it lists complete, and
 * the blob intact. Prints "<sequence|gap> <n> <bad files> <blob sha256>".
 */
const VERIFY = `cd ${M} && n=$(wc -l < log) && bad=0 && for i in $(seq 1 $n); do [ "$(cat f$i)" = "content $i" ] || bad=$((bad+1)); done; ` +
  `echo "$(awk 'NR != $1 { g = 1 } END { print (g ? "gap" : "sequence") }' log) $n $bad $(sha256sum < blob)"`;

async function resumeAndVerify(dir: string, runtime: RuntimeHandle, sessionId: string): Promise<{ sequence: string; n: number; bad: number; sha: string }> {
  const again = await startCli(dir);
  const c = client(again.endpoint);
  try {
    const session = c.resources.open(runtime, { id: sessionId });
    const [sequence, n, bad, sha] = (await session.check(VERIFY)).trim().split(/\s+/);
    await session.stop();
    return { sequence: sequence!, n: Number(n), bad: Number(bad), sha: `${sha}  -\n` };
  } finally {
    c.destroy();
    again.child.kill('SIGTERM');
    expect((await again.child).exitCode).toBe(0);
  }
}

describe('Ctrl-C (SIGINT to the process group) of a standalone emulator', () => {
  it('stops a session that is writing, flushes it, leaves nothing behind and exits 0; the next start resumes it with every byte', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp('/tmp/ssc-ctrl-c-');
    try {
      const first = await startCli(dir, { detached: true, log: true });
      const pid = first.child.pid!;
      const c = client(first.endpoint);
      const runtime = await c.resources.create();
      const writer = c.resources.open(runtime, { label: 'writer' });
      const blob = await writeBlob(writer);
      // Writing when the signal comes: whatever it wrote in the last ~200 ms is not replicated yet, only a flush saves it.
      const running = writer.run(`cd ${M}; i=0; while :; do i=$((i+1)); printf 'content %d\\n' $i > f$i; echo $i >> log; done`, { timeout: 300 }).catch((e: unknown) => e);
      await expect.poll(() => writer.run(`wc -l < ${M}/log 2>/dev/null`).then((r) => Number(r.stdout)), { timeout: 30_000 }).toBeGreaterThan(100);
      const seen = Number((await writer.run(`wc -l < ${M}/log`)).stdout);
      const uids = await sessionUids(dir);
      expect(uids).toHaveLength(1);
      const stopping = logLine(first.child, /SIGINT: stopping every session/);
      const signalledAt = performance.now();
      process.kill(-pid, 'SIGINT');
      const result = await first.child;
      const exitMs = performance.now() - signalledAt;
      await stopping;
      await running;
      c.destroy();
      expect(result.exitCode).toBe(0);
      // Stopped in order: nothing of the emulator is left on the host.
      expect(await leftovers(dir, pid, uids)).toEqual({ mounts: [], claims: [], processes: '' });
      const after = await resumeAndVerify(dir, runtime, writer.id);
      expect(after).toEqual({ sequence: 'sequence', n: after.n, bad: 0, sha: blob });
      expect(after.n).toBeGreaterThanOrEqual(seen);
      console.log(`Ctrl-C of a standalone emulator with a writing session: exited ${exitMs.toFixed(0)} ms after the signal; ${after.n} files resumed intact`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a second Ctrl-C while the stop hangs exits at once (130), detaches the mount and says the flush was skipped; the next start saves the files', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp('/tmp/ssc-ctrl-c2-');
    let frozen: string[] = [];
    try {
      const first = await startCli(dir, { detached: true, log: true });
      const pid = first.child.pid!;
      const c = client(first.endpoint);
      const runtime = await c.resources.create();
      const session = c.resources.open(runtime);
      const blob = await writeBlob(session);
      await session.check(`cd ${M} && for i in $(seq 1 50); do printf 'content %d\\n' $i > f$i; echo $i >> log; done`);
      const uids = await sessionUids(dir);
      expect(uids).toHaveLength(1);
      // A filesystem server that no longer answers makes the first stop hang in its unmount: the case where a user
      // presses Ctrl-C again.
      frozen = (await execa('pgrep', ['-u', String(uids[0]), '-f', 'sessionfs-server'])).stdout.split('\n').filter(Boolean);
      for (const p of frozen) process.kill(Number(p), 'SIGSTOP');
      const stopping = logLine(first.child, /stopping session/);
      process.kill(-pid, 'SIGINT');
      await stopping;
      const skipped = logLine(first.child, /second SIGINT: exiting now; (\d+) session mount\(s\) detached; not flushed/);
      process.kill(-pid, 'SIGINT');
      const result = await first.child;
      c.destroy();
      expect(result.exitCode).toBe(130);
      expect((await skipped)[1]).toBe('1');
      expect(await sessionMountsUnder(dir)).toEqual([]);
      for (const p of frozen.splice(0)) process.kill(Number(p), 'SIGCONT');
      // The sandbox died with the emulator; the filesystem server exits once it runs again and finds its mount gone.
      await expect.poll(() => processesOf(uids), { timeout: 15_000 }).toBe('');
      // What the stop did not flush is in the session's compute directory; the next start saves it to the store.
      expect(await resumeAndVerify(dir, runtime, session.id)).toEqual({ sequence: 'sequence', n: 50, bad: 0, sha: blob });
    } finally {
      for (const p of frozen) process.kill(Number(p), 'SIGCONT');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
