// The store's side of a lazy resume, without an emulator: a tree frozen and written through an overlay, folded back
// at stop with its usage; and what a restart does with a session killed at each point (salvage, then settle).
import { execa } from 'execa';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { salvageComputeRoot } from '../../../emulator/sessions/compute-dir.ts';
import { unmount } from '../../../emulator/sessions/host-mounts.ts';
import { SessionStore } from '../../../emulator/store/session-store.ts';
import { isAtOrUnder, readMounts } from '../../../emulator/util/mountinfo.ts';

const META = { agentRuntimeId: 'rt', runtimeSessionId: 's'.repeat(40), agentRuntimeVersion: '1', lastInvokedAt: 0 };
const listing = async (root: string) => (await execa('find', ['.', '-printf', '%y %m %U %s %p\n'], { cwd: root })).stdout.split('\n').sort();
const mountsUnder = async (root: string) => (await readMounts()).filter((m) => isAtOrUnder(m.point, root));

async function storeWithTree(root: string): Promise<{ store: SessionStore; key: string; tree: string }> {
  const store = new SessionStore(join(root, 'store'));
  await store.init();
  const key = 'k'.repeat(40);
  const tree = join(root, 'store', key, 'tree');
  await mkdir(join(tree, 'd/e'), { recursive: true });
  await writeFile(join(tree, 'd/e/f'), 'stored\n');
  await writeFile(join(tree, 'gone'), 'x'.repeat(100));
  await mkdir(join(tree, 'replaced'));
  await writeFile(join(tree, 'replaced/old'), 'old');
  await symlink('d/e/f', join(tree, 'link'));
  await store.writeMeta(key, META);
  return { store, key, tree };
}

describe('a lazily resumed session in the store', () => {
  it('replicates through an overlay over the frozen tree, and folds it back into one tree with its usage', async () => {
    const root = await mkdtemp('/tmp/ssc-lazy-layers-');
    try {
      const { store, key, tree } = await storeWithTree(root);
      const { lower, replica, info } = await store.openLayered(key);
      expect(info).toBeUndefined();
      // What replication does (replica-sync.ts), by hand: a removal, a directory replaced by one of the same name
      // (opaque), a new file, a changed one.
      await rm(join(replica, 'gone'));
      await rm(join(replica, 'replaced'), { recursive: true });
      await mkdir(join(replica, 'replaced'));
      await writeFile(join(replica, 'replaced/new'), 'new!');
      await writeFile(join(replica, 'd/e/f'), 'changed, longer\n');
      const expected = await listing(replica);
      // The frozen tree did not change.
      expect(await readFile(join(lower, 'd/e/f'), 'utf8')).toBe('stored\n');
      // Usage of the tree at resume: d, d/e, d/e/f (7 bytes), gone (100), replaced, replaced/old (3), link.
      const before = { entries: 7, bytes: 110, nameBytes: 1 + 1 + 1 + 4 + 8 + 3 + 4 };
      await store.closeLayered(key, before, [['d', { uid: 1000 }]]);
      expect(await listing(tree)).toEqual(expected);
      expect((await readdir(join(root, 'store', key))).sort()).toEqual(['meta.json', 'tree', 'tree.json']);
      const saved = JSON.parse(await readFile(join(root, 'store', key, 'tree.json'), 'utf8'));
      // Now: d, d/e, d/e/f (16), replaced, replaced/new (4), link.
      expect(saved).toEqual({ usage: { entries: 6, bytes: 20, nameBytes: 1 + 1 + 1 + 8 + 3 + 4 }, attrs: [['d', { uid: 1000 }]] });
      expect(await mountsUnder(root)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('after a crash: a session killed before its cache had layers loses nothing; one killed mid-merge is merged', async () => {
    const root = await mkdtemp('/tmp/ssc-lazy-layers-');
    const computeRoot = join(root, 'compute');
    try {
      const { store, key, tree } = await storeWithTree(root);
      const stored = await listing(tree);
      // Killed right after the resume froze the tree: the compute directory has its marker and an empty cache.
      await store.openLayered(key);
      const dir = join(computeRoot, `${key}-0`);
      await mkdir(join(dir, 'cache'), { recursive: true });
      await writeFile(join(dir, 'session.json'), JSON.stringify({ key, storage: 'sessionfs', ...META }));
      const restarted = new SessionStore(join(root, 'store'));
      await restarted.init();
      await salvageComputeRoot(computeRoot, restarted, () => {});
      await unmount(computeRoot);
      await restarted.settle();
      expect(await listing(tree)).toEqual(stored);
      expect((await readdir(join(root, 'store', key))).sort()).toEqual(['meta.json', 'tree']);

      // Killed while folding the layers back (no marker any more): the next start merges again.
      const { replica } = await store.openLayered(key);
      await writeFile(join(replica, 'late'), 'flushed before the crash');
      await rm(join(replica, 'gone'));
      const expected = await listing(replica);
      const again = new SessionStore(join(root, 'store'));
      await again.init();
      expect(await mountsUnder(join(root, 'store'))).toEqual([]);
      await again.settle();
      expect(await listing(tree)).toEqual(expected);
      await expect(lstat(join(root, 'store', key, 'base'))).rejects.toThrow(/ENOENT/);
    } finally {
      for (const m of (await mountsUnder(root)).reverse()) await unmount(m.point);
      await rm(root, { recursive: true, force: true });
    }
  });
});
