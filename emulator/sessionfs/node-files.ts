// Backing file descriptors by node, for a kernel that opens without asking. OPEN answers ENOSYS once, and from then
// on the kernel opens and closes regular files without a round trip (no OPEN, no RELEASE: two requests fewer per
// open(2)); READ, WRITE and FSYNC then carry no handle of ours, so the server reaches the backing file by node. A
// descriptor is opened on first use and kept, a bounded number of them, least recently used first out. A node the
// kernel still holds when its name goes (unlink, or replaced by a rename) may still be open in the session, so its
// descriptor is pinned before the name goes and closed only when the kernel forgets the node: reads and writes of an
// open, unlinked file keep working, as POSIX says. A descriptor opened for reading stays read-only until a write needs
// more: the backing directory may be an overlay over the stored tree (lazy resume), where opening a file read-write
// copies it up, so a session that only reads a stored file leaves it where it is.
import { closeSync, constants, openSync } from 'node:fs';
import { ERRNO } from '../../spec/errno.ts';
import { FsError } from './protocol/errno.ts';

/** Descriptors kept for nodes that still have a name (pinned ones are not counted). */
export const NODE_FILES_KEPT = 256;

export class NodeFiles {
  /** Insertion order is use order: the first entry is the least recently used. */
  readonly #kept = new Map<bigint, number>();
  readonly #pinned = new Map<bigint, number>();
  /** Kept descriptors opened read-only (pinned ones are always read-write). */
  readonly #readOnly = new Set<number>();

  constructor(private readonly limit = NODE_FILES_KEPT) {}

  /**
   * The node's descriptor, opened at `path` if none (or only a read-only one when `write` is asked for). The backing
   * inode always keeps its owner's access, so either mode opens.
   */
  fd(id: bigint, path: Buffer | undefined, write: boolean): number {
    const pinned = this.#pinned.get(id);
    if (pinned !== undefined) return pinned;
    const kept = this.#kept.get(id);
    if (kept !== undefined && (!write || !this.#readOnly.has(kept))) {
      this.#kept.delete(id);
      this.#kept.set(id, kept);
      return kept;
    }
    if (path === undefined) throw new FsError(ERRNO.ENOENT, `stale node ${id}`);
    const fd = openSync(path, (write ? constants.O_RDWR : constants.O_RDONLY) | constants.O_NOFOLLOW);
    this.adopt(id, fd);
    if (!write) this.#readOnly.add(fd);
    return fd;
  }

  /** Keeps a descriptor the server opened for the node (CREATE). */
  adopt(id: bigint, fd: number): void {
    const old = this.#kept.get(id);
    if (old !== undefined && old !== fd) this.#close(old);
    this.#kept.delete(id);
    this.#kept.set(id, fd);
    while (this.#kept.size > this.limit) {
      const [first, firstFd] = this.#kept.entries().next().value as [bigint, number];
      this.#kept.delete(first);
      this.#close(firstFd);
    }
  }

  /** The node's descriptor if one is open (an unlinked node has nothing else). */
  existing(id: bigint): number | undefined {
    return this.#pinned.get(id) ?? this.#kept.get(id);
  }

  /** The node's name is about to go while the kernel still knows it: keep it open until forgotten. */
  pin(id: bigint, path: Buffer): void {
    if (this.#pinned.has(id)) return;
    // Read-write, since the file may be written after its name is gone, when nothing could reopen it.
    const kept = this.#kept.get(id);
    this.#kept.delete(id);
    if (kept !== undefined && !this.#readOnly.has(kept)) this.#pinned.set(id, kept);
    else {
      if (kept !== undefined) this.#close(kept);
      this.#pinned.set(id, openSync(path, constants.O_RDWR | constants.O_NOFOLLOW));
    }
  }

  /** The kernel forgot the node: nothing can reach its descriptor any more. */
  forget(id: bigint): void {
    for (const table of [this.#kept, this.#pinned]) {
      const fd = table.get(id);
      if (fd === undefined) continue;
      table.delete(id);
      this.#close(fd);
    }
  }

  #close(fd: number): void {
    this.#readOnly.delete(fd);
    closeSync(fd);
  }

  get size(): number {
    return this.#kept.size + this.#pinned.size;
  }
}
