// Regular files: CREATE, OPEN, READ, WRITE, FLUSH, FSYNC, RELEASE. The kernel opens files without asking (OPEN
// answers ENOSYS), so I/O reaches the backing file through the node's descriptor (node-files.ts), not a handle.
import { constants, fdatasyncSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { backingMode } from '../attrs.ts';
import { refuse } from '../policy.ts';
import { encodeEntryOut, encodeOpenOut, encodeWriteOut } from '../protocol/reply.ts';
import { childPath, dirtyNode, EMPTY, relativeKey, viewOf, type FsContext, type Handler } from '../context.ts';
import { checkNewName, creatorAttrs, entryCreated } from './new-entry.ts';

/** Only this server changes the backing files, so the kernel may keep a file's cached pages across opens. */
const FOPEN_KEEP_CACHE = 1 << 1;
/** The handle CREATE answers with: none of ours (RELEASE of it has nothing to close). */
const NO_HANDLE = 0n;

/** The backing descriptor of a regular file's node, read-write when `write` (see node-files.ts). */
const fdOf = (ctx: FsContext, nodeid: bigint, write = false): number => ctx.nodeFiles.fd(nodeid, ctx.inodes.path(nodeid), write);

export const create: Handler = (ctx, h, body) => {
  // The open(2) flags (O_APPEND, O_SYNC, O_DIRECT...) are the kernel's business: the node's descriptor serves every
  // later open of the file, so it is a plain read-write one.
  body.u32(); // flags
  const mode = body.u32();
  body.u32(); // umask
  body.u32();
  const name = body.name();
  checkNewName(ctx, name);
  const path = childPath(ctx, h.nodeid, name);
  const stored = creatorAttrs(ctx, h, h.nodeid, mode & 0o7777, false);
  const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, backingMode(mode & 0o7777, false));
  const st = fstatSync(fd, { bigint: true });
  entryCreated(ctx, h.nodeid, name, st, stored);
  const nodeid = ctx.inodes.remember(h.nodeid, name);
  ctx.nodeFiles.adopt(nodeid, fd);
  return [encodeEntryOut(nodeid, viewOf(ctx, st), ctx.ttl), encodeOpenOut(NO_HANDLE, FOPEN_KEEP_CACHE)];
};

/** The file's content changed: its backing mtime is now the true one, exactly. */
function contentChanged(ctx: FsContext, nodeid: bigint, ino: bigint): void {
  const a = ctx.attrs.ofIno(ino);
  if (a?.mtimeNs === undefined) return;
  const { mtimeNs: _, ...rest } = a;
  ctx.attrs.set(ino, relativeKey(ctx, nodeid), rest);
}

/**
 * ENOSYS makes the kernel open regular files on its own from then on (no OPEN, no RELEASE), keeping cached pages.
 * Nothing is lost: this server refused no open, and O_TRUNC arrives as a SETATTR of the size (no ATOMIC_O_TRUNC).
 */
export const open: Handler = () => {
  throw Object.assign(new Error('opens need no round trip'), { code: 'ENOSYS' });
};

export const read: Handler = (ctx, h, body) => {
  body.u64(); // fh: none of ours
  const offset = body.u64();
  const size = body.u32();
  const buf = Buffer.allocUnsafe(size);
  const n = readSync(fdOf(ctx, h.nodeid), buf, 0, size, offset);
  return buf.subarray(0, n);
};

export const write: Handler = (ctx, h, body) => {
  body.u64(); // fh
  const offset = Number(body.u64());
  const size = body.u32();
  body.u32(); // write_flags
  body.u64(); // lock_owner
  body.u32(); // flags
  body.u32();
  const data = body.bytes(size);
  const fd = fdOf(ctx, h.nodeid, true);
  const before = Number(fstatSync(fd).size);
  const allowed = ctx.usage.writable(ctx.policy, before, offset, size);
  if (allowed === 0) throw refuse(ctx.policy, 'storageFull', `write of ${size} bytes at ${offset}`);
  const written = writeSync(fd, data, 0, allowed, offset);
  ctx.usage.bytes += Math.max(before, offset + written) - before;
  if (ctx.attrs.size > 0) contentChanged(ctx, h.nodeid, fstatSync(fd, { bigint: true }).ino);
  dirtyNode(ctx, h.nodeid);
  return encodeWriteOut(written);
};

/** Writes go straight to the backing file, so close has nothing to flush: ENOSYS makes the kernel stop sending FLUSH,
 * one round trip less for every close(2). */
export const flush: Handler = () => {
  throw Object.assign(new Error('nothing to flush'), { code: 'ENOSYS' });
};

export const fsync: Handler = (ctx, h, body) => {
  body.u64(); // fh
  const flags = body.u32();
  const fd = fdOf(ctx, h.nodeid);
  if (flags & 1) fdatasyncSync(fd);
  else fsyncSync(fd);
  return EMPTY;
};

/** Only files made by CREATE are released, with no handle of ours: the node's descriptor stays for later opens. */
export const release: Handler = () => EMPTY;
