// Asynchronous replication of a live session's cache into its store replica, driven by the dirty paths the session
// filesystem reports. Each round takes the current dirty set and makes the replica equal the cache at those paths;
// paths dirtied again meanwhile are simply synced in a later round. `flush()` drains everything (Stop).
//
// Per path, the replica changes atomically (a file is copied to a temporary name and renamed), so a crash between
// rounds leaves every replicated file whole: the store loses at most the unreplicated tail.
import { chmod, copyFile, lstat, lutimes, mkdir, readdir, readlink, rename, rm, symlink, utimes } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

const bytes = (p: string) => Buffer.from(p, 'latin1');
const join8 = (root: string, rel: string): Buffer => (rel === '' ? Buffer.from(root) : Buffer.concat([Buffer.from(root), Buffer.from('/'), bytes(rel)]));

async function lstatOrUndefined(p: Buffer): Promise<Stats | undefined> {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

export class Replicator {
  /** Dirty path → when it was first marked since it was last replicated. */
  readonly #dirty = new Map<string, number>();
  #round: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;

  /**
   * @param tmp a directory on the replica's filesystem for copies in flight (renamed into place when complete), so
   *   a crash never leaves partial files inside the replica
   */
  constructor(
    private readonly cache: string,
    private readonly replica: string,
    private readonly tmp: string,
    private readonly log: (m: string) => void,
    private readonly debounceMs = 200,
    /** Replicate a path only once it has been dirty this long (a lagging replica; used by a deviation). */
    private readonly minAgeMs = 0,
  ) {}

  #tmpName(): Buffer {
    return Buffer.from(join(this.tmp, randomBytes(8).toString('hex')));
  }

  /** Paths relative to the mount root, as latin1 strings of their raw bytes. */
  mark(paths: readonly string[]): void {
    const now = Date.now();
    for (const p of paths) if (!this.#dirty.has(p)) this.#dirty.set(p, now);
    if (!this.#timer) this.#timer = setTimeout(() => void this.#runRound(), this.debounceMs);
  }

  /** Replicates everything marked so far; resolves when the replica matches the cache at every marked path. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#runRound();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #runRound(): Promise<void> {
    this.#timer = undefined;
    this.#round = this.#round.then(async () => {
      // Parents before children, so a new directory exists before what goes in it.
      const due = Date.now() - this.minAgeMs;
      const paths = [...this.#dirty].filter(([, since]) => since <= due).map(([p]) => p).sort((a, b) => a.length - b.length);
      for (const p of paths) this.#dirty.delete(p);
      // A directory new to the replica is copied whole, with everything in it at that moment: its descendants
      // marked in this round are covered (later changes mark them again).
      const copiedWhole: string[] = [];
      for (const p of paths) {
        if (copiedWhole.some((d) => p.startsWith(`${d}/`))) continue;
        try {
          if ((await this.#sync(p)) === 'copied-whole') copiedWhole.push(p);
        } catch (e) {
          // The path changed under us (e.g. removed mid-copy): try again in the next round.
          if (!this.#dirty.has(p)) this.#dirty.set(p, Date.now() - this.minAgeMs);
          if (++this.#failures % 100 === 1) this.log(`replication of '${p}' deferred: ${String(e)}`);
        }
      }
      if (this.#dirty.size > 0 && !this.#timer) this.#timer = setTimeout(() => void this.#runRound(), this.debounceMs);
    });
    return this.#round;
  }

  /** Recursive copy with modes, times and verbatim symlinks; paths stay bytes (names need not be UTF-8). */
  async #copyTree(src: Buffer, dst: Buffer): Promise<void> {
    const st = await lstat(src);
    if (st.isDirectory()) {
      await mkdir(dst, { mode: 0o700 });
      for (const name of await readdir(src, { encoding: 'buffer' }))
        await this.#copyTree(Buffer.concat([src, Buffer.from('/'), name]), Buffer.concat([dst, Buffer.from('/'), name]));
      await chmod(dst, st.mode & 0o7777);
      await utimes(dst, st.atime, st.mtime);
    } else if (st.isSymbolicLink()) {
      await symlink(await readlink(src, { encoding: 'buffer' }), dst);
      await lutimes(dst, st.atime, st.mtime);
    } else if (st.isFile()) {
      await copyFile(src, dst);
      await chmod(dst, st.mode & 0o7777);
      await utimes(dst, st.atime, st.mtime);
    }
  }

  async #sync(rel: string): Promise<'copied-whole' | undefined> {
    const src = join8(this.cache, rel);
    const dst = join8(this.replica, rel);
    const st = await lstatOrUndefined(src);
    const existing = await lstatOrUndefined(dst);
    if (!st) {
      if (existing) await rm(dst, { recursive: true, force: true });
      return undefined;
    }
    if (existing && existing.isDirectory() !== st.isDirectory()) await rm(dst, { recursive: true, force: true });
    await mkdir(Buffer.from(dirname(dst.toString('latin1')), 'latin1'), { recursive: true });
    if (st.isDirectory()) {
      if (!existing || !existing.isDirectory()) {
        // A directory new to the replica (created, or renamed here): copy it whole, beside the replica, then
        // rename it into place, so a crash never leaves a partial copy inside the replica.
        const tmp = this.#tmpName();
        await this.#copyTree(src, tmp);
        await rename(tmp, dst);
        return rel === '' ? undefined : 'copied-whole';
      }
      const want = new Set((await readdir(src, { encoding: 'buffer' })).map((n) => n.toString('latin1')));
      for (const name of await readdir(dst, { encoding: 'buffer' }))
        if (!want.has(name.toString('latin1'))) await rm(Buffer.concat([dst, Buffer.from('/'), name]), { recursive: true, force: true });
      await chmod(dst, st.mode & 0o7777);
      await utimes(dst, st.atime, st.mtime);
    } else if (st.isSymbolicLink()) {
      const tmp = this.#tmpName();
      await symlink(await readlink(src, { encoding: 'buffer' }), tmp);
      await lutimes(tmp, st.atime, st.mtime);
      await rename(tmp, dst);
    } else if (st.isFile()) {
      const tmp = this.#tmpName();
      await copyFile(src, tmp);
      await chmod(tmp, st.mode & 0o7777);
      await utimes(tmp, st.atime, st.mtime);
      await rename(tmp, dst);
    }
  }
}
