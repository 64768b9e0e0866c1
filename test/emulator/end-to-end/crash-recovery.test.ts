// The emulator killed with SIGKILL while a session is live: its filesystem mount is left behind, and the next start
// on the same state directory must unmount it and salvage the session's files into the store, without losing any.
import { afterAll, describe, expect, it } from 'vitest';
import { createInterface } from 'node:readline';
import { lstat, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../../../emulator/index.ts';
import { sessionMountsUnder } from '../../../emulator/sessionfs/mount.ts';
import { newRunId } from '../../../fixtures/run-id.ts';
import { TestResources } from '../../../fixtures/resources.ts';
import { buildTarget } from '../../../fixtures/target.ts';
import { startCli } from '../__test-helpers__/cli-emulator.ts';

describe('SIGKILL of the emulator', () => {
  const stateDir = mkdtemp('/tmp/ssc-crash-');
  afterAll(async () => rm(await stateDir, { recursive: true, force: true }));

  it('leaves a mount the next start removes, and the live session files end up in the store', async () => {
    const dir = await stateDir;
    const first = await startCli(dir);
    const target = buildTarget({ target: { kind: 'emulator', endpoint: first.endpoint, region: 'us-east-1' }, runId: newRunId() });
    const resources = new TestResources(target);
    const runtime = await resources.create();
    const session = resources.open(runtime);
    // Written and never stopped: only the salvage can save these, with what the session filesystem stored beside the
    // cache's inodes (a time to the nanosecond, a mode without the owner's access).
    await session.check(
      `cd ${session.mountPath} && for i in $(seq 1 20); do echo "file $i" > f$i; done && mkdir -p d && echo deep > d/e && ` +
        'touch -d @1700000000.123456789 f1 && chmod 000 f2 && mkdir d/sealed && chmod 000 d/sealed && touch -d @1600000000.5 d/sealed',
    );
    first.child.kill('SIGKILL');
    await first.child;
    target.destroy();
    expect(await sessionMountsUnder(dir)).toHaveLength(1);

    const second = await startCli(dir);
    try {
      expect(await sessionMountsUnder(dir)).toEqual([]);
      const store = join(dir, 'store');
      const [key] = await readdir(store);
      const meta = JSON.parse(await readFile(join(store, key!, 'meta.json'), 'utf8'));
      expect(meta).toMatchObject({ agentRuntimeId: runtime.id, runtimeSessionId: session.id });
      const tree = join(store, key!, 'tree');
      expect((await readdir(tree)).sort()).toEqual([...Array.from({ length: 20 }, (_, i) => `f${i + 1}`), 'd'].sort());
      expect(await readFile(join(tree, 'f20'), 'utf8')).toBe('file 20\n');
      expect(await readFile(join(tree, 'd/e'), 'utf8')).toBe('deep\n');
      const f1 = await lstat(join(tree, 'f1'), { bigint: true });
      expect([f1.atimeNs, f1.mtimeNs, f1.uid].map(String)).toEqual(['1700000000123456789', '1700000000123456789', '0']);
      expect((await lstat(join(tree, 'f2'))).mode & 0o7777).toBe(0);
      const sealed = await lstat(join(tree, 'd/sealed'), { bigint: true });
      expect([sealed.mode & 0o7777n, sealed.mtimeNs].map(String)).toEqual(['0', '1600000000500000000']);
      // The runtime outlived the emulator too: the same session resumes through the API, with its files.
      const again = buildTarget({ target: { kind: 'emulator', endpoint: second.endpoint, region: 'us-east-1' }, runId: newRunId() });
      try {
        const resumed = new TestResources(again).open(runtime, { id: session.id });
        expect(await resumed.check(`cat ${session.mountPath}/f20 ${session.mountPath}/d/e`)).toBe('file 20\ndeep\n');
        await resumed.stop();
      } finally {
        again.destroy();
      }
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.child).exitCode).toBe(0);
    }
  });
});

describe('restart of the emulator on the same state directory', () => {
  it('keeps runtimes, their versions and the stopped sessions, which resume through the API', async () => {
    const dir = await mkdtemp('/tmp/ssc-restart-');
    try {
      const first = await startCli(dir);
      const target = buildTarget({ target: { kind: 'emulator', endpoint: first.endpoint, region: 'us-east-1' }, runId: newRunId() });
      const runtime = await new TestResources(target).create();
      const session = new TestResources(target).open(runtime);
      await session.check(`echo kept > ${session.mountPath}/note`);
      await session.stop();
      first.child.kill('SIGTERM');
      expect((await first.child).exitCode).toBe(0);
      target.destroy();

      const second = await startCli(dir);
      const again = buildTarget({ target: { kind: 'emulator', endpoint: second.endpoint, region: 'us-east-1' }, runId: newRunId() });
      try {
        const resources = new TestResources(again);
        const resumed = resources.open(runtime, { id: session.id });
        expect(await resumed.check(`cat ${session.mountPath}/note`)).toBe('kept\n');
        await resumed.stop();
        // A version update after the restart still wipes what the old version stored.
        await resources.update(runtime, { description: 'version update' });
        expect(await resumed.check(`ls -A ${session.mountPath} | wc -l`)).toBe('0\n');
        await resources.cleanup();
      } finally {
        again.destroy();
        second.child.kill('SIGTERM');
        expect((await second.child).exitCode).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('SIGKILL of an emulator with a temporary state directory', () => {
  it('the next emulator to start unmounts and removes what it left', async () => {
    const first = await startCli(undefined);
    const stateDir = await new Promise<string>((resolve) =>
      createInterface({ input: first.child.stderr! }).on('line', (l) => {
        const m = /\(state: (\S+)\)/.exec(l);
        if (m) resolve(m[1]!);
      }),
    );
    const target = buildTarget({ target: { kind: 'emulator', endpoint: first.endpoint, region: 'us-east-1' }, runId: newRunId() });
    const resources = new TestResources(target);
    const session = resources.open(await resources.create());
    await session.check('echo x > /mnt/workspace/x');
    first.child.kill('SIGKILL');
    await first.child;
    target.destroy();
    expect(await sessionMountsUnder(stateDir)).toHaveLength(1);
    const next = await startEmulator();
    try {
      expect(await sessionMountsUnder(stateDir)).toEqual([]);
      await expect(stat(stateDir)).rejects.toThrow(/ENOENT/);
    } finally {
      await next.close();
    }
  });
});
