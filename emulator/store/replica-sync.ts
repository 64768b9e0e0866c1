// One replication round: makes the replica equal the cache at a set of paths, with exact attributes. The replica
// holds what the session sees: the mode, the owners as inside ids (the cache's inodes all belong to the session's
// host uid), and atime and mtime to the nanosecond. Attributes the cache's inode cannot hold come with the dirty
// paths (attrs.ts); times are set in one batch at the end of the round (exact-times.ts), after everything that
// would move a directory's mtime, and directories the round touches without being dirty get their times back.
// The cache is read through no-follow.ts (the session can swap a directory for a symlink at any moment); the replica
// is only ever changed here, so its paths can be trusted.
import type { BigIntStats } from 'node:fs';
import { chmod, copyFile, lchown, lstat, mkdir, open, readdir, readlink, rename, rm, symlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { StoredAttrs } from '../sessionfs/attrs.ts';
import type { ExactTimes, TimeSetting } from './exact-times.ts';
import { DirHandles, FILE_FLAGS, inDir, ofHandle, openChildDir, splitPath } from './no-follow.ts';

const SLASH = Buffer.from('/');

async function lstatOrUndefined(p: Buffer): Promise<BigIntStats | undefined> {
  try {
    return await lstat(p, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** What the replica's copy of an entry gets: the cache inode's attributes with the stored ones over them. */
interface Exact {
  mode: number;
  uid: number;
  gid: number;
  atimeNs: bigint;
  mtimeNs: bigint;
}

const exact = (st: BigIntStats, a: StoredAttrs | undefined): Exact => ({
  mode: a?.mode ?? Number(st.mode & 0o7777n),
  uid: a?.uid ?? 0,
  gid: a?.gid ?? 0,
  atimeNs: a?.atimeNs ?? st.atimeNs,
  mtimeNs: a?.mtimeNs ?? st.mtimeNs,
});

export class ReplicaSync {
  readonly #cacheDirs: DirHandles;
  readonly #replicaDirs: DirHandles;
  readonly #times: TimeSetting[] = [];
  /** Dirty directories: their times are taken from the cache at the end, after everything put into them. */
  readonly #dirtyDirs = new Set<string>();
  /** Replica directories the round changes without being dirty: their times are put back at the end. */
  readonly #kept = new Map<string, TimeSetting>();

  /** `attrs`: every path of the round, with what is stored for it. */
  constructor(
    cache: string,
    private readonly replica: string,
    private readonly tmp: string,
    private readonly attrs: ReadonlyMap<string, StoredAttrs | undefined>,
    private readonly times: ExactTimes,
  ) {
    this.#cacheDirs = new DirHandles(cache);
    this.#replicaDirs = new DirHandles(replica);
  }

  #replicaPath(rel: string): Buffer {
    return rel === '' ? Buffer.from(this.replica) : Buffer.concat([Buffer.from(`${this.replica}/`), Buffer.from(rel, 'latin1')]);
  }

  #tmpName(): Buffer {
    return Buffer.from(join(this.tmp, randomBytes(8).toString('hex')));
  }

  /** Replicates one path; 'copied-whole' when it was a directory new to the replica, copied with everything in it. */
  async sync(rel: string): Promise<'copied-whole' | undefined> {
    if (rel === '') {
      await this.#syncExistingDir('');
      return undefined;
    }
    const [parentRel, name] = splitPath(rel);
    // Not (yet) a directory in the replica: the parent's own sync, earlier in the round, brings this path along.
    const replicaParent = await this.#replicaDirs.dir(parentRel);
    if (!replicaParent) return undefined;
    const cacheParent = await this.#cacheDirs.dir(parentRel);
    const st = cacheParent && (await lstatOrUndefined(inDir(cacheParent, name)));
    const dst = inDir(replicaParent, name);
    const existing = await lstatOrUndefined(dst);
    if (!st || !(st.isDirectory() || st.isFile() || st.isSymbolicLink())) {
      if (existing) await this.#remove(parentRel, rel, dst);
      return undefined;
    }
    if (st.isDirectory() && existing?.isDirectory()) {
      await this.#syncExistingDir(rel);
      return undefined;
    }
    // rename(2) replaces a file by a file and an empty directory by a directory; anything else goes first.
    if (existing && (existing.isDirectory() || st.isDirectory())) await this.#remove(parentRel, rel, dst);
    const tmp = this.#tmpName();
    if (st.isDirectory()) {
      const dir = await openChildDir(cacheParent!, name);
      if (!dir) throw new Error(`'${rel}' stopped being a directory`);
      try {
        await this.#copyDir(dir, tmp, rel);
      } finally {
        await dir.close();
      }
    } else await this.#copyEntry(cacheParent!, name, tmp, rel);
    await this.#parentChanging(parentRel);
    await rename(tmp, dst);
    this.#replicaDirs.forget(rel);
    return st.isDirectory() ? 'copied-whole' : undefined;
  }

  /** Sets the round's times: every copied entry's, the dirty directories', and those of the directories it kept. */
  async finish(): Promise<void> {
    for (const rel of this.#dirtyDirs) {
      const dir = await this.#cacheDirs.dir(rel);
      if (dir) this.#time(rel, exact(await dir.stat({ bigint: true }), this.attrs.get(rel)));
    }
    for (const [rel, t] of this.#kept) if (!this.#dirtyDirs.has(rel)) this.#times.push(t);
    await this.times.set(this.#times);
  }

  async close(): Promise<void> {
    await Promise.all([this.#cacheDirs.close(), this.#replicaDirs.close()]);
  }

  #time(rel: string, e: Exact): void {
    this.#times.push({ path: this.#replicaPath(rel), atimeNs: e.atimeNs, mtimeNs: e.mtimeNs });
  }

  /** Before the round adds or removes a name in replica directory `rel`: remember its times to put them back. */
  async #parentChanging(rel: string): Promise<void> {
    if (this.#kept.has(rel) || this.attrs.has(rel)) return;
    const dir = await this.#replicaDirs.dir(rel);
    if (!dir) throw new Error(`replica directory '${rel}' is gone`);
    const st = await dir.stat({ bigint: true });
    this.#kept.set(rel, { path: this.#replicaPath(rel), atimeNs: st.atimeNs, mtimeNs: st.mtimeNs });
  }

  async #remove(parentRel: string, rel: string, dst: Buffer): Promise<void> {
    await this.#parentChanging(parentRel);
    await rm(dst, { recursive: true, force: true });
    this.#replicaDirs.forget(rel);
  }

  /** A directory in both: drop what the cache no longer has, take its mode and owners now and its times at the end. */
  async #syncExistingDir(rel: string): Promise<void> {
    const dir = await this.#cacheDirs.dir(rel);
    const replicaDir = await this.#replicaDirs.dir(rel);
    if (!dir || !replicaDir) throw new Error(`'${rel}' stopped being a directory`);
    const want = new Set((await readdir(ofHandle(dir), { encoding: 'buffer' })).map((n) => n.toString('latin1')));
    for (const name of await readdir(ofHandle(replicaDir), { encoding: 'buffer' })) {
      if (want.has(name.toString('latin1'))) continue;
      const childRel = rel === '' ? name.toString('latin1') : `${rel}/${name.toString('latin1')}`;
      await this.#remove(rel, childRel, inDir(replicaDir, name));
    }
    const e = exact(await dir.stat({ bigint: true }), this.attrs.get(rel));
    await this.#own(this.#replicaPath(rel), e);
    this.#dirtyDirs.add(rel);
  }

  /**
   * Copies a file or symlink named `name` in the open cache directory `from` to `to`, with its attributes. The file
   * is opened without following (a symlink answers ELOOP), so a file costs no lstat. The copy's owner and mode are
   * set every time: what copyFile leaves there depends on libuv's version (newer ones give the copy the source's host
   * owner, which the replica must never carry; older ones leave root's, and a mode under the umask).
   */
  async #copyEntry(from: FileHandle, name: Buffer, to: Buffer, rel: string): Promise<void> {
    const src = inDir(from, name);
    let file: FileHandle;
    try {
      file = await open(src, FILE_FLAGS);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
      const st = await lstat(src, { bigint: true });
      if (!st.isSymbolicLink()) throw e;
      await symlink(await readlink(src, { encoding: 'buffer' }), to);
      const e2 = exact(st, this.attrs.get(rel));
      await lchown(to, e2.uid, e2.gid);
      this.#time(rel, e2);
      return;
    }
    try {
      const fst = await file.stat({ bigint: true });
      if (!fst.isFile()) throw new Error(`'${rel}' stopped being a file`);
      await copyFile(ofHandle(file), to);
      const e = exact(fst, this.attrs.get(rel));
      await this.#own(to, e);
      this.#time(rel, e);
    } finally {
      await file.close();
    }
  }

  /** Copies the open cache directory `dir` (replica path `rel`) to `to`, with everything in it. */
  async #copyDir(dir: FileHandle, to: Buffer, rel: string): Promise<void> {
    await mkdir(to, { mode: 0o700 });
    for (const name of await readdir(ofHandle(dir), { encoding: 'buffer' })) {
      const childRel = `${rel}/${name.toString('latin1')}`;
      const childTo = Buffer.concat([to, SLASH, name]);
      const child = await openChildDir(dir, name);
      if (!child) {
        const st = await lstatOrUndefined(inDir(dir, name));
        if (st && (st.isFile() || st.isSymbolicLink())) await this.#copyEntry(dir, name, childTo, childRel);
        continue;
      }
      try {
        await this.#copyDir(child, childTo, childRel);
      } finally {
        await child.close();
      }
    }
    const e = exact(await dir.stat({ bigint: true }), this.attrs.get(rel));
    await this.#own(to, e);
    this.#time(rel, e);
  }

  /** A file's or directory's owners and mode. Owner first: a chown may clear set-id bits, which the mode puts back. */
  async #own(path: Buffer, e: Exact): Promise<void> {
    await lchown(path, e.uid, e.gid);
    await chmod(path, e.mode);
  }
}
