// Host-side process hygiene. Every live session runs under its own host uid, so "every process of the session" is
// exactly "every process of that uid": killing them all is the backstop behind bwrap's pid namespace.
import { readdir, readFile } from 'node:fs/promises';

/** Pids whose real uid is `uid`, read from /proc. Zombies are left out: they run nothing and hold no files, and one
 * whose parent was the killed bwrap waits for the host's init to reap it, which can take seconds. */
export async function pidsOfUid(uid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = await readFile(`/proc/${name}/status`, 'utf8');
      const m = /^Uid:\s+(\d+)/m.exec(status);
      if (m && Number(m[1]) === uid && !/^State:\s+[ZX]/m.test(status)) out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** SIGKILLs every process of `uid` until none is left (new ones may fork while we kill). */
export async function killAllOfUid(uid: number, attempts = 20): Promise<void> {
  if (uid < 1000) throw new Error(`refusing to kill every process of system uid ${uid}`);
  for (let i = 0; i < attempts; i++) {
    const pids = await pidsOfUid(uid);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
