// What an emulator told to stop *now* (a second Ctrl-C) still does before it exits: detach every mount under its
// state directory (session filesystems, the storage binds of sessions, the noatime bind), synchronously, so the host keeps no mount of it. Everything else is skipped on purpose:
// no flush (each session's files stay in its compute directory, which the next start with the same state directory
// saves into the store: sessions/compute-dir.ts), no removal of a temporary state directory (the next emulator to
// start removes it: orphans.ts). Sandboxes die with the emulator (bwrap --die-with-parent); a filesystem server exits
// once its detached mount is no longer used.
import { spawnSync } from 'node:child_process';
import { FS_TYPE } from './sessionfs/mount.ts';
import { isAtOrUnder, readMountsSync } from './util/mountinfo.ts';
import { OWN_PROCESS_GROUP } from './util/own-process-group.ts';

/** Lazily unmounts every mount at or under `stateDir`, deepest first; returns how many were session filesystems. */
export function detachMountsSync(stateDir: string): number {
  const mounts = readMountsSync().filter((m) => isAtOrUnder(m.point, stateDir));
  for (const p of mounts.map((m) => m.point).sort().reverse()) spawnSync('umount', ['-l', p], { stdio: 'ignore', ...OWN_PROCESS_GROUP });
  return mounts.filter((m) => m.type === FS_TYPE).length;
}
