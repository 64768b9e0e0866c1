// The mounts of a lazy resume (store/overlay.ts, sessions/lazy-cache.ts), made by one helper process per emulator
// (mounts.py) through system calls: a resume and a stop would otherwise start five mount(8)/umount(8) processes.
// It also makes what mount(8) cannot: a read-only, id-mapped view of a stored tree, whose inodes carry the session's
// inside ids (0 is the session's root) and, seen through it, host ids `base + i`, the ids of the session's range.
import { fileURLToPath } from 'node:url';
import { PythonHelper } from '../util/python-helper.ts';

const helper = new PythonHelper(fileURLToPath(new URL('./mounts.py', import.meta.url)), 'mounts');

export class MountError extends Error {
  override readonly name = 'MountError';
}

const hex = (p: string) => Buffer.from(p).toString('hex');

async function ask(request: string, what: string): Promise<void> {
  const answer = (await helper.ask(`${request}\n`)).trim();
  if (answer) throw new MountError(`${what} failed: ${answer}`);
}

/** Mounts `source` at `target` (an existing directory), read-only, nosuid, nodev, noatime, ids shifted by `base`. */
export const mountIdmapped = (source: string, target: string, base: number): Promise<void> =>
  ask(`idmap ${base} ${hex(source)} ${hex(target)}`, `id-mapped mount of ${source} at ${target}`);

/** MS_* flags of mount(2). */
export const MS = { RDONLY: 0x1, NOSUID: 0x2, NODEV: 0x4, NOATIME: 0x400 } as const;

export const mountOverlayFs = (target: string, flags: number, data: string): Promise<void> =>
  ask(`overlay ${flags} ${hex(target)} ${hex(data)}`, `overlay mount at ${target} (${data})`);

/** Unmounts `target`, detaching it if it is busy. */
export const unmountFs = (target: string): Promise<void> => ask(`umount ${hex(target)}`, `unmount of ${target}`);
