// The emulator's mounts on the host: what is under a directory (to clean up after a crash, deepest first), and the
// cleanup itself.
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindMount, mountPointsUnder, shareMountRoot, unmountAllUnder } from '../../../emulator/sessions/host-mounts.ts';

const line = (id: number, mountpoint: string, type = 'ext4') => `${id} 27 254:0 / ${mountpoint} rw,relatime shared:1 - ${type} /dev/vda rw`;

describe('mountPointsUnder', () => {
  it('lists the mounts at or under a root, any type, deepest first and the later of stacked ones first, escapes decoded', () => {
    const info = [
      line(40, '/state/compute'),
      line(41, '/state/compute/k-1/mnt/workspace', 'fuse.sessionfs'),
      line(42, '/state/compute-other'),
      line(43, '/state/compute/k\\0402/mnt/my\\134data'),
      line(44, '/state/compute'),
      line(45, '/elsewhere'),
      '',
    ].join('\n');
    expect(mountPointsUnder(info, '/state/compute')).toEqual([
      '/state/compute/k 2/mnt/my\\data',
      '/state/compute/k-1/mnt/workspace',
      '/state/compute',
      '/state/compute',
    ]);
  });
});

describe('unmountAllUnder', () => {
  it('removes every mount under a directory, a shared root with binds under it included', async () => {
    const root = await mkdtemp('/tmp/ssc-host-mounts-');
    try {
      await mkdir(join(root, 'a/b'), { recursive: true });
      await shareMountRoot(root);
      await bindMount(join(root, 'a'), join(root, 'a/b'));
      await execa('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'none', join(root, 'a/b')]);
      const mine = async () => mountPointsUnder(await readFile('/proc/self/mountinfo', 'utf8'), root);
      expect(await mine()).toEqual([join(root, 'a/b'), join(root, 'a/b'), root]);
      await unmountAllUnder(root);
      expect(await mine()).toEqual([]);
    } finally {
      await unmountAllUnder(root);
      await rm(root, { recursive: true, force: true });
    }
  });
});
