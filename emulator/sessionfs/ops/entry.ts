// LOOKUP and FORGET: how the kernel learns and drops node ids.
import type { BigIntStats } from 'node:fs';
import { checkName } from '../policy.ts';
import { encodeEntryOut } from '../protocol/reply.ts';
import { childPath, entryReply, statOf, type FsContext, type Handler } from '../context.ts';

export const lookup: Handler = (ctx, h, body) => {
  const name = body.name();
  checkName(ctx.policy, name);
  let st: BigIntStats;
  try {
    st = statOf(childPath(ctx, h.nodeid, name));
  } catch (e) {
    // A negative entry (node id 0) with a lifetime lets the kernel cache "does not exist": tools probe for many
    // missing files (python imports, git, shells on PATH). Only this server creates names, and creating one
    // replaces the cached negative entry, so the cache cannot go stale.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return encodeEntryOut(0n, NEGATIVE_ATTRS, ctx.ttl);
    throw e;
  }
  return entryReply(ctx, h.nodeid, name, st);
};

const NEGATIVE_ATTRS = { ino: 0n, size: 0n, blocks: 0n, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n, mode: 0n, nlink: 0n, uid: 0n, gid: 0n, rdev: 0n, blksize: 0n } as unknown as BigIntStats;

const forgetNode = (ctx: FsContext, id: bigint, nlookup: number) => {
  if (ctx.inodes.forget(id, nlookup)) ctx.nodeFiles.forget(id);
};

export const forget: Handler = (ctx, h, body) => {
  forgetNode(ctx, h.nodeid, Number(body.u64()));
  return undefined;
};

export const batchForget: Handler = (ctx, _h, body) => {
  const count = body.u32();
  body.u32();
  for (let i = 0; i < count; i++) {
    const id = body.u64();
    forgetNode(ctx, id, Number(body.u64()));
  }
  return undefined;
};
