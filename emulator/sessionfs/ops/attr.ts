// GETATTR and SETATTR (chmod, chown, truncate, utimens). Timestamps keep nanoseconds on the way out; Node's utimes
// takes seconds as a double, so set times keep microseconds.
import { fstatSync, ftruncateSync, lchownSync, lutimesSync, chmodSync, truncateSync, type BigIntStats } from 'node:fs';
import { FATTR, GETATTR_FH } from '../protocol/opcodes.ts';
import { encodeAttrOut } from '../protocol/structs.ts';
import { dirtyNode, isRegular, nodePath, statOf, type FsContext, type Handler } from '../context.ts';

function statNode(ctx: FsContext, nodeid: bigint, fh: bigint | undefined): BigIntStats {
  const open = fh !== undefined ? ctx.files.get(fh) : undefined;
  // An unlinked but open file has no path any more; its handle still has the answer.
  if (open) return fstatSync(open.fd, { bigint: true });
  return statOf(nodePath(ctx, nodeid));
}

export const getattr: Handler = (ctx, h, body) => {
  const flags = body.u32();
  body.u32();
  const fh = body.u64();
  return encodeAttrOut(statNode(ctx, h.nodeid, flags & GETATTR_FH ? fh : undefined), ctx.policy.cacheSeconds.attr);
};

const seconds = (s: bigint, ns: number) => Number(s) + ns / 1e9;
const nsToSeconds = (ns: bigint) => Number(ns / 1000n) / 1e6;

export const setattr: Handler = (ctx, h, body) => {
  const valid = body.u32();
  body.u32();
  const fh = body.u64();
  const size = body.u64();
  body.u64(); // lock_owner
  const atime = body.u64();
  const mtime = body.u64();
  body.u64(); // ctime
  const atimensec = body.u32();
  const mtimensec = body.u32();
  body.u32();
  const mode = body.u32();
  body.u32();
  const uid = body.u32();
  const gid = body.u32();

  const open = valid & FATTR.FH ? ctx.files.get(fh) : undefined;
  const path = open ? undefined : nodePath(ctx, h.nodeid);
  if (valid & FATTR.SIZE) {
    const before = statNode(ctx, h.nodeid, open ? fh : undefined);
    if (isRegular(before)) {
      const delta = Number(size) - Number(before.size);
      ctx.usage.checkGrowth(ctx.policy, delta);
      if (open) ftruncateSync(open.fd, Number(size));
      else truncateSync(path!, Number(size));
      ctx.usage.bytes += delta;
    } else if (open) ftruncateSync(open.fd, Number(size));
    else truncateSync(path!, Number(size));
  }
  const target = path ?? nodePath(ctx, h.nodeid);
  if (valid & FATTR.MODE) chmodSync(target, mode & 0o7777);
  if (valid & (FATTR.UID | FATTR.GID)) {
    const st = statOf(target);
    lchownSync(target, valid & FATTR.UID ? uid : Number(st.uid), valid & FATTR.GID ? gid : Number(st.gid));
  }
  if (valid & (FATTR.ATIME | FATTR.MTIME | FATTR.ATIME_NOW | FATTR.MTIME_NOW)) {
    const st = statOf(target);
    const now = Date.now() / 1000;
    const a = valid & FATTR.ATIME_NOW ? now : valid & FATTR.ATIME ? seconds(atime, atimensec) : nsToSeconds(st.atimeNs);
    const m = valid & FATTR.MTIME_NOW ? now : valid & FATTR.MTIME ? seconds(mtime, mtimensec) : nsToSeconds(st.mtimeNs);
    lutimesSync(target, a, m);
  }
  dirtyNode(ctx, h.nodeid);
  return encodeAttrOut(statNode(ctx, h.nodeid, open ? fh : undefined), ctx.policy.cacheSeconds.attr);
};
