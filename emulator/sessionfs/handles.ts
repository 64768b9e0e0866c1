// Open file and directory handles. A handle number is never reused while the server lives.
export class HandleTable<T> {
  readonly #open = new Map<bigint, T>();
  #next = 1n;

  add(value: T): bigint {
    const fh = this.#next++;
    this.#open.set(fh, value);
    return fh;
  }

  get(fh: bigint): T | undefined {
    return this.#open.get(fh);
  }

  remove(fh: bigint): T | undefined {
    const v = this.#open.get(fh);
    this.#open.delete(fh);
    return v;
  }

  get size(): number {
    return this.#open.size;
  }
}
