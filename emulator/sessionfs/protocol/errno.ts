// How a handler answers with an errno. The numbers come from spec/errno.ts, the one table of them.
import { constants } from 'node:os';

const E = constants.errno;

/** The kernel refuses a reply whose error is 512 or above (ENOTSUPP, 524, cannot be sent through FUSE). */
const FUSE_MAX_ERRNO = 511;

export const fuseCanCarry = (errno: number): boolean => errno > 0 && errno <= FUSE_MAX_ERRNO;

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
