// Mounts the emulator makes on the host for its sessions, and their cleanup.
//
// A session's storage is mounted on the host under the directory its sandbox shows at /mnt, and may be mounted after
// the sandbox started (the guide: the mount path is there at invocation, not while the agent initialises). For that
// mount to appear inside, the compute root is a shared mount of its own: bwrap's copy of it in the sandbox's mount
// namespace is then a slave, and so is its bind at /mnt, so a mount made later under the session's directory on the
// host propagates into that sandbox, and into no other (each /mnt bind only sees its own directory), while nothing
// mounted inside propagates out.
import { execa } from 'execa';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

/** Makes `root` a mount of its own, shared in a new peer group (so that nothing outside it propagates into it). */
export async function shareMountRoot(root: string): Promise<void> {
  await execa('mount', ['--bind', '--make-private', '--make-shared', root, root], OWN_PROCESS_GROUP);
}

/**
 * A bind mount of `source` at `target`, with nothing setuid and no devices (the sandbox sees it as it is). Its
 * creation propagates; the mount itself is private, so it joins no peer group of the shared root it was bound from.
 */
export async function bindMount(source: string, target: string): Promise<void> {
  await execa('mount', ['--bind', '-o', 'nosuid,nodev', '--make-private', source, target], OWN_PROCESS_GROUP);
}

/** Unmounts `target`, lazily if something still uses it. */
export async function unmount(target: string): Promise<void> {
  const r = await execa('umount', [target], { reject: false, ...OWN_PROCESS_GROUP });
  if (r.exitCode !== 0) await execa('umount', ['-l', target], { reject: false, ...OWN_PROCESS_GROUP });
}
