// What an emulator can leave on the host after it stopped or died: session filesystem mounts under its state
// directory, host-wide uid claims naming its pid, and processes of its sessions' uids.
import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sessionMountsUnder } from '../../../emulator/sessionfs/mount.ts';
import { DEFAULT_LOCK_DIR } from '../../../emulator/sessions/uid-pool.ts';

/** Uids of the session filesystem servers of the emulator whose state directory is `dir` (one per live session). */
export async function sessionUids(dir: string): Promise<number[]> {
  const { stdout } = await execa('pgrep', ['-f', join(dir, 'sessionfs-server.mjs')], { reject: false });
  const uids = await Promise.all(
    stdout
      .split('\n')
      .filter(Boolean)
      .map(async (pid) => Number(/^Uid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''))?.[1] ?? 0)),
  );
  return uids.filter((u) => u !== 0);
}

/** `pgrep -a` of every process of `uids` ('' when none). */
export const processesOf = async (uids: readonly number[]): Promise<string> =>
  uids.length === 0 ? '' : (await execa('pgrep', ['-a', '-u', uids.join(',')], { reject: false })).stdout;

/** The session uids claimed host-wide (sessions/uid-pool.ts) by the emulator process `pid`. */
export async function uidClaimsOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir(DEFAULT_LOCK_DIR).catch(() => [] as string[])) {
    const owner = await readFile(join(DEFAULT_LOCK_DIR, name), 'utf8').catch(() => '');
    if (Number(owner.trim()) === pid) out.push(Number(name));
  }
  return out.sort();
}

/** Everything of the emulator (`pid`, state directory `dir`, session uids `uids`) still on the host. */
export async function leftovers(dir: string, pid: number, uids: readonly number[]): Promise<{ mounts: string[]; claims: number[]; processes: string }> {
  return { mounts: await sessionMountsUnder(dir), claims: await uidClaimsOf(pid), processes: await processesOf(uids) };
}
