// Linux errno numbers (x86_64/arm64 share these) for the names profiles and handlers use.
import { constants } from 'node:os';

const E = constants.errno;

export const ERRNO = {
  EPERM: E.EPERM,
  ENOENT: E.ENOENT,
  EIO: E.EIO,
  EBADF: E.EBADF,
  EACCES: E.EACCES,
  EEXIST: E.EEXIST,
  EXDEV: E.EXDEV,
  ENOTDIR: E.ENOTDIR,
  EISDIR: E.EISDIR,
  EINVAL: E.EINVAL,
  EFBIG: E.EFBIG,
  ENOSPC: E.ENOSPC,
  EROFS: E.EROFS,
  EMLINK: E.EMLINK,
  ENAMETOOLONG: E.ENAMETOOLONG,
  ENOLCK: E.ENOLCK,
  ENOSYS: E.ENOSYS,
  ENOTEMPTY: E.ENOTEMPTY,
  ELOOP: E.ELOOP,
  ENODATA: E.ENODATA,
  ENOTTY: E.ENOTTY,
  EOPNOTSUPP: E.EOPNOTSUPP,
  ENOTSUP: E.EOPNOTSUPP,
  EDQUOT: E.EDQUOT,
  ERANGE: E.ERANGE,
} as const;

export type ErrnoName = keyof typeof ERRNO;

export const isErrnoName = (s: string): s is ErrnoName => Object.hasOwn(ERRNO, s);

/** An errno a handler answers with; anything else thrown by a handler becomes EIO. */
export class FsError extends Error {
  constructor(readonly errno: number, message?: string) {
    super(message ?? `errno ${errno}`);
  }
}

/** Maps a Node fs error (`code: 'ENOENT'`) to its errno number; unknown codes are EIO. */
export function errnoOf(e: unknown): number {
  if (e instanceof FsError) return e.errno;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code && code in E) return E[code as keyof typeof E];
  return E.EIO;
}
