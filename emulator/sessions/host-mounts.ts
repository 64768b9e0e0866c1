// Mounts the emulator makes on the host for its sessions, and their cleanup.
//
// A session's storage is mounted on the host under the directory its sandbox shows at /mnt, and may be mounted after
// the sandbox started (the guide: the mount path is there at invocation, not while the agent initialises). For that
// mount to appear inside, the compute root is a shared mount of its own: bwrap's copy of it in the sandbox's mount
// namespace is then a slave, and so is its bind at /mnt, so a mount made later under the session's directory on the
// host propagates into that sandbox, and into no other (each /mnt bind only sees its own directory), while nothing
// mounted inside propagates out.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';

/** Makes `root` a mount of its own, shared in a new peer group (so that nothing outside it propagates into it). */
export async function shareMountRoot(root: string): Promise<void> {
  await execa('mount', ['--bind', '--make-private', '--make-shared', root, root]);
}

/**
 * A bind mount of `source` at `target`, with nothing setuid and no devices (the sandbox sees it as it is). Its
 * creation propagates; the mount itself is private, so it joins no peer group of the shared root it was bound from.
 */
export async function bindMount(source: string, target: string): Promise<void> {
  await execa('mount', ['--bind', '-o', 'nosuid,nodev', '--make-private', source, target]);
}

/** Unmounts `target`, lazily if something still uses it. */
export async function unmount(target: string): Promise<void> {
  const r = await execa('umount', [target], { reject: false });
  if (r.exitCode !== 0) await execa('umount', ['-l', target], { reject: false });
}

/** mountinfo escapes space, tab, newline and backslash as three octal digits. */
const unescape = (field: string): string => field.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** Mount points at or under `root` in a mountinfo text, deepest first; pure, for testing. */
export function mountPointsUnder(mountinfo: string, root: string): string[] {
  const out: string[] = [];
  for (const line of mountinfo.split('\n')) {
    const field = line.split(' ')[4];
    if (field === undefined) continue;
    const mountpoint = unescape(field);
    if (mountpoint === root || mountpoint.startsWith(`${root}/`)) out.push(mountpoint);
  }
  // Deeper first, and of two mounts stacked on one point, the later (listed after) first.
  return out.map((m, i) => ({ m, i })).sort((a, b) => b.m.split('/').length - a.m.split('/').length || b.i - a.i).map(({ m }) => m);
}

/** Lazily unmounts everything at or under `root`: what a crashed emulator left (storage mounts, the shared root). */
export async function unmountAllUnder(root: string): Promise<void> {
  for (const m of mountPointsUnder(await readFile('/proc/self/mountinfo', 'utf8'), root)) await execa('umount', ['-l', m], { reject: false });
}
