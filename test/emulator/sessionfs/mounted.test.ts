// The session filesystem mounted on its own, acted on as host root and as other uids of the session's range:
// chown to any id of the range is stored (as an inside id), replicated, and shown again after a resume on another
// host range; the `permissions` setting decides whether modes are checked; `df -i` reports the metadata budget.
import { chmod, lstat, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../../emulator/sessionfs/attr-journal.ts';
import { DEFAULT_POLICY, type SessionFsPolicy } from '../../../emulator/sessionfs/policy.ts';
import { Replicator } from '../../../emulator/store/replicator.ts';
import { handOverRestored } from '../../../emulator/store/restored-tree.ts';
import { claimUid, mountSessionFs, releaseUid, type MountedFs } from '../__test-helpers__/sessionfs-mount.ts';

const policy = (permissions: SessionFsPolicy['permissions']): SessionFsPolicy => ({ ...DEFAULT_POLICY, permissions });
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
async function mounted(o: Parameters<typeof mountSessionFs>[0]): Promise<MountedFs> {
  const fs = await mountSessionFs(o);
  cleanup.push(() => fs.close());
  return fs;
}
const sh = async (fs: MountedFs, uid: number, command: string): Promise<string> => {
  const r = await fs.as(uid, `cd ${fs.mountpoint} && ${command}`);
  if (r.exitCode !== 0) throw new Error(`as ${uid}: ${command}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
};

describe('chown to any id of the session range', () => {
  it('is stored as an inside id, shown as the host id, replicated, and shown on another host range after a resume', async () => {
    const fs = await mounted({ policy: policy('enforced') });
    const U = fs.uid;
    await sh(fs, 0, `echo data > f && chown ${U + 1000}:${U + 2000} f && mkdir d && chown ${U + 65535}:${U} d && ln -s f l && chown -h ${U + 7}:${U + 7} l`);
    await sh(fs, 0, `mkdir pub && chmod 1777 pub && touch -d @1700000000.123456789 f`);
    // A user of the session creates a file: it is theirs.
    await sh(fs, U + 1000, 'echo mine > pub/mine');
    const shown = `stat -c '%n %u %g' f d l pub/mine`;
    const expected = (base: number) => `f ${base + 1000} ${base + 2000}\nd ${base + 65535} ${base}\nl ${base + 7} ${base + 7}\npub/mine ${base + 1000} ${base + 1000}\n`;
    expect(await sh(fs, 0, shown)).toBe(expected(U));
    // Ids the session's range does not map cannot be stored: EINVAL, as chown(2) says for an unmapped id.
    for (const id of [5, U + 65536]) {
      const r = await fs.as(0, `chown ${id} ${fs.mountpoint}/f`);
      expect(r.exitCode, `chown ${id}`).not.toBe(0);
      expect(r.stderr).toContain('Invalid argument');
    }
    expect(await sh(fs, 0, 'stat -c %u f')).toBe(`${U + 1000}\n`);
    expect(readJournal(fs.journal).get('f')).toMatchObject({ uid: 1000, gid: 2000, mtimeNs: 1700000000123456789n });
    await fs.unmount();

    // Stop: the replicator gives the store's copies the owners as inside ids, and the exact times.
    const store = await mkdtemp('/tmp/ssc-sessionfs-store-');
    cleanup.push(() => rm(store, { recursive: true, force: true }));
    await chmod(store, 0o711); // the resumed cache below is served by the new uid
    const [replica, tmp] = [join(store, 'tree'), join(store, 'tmp')];
    await Promise.all([mkdir(replica), mkdir(tmp)]);
    const r = new Replicator(fs.backing, replica, tmp, () => {}, 10_000);
    r.mark(fs.records);
    await r.flush();
    const owners = async (p: string) => {
      const st = await lstat(join(replica, p), { bigint: true });
      return [Number(st.uid), Number(st.gid)];
    };
    expect(await owners('f')).toEqual([1000, 2000]);
    expect(await owners('d')).toEqual([65535, 0]);
    expect(await owners('l')).toEqual([7, 7]);
    expect(await owners('pub/mine')).toEqual([1000, 1000]);
    expect((await lstat(join(replica, 'f'), { bigint: true })).mtimeNs).toBe(1700000000123456789n);

    // Resume on another host range: the same inside owners, shown with the new base.
    const U2 = claimUid();
    cleanup.push(async () => releaseUid(U2));
    const cache2 = join(store, 'cache2');
    await execa('cp', ['-a', '--', replica, cache2]);
    const restored = await handOverRestored(cache2, U2, U2, DEFAULT_POLICY);
    const again = await mounted({ policy: policy('enforced'), restored: { backing: cache2, uid: U2, usage: restored.usage, attrs: restored.attrs } });
    expect(await sh(again, 0, shown)).toBe(expected(U2));
    expect(await sh(again, 0, `stat -c %.9Y f`)).toBe('1700000000.123456789\n');
    // Nothing is lost by handing the cache over: its inodes all belong to the new uid now.
    expect((await lstat(join(cache2, 'f'))).uid).toBe(U2);
  });
});

describe.each(['enforced', 'not-enforced'] as const)('permissions %s', (permissions) => {
  it(`modes are stored and shown; access checks by mode ${permissions === 'enforced' ? 'apply' : 'never fail'}, for any user of the session`, async () => {
    const fs = await mounted({ policy: policy(permissions) });
    const U = fs.uid;
    await sh(fs, 0, 'echo secret > locked && chmod 000 locked && mkdir ro && chmod 555 ro && mkdir shut && echo in > shut/x && chmod 000 shut');
    expect(await sh(fs, 0, 'stat -c %a locked ro shut')).toBe('0\n555\n0\n');
    const enforced = permissions === 'enforced';
    for (const user of [U, U + 1000]) {
      const read = await fs.as(user, `cat ${fs.mountpoint}/locked`);
      expect(read.exitCode === 0, `uid ${user} reads a file of mode 000`).toBe(!enforced);
      if (!enforced) expect(read.stdout).toBe('secret\n');
      else expect(read.stderr).toContain('Permission denied');
      expect((await fs.as(user, `touch ${fs.mountpoint}/ro/by-${user}`)).exitCode === 0, `uid ${user} writes in a directory of mode 555`).toBe(!enforced);
      expect((await fs.as(user, `cat ${fs.mountpoint}/shut/x && ls ${fs.mountpoint}/shut`)).exitCode === 0, `uid ${user} enters a directory of mode 000`).toBe(!enforced);
      // access(2) asks the filesystem when the kernel does not check.
      expect((await fs.as(user, `test -r ${fs.mountpoint}/locked && test -w ${fs.mountpoint}/locked`)).exitCode === 0).toBe(!enforced);
    }
    // Whatever was allowed changed no mode.
    expect(await sh(fs, 0, 'stat -c %a locked ro shut')).toBe('0\n555\n0\n');
  });
});

describe('the metadata budget', () => {
  it('df -i shows the entries in use and how many more short-named ones fit', async () => {
    const fs = await mounted({ policy: policy('not-enforced') });
    const inodes = async () => (await sh(fs, 0, `df --output=itotal,iused,iavail . | tail -1`)).trim().split(/\s+/).map(Number);
    expect(await inodes()).toEqual([200_000, 0, 200_000]);
    await sh(fs, 0, 'touch a bb ccc');
    // 3 × 256 + 6 bytes used: room for 199,997 more entries of 262 bytes.
    expect(await inodes()).toEqual([200_000, 3, 199_997]);
  });
});
