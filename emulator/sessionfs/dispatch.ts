// The opcode table and the rule that every request gets an answer: a handler's FsError becomes its errno, any other
// failure (a bug, a short message) becomes EIO, an unknown opcode ENOSYS. A client is never left hanging.
import type { FsContext, Handler, Reply } from './context.ts';
import { ERRNO } from '../../spec/errno.ts';
import { errnoOf } from './protocol/errno.ts';
import { NO_REPLY, OP } from './protocol/opcodes.ts';
import { encodeOutHeader } from './protocol/reply.ts';
import { BodyReader, decodeInHeader, IN_HEADER_SIZE, type InHeader } from './protocol/request.ts';
import { getattr, setattr } from './ops/attr.ts';
import { fsyncdir, mkdir, opendir, readdir, readdirplus, releasedir, rmdir } from './ops/dir.ts';
import { batchForget, forget, lookup } from './ops/entry.ts';
import { create, flush, fsync, open, read, release, write } from './ops/file.ts';
import { link, mknod, readlink, rename1, rename2, symlink, unlink } from './ops/names.ts';
import { access, destroy, init, interrupt, statfs } from './ops/session.ts';
import { fallocate, getxattr, ioctl, listxattr, lock, notImplemented, removexattr, setxattr } from './ops/unsupported.ts';

export const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [OP.INIT, init],
  [OP.DESTROY, destroy],
  [OP.LOOKUP, lookup],
  [OP.FORGET, forget],
  [OP.BATCH_FORGET, batchForget],
  [OP.GETATTR, getattr],
  [OP.SETATTR, setattr],
  [OP.READLINK, readlink],
  [OP.SYMLINK, symlink],
  [OP.MKNOD, mknod],
  [OP.MKDIR, mkdir],
  [OP.UNLINK, unlink],
  [OP.RMDIR, rmdir],
  [OP.RENAME, rename1],
  [OP.RENAME2, rename2],
  [OP.LINK, link],
  [OP.OPEN, open],
  [OP.READ, read],
  [OP.WRITE, write],
  [OP.STATFS, statfs],
  [OP.RELEASE, release],
  [OP.FSYNC, fsync],
  [OP.FLUSH, flush],
  [OP.SETXATTR, setxattr],
  [OP.GETXATTR, getxattr],
  [OP.LISTXATTR, listxattr],
  [OP.REMOVEXATTR, removexattr],
  [OP.OPENDIR, opendir],
  [OP.READDIR, readdir],
  [OP.READDIRPLUS, readdirplus],
  [OP.RELEASEDIR, releasedir],
  [OP.FSYNCDIR, fsyncdir],
  [OP.ACCESS, access],
  [OP.CREATE, create],
  [OP.INTERRUPT, interrupt],
  [OP.FALLOCATE, fallocate],
  [OP.GETLK, lock],
  [OP.SETLK, lock],
  [OP.SETLKW, lock],
  [OP.IOCTL, ioctl],
  [OP.LSEEK, notImplemented],
  [OP.COPY_FILE_RANGE, notImplemented],
  [OP.BMAP, notImplemented],
  [OP.POLL, notImplemented],
]);

export interface Dispatched {
  header: InHeader | undefined;
  /** The reply to write (header + body), or undefined when the request takes none. */
  reply: Buffer[] | undefined;
  errno: number;
}

/** Handles one raw request. Pure apart from what the handlers do to the backing directory. */
export function dispatch(ctx: FsContext, message: Buffer, onError?: (h: InHeader, e: unknown) => void): Dispatched {
  let header: InHeader;
  try {
    header = decodeInHeader(message);
  } catch {
    // Without a header there is no `unique` to answer to; the kernel never sends this.
    return { header: undefined, reply: undefined, errno: ERRNO.EIO };
  }
  const handler = HANDLERS.get(header.opcode);
  let body: Reply;
  let errno = 0;
  try {
    if (!handler) throw Object.assign(new Error('unknown opcode'), { code: 'ENOSYS' });
    body = handler(ctx, header, new BodyReader(message.subarray(IN_HEADER_SIZE, header.len)));
  } catch (e) {
    errno = errnoOf(e);
    if (errno === ERRNO.EIO) onError?.(header, e);
    body = undefined;
  }
  if (errno === 0 && (body === undefined || NO_REPLY.has(header.opcode))) return { header, reply: undefined, errno: 0 };
  if (NO_REPLY.has(header.opcode) || header.opcode === OP.INTERRUPT) return { header, reply: undefined, errno };
  const parts = errno !== 0 || body === undefined ? [] : Array.isArray(body) ? body : [body];
  const length = parts.reduce((n, p) => n + p.length, 0);
  return { header, reply: [encodeOutHeader(header.unique, errno, length), ...parts], errno };
}
