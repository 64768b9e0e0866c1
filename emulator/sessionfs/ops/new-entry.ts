// What every operation that makes or removes a name shares: the new entry's owner and stored mode, the metadata
// budget, the stored attributes, and the parent directory's mtime (the backing directory's own is exact again).
import { readdirSync, type BigIntStats } from 'node:fs';
import { modeNeedsStoring, toInside, type StoredAttrs } from '../attrs.ts';
import { checkDirectoryDepth, checkName } from '../policy.ts';
import type { InHeader } from '../protocol/request.ts';
import { childKey, dirtyEntry, isDir, nodePath, statOf, type FsContext } from '../context.ts';

const S_ISGID = 0o2000;

/** The policy's checks for a new name under `parent`. */
export function checkNewName(ctx: FsContext, name: Buffer): void {
  checkName(ctx.policy, name);
  ctx.usage.checkNewEntry(ctx.policy, name.length);
}

/**
 * The depth limit, for both ways a directory gets a place under `parent`: made (MKDIR) or moved there with the
 * directory tree at `moved` below it (RENAME).
 */
export function checkDirectoryUnder(ctx: FsContext, parent: bigint, moved?: Buffer): void {
  checkDirectoryDepth(ctx.policy, (ctx.inodes.depth(parent) ?? 0) + 1 + (moved === undefined ? 0 : subtreeHeight(moved)));
}

/** Levels of directories below `path` (0 for a directory without subdirectories). */
function subtreeHeight(path: Buffer): number {
  let max = 0;
  for (const d of readdirSync(path, { withFileTypes: true, encoding: 'buffer' })) {
    if (d.isDirectory()) max = Math.max(max, 1 + subtreeHeight(Buffer.concat([path, Buffer.from('/'), d.name])));
  }
  return max;
}

/**
 * What is stored for an entry the caller creates with `mode` (undefined: a symlink): owned by the caller's inside ids
 * (an id from outside the session's range, which only the host can send, counts as the session's root), the group
 * of a set-group-id parent, and the mode when the backing inode cannot hold it.
 */
export function creatorAttrs(ctx: FsContext, h: InHeader, parent: bigint, mode: number | undefined, dir: boolean): StoredAttrs {
  const a: StoredAttrs = {
    uid: toInside(h.uid, ctx.ids.uid) ?? 0,
    gid: toInside(h.gid, ctx.ids.gid) ?? 0,
  };
  const parentGid = ctx.attrs.size === 0 ? 0 : (parentAttrs(ctx, parent)?.gid ?? 0);
  if (a.gid !== parentGid) {
    const st = statOf(nodePath(ctx, parent));
    const parentMode = ctx.attrs.ofIno(st.ino)?.mode ?? Number(st.mode);
    if (parentMode & S_ISGID) a.gid = parentGid;
  }
  if (mode !== undefined && modeNeedsStoring(mode, dir)) a.mode = mode;
  return a;
}

function parentAttrs(ctx: FsContext, parent: bigint): StoredAttrs | undefined {
  const key = ctx.inodes.relative(parent)?.toString('latin1');
  return key === undefined ? undefined : ctx.attrs.ofPath(key);
}

/** Books a name just created under `parent` (its backing inode is `st`). */
export function entryCreated(ctx: FsContext, parent: bigint, name: Buffer, st: BigIntStats, stored: StoredAttrs): void {
  ctx.usage.addEntry(ctx.policy, name.length);
  // A directory made in a set-group-id directory inherits the bit, which a stored mode must show too.
  const a = stored.mode !== undefined && (Number(st.mode) & 0o170000) === 0o040000 ? { ...stored, mode: stored.mode | (Number(st.mode) & S_ISGID) } : stored;
  ctx.attrs.set(st.ino, childKey(ctx, parent, name), a);
  directoryChanged(ctx, parent);
  dirtyEntry(ctx, parent, name);
}

/** A name under `parent` was made, removed or renamed: the backing directory's mtime is now the true one. */
export function directoryChanged(ctx: FsContext, parent: bigint): void {
  if (ctx.attrs.size === 0) return;
  const key = ctx.inodes.relative(parent)?.toString('latin1');
  const a = key === undefined ? undefined : ctx.attrs.ofPath(key);
  if (a?.mtimeNs === undefined) return;
  const { mtimeNs: _, ...rest } = a;
  ctx.attrs.set(statOf(nodePath(ctx, parent)).ino, key, rest);
}

/** Books a name removed from `parent`; `st` is what it was. */
export function entryRemoved(ctx: FsContext, parent: bigint, name: Buffer, st: BigIntStats): void {
  ctx.usage.removeEntry(ctx.policy, name.length);
  // Another hard link (only a deliberate defect makes one) keeps the inode and what is stored for it.
  if (ctx.attrs.size > 0 && (isDir(st) || st.nlink <= 1n)) ctx.attrs.drop(st.ino);
  directoryChanged(ctx, parent);
  dirtyEntry(ctx, parent, name);
  ctx.inodes.detach(parent, name);
}
