// What an emulator can leave on the host after it stopped or died: session filesystem mounts under its state
// directory, host-wide id-range claims naming its pid, and processes of its sessions' id ranges.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { idRange } from '../../../emulator/sandbox/id-range.ts';
import { pidsInRange } from '../../../emulator/sandbox/processes.ts';
import { sessionMountsUnder } from '../../../emulator/sessionfs/mount.ts';
import { DEFAULT_LOCK_DIR } from '../../../emulator/sessions/uid-pool.ts';

/** Uids of the session filesystem servers of the emulator whose state directory is `dir` (one per live session: the
 * base of its id range). */
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

const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
  } catch {
    return '(exited)';
  }
};

/** Every process with an id of the ranges starting at `bases`, one `pid command line` per line ('' when none). */
export const processesOf = async (bases: readonly number[]): Promise<string> =>
  bases
    .flatMap((base) => pidsInRange(idRange(base)))
    .map((pid) => `${pid} ${commandLine(pid)}`)
    .join('\n');

/** The bases of the id ranges claimed host-wide (sessions/uid-pool.ts) by the emulator process `pid`. */
export async function uidClaimsOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir(DEFAULT_LOCK_DIR).catch(() => [] as string[])) {
    const owner = await readFile(join(DEFAULT_LOCK_DIR, name), 'utf8').catch(() => '');
    if (Number(owner.trim()) === pid) out.push(Number(name));
  }
  return out.sort();
}

/** Everything of the emulator (`pid`, state directory `dir`, the bases of its sessions' id ranges `uids`) still on the host. */
export async function leftovers(dir: string, pid: number, uids: readonly number[]): Promise<{ mounts: string[]; claims: number[]; processes: string }> {
  return { mounts: await sessionMountsUnder(dir), claims: await uidClaimsOf(pid), processes: await processesOf(uids) };
}
