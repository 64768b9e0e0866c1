// The emulator killed with SIGKILL while a session is live: its filesystem mount is left behind, and the next start
// on the same state directory must unmount it and salvage the session's files into the store, without losing any.
import { afterAll, describe, expect, it } from 'vitest';
import { createInterface } from 'node:readline';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../../emulator/index.ts';
import { sessionMountsUnder } from '../../emulator/sessionfs/mount.ts';
import { newRunId } from '../../fixtures/run-id.ts';
import { TestResources } from '../../fixtures/resources.ts';
import { buildTarget } from '../../fixtures/target.ts';
import { startCli } from './__test-helpers__/cli-emulator.ts';

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
    // Written and never stopped: only the salvage can save these.
    await session.check(`cd ${session.mountPath} && for i in $(seq 1 20); do echo "file $i" > f$i; done && mkdir -p d && echo deep > d/e`);
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
    } finally {
      second.child.kill('SIGTERM');
      expect((await second.child).exitCode).toBe(0);
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
