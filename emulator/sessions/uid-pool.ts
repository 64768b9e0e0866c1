// Each live session gets its own range of 65,536 host ids (uids and gids alike; see sandbox/id-range.ts), so one
// session's processes and files are foreign to every other session's and to the host's, and "kill every process of
// the session" is a kill of every process in the range. Several emulators may run on one host (parallel test files, a
// standalone one), so a range is claimed host-wide with an exclusive lock file naming the owner pid; a dead owner's
// claims are reclaimed, but never while a process of the range is still alive.
//
// Where the ranges lie: slots of 65,536 from 0x70000000 up to 0x7FFE0000 (1,879,048,192–2,147,352,575). That is above
// what container tools hand out (/etc/subuid ranges from 100,000; systemd-nspawn's ranges up to 0x6FFFFFFF), below
// systemd's "foreign" range at 0x7FFE0000 and below 2^31, where tools that read uid_t as a signed int break; and far
// from the single uids 200,000–249,999 that emulators before ranges claimed under /run/ssc-emulator/uids, which other
// checkouts on the same host may still use. The lock directory is a different one, so neither pool reads the other's.
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../util/process-alive.ts';
import { idRange, IDS_PER_SESSION, type IdRange } from '../sandbox/id-range.ts';
import { pidsInRange } from '../sandbox/processes.ts';

export const DEFAULT_RANGE_BASE = 0x7000_0000;
export const DEFAULT_RANGE_COUNT = (0x7ffe_0000 - DEFAULT_RANGE_BASE) / IDS_PER_SESSION;
export const DEFAULT_LOCK_DIR = '/run/ssc-emulator/id-ranges';

export interface IdRangePoolOptions {
  /** First host id of the first range. */
  base?: number;
  /** How many ranges. */
  count?: number;
  lockDir?: string;
}

export class IdRangePool {
  readonly #base: number;
  readonly #count: number;
  readonly #lockDir: string;
  #cursor = 0;
  readonly #held = new Set<number>();

  constructor(o: IdRangePoolOptions = {}) {
    this.#base = o.base ?? DEFAULT_RANGE_BASE;
    this.#count = o.count ?? DEFAULT_RANGE_COUNT;
    this.#lockDir = o.lockDir ?? DEFAULT_LOCK_DIR;
    if (this.#base % IDS_PER_SESSION !== 0 || this.#base < IDS_PER_SESSION) throw new Error(`id range base ${this.#base} must be a multiple of ${IDS_PER_SESSION} above the host's users`);
    if (this.#base + this.#count * IDS_PER_SESSION > 2 ** 32 - 1) throw new Error(`id ranges from ${this.#base} (${this.#count} of them) pass the largest id`);
    mkdirSync(this.#lockDir, { recursive: true, mode: 0o700 });
  }

  /** True for every id of every range of the pool, whichever emulator holds it: all of them belong to sandboxes. */
  owns(hostId: number): boolean {
    return hostId >= this.#base && hostId < this.#base + this.#count * IDS_PER_SESSION;
  }

  allocate(): IdRange {
    for (let i = 0; i < this.#count; i++) {
      const slot = (this.#cursor + i) % this.#count;
      const base = this.#base + slot * IDS_PER_SESSION;
      if (this.#held.has(base) || !this.#claim(base)) continue;
      this.#cursor = (slot + 1) % this.#count;
      this.#held.add(base);
      return idRange(base);
    }
    throw new Error(`no free id range in ${this.#base}-${this.#base + this.#count * IDS_PER_SESSION - 1}: too many live sessions on this host`);
  }

  /** Gives a range back. Call it only once no process of the range is left (sandbox/processes.ts). */
  release(range: IdRange): void {
    if (!this.#held.delete(range.base)) return;
    try {
      unlinkSync(this.#lockPath(range.base));
    } catch {
      // already gone
    }
  }

  #lockPath(base: number): string {
    return join(this.#lockDir, String(base));
  }

  #claim(base: number): boolean {
    const path = this.#lockPath(base);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = Number(readFileSync(path, 'utf8').trim() || 0);
        // A claim whose owner is gone (crashed emulator) is stale; a claim being written right now has no pid yet.
        if (owner === 0 || processAlive(owner)) return false;
        // A crashed owner could not make sure its sessions' processes were gone: a survivor keeps the range retired.
        if (pidsInRange(idRange(base)).length > 0) return false;
        try {
          unlinkSync(path);
        } catch {
          return false;
        }
      }
    }
    return false;
  }
}
