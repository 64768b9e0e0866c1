// Paths the emulator (root) reads in a session's cache while the session can still change it. A path resolved as a
// whole would follow a symlink the session swaps in for a directory at any level (`d` → `/etc`), so root would read
// host files into the store, or write into the host through the replica. Instead each directory is opened on its
// own, refusing symlinks (O_NOFOLLOW | O_DIRECTORY), and names are resolved inside the open directory through
// /proc/self/fd: the kernel then starts from that directory, whatever its ancestors became meanwhile.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;
/** O_NONBLOCK: a FIFO swapped in for a file must not block the open. */
export const FILE_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** `name` inside the open directory `dir`: the kernel resolves it from that directory, following nothing above. */
export const inDir = (dir: FileHandle, name: Buffer): Buffer => Buffer.concat([Buffer.from(`/proc/self/fd/${dir.fd}/`), name]);

/** The open file itself, as a path (copyFile and friends take paths only). */
export const ofHandle = (h: FileHandle): string => `/proc/self/fd/${h.fd}`;

const GONE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);

/** Opens `name` in `dir` as a directory; undefined if it is missing, a symlink or not a directory. */
export async function openChildDir(dir: FileHandle, name: Buffer): Promise<FileHandle | undefined> {
  try {
    return await open(inDir(dir, name), DIR_FLAGS);
  } catch (e) {
    if (GONE.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
}

/** Splits a root-relative path (latin1 of the raw bytes) into its parent and its last name. */
export function splitPath(rel: string): [string, Buffer] {
  const i = rel.lastIndexOf('/');
  return i < 0 ? ['', Buffer.from(rel, 'latin1')] : [rel.slice(0, i), Buffer.from(rel.slice(i + 1), 'latin1')];
}

/**
 * Directories under `root`, opened component by component and kept open for a replication round (most paths of a
 * round share their parents). `forget` drops a directory and everything below, once the round replaced or removed it.
 */
export class DirHandles {
  readonly #open = new Map<string, FileHandle | undefined>();

  constructor(private readonly root: string) {}

  async dir(rel: string): Promise<FileHandle | undefined> {
    if (this.#open.has(rel)) return this.#open.get(rel);
    let h: FileHandle | undefined;
    if (rel === '') h = await open(this.root, DIR_FLAGS);
    else {
      const [parentRel, name] = splitPath(rel);
      const parent = await this.dir(parentRel);
      h = parent && (await openChildDir(parent, name));
    }
    this.#open.set(rel, h);
    return h;
  }

  forget(rel: string): void {
    for (const [p, h] of this.#open) {
      if (p !== rel && !p.startsWith(`${rel}/`)) continue;
      this.#open.delete(p);
      void h?.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const handles = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(handles.map((h) => h?.close().catch(() => undefined)));
  }
}
