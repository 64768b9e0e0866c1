// The service's unsupported operations: xattrs, fallocate, and (as a profile option) locks. Each answers with the
// errno the policy names. ENOSYS is special in FUSE: the kernel remembers it and stops asking, answering EOPNOTSUPP
// itself, so an EOPNOTSUPP refusal is sent as ENOSYS to spare a round trip per file on every later write.
import { ERRNO } from '../../../spec/errno.ts';
import { FsError } from '../protocol/errno.ts';
import { refuse, type SessionFsRefusals } from '../policy.ts';
import { EMPTY, type FsContext, type Handler } from '../context.ts';

function refusal(what: keyof SessionFsRefusals, detail: string): Handler {
  return (ctx: FsContext) => {
    const err = refuse(ctx.policy, what, detail);
    throw err.errno === ERRNO.EOPNOTSUPP ? new FsError(ERRNO.ENOSYS, detail) : err;
  };
}

const refuseSetxattr = refusal('xattr', 'extended attributes are not supported');
/** Refused; a deliberate defect answers success and stores nothing. */
export const setxattr: Handler = (ctx, h, body) => (ctx.policy.defects?.acceptXattrs ? EMPTY : refuseSetxattr(ctx, h, body));
export const getxattr = refusal('xattr', 'extended attributes are not supported');
export const listxattr = refusal('xattr', 'extended attributes are not supported');
export const removexattr = refusal('xattr', 'extended attributes are not supported');
export const fallocate = refusal('fallocate', 'fallocate is not supported');

/** Only reached when the policy refuses locks (then INIT claimed lock support). */
export const lock: Handler = () => {
  throw Object.assign(new Error('locks refused'), { code: 'ENOLCK' });
};

/** No ioctls: FS_IOC_GETFLAGS and friends get "inappropriate ioctl", as on most filesystems. */
export const ioctl: Handler = () => {
  throw Object.assign(new Error('no ioctls'), { code: 'ENOTTY' });
};

/** Let the kernel fall back to its generic implementation. */
export const notImplemented: Handler = () => {
  throw Object.assign(new Error('not implemented'), { code: 'ENOSYS' });
};
