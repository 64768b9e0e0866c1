// SIGKILL of the emulator while a command is writing continuously. After a restart on the same state directory: the
// store holds exactly the data of a session stopped before the crash, and the writing session's files salvaged in a
// consistent state (an append-only log without gaps, a file replaced by rename whole, never torn); no mount is left,
// and no process of the killed emulator's sessions (any id of their ranges) is still running.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionMountsUnder } from '../../../emulator/sessionfs/mount.ts';
import { buildManifestScript, comparableManifest, parseManifestOutput } from '../../../fixtures/manifest.ts';
import { sessionKey } from '../../../emulator/store/session-store.ts';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import { buildTarget, type Target } from '../../../fixtures/target.ts';
import { startCli } from '../__test-helpers__/cli-emulator.ts';
import { processesOf, sessionUids } from '../__test-helpers__/leftovers.ts';

const targetAt = (endpoint: string): Target => buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });

describe('SIGKILL of the emulator mid-write', () => {
  it('keeps stopped data exact, salvages the writer consistently, and leaves no mount or process behind', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp('/tmp/ssc-crash-write-');
    try {
      const first = await startCli(dir);
      const target = targetAt(first.endpoint);
      const resources = new TestResources(target);
      const runtime = await resources.create();
      const stopped = resources.open(runtime, { label: 'stopped' });
      await stopped.check('cd /mnt/workspace && for i in $(seq 1 40); do head -c $((i * 997)) /dev/urandom > f$i; done && mkdir -p d/e && echo deep > d/e/x && ln -s d/e/x link');
      const before = comparableManifest(await stopped.manifest());
      await stopped.stop();

      const writer = resources.open(runtime, { label: 'writer' });
      const script = 'cd /mnt/workspace; i=0; while :; do echo $i >> log; head -c 65536 /dev/urandom > blob.tmp && mv blob.tmp blob; i=$((i+1)); done';
      const running = writer.run(script, { timeout: 300 }).catch((e: unknown) => e);
      await expect.poll(() => writer.run('wc -l < /mnt/workspace/log 2>/dev/null').then((r) => Number(r.stdout)), { timeout: 20_000 }).toBeGreaterThan(50);
      const uids = await sessionUids(dir);
      expect(uids).toHaveLength(1);
      first.child.kill('SIGKILL');
      await first.child;
      await running;
      target.destroy();

      const restartedAt = performance.now();
      const second = await startCli(dir);
      const restartMs = performance.now() - restartedAt;
      try {
        expect(await sessionMountsUnder(dir)).toEqual([]);
        // The sandboxes died with the emulator; the filesystem servers exit once the restart unmounts them.
        await expect.poll(() => processesOf(uids), { timeout: 15_000 }).toBe('');
        // Read the store directly, as the next resume would (crash-recovery.test.ts resumes through the API).
        const tree = (session: string): string => join(dir, 'store', sessionKey(runtime.id, session), 'tree');
        const hostManifest = async (root: string) => parseManifestOutput((await execa('bash', ['-c', buildManifestScript(root)], { stripFinalNewline: false })).stdout);
        expect(comparableManifest(await hostManifest(tree(stopped.id)))).toEqual(before);
        const { stdout } = await execa('bash', ['-c', "awk 'NR - 1 != $1 { bad = 1 } END { print (bad ? \"gap\" : \"sequence\"), (NR > 50) }' log && stat -c %s blob"], { cwd: tree(writer.id) });
        expect(stdout).toBe('sequence 1\n65536');
        const lines = (await readFile(join(tree(writer.id), 'log'), 'utf8')).split('\n').length - 1;
        console.log(`emulator SIGKILLed mid-write: restart with unmount and salvage took ${restartMs.toFixed(0)} ms; ${lines} log lines salvaged`);
      } finally {
        second.child.kill('SIGTERM');
        expect((await second.child).exitCode).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
