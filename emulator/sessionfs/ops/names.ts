// Operations on names: SYMLINK, READLINK, UNLINK, RENAME(2), and the refused LINK and special-file MKNOD.
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, linkSync, readlinkSync, renameSync, symlinkSync, unlinkSync, type BigIntStats } from 'node:fs';
import { backingMode } from '../attrs.ts';
import { checkName, checkSymlinkTarget, refuse } from '../policy.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { FsError } from '../protocol/errno.ts';
import { RENAME_EXCHANGE, RENAME_NOREPLACE } from '../protocol/opcodes.ts';
import { childKey, childPath, dirtyEntry, EMPTY, entryReply, isDir, isRegular, nodePath, statOf, type FsContext, type Handler } from '../context.ts';
import { checkDirectoryUnder, checkNewName, creatorAttrs, directoryChanged, entryCreated, entryRemoved } from './new-entry.ts';

export const symlink: Handler = (ctx, h, body) => {
  const name = body.name();
  const target = body.name();
  checkNewName(ctx, name);
  checkSymlinkTarget(ctx.policy, target);
  const path = childPath(ctx, h.nodeid, name);
  const stored = creatorAttrs(ctx, h, h.nodeid, undefined, false);
  symlinkSync(target, path);
  const st = statOf(path);
  entryCreated(ctx, h.nodeid, name, st, stored);
  return entryReply(ctx, h.nodeid, name, st);
};

export const readlink: Handler = (ctx, h) => readlinkSync(nodePath(ctx, h.nodeid), { encoding: 'buffer' });

/**
 * The name of a regular file is about to go: if the kernel still knows its node, the file may be open in the session
 * (opened without a round trip), so its descriptor is kept until the node is forgotten.
 */
function keepOpenIfKnown(ctx: FsContext, parent: bigint, name: Buffer, path: Buffer, st: BigIntStats): void {
  if (!isRegular(st)) return;
  const id = ctx.inodes.child(parent, name);
  if (id !== undefined) ctx.nodeFiles.pin(id, path);
}

/** Frees the bytes of a file whose last link is gone. */
function releaseBytes(ctx: FsContext, st: BigIntStats): void {
  if (isRegular(st) && st.nlink <= 1n) ctx.usage.bytes -= Number(st.size);
}

export const unlink: Handler = (ctx, h, body) => {
  const name = body.name();
  const path = childPath(ctx, h.nodeid, name);
  const st = statOf(path);
  keepOpenIfKnown(ctx, h.nodeid, name, path, st);
  unlinkSync(path);
  releaseBytes(ctx, st);
  entryRemoved(ctx, h.nodeid, name, st);
  return EMPTY;
};

function rename(ctx: FsContext, parent: bigint, name: Buffer, newParent: bigint, newName: Buffer, flags: number): Buffer {
  if (flags & RENAME_EXCHANGE) throw new FsError(ERRNO.EINVAL, 'RENAME_EXCHANGE is not supported');
  if (flags & ~RENAME_NOREPLACE) throw new FsError(ERRNO.EINVAL, `rename flags ${flags}`);
  checkName(ctx.policy, newName);
  const from = childPath(ctx, parent, name);
  const to = childPath(ctx, newParent, newName);
  const moving = statOf(from);
  let replaced: BigIntStats | undefined;
  try {
    replaced = statOf(to);
  } catch {
    replaced = undefined;
  }
  if (replaced && flags & RENAME_NOREPLACE) throw new FsError(ERRNO.EEXIST);
  if (isDir(moving) && newParent !== parent) checkDirectoryUnder(ctx, newParent, from);
  const same = replaced !== undefined && replaced.ino === moving.ino && replaced.dev === moving.dev;
  // The replaced entry's name is freed, the moved one takes a name of another length.
  const freed = replaced && !same ? newName.length : 0;
  ctx.usage.checkRename(ctx.policy, name.length + freed, newName.length);
  const fromKey = childKey(ctx, parent, name);
  const toKey = childKey(ctx, newParent, newName);
  if (replaced && !same) keepOpenIfKnown(ctx, newParent, newName, to, replaced);
  renameSync(from, to);
  if (replaced && !same) {
    releaseBytes(ctx, replaced);
    ctx.usage.removeEntry(ctx.policy, newName.length);
  }
  ctx.usage.renameEntry(name.length, newName.length);
  dirtyEntry(ctx, parent, name);
  ctx.inodes.detach(newParent, newName);
  ctx.inodes.move(parent, name, newParent, newName);
  dirtyEntry(ctx, newParent, newName);
  if (ctx.attrs.size > 0 && fromKey !== undefined && toKey !== undefined && !same) {
    // Stored attributes below a moved directory move with it, and must reach the replica's copy of it.
    for (const p of ctx.attrs.move(fromKey, toKey)) ctx.dirty(Buffer.from(p, 'latin1'));
    directoryChanged(ctx, parent);
    if (newParent !== parent) directoryChanged(ctx, newParent);
  }
  return EMPTY;
}

export const rename1: Handler = (ctx, h, body) => {
  const newParent = body.u64();
  const name = body.name();
  return rename(ctx, h.nodeid, name, newParent, body.name(), 0);
};

export const rename2: Handler = (ctx, h, body) => {
  const newParent = body.u64();
  const flags = body.u32();
  body.u32();
  const name = body.name();
  return rename(ctx, h.nodeid, name, newParent, body.name(), flags);
};

/** Hard links are in the service's table of unsupported operations (made only under a deliberate defect). */
export const link: Handler = (ctx, h, body) => {
  if (!ctx.policy.defects?.allowHardLinks) throw refuse(ctx.policy, 'hardLink', 'hard links are not supported');
  const existing = nodePath(ctx, body.u64());
  const name = body.name();
  checkNewName(ctx, name);
  const path = childPath(ctx, h.nodeid, name);
  linkSync(existing, path);
  ctx.usage.addEntry(ctx.policy, name.length);
  directoryChanged(ctx, h.nodeid);
  dirtyEntry(ctx, h.nodeid, name);
  return entryReply(ctx, h.nodeid, name, statOf(path));
};

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFIFO = 0o010000;

/** MKNOD carries FIFOs, sockets (bind of AF_UNIX) and devices: all refused (FIFOs made only under a deliberate
 * defect). A plain file is created. */
export const mknod: Handler = (ctx, h, body) => {
  const mode = body.u32();
  body.u32(); // rdev
  body.u32(); // umask
  body.u32();
  const name = body.name();
  const fifo = (mode & S_IFMT) === S_IFIFO && ctx.policy.defects?.allowFifos;
  if ((mode & S_IFMT) !== S_IFREG && !fifo) throw refuse(ctx.policy, 'specialFile', `mknod type ${(mode & S_IFMT).toString(8)}`);
  checkNewName(ctx, name);
  const path = childPath(ctx, h.nodeid, name);
  const stored = creatorAttrs(ctx, h, h.nodeid, mode & 0o7777, false);
  // Node has no mkfifo(3); the FIFO defect is a deliberate bug, so a child process is good enough for it.
  if (fifo) execFileSync('mkfifo', ['-m', backingMode(mode & 0o7777, false).toString(8), '--', path.toString()]);
  else closeSync(openSync(path, 'wx', backingMode(mode & 0o7777, false)));
  const st = statOf(path);
  entryCreated(ctx, h.nodeid, name, st, stored);
  return entryReply(ctx, h.nodeid, name, st);
};

