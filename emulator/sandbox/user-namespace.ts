// The session's user namespace, set up from outside while bwrap waits on its block fd: the whole id range mapped in
// (inside i = host base + i), and nested user namespaces made impossible.
//
// bwrap started as the range's base id could map only that one id, and it refuses --disable-userns together with
// --userns-block-fd. Its --disable-userns sets `user.max_user_namespaces` of a namespace above the sandbox's; here the
// emulator sets it to 0 in the session's own namespace instead. The kernel checks that limit for every namespace a
// process of the session would create, and only CAP_SYS_RESOURCE in the session's namespace could raise it again,
// which the session does not have (and /proc/sys is read-only inside).
import { writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { idMapLine, type IdRange } from './id-range.ts';

/** `{"child-pid": N, ...}` from bwrap's info fd; pure, for testing. */
export function parseChildPid(info: string): number | undefined {
  try {
    const pid = (JSON.parse(info) as { 'child-pid'?: unknown })['child-pid'];
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits for bwrap's info (it writes it right after creating the namespaces, then closes the fd). */
function readChildPid(info: NodeJS.ReadableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    info.on('data', (d: Buffer) => (text += d.toString('utf8')));
    info.once('end', () => {
      const pid = parseChildPid(text);
      if (pid === undefined) reject(new Error(`bwrap reported no child pid: ${JSON.stringify(text.slice(0, 200))}`));
      else resolve(pid);
    });
  });
}

/** user.max_user_namespaces is per user namespace: written from inside the session's, by a process that is not its. */
async function forbidNestedUserNamespaces(pid: number): Promise<void> {
  await execa('nsenter', [`--user=/proc/${pid}/ns/user`, '--', '/bin/sh', '-c', 'echo 0 > /proc/sys/user/max_user_namespaces'], { env: {}, extendEnv: false });
}

/**
 * Sets up the user namespace of the sandbox whose bwrap reports on `info` and waits on `block`, then lets it go on.
 * Returns the host pid of the sandbox's pid-namespace init. Throws if the sandbox is gone or anything fails: the
 * caller must then kill it (it never runs with a half-made namespace: without the byte on `block` it does not start).
 */
export async function openUserNamespace(o: { info: NodeJS.ReadableStream; block: NodeJS.WritableStream; range: IdRange }): Promise<number> {
  const pid = await readChildPid(o.info);
  const map = idMapLine(o.range);
  writeFileSync(`/proc/${pid}/uid_map`, map);
  writeFileSync(`/proc/${pid}/gid_map`, map);
  await forbidNestedUserNamespaces(pid);
  o.block.end('1');
  return pid;
}
