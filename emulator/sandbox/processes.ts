// Host-side process hygiene. Every live session owns a range of host ids (id-range.ts) that nothing else uses, so
// "every process of the session" is exactly "every process with an id in that range": killing them all is the
// backstop behind bwrap's pid namespace, and a range with a process left in it is never handed to another session.
//
// The /proc scan is synchronous on purpose: it reads one small status file per process, and through the thread pool
// each read is four round trips (open, stat, read, close) competing with everything else the emulator does; a scan of
// ~100 processes took 15–30 ms that way and ~1 ms inline, and it sits on the stop path, which must be fast.
import { readdirSync, readFileSync } from 'node:fs';
import { inRange, type IdRange } from './id-range.ts';

/** Lowest host id a range may start at: below it live the host's own users, which no scan here may ever kill. */
const LOWEST_SESSION_ID = 65_536;

/** The four uids of a /proc/<pid>/status text (real, effective, saved, filesystem); pure, for testing. */
export function statusUids(status: string): number[] {
  const m = /^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(status);
  return m ? m.slice(1, 5).map(Number) : [];
}

/** Pids with any uid in `range`, read from /proc. Zombies are left out: they run nothing and hold no files, and one
 * whose parent was the killed bwrap waits for the host's init to reap it, which can take seconds. */
export function pidsInRange(range: IdRange): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'latin1');
      if (statusUids(status).some((uid) => inRange(range, uid)) && !/^State:\s+[ZX]/m.test(status)) out.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** One synchronous pass: SIGKILL to every process of `range` seen in /proc. Returns how many were signalled. */
export function sigkillAllInRange(range: IdRange): number {
  if (range.base < LOWEST_SESSION_ID) throw new Error(`refusing to kill every process of ids ${range.base}–${range.base + range.size - 1}: host users live there`);
  const pids = pidsInRange(range);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  return pids.length;
}

/** SIGKILLs every process of `range` until none is left (new ones may fork while we kill). False if some survived. */
export async function killAllInRange(range: IdRange, attempts = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (sigkillAllInRange(range) === 0) return true;
    // A killed process needs a moment to exit; back off from 1 ms so the common case (already dying) is quick.
    await new Promise((r) => setTimeout(r, Math.min(1 + i, 10)));
  }
  return pidsInRange(range).length === 0;
}
