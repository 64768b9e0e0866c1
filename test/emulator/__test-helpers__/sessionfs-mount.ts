// One session filesystem mounted on its own, without an emulator: a real server process on /dev/fuse, serving a
// backing directory owned by a uid claimed from the host-wide pool, so tests can act on the mount as host root or
// as any uid of the session's range (setpriv), and see the dirty records the replicator would get.
import { chown, chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { bundleServer } from '../../../emulator/sessionfs/bundle.ts';
import { SessionFsMount } from '../../../emulator/sessionfs/mount.ts';
import type { SessionFsPolicy } from '../../../emulator/sessionfs/policy.ts';
import { spawnServer } from '../../../emulator/sessionfs/server-pool.ts';
import type { DirtyRecord, UsageCounts } from '../../../emulator/sessionfs/server.ts';
import type { AttrsJson } from '../../../emulator/sessionfs/attrs.ts';
import { idRange } from '../../../emulator/sandbox/id-range.ts';
import { IdRangePool } from '../../../emulator/sessions/uid-pool.ts';

export interface MountedFs {
  /** The session's host uid (its root); inside id i is host id uid + i. */
  readonly uid: number;
  readonly root: string;
  readonly backing: string;
  readonly mountpoint: string;
  readonly journal: string;
  readonly records: DirtyRecord[];
  /** Runs a command as host uid `uid` (and gid), with no supplementary groups. */
  as(uid: number, command: string): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  unmount(): Promise<void>;
  /** Unmounts, removes everything and gives the uid back. */
  close(): Promise<void>;
}

const ranges = new IdRangePool();

/** The base of a range of the host-wide pool (so no live session elsewhere has any of its ids), for a restored mount. */
export const claimUid = (): number => ranges.allocate().base;
export const releaseUid = (uid: number): void => ranges.release(idRange(uid));

export interface MountOptions {
  policy: SessionFsPolicy;
  /** An existing backing directory, already handed over to `uid` (claimed by the caller), and what it holds. */
  restored?: { backing: string; uid: number; usage: UsageCounts; attrs: Array<[string, AttrsJson]> };
}

export async function mountSessionFs(o: MountOptions): Promise<MountedFs> {
  const root = await mkdtemp('/tmp/ssc-sessionfs-');
  // The session's uids must reach the mount point: the directory is traversable, not listable.
  await chmod(root, 0o711);
  const script = bundleServer(root);
  const uid = o.restored?.uid ?? claimUid();
  const backing = o.restored?.backing ?? join(root, 'cache');
  const mountpoint = join(root, 'mnt');
  const journalDir = join(root, 'compute');
  if (!o.restored) {
    await mkdir(backing, { mode: 0o755 });
    await chown(backing, uid, uid);
  }
  await mkdir(mountpoint);
  await mkdir(journalDir, { mode: 0o700 });
  await chown(journalDir, uid, uid);
  const records: DirtyRecord[] = [];
  const mount = await SessionFsMount.start({
    servers: { take: () => spawnServer(script) },
    backing,
    mountpoint,
    uid,
    gid: uid,
    policy: o.policy,
    usage: o.restored?.usage ?? { bytes: 0, entries: 0, metadataBytes: 0 },
    attrs: o.restored?.attrs ?? [],
    journal: join(journalDir, 'attrs.journal'),
    onDirty: (r) => records.push(...r),
    log: (m) => process.env.SSC_DEBUG && console.error(m),
  });
  let mounted = true;
  const unmount = async () => {
    if (mounted) await mount.unmount();
    mounted = false;
  };
  return {
    uid,
    root,
    backing,
    mountpoint,
    journal: join(journalDir, 'attrs.journal'),
    records,
    async as(id, command) {
      const r = await execa('setpriv', [`--reuid=${id}`, `--regid=${id}`, '--clear-groups', '--', 'bash', '-c', command], { reject: false, cwd: '/', stripFinalNewline: false });
      return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    unmount,
    async close() {
      await unmount();
      await rm(root, { recursive: true, force: true });
      if (!o.restored) releaseUid(uid);
    },
  };
}
