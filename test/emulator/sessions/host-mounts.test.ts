// The emulator's mounts on the host for its sessions: the compute root shared in a peer group of its own (so that a
// storage mounted under a session's /mnt directory propagates into that sandbox: proven end to end in
// test/emulator/agent/mount-at-invocation.test.ts), bind mounts private and without setuid or devices, and all of it
// gone after a cleanup.
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindMount, shareMountRoot, unmount } from '../../../emulator/sessions/host-mounts.ts';
import { isAtOrUnder } from '../../../emulator/util/mountinfo.ts';
import { unmountEverythingUnder } from '../../../emulator/util/noatime-bind.ts';

interface Mount {
  point: string;
  options: string[];
  /** Optional fields: `shared:N`, `master:N`. */
  propagation: string[];
}

async function mountsUnder(root: string): Promise<Mount[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info
    .split('\n')
    .map((line) => line.split(' - ')[0]!.split(' '))
    .filter((f) => f.length >= 6 && isAtOrUnder(f[4]!, root))
    .map((f) => ({ point: f[4]!, options: f[5]!.split(','), propagation: f.slice(6) }));
}

describe('host mounts', () => {
  it('share the root in a peer group of its own, bind privately with nosuid,nodev, and clean up to nothing', async () => {
    const root = await mkdtemp('/tmp/ssc-host-mounts-');
    try {
      await mkdir(join(root, 'a/b'), { recursive: true });
      await mkdir(join(root, 'c'));
      await shareMountRoot(root);
      await bindMount(join(root, 'c'), join(root, 'a/b'));
      const [shared, bound] = await mountsUnder(root);
      expect(shared).toMatchObject({ point: root, propagation: [expect.stringMatching(/^shared:\d+$/)] });
      expect(bound).toMatchObject({ point: join(root, 'a/b'), propagation: [] });
      expect(bound!.options).toEqual(expect.arrayContaining(['nosuid', 'nodev']));
      // The group is new: no other mount of this namespace is a peer of the root.
      const group = shared!.propagation[0];
      const peers = (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').filter((l) => l.split(' - ')[0]!.split(' ').slice(6).includes(group!));
      expect(peers).toHaveLength(1);
      await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'none', join(root, 'a/b')]);
      await unmount(join(root, 'a/b'));
      expect((await mountsUnder(root)).map((m) => m.point)).toEqual([root, join(root, 'a/b')]);
      await unmountEverythingUnder(root);
      expect(await mountsUnder(root)).toEqual([]);
    } finally {
      await unmountEverythingUnder(root);
      await rm(root, { recursive: true, force: true });
    }
  });
});
