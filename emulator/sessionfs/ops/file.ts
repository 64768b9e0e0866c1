// Regular files: CREATE, OPEN, READ, WRITE, FLUSH, FSYNC, RELEASE. Handles wrap real fds on the backing file.
import { closeSync, constants, fdatasyncSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { backingMode } from '../attrs.ts';
import { refuse } from '../policy.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { FsError } from '../protocol/errno.ts';
import { encodeEntryOut, encodeOpenOut, encodeWriteOut } from '../protocol/structs.ts';
import { childPath, dirtyNode, EMPTY, nodePath, relativeKey, statOf, viewOf, type FsContext, type Handler, type OpenFile } from '../context.ts';
import { checkNewName, creatorAttrs, entryCreated } from './new-entry.ts';

/** Only this server changes the backing files, so the kernel may keep a file's cached pages across opens. */
const FOPEN_KEEP_CACHE = 1 << 1;

/**
 * The kernel computes every write offset itself (it resolves O_APPEND against the size it knows), so the backing
 * fd must not append on its own; O_CREAT/O_EXCL were handled by CREATE, and O_TRUNC by a SETATTR.
 */
const BACKING_DROP = constants.O_APPEND | constants.O_CREAT | constants.O_EXCL | constants.O_NOCTTY | constants.O_TRUNC;
const O_ACCMODE = 3;
const backingFlags = (flags: number) => {
  const access = flags & O_ACCMODE;
  // Write-only handles are opened read-write: the kernel may read pages of them to complete partial writes.
  return ((flags & ~BACKING_DROP & ~O_ACCMODE) | (access === constants.O_WRONLY ? constants.O_RDWR : access)) >>> 0;
};

function file(ctx: FsContext, fh: bigint): OpenFile {
  const f = ctx.files.get(fh);
  if (!f) throw new FsError(ERRNO.EBADF, `no file handle ${fh}`);
  return f;
}

export const create: Handler = (ctx, h, body) => {
  const flags = body.u32();
  const mode = body.u32();
  body.u32(); // umask
  body.u32();
  const name = body.name();
  checkNewName(ctx, name);
  const path = childPath(ctx, h.nodeid, name);
  const stored = creatorAttrs(ctx, h, h.nodeid, mode & 0o7777, false);
  const fd = openSync(path, backingFlags(flags) | constants.O_CREAT | constants.O_EXCL, backingMode(mode & 0o7777, false));
  const st = fstatSync(fd, { bigint: true });
  entryCreated(ctx, h.nodeid, name, st, stored);
  const nodeid = ctx.inodes.remember(h.nodeid, name);
  const fh = ctx.files.add({ fd, nodeid });
  return [encodeEntryOut(nodeid, viewOf(ctx, st), ctx.ttl), encodeOpenOut(fh, FOPEN_KEEP_CACHE)];
};

/** The file's content changed: its backing mtime is now the true one, exactly. */
function contentChanged(ctx: FsContext, nodeid: bigint, ino: bigint): void {
  const a = ctx.attrs.ofIno(ino);
  if (a?.mtimeNs === undefined) return;
  const { mtimeNs: _, ...rest } = a;
  ctx.attrs.set(ino, relativeKey(ctx, nodeid), rest);
}

export const open: Handler = (ctx, h, body) => {
  const flags = body.u32();
  const path = nodePath(ctx, h.nodeid);
  if (flags & constants.O_TRUNC) {
    const before = statOf(path);
    const fd = openSync(path, backingFlags(flags) | constants.O_TRUNC);
    ctx.usage.bytes -= Number(before.size);
    if (ctx.attrs.size > 0) contentChanged(ctx, h.nodeid, before.ino);
    dirtyNode(ctx, h.nodeid);
    return encodeOpenOut(ctx.files.add({ fd, nodeid: h.nodeid }), FOPEN_KEEP_CACHE);
  }
  return encodeOpenOut(ctx.files.add({ fd: openSync(path, backingFlags(flags)), nodeid: h.nodeid }), FOPEN_KEEP_CACHE);
};

export const read: Handler = (ctx, _h, body) => {
  const fh = body.u64();
  const offset = body.u64();
  const size = body.u32();
  const buf = Buffer.allocUnsafe(size);
  const n = readSync(file(ctx, fh).fd, buf, 0, size, offset);
  return buf.subarray(0, n);
};

export const write: Handler = (ctx, _h, body) => {
  const fh = body.u64();
  const offset = Number(body.u64());
  const size = body.u32();
  body.u32(); // write_flags
  body.u64(); // lock_owner
  body.u32(); // flags
  body.u32();
  const data = body.bytes(size);
  const f = file(ctx, fh);
  const before = Number(fstatSync(f.fd).size);
  const allowed = ctx.usage.writable(ctx.policy, before, offset, size);
  if (allowed === 0) throw refuse(ctx.policy, 'storageFull', `write of ${size} bytes at ${offset}`);
  const written = writeSync(f.fd, data, 0, allowed, offset);
  ctx.usage.bytes += Math.max(before, offset + written) - before;
  if (ctx.attrs.size > 0) contentChanged(ctx, f.nodeid, fstatSync(f.fd, { bigint: true }).ino);
  dirtyNode(ctx, f.nodeid);
  return encodeWriteOut(written);
};

/** Writes go straight to the backing file, so close has nothing to flush: ENOSYS makes the kernel stop sending FLUSH,
 * one round trip less for every close(2). */
export const flush: Handler = () => {
  throw Object.assign(new Error('nothing to flush'), { code: 'ENOSYS' });
};

export const fsync: Handler = (ctx, _h, body) => {
  const fh = body.u64();
  const flags = body.u32();
  const { fd } = file(ctx, fh);
  if (flags & 1) fdatasyncSync(fd);
  else fsyncSync(fd);
  return EMPTY;
};

export const release: Handler = (ctx, _h, body) => {
  const f = ctx.files.remove(body.u64());
  if (f) closeSync(f.fd);
  return EMPTY;
};
