// INIT, STATFS, ACCESS, DESTROY: the connection and the filesystem as a whole.
import { SHORT_NAME_BYTES } from '../policy.ts';
import { INIT_FLAG } from '../protocol/opcodes.ts';
import { encodeInitOut, encodeStatfsOut } from '../protocol/reply.ts';
import { EMPTY, type Handler } from '../context.ts';

/** We speak 7.31: every layout this server reads is fixed at that minor. */
export const PROTOCOL_MINOR = 31;
export const MAX_WRITE = 1024 * 1024;
const PAGE = 4096;

export const init: Handler = (ctx, _h, body) => {
  const major = body.u32();
  const minor = body.u32();
  const maxReadahead = body.u32();
  const kernelFlags = body.u32();
  // No AUTO_INVAL_DATA: only this server changes the backing files, and every change passes through the kernel's
  // page cache first, so cached pages stay valid when the mtime moves (a warm file is read at page-cache speed).
  const wanted =
    INIT_FLAG.ASYNC_READ |
    INIT_FLAG.BIG_WRITES |
    INIT_FLAG.DO_READDIRPLUS |
    INIT_FLAG.READDIRPLUS_AUTO |
    INIT_FLAG.PARALLEL_DIROPS |
    INIT_FLAG.MAX_PAGES |
    INIT_FLAG.CACHE_SYMLINKS |
    // Claiming lock support means the kernel forwards locks to us, and we refuse them (profile option); leaving the
    // flags out keeps locks kernel-local, which is what sqlite, npm and pip need.
    (ctx.policy.locks === 'refuse' ? INIT_FLAG.POSIX_LOCKS | INIT_FLAG.FLOCK_LOCKS : 0);
  return encodeInitOut({
    major,
    minor: Math.min(minor, PROTOCOL_MINOR),
    maxReadahead,
    flags: kernelFlags & wanted,
    maxBackground: 64,
    congestionThreshold: 48,
    maxWrite: MAX_WRITE,
    timeGran: 1,
    maxPages: MAX_WRITE / PAGE,
  });
};

/**
 * Reports the session's limits, so `df` shows 1.0G. The metadata budget is bytes, so `df -i` shows the entries in
 * use and how many more short-named ones (the budget's unit, policy.ts) would fit: 200,000 on an empty mount.
 */
export const statfs: Handler = (ctx) => {
  const { storageBytes, metadataBytes, entryOverheadBytes, nameBytes } = ctx.policy.limits;
  const blocks = BigInt(Math.ceil(storageBytes / PAGE));
  const free = BigInt(Math.max(0, Math.floor((storageBytes - ctx.usage.bytes) / PAGE)));
  const room = Math.max(0, Math.floor((metadataBytes - ctx.usage.metadataBytes) / (entryOverheadBytes + SHORT_NAME_BYTES)));
  const files = BigInt(ctx.usage.entries + room);
  return encodeStatfsOut({ blocks, bfree: free, bavail: free, files, ffree: BigInt(room), bsize: PAGE, namelen: nameBytes });
};

/**
 * Reached only without default_permissions (permissions not enforced): access(2) and chdir then ask the filesystem,
 * and every access check succeeds. With default_permissions the kernel checks the stored modes and never asks.
 */
export const access: Handler = () => EMPTY;

export const destroy: Handler = () => EMPTY;

/** Requests are answered in order by one thread, so the interrupted request was already answered. */
export const interrupt: Handler = () => undefined;
