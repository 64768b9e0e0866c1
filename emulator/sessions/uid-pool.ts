// Each live session's compute runs under its own unprivileged host uid, so one session's processes and files are
// foreign to every other session's (defence in depth behind the mount namespace) and "kill every process of the
// session" is a uid-wide kill.
export const DEFAULT_UID_BASE = 200_000;
export const DEFAULT_UID_COUNT = 50_000;

export class UidPool {
  readonly #free: number[] = [];
  #next: number;
  readonly #end: number;

  constructor(base = DEFAULT_UID_BASE, count = DEFAULT_UID_COUNT) {
    this.#next = base;
    this.#end = base + count;
  }

  allocate(): number {
    const reused = this.#free.shift();
    if (reused !== undefined) return reused;
    if (this.#next >= this.#end) throw new Error('no free session uid: too many live sessions');
    return this.#next++;
  }

  release(uid: number): void {
    this.#free.push(uid);
  }
}
