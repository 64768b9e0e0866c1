// What the session filesystem enforces, as data (from the target profile), and the pure checks over it.
import { ERRNO, FsError, type ErrnoName } from './protocol/errno.ts';

export interface SessionFsLimits {
  /** Total bytes of regular-file content. */
  storageBytes: number;
  /** Files, directories and symlinks (the "metadata" budget). */
  entries: number;
  /** Directory levels below the mount root. */
  depth: number;
  nameBytes: number;
  symlinkTargetBytes: number;
}

/** The errno each refusal answers with. */
export interface SessionFsRefusals {
  hardLink: ErrnoName;
  specialFile: ErrnoName;
  xattr: ErrnoName;
  fallocate: ErrnoName;
  storageFull: ErrnoName;
  entriesFull: ErrnoName;
  nameTooLong: ErrnoName;
  symlinkTargetTooLong: ErrnoName;
  tooDeep: ErrnoName;
}

export interface SessionFsPolicy {
  limits: SessionFsLimits;
  refusals: SessionFsRefusals;
  /** `kernel-local`: locks work within the session (sqlite needs them); `refuse`: ENOLCK like the reported NFS mount. */
  locks: 'kernel-local' | 'refuse';
  /** Kernel cache lifetimes; safe to make long because only this server changes the backing directory. */
  cacheSeconds: { entry: number; attr: number };
  /** Deliberate defects (emulator/deviations.ts, set by policy-deviations.ts); absent in a normal run. */
  defects?: PolicyDefects;
}

export interface PolicyDefects {
  /** LINK makes a real hard link. */
  allowHardLinks?: boolean;
  /** SETXATTR answers success and stores nothing. */
  acceptXattrs?: boolean;
  /** MKNOD of a FIFO makes one. */
  allowFifos?: boolean;
}

/** AgentCore's documented limits, and the errnos a Linux filesystem would give. */
export const DEFAULT_POLICY: SessionFsPolicy = {
  limits: {
    storageBytes: 1024 ** 3,
    entries: 100_000,
    depth: 200,
    nameBytes: 255,
    symlinkTargetBytes: 4095,
  },
  refusals: {
    hardLink: 'EPERM',
    specialFile: 'EPERM',
    xattr: 'EOPNOTSUPP',
    fallocate: 'EOPNOTSUPP',
    storageFull: 'ENOSPC',
    entriesFull: 'ENOSPC',
    nameTooLong: 'ENAMETOOLONG',
    symlinkTargetTooLong: 'ENAMETOOLONG',
    tooDeep: 'ENAMETOOLONG',
  },
  locks: 'kernel-local',
  cacheSeconds: { entry: 60, attr: 60 },
};

export const refuse = (p: SessionFsPolicy, what: keyof SessionFsRefusals, detail: string): FsError =>
  new FsError(ERRNO[p.refusals[what]], detail);

export function checkName(p: SessionFsPolicy, name: Buffer): void {
  if (name.length > p.limits.nameBytes) throw refuse(p, 'nameTooLong', `name of ${name.length} bytes`);
}

export function checkSymlinkTarget(p: SessionFsPolicy, target: Buffer): void {
  if (target.length > p.limits.symlinkTargetBytes) throw refuse(p, 'symlinkTargetTooLong', `target of ${target.length} bytes`);
}

/** A directory whose path has `depth` components (the root's children have depth 1). */
export function checkDirectoryDepth(p: SessionFsPolicy, depth: number): void {
  if (depth > p.limits.depth) throw refuse(p, 'tooDeep', `directory at depth ${depth}`);
}

/** Usage as the server tracks it; `bytes` counts regular-file sizes, `entries` every name below the root. */
export class Usage {
  constructor(
    public bytes: number,
    public entries: number,
  ) {}

  /** How many of `length` bytes written at `offset` into a file of `size` fit in the quota (0 = none). */
  writable(p: SessionFsPolicy, size: number, offset: number, length: number): number {
    const end = offset + length;
    if (end <= size) return length;
    const room = p.limits.storageBytes - this.bytes;
    const growthAllowed = Math.max(0, room);
    const maxEnd = Math.max(size, Math.min(end, size + growthAllowed));
    return Math.max(0, maxEnd - offset);
  }

  checkGrowth(p: SessionFsPolicy, delta: number): void {
    if (delta > 0 && this.bytes + delta > p.limits.storageBytes) throw refuse(p, 'storageFull', `${delta} more bytes`);
  }

  checkNewEntry(p: SessionFsPolicy): void {
    if (this.entries + 1 > p.limits.entries) throw refuse(p, 'entriesFull', `entry ${this.entries + 1}`);
  }
}
