// Each live session's compute runs under its own unprivileged host uid, so one session's processes and files are
// foreign to every other session's (defence in depth behind the mount namespace) and "kill every process of the
// session" is a uid-wide kill. Several emulators may run on one host (parallel test files, a standalone one), so a
// uid is claimed host-wide with an exclusive lock file naming the owner pid; a dead owner's claims are reclaimed.
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../util/process-alive.ts';

export const DEFAULT_UID_BASE = 200_000;
export const DEFAULT_UID_COUNT = 50_000;
export const DEFAULT_LOCK_DIR = '/run/ssc-emulator/uids';

export class UidPool {
  readonly #base: number;
  readonly #end: number;
  readonly #lockDir: string;
  #cursor: number;
  readonly #held = new Set<number>();

  constructor(o: { base?: number; count?: number; lockDir?: string } = {}) {
    this.#base = o.base ?? DEFAULT_UID_BASE;
    this.#end = this.#base + (o.count ?? DEFAULT_UID_COUNT);
    this.#lockDir = o.lockDir ?? DEFAULT_LOCK_DIR;
    this.#cursor = this.#base;
    mkdirSync(this.#lockDir, { recursive: true, mode: 0o700 });
  }

  /** True for every uid of the range, whichever emulator holds it: all of them belong to sandboxes. */
  owns(uid: number): boolean {
    return uid >= this.#base && uid < this.#end;
  }

  allocate(): number {
    const span = this.#end - this.#base;
    for (let i = 0; i < span; i++) {
      const uid = this.#base + ((this.#cursor - this.#base + i) % span);
      if (this.#held.has(uid) || !this.#claim(uid)) continue;
      this.#cursor = uid + 1 >= this.#end ? this.#base : uid + 1;
      this.#held.add(uid);
      return uid;
    }
    throw new Error(`no free session uid in ${this.#base}-${this.#end - 1}: too many live sessions on this host`);
  }

  release(uid: number): void {
    if (!this.#held.delete(uid)) return;
    try {
      unlinkSync(this.#lockPath(uid));
    } catch {
      // already gone
    }
  }

  #lockPath(uid: number): string {
    return join(this.#lockDir, String(uid));
  }

  #claim(uid: number): boolean {
    const path = this.#lockPath(uid);
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
