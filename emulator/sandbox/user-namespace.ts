// The session's user namespace, its id maps written from outside while bwrap waits on its block fd: the whole id
// range mapped in (inside i = host base + i). bwrap started as the range's base id could map only that one id.
// (Nested user namespaces are kept impossible by the seccomp filter, seccomp.ts.)
import { writeFileSync } from 'node:fs';
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

/**
 * Maps the id range into the user namespace of the sandbox whose bwrap reports on `info` and waits on `block`, then
 * lets it go on. Returns the host pid of the sandbox's pid-namespace init. Throws if the sandbox is gone or anything
 * fails: the caller must then kill it (bwrap let go without the maps fails: it cannot become uid 0).
 */
export async function openUserNamespace(o: { info: NodeJS.ReadableStream; block: NodeJS.WritableStream; range: IdRange }): Promise<number> {
  const pid = await readChildPid(o.info);
  const map = idMapLine(o.range);
  writeFileSync(`/proc/${pid}/uid_map`, map);
  writeFileSync(`/proc/${pid}/gid_map`, map);
  o.block.end('1');
  return pid;
}
