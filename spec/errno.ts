// The one place where errno names become numbers. Profiles and tests speak in symbolic names (portable, readable in a
// report); a target reports numbers (a command's `$?`, Node's `-524`). Linux numbering (x86_64 and arm64 agree).
//
// ENOTSUPP (524) is kernel-internal and has no libc name, yet it is what link(2) returns on AgentCore's mount, so it
// is listed. ENOTSUP and EOPNOTSUPP are the same number on Linux; both names are accepted and kept as written.

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EBADF: 9,
  EACCES: 13,
  EEXIST: 17,
  EXDEV: 18,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENOTTY: 25,
  EFBIG: 27,
  ENOSPC: 28,
  EROFS: 30,
  EMLINK: 31,
  ERANGE: 34,
  ENAMETOOLONG: 36,
  ENOLCK: 37,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ENODATA: 61,
  EOPNOTSUPP: 95,
  ENOTSUP: 95,
  EDQUOT: 122,
  ENOTSUPP: 524,
} as const;

export type ErrnoName = keyof typeof ERRNO;
export const ERRNO_NAMES = Object.freeze(Object.keys(ERRNO) as ErrnoName[]);

const isErrnoName = (value: string): value is ErrnoName => Object.hasOwn(ERRNO, value);

/** Every name a number goes by (95 → EOPNOTSUPP and ENOTSUP). Empty for an unknown number. */
export function errnoNames(value: number): ErrnoName[] {
  return ERRNO_NAMES.filter((name) => ERRNO[name] === Math.abs(value));
}

/**
 * Reads an errno as a target reports it: a name (`EPERM`), a number (`1`, `-524`, `'524'`) or Node's text
 * (`Unknown system error -524`). Returns the number, or undefined when it cannot be read.
 */
export function parseErrno(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? Math.abs(value) : undefined;
  const text = value.trim();
  if (isErrnoName(text)) return ERRNO[text];
  const match = /^(?:Unknown system error\s+)?(-?\d+)$/.exec(text);
  return match ? Math.abs(Number(match[1])) : undefined;
}

/** Whether an observed errno (any form parseErrno reads) is one of the allowed names. */
export function errnoAllowed(observed: string | number, allowed: readonly ErrnoName[]): boolean {
  const n = parseErrno(observed);
  return n !== undefined && allowed.some((name) => ERRNO[name] === n);
}

/** The name to show for an observed errno: the matching allowed name when there is one, else the first known name. */
export function errnoLabel(observed: string | number, allowed: readonly ErrnoName[] = []): string {
  const n = parseErrno(observed);
  if (n === undefined) return String(observed);
  return allowed.find((name) => ERRNO[name] === n) ?? errnoNames(n)[0] ?? String(n);
}
