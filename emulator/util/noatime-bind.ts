// The state directory is bound onto itself with `noatime`, so reading a file never moves its atime: not the
// session filesystem serving a read, not the replicator copying a file, not `cp -a` restoring the store (which would
// otherwise stamp every stored file it reads, so a second resume would show atimes the session never left). With it,
// atime changes only when something sets it, and the stored tree keeps exactly what the session saw.
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { isAtOrUnder, readMounts } from './mountinfo.ts';
import { OWN_PROCESS_GROUP } from './own-process-group.ts';

/** Written inside the bind mount: a leftover mount carrying it is ours (an emulator was killed), not the user's. */
const MARKER = '.ssc-noatime-bind';

const hasMarker = (dir: string) => stat(join(dir, MARKER)).then(() => true, () => false);

/**
 * Makes `dir` a private noatime bind mount of itself, unless it already is one of ours. Returns what undoes it; a
 * directory that is already someone else's mount point is left as it is. Failing to mount is not fatal: atimes then
 * follow the host filesystem's own options (usually relatime).
 */
export async function bindNoatime(dir: string, log: (m: string) => void): Promise<() => Promise<void>> {
  const mounted = (await readMounts()).some((m) => m.point === dir);
  if (mounted && !(await hasMarker(dir))) {
    log(`${dir} is a mount point of its own: atimes follow its mount options`);
    return async () => {};
  }
  try {
    if (!mounted) {
      await execa('mount', ['--bind', dir, dir], OWN_PROCESS_GROUP);
      await execa('mount', ['--make-private', dir], OWN_PROCESS_GROUP);
    }
    await execa('mount', ['-o', 'remount,bind,noatime', dir], OWN_PROCESS_GROUP);
    await writeFile(join(dir, MARKER), '');
  } catch (e) {
    log(`could not bind ${dir} with noatime (${String(e)}): atimes follow the host filesystem's options`);
    return async () => {};
  }
  return async () => {
    await rm(join(dir, MARKER), { force: true });
    const r = await execa('umount', [dir], { reject: false, ...OWN_PROCESS_GROUP });
    if (r.exitCode !== 0) await execa('umount', ['-l', dir], { reject: false, ...OWN_PROCESS_GROUP });
  };
}

/** Lazily unmounts every mount at or below `dir`, deepest first (a killed emulator's leftovers). */
export async function unmountEverythingUnder(dir: string): Promise<void> {
  // Stacked mounts appear once each, and each umount takes the top one.
  const points = (await readMounts()).map((m) => m.point).filter((p) => isAtOrUnder(p, dir));
  for (const p of points.sort().reverse()) await execa('umount', ['-l', p], { reject: false, ...OWN_PROCESS_GROUP });
}
