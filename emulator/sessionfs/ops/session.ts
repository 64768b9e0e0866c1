// INIT, STATFS, ACCESS, DESTROY: the connection and the filesystem as a whole.
import { INIT_FLAG } from '../protocol/opcodes.ts';
import { encodeInitOut, encodeStatfsOut } from '../protocol/structs.ts';
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
  const wanted =
    INIT_FLAG.ASYNC_READ |
    INIT_FLAG.BIG_WRITES |
    INIT_FLAG.AUTO_INVAL_DATA |
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

/** Reports the session's limits, so `df` shows 1.0G and `df -i` the entry budget. */
export const statfs: Handler = (ctx) => {
  const { storageBytes, entries, nameBytes } = ctx.policy.limits;
  const blocks = BigInt(Math.ceil(storageBytes / PAGE));
  const free = BigInt(Math.max(0, Math.floor((storageBytes - ctx.usage.bytes) / PAGE)));
  const files = BigInt(entries);
  const ffree = BigInt(Math.max(0, entries - ctx.usage.entries));
  return encodeStatfsOut({ blocks, bfree: free, bavail: free, files, ffree, bsize: PAGE, namelen: nameBytes });
};

/** With default_permissions the kernel has already checked; nothing is left to refuse. */
export const access: Handler = () => EMPTY;

export const destroy: Handler = () => EMPTY;

/** Requests are answered in order by one thread, so the interrupted request was already answered. */
export const interrupt: Handler = () => undefined;
