// GETATTR and SETATTR (chmod, chown, truncate, utimens). The backing inode takes what it can: the mode with the
// owner's access kept, the times as close as Node sets them (a double of seconds: microseconds at best, nothing
// before 1970). What it cannot hold exactly (another owner, a mode without the owner's access, a time to the
// nanosecond) is stored beside it (attrs.ts), so stat shows exactly what was set.
import {
  chmodSync, fchmodSync, fchownSync, fstatSync, ftruncateSync, futimesSync, lchownSync, lutimesSync, truncateSync, type BigIntStats,
} from 'node:fs';
import { backingMode, modeNeedsStoring, toInside, type StoredAttrs } from '../attrs.ts';
import { ERRNO } from '../../../spec/errno.ts';
import { FsError } from '../protocol/errno.ts';
import { FATTR } from '../protocol/opcodes.ts';
import { encodeAttrOut } from '../protocol/reply.ts';
import { dirtyNode, isDir, isRegular, relativeKey, statOf, viewOf, type FsContext, type Handler } from '../context.ts';

/**
 * Where a node's inode is reached: its path, or for a file unlinked while open (no path any more) the descriptor
 * kept for it (node-files.ts). Requests carry no handle of ours, so "by handle" is "by node" here.
 */
interface Target {
  path: Buffer | undefined;
  fd: number | undefined;
}

function target(ctx: FsContext, nodeid: bigint): Target {
  const path = ctx.inodes.path(nodeid);
  const fd = path === undefined ? ctx.nodeFiles.existing(nodeid) : undefined;
  if (path === undefined && fd === undefined) throw new FsError(ERRNO.ENOENT, `stale node ${nodeid}`);
  return { path, fd };
}

const statTarget = (t: Target): BigIntStats => (t.fd !== undefined ? fstatSync(t.fd, { bigint: true }) : statOf(t.path!));

export const getattr: Handler = (ctx, h) => encodeAttrOut(viewOf(ctx, statTarget(target(ctx, h.nodeid))), ctx.policy.cacheSeconds.attr);

const NS = 1_000_000_000n;
const nsOf = (seconds: bigint, nanos: number) => seconds * NS + BigInt(nanos);
/** The double Node passes to utimensat; libuv then keeps whole microseconds. Negative times would mean "now". */
const asSeconds = (ns: bigint) => (ns < 0n ? 0 : Number(ns / 1000n) / 1e6);

interface SetattrIn {
  valid: number;
  fh: bigint;
  size: bigint;
  atimeNs: bigint;
  mtimeNs: bigint;
  mode: number;
  uid: number;
  gid: number;
}

function decode(body: Parameters<Handler>[2]): SetattrIn {
  const valid = body.u32();
  body.u32();
  const fh = body.u64();
  const size = body.u64();
  body.u64(); // lock_owner
  const atime = body.i64();
  const mtime = body.i64();
  body.u64(); // ctime
  const atimensec = body.u32();
  const mtimensec = body.u32();
  body.u32();
  const mode = body.u32();
  body.u32();
  const uid = body.u32();
  const gid = body.u32();
  return { valid, fh, size, atimeNs: nsOf(atime, atimensec), mtimeNs: nsOf(mtime, mtimensec), mode, uid, gid };
}

export const setattr: Handler = (ctx, h, body) => {
  const r = decode(body);
  const t = target(ctx, h.nodeid);
  const { path, fd } = t;
  const before = statTarget(t);
  const dir = isDir(before);
  const stored: StoredAttrs = { ...ctx.attrs.ofIno(before.ino) };
  const shown = viewOf(ctx, before);

  if (r.valid & FATTR.SIZE) {
    const size = Number(r.size);
    if (isRegular(before)) ctx.usage.checkGrowth(ctx.policy, size - Number(before.size));
    if (fd !== undefined) ftruncateSync(fd, size);
    else truncateSync(path!, size);
    if (isRegular(before)) ctx.usage.bytes += size - Number(before.size);
    delete stored.mtimeNs; // the backing file's mtime moved to now, exactly
  }
  if (r.valid & FATTR.MODE) {
    const mode = r.mode & 0o7777;
    if (fd !== undefined) fchmodSync(fd, backingMode(mode, dir));
    else chmodSync(path!, backingMode(mode, dir));
    stored.mode = modeNeedsStoring(mode, dir) ? mode : undefined;
  }
  if (r.valid & (FATTR.UID | FATTR.GID)) {
    // Ids arrive as host ids; an id the session's range does not map cannot be stored (chown(2) says EINVAL too).
    if (r.valid & FATTR.UID) stored.uid = toInside(r.uid, ctx.ids.uid) ?? invalid(`uid ${r.uid}`);
    if (r.valid & FATTR.GID) stored.gid = toInside(r.gid, ctx.ids.gid) ?? invalid(`gid ${r.gid}`);
    // The backing owner stays the server's; chowning it to itself moves its ctime, as chown(2) does.
    if (fd !== undefined) fchownSync(fd, ctx.ids.uid, ctx.ids.gid);
    else lchownSync(path!, ctx.ids.uid, ctx.ids.gid);
  }
  if (r.valid & (FATTR.ATIME | FATTR.MTIME | FATTR.ATIME_NOW | FATTR.MTIME_NOW)) {
    setTimes(r, t, stored, shown);
  }
  ctx.attrs.set(before.ino, relativeKey(ctx, h.nodeid), stored);
  dirtyNode(ctx, h.nodeid);
  return encodeAttrOut(viewOf(ctx, statTarget(t)), ctx.policy.cacheSeconds.attr);
};

const invalid = (what: string): never => {
  throw new FsError(ERRNO.EINVAL, `${what} is outside the session's id range`);
};

/**
 * Sets the backing times as closely as Node can, then stores each time the backing inode did not get exactly. A time
 * left unchanged keeps what the session saw; "now" is whatever the backing inode got.
 */
function setTimes(r: SetattrIn, t: Target, stored: StoredAttrs, shown: { atimeNs: bigint; mtimeNs: bigint }): void {
  const nowSeconds = Date.now() / 1000;
  const want = (now: number, set: number, value: bigint, old: bigint): bigint | 'now' => (r.valid & now ? 'now' : r.valid & set ? value : old);
  const a = want(FATTR.ATIME_NOW, FATTR.ATIME, r.atimeNs, shown.atimeNs);
  const m = want(FATTR.MTIME_NOW, FATTR.MTIME, r.mtimeNs, shown.mtimeNs);
  const seconds = (t: bigint | 'now') => (t === 'now' ? nowSeconds : asSeconds(t));
  if (t.fd !== undefined) futimesSync(t.fd, seconds(a), seconds(m));
  else lutimesSync(t.path!, seconds(a), seconds(m));
  const got = statTarget(t);
  stored.atimeNs = a === 'now' || a === got.atimeNs ? undefined : a;
  stored.mtimeNs = m === 'now' || m === got.mtimeNs ? undefined : m;
}
