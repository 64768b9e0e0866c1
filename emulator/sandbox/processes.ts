// Host-side process hygiene. Every live session runs under its own host uid, so "every process of the session" is
// exactly "every process of that uid": killing them all is the backstop behind bwrap's pid namespace.
//
// The /proc scan is synchronous on purpose: it reads one small status file per process, and through the thread pool
// each read is four round trips (open, stat, read, close) competing with everything else the emulator does; a scan of
// ~100 processes took 15–30 ms that way and ~1 ms inline, and it sits on the stop path, which must be fast.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids whose real uid is `uid`, read from /proc. Zombies are left out: they run nothing and hold no files, and one
 * whose parent was the killed bwrap waits for the host's init to reap it, which can take seconds. */
export function pidsOfUid(uid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'latin1');
      const m = /^Uid:\s+(\d+)/m.exec(status);
      if (m && Number(m[1]) === uid && !/^State:\s+[ZX]/m.test(status)) out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** One synchronous pass: SIGKILL to every process of `uid` seen in /proc. Returns how many were signalled. */
export function sigkillAllOfUid(uid: number): number {
  if (uid < 1000) throw new Error(`refusing to kill every process of system uid ${uid}`);
  const pids = pidsOfUid(uid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  return pids.length;
}

/** SIGKILLs every process of `uid` until none is left (new ones may fork while we kill). False if some survived. */
export async function killAllOfUid(uid: number, attempts = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (sigkillAllOfUid(uid) === 0) return true;
    // A killed process needs a moment to exit; back off from 1 ms so the common case (already dying) is quick.
    await new Promise((r) => setTimeout(r, Math.min(1 + i, 10)));
  }
  return pidsOfUid(uid).length === 0;
}
