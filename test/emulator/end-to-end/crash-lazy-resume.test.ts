// SIGKILL of the emulator while a session runs on a lazy resume: its cache is an overlay over the stored tree, and
// most stored files were never copied up into it. After a restart on the same state directory nothing that had been
// stored is lost, what the session changed since the resume is salvaged, the store is one plain tree again (no
// layers, no mount), and the session resumes with it.
import { execa } from 'execa';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionKey } from '../../../emulator/store/session-store.ts';
import { isAtOrUnder, readMounts } from '../../../emulator/util/mountinfo.ts';
import { buildManifestScript, comparableManifest, parseManifestOutput, type ManifestEntry } from '../../../fixtures/manifest.ts';
import { TestResources } from '../../../fixtures/resources.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import { buildTarget, type Target } from '../../../fixtures/target.ts';
import { startCli } from '../__test-helpers__/cli-emulator.ts';

const targetAt = (endpoint: string): Target => buildTarget({ target: { kind: 'emulator', endpoint, region: 'us-east-1' }, runId: newRunId() });
const mtimes = (m: readonly ManifestEntry[]) => m.map((e) => `${e.path} ${e.mtime}`);
const overlaysUnder = async (dir: string) => (await readMounts()).filter((m) => m.type === 'overlay' && isAtOrUnder(m.point, dir));

describe('SIGKILL of the emulator during a lazy resume', () => {
  it('loses nothing that had been stored, salvages what changed since, and leaves one plain tree', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp('/tmp/ssc-crash-lazy-');
    try {
      const first = await startCli(dir);
      const target = targetAt(first.endpoint);
      const resources = new TestResources(target);
      const runtime = await resources.create();
      const session = resources.open(runtime);
      const m = session.mountPath;
      // Stored attributes of every kind the lazy resume must keep: another owner, mode 000, a time to the nanosecond.
      await session.check(
        `cd ${m} && for d in a b c; do mkdir -p $d/sub; for i in $(seq 1 60); do head -c $((i * 37)) /dev/urandom > $d/sub/f$i; done; done && ` +
          'echo keep > keep && ln -s a/sub/f1 link && chown 1000:1001 keep && chmod 000 a/sub/f2 && touch -d @1700000000.123456789 b/sub/f3 && ' +
          'mkdir sealed && echo inside > sealed/x && chmod 000 sealed',
      );
      await session.stop();

      // The resume: change a few entries, leave the rest as stored.
      await session.check(`cd ${m} && echo appended >> a/sub/f5 && rm b/sub/f6 && mv c renamed && echo new > new && chmod 640 a/sub/f7`);
      const expected = await session.manifest();
      const key = sessionKey(runtime.id, session.id);
      // It is lazy: the stored tree is read through an overlay, and an entry the session did not change is not copied.
      expect((await overlaysUnder(join(dir, 'compute'))).length).toBeGreaterThan(0);
      const [computeDir] = (await readdir(join(dir, 'compute'))).filter((n) => n.startsWith(key));
      const upper = join(dir, 'compute', computeDir!, 'layers', 'upper');
      await expect(lstat(join(upper, 'a/sub/f5'))).resolves.toBeTruthy();
      await expect(lstat(join(upper, 'a/sub/f9'))).rejects.toThrow(/ENOENT/);
      await expect(lstat(join(upper, 'b/sub/f10'))).rejects.toThrow(/ENOENT/);

      first.child.kill('SIGKILL');
      await first.child;
      target.destroy();

      const second = await startCli(dir);
      try {
        expect(await overlaysUnder(dir)).toEqual([]);
        const store = join(dir, 'store', key);
        expect((await readdir(store)).sort()).toEqual(['meta.json', 'tree']);
        const tree = join(store, 'tree');
        const { stdout } = await execa('bash', ['-c', buildManifestScript(tree)], { stripFinalNewline: false });
        const stored = parseManifestOutput(stdout);
        expect(comparableManifest(stored)).toEqual(comparableManifest(expected));
        expect(mtimes(stored)).toEqual(mtimes(expected));
        const owners = await execa('stat', ['-c', '%n %u %g %a', 'keep', 'a/sub/f2', 'sealed', 'a/sub/f7'], { cwd: tree });
        expect(owners.stdout).toBe('keep 1000 1001 644\na/sub/f2 0 0 0\nsealed 0 0 0\na/sub/f7 0 0 640');

        // Resumed through the API (lazily again), the session sees the same tree and can keep changing it.
        const again = targetAt(second.endpoint);
        try {
          const resumed = new TestResources(again).open(runtime, { id: session.id });
          expect(comparableManifest(await resumed.manifest())).toEqual(comparableManifest(expected));
          expect(await resumed.check(`cd ${m} && stat -c '%u %g' keep && cat sealed/x renamed/sub/f1 | wc -c && rm -r renamed && ls`)).toBe(
            '1000 1001\n44\na\nb\nkeep\nlink\nnew\nsealed\n',
          );
          await resumed.stop();
          expect(await resumed.check(`ls ${m}`)).toBe('a\nb\nkeep\nlink\nnew\nsealed\n');
          await resumed.stop();
        } finally {
          again.destroy();
        }
        expect((await readdir(join(dir, 'store', key))).sort()).toEqual(['meta.json', 'tree', 'tree.json']);
      } finally {
        second.child.kill('SIGTERM');
        expect((await second.child).exitCode).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
