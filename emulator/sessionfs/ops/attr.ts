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
import { FATTR, GETATTR_FH } from '../protocol/opcodes.ts';
import { encodeAttrOut } from '../protocol/structs.ts';
import { dirtyNode, isDir, isRegular, relativeKey, statOf, viewOf, type FsContext, type Handler, type OpenFile } from '../context.ts';

/** An open handle answers for an unlinked file, which has no path any more. */
function statNode(ctx: FsContext, nodeid: bigint, open: OpenFile | undefined): BigIntStats {
  if (open) return fstatSync(open.fd, { bigint: true });
  const path = ctx.inodes.path(nodeid);
  if (path === undefined) throw new FsError(ERRNO.ENOENT, `stale node ${nodeid}`);
  return statOf(path);
}

export const getattr: Handler = (ctx, h, body) => {
  const flags = body.u32();
  body.u32();
  const fh = body.u64();
  const open = flags & GETATTR_FH ? ctx.files.get(fh) : undefined;
  return encodeAttrOut(viewOf(ctx, statNode(ctx, h.nodeid, open)), ctx.policy.cacheSeconds.attr);
};

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
  const open = r.valid & FATTR.FH ? ctx.files.get(r.fh) : undefined;
  const path = open ? undefined : ctx.inodes.path(h.nodeid);
  if (!open && path === undefined) throw new FsError(ERRNO.ENOENT, `stale node ${h.nodeid}`);
  const before = statNode(ctx, h.nodeid, open);
  const dir = isDir(before);
  const stored: StoredAttrs = { ...ctx.attrs.ofIno(before.ino) };
  const shown = viewOf(ctx, before);

  if (r.valid & FATTR.SIZE) {
    const size = Number(r.size);
    if (isRegular(before)) ctx.usage.checkGrowth(ctx.policy, size - Number(before.size));
    if (open) ftruncateSync(open.fd, size);
    else truncateSync(path!, size);
    if (isRegular(before)) ctx.usage.bytes += size - Number(before.size);
    delete stored.mtimeNs; // the backing file's mtime moved to now, exactly
  }
  if (r.valid & FATTR.MODE) {
    const mode = r.mode & 0o7777;
    if (open) fchmodSync(open.fd, backingMode(mode, dir));
    else chmodSync(path!, backingMode(mode, dir));
    stored.mode = modeNeedsStoring(mode, dir) ? mode : undefined;
  }
  if (r.valid & (FATTR.UID | FATTR.GID)) {
    // Ids arrive as host ids; an id the session's range does not map cannot be stored (chown(2) says EINVAL too).
    if (r.valid & FATTR.UID) stored.uid = toInside(r.uid, ctx.ids.uid) ?? invalid(`uid ${r.uid}`);
    if (r.valid & FATTR.GID) stored.gid = toInside(r.gid, ctx.ids.gid) ?? invalid(`gid ${r.gid}`);
    // The backing owner stays the server's; chowning it to itself moves its ctime, as chown(2) does.
    if (open) fchownSync(open.fd, ctx.ids.uid, ctx.ids.gid);
    else lchownSync(path!, ctx.ids.uid, ctx.ids.gid);
  }
  if (r.valid & (FATTR.ATIME | FATTR.MTIME | FATTR.ATIME_NOW | FATTR.MTIME_NOW)) {
    setTimes(r, open, path, stored, shown);
  }
  ctx.attrs.set(before.ino, open ? relativeKey(ctx, open.nodeid) : relativeKey(ctx, h.nodeid), stored);
  dirtyNode(ctx, h.nodeid);
  return encodeAttrOut(viewOf(ctx, statNode(ctx, h.nodeid, open)), ctx.policy.cacheSeconds.attr);
};

const invalid = (what: string): never => {
  throw new FsError(ERRNO.EINVAL, `${what} is outside the session's id range`);
};

/**
 * Sets the backing times as closely as Node can, then stores each time the backing inode did not get exactly. A time
 * left unchanged keeps what the session saw; "now" is whatever the backing inode got.
 */
function setTimes(r: SetattrIn, open: OpenFile | undefined, path: Buffer | undefined, stored: StoredAttrs, shown: { atimeNs: bigint; mtimeNs: bigint }): void {
  const nowSeconds = Date.now() / 1000;
  const want = (now: number, set: number, value: bigint, old: bigint): bigint | 'now' => (r.valid & now ? 'now' : r.valid & set ? value : old);
  const a = want(FATTR.ATIME_NOW, FATTR.ATIME, r.atimeNs, shown.atimeNs);
  const m = want(FATTR.MTIME_NOW, FATTR.MTIME, r.mtimeNs, shown.mtimeNs);
  const seconds = (t: bigint | 'now') => (t === 'now' ? nowSeconds : asSeconds(t));
  if (open) futimesSync(open.fd, seconds(a), seconds(m));
  else lutimesSync(path!, seconds(a), seconds(m));
  const got = open ? fstatSync(open.fd, { bigint: true }) : statOf(path!);
  stored.atimeNs = a === 'now' || a === got.atimeNs ? undefined : a;
  stored.mtimeNs = m === 'now' || m === got.mtimeNs ? undefined : m;
}
