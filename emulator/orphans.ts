// Temporary state directories (no --state-dir) belong to one emulator process. If that process was killed, nothing
// else would ever clean them up: each records its owner's pid, and a starting emulator unmounts and removes those
// whose owner is gone.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unmountEverythingUnder } from './util/noatime-bind.ts';
import { processAlive } from './util/process-alive.ts';

export const TEMP_PREFIX = 'ssc-emulator-';
const OWNER_FILE = 'owner.pid';

export const claimTemporaryStateDir = (stateDir: string): Promise<void> => writeFile(join(stateDir, OWNER_FILE), String(process.pid));

/** Removes temporary state directories under `tmp` whose emulator is no longer running; returns how many. */
export async function removeOrphanedStateDirs(tmp: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmp).catch(() => [] as string[])) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(tmp, name);
    const owner = Number((await readFile(join(dir, OWNER_FILE), 'utf8').catch(() => '')).trim());
    // No owner file: a directory being created right now, or not ours to judge.
    if (!owner || processAlive(owner)) continue;
    // Its session filesystems and the noatime bind of the directory itself.
    await unmountEverythingUnder(dir);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}
