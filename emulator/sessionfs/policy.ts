// What the session filesystem enforces, as data (from the target profile), and the pure checks over it.
import { ERRNO, type ErrnoName } from '../../spec/errno.ts';
import { FsError } from './protocol/errno.ts';

export interface SessionFsLimits {
  /** Total bytes of regular-file content. */
  storageBytes: number;
  /** The metadata budget in bytes: each file, directory and symlink costs `entryOverheadBytes` plus its name's bytes. */
  metadataBytes: number;
  entryOverheadBytes: number;
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
  /**
   * `enforced`: the kernel checks every access against the stored modes (POSIX). `not-enforced`: modes are stored and
   * shown by stat, but no access check by mode fails under the mount, whoever asks (AgentCore's Developer Guide, S5).
   */
  permissions: 'enforced' | 'not-enforced';
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

/**
 * The metadata budget as bytes. The Developer Guide gives "~50 MB" of filesystem metadata, "Approximately
 * 100,000–200,000 files": a budget in bytes, so how many entries fit depends on their names. Each entry costs
 * ENTRY_OVERHEAD_BYTES (an inode record plus the fixed part of a directory entry, about what ext4 spends) plus its
 * name's bytes. The budget holds `max` entries with SHORT_NAME_BYTES-byte names (200,000 × 262 = 52.4 MB, the guide's
 * ~50 MB), so short names stop near `max`, while `min` files in directories of 1,000 with names of the longest length
 * still fit (100,100 × (256 + 255) = 51.2 MB).
 */
export const ENTRY_OVERHEAD_BYTES = 256;
export const SHORT_NAME_BYTES = 6;
/** Files per directory assumed when checking that `min` files "with their directories" fit. */
const FILES_PER_DIRECTORY = 1000;

export const metadataBudget = (maxEntries: number): number => maxEntries * (ENTRY_OVERHEAD_BYTES + SHORT_NAME_BYTES);

/** Whether `minEntries` files with names of `nameBytes`, plus one directory per 1,000 of them, fit in `budget`. */
export const minimumFits = (budget: number, overhead: number, minEntries: number, nameBytes: number): boolean =>
  (minEntries + Math.ceil(minEntries / FILES_PER_DIRECTORY)) * (overhead + nameBytes) <= budget;

/** AgentCore's documented limits, and the errnos a Linux filesystem would give. */
export const DEFAULT_POLICY: SessionFsPolicy = {
  limits: {
    storageBytes: 1024 ** 3,
    metadataBytes: metadataBudget(200_000),
    entryOverheadBytes: ENTRY_OVERHEAD_BYTES,
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
  permissions: 'enforced',
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

/** Metadata bytes one entry named with `nameLength` bytes costs. */
export const entryCost = (p: SessionFsPolicy, nameLength: number): number => p.limits.entryOverheadBytes + nameLength;

/**
 * Usage as the server tracks it: `bytes` counts regular-file sizes, `entries` every name below the root, and
 * `metadataBytes` what those entries cost of the metadata budget.
 */
export class Usage {
  constructor(
    public bytes: number,
    public entries: number,
    public metadataBytes: number,
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

  checkNewEntry(p: SessionFsPolicy, nameLength: number): void {
    const cost = entryCost(p, nameLength);
    if (this.metadataBytes + cost > p.limits.metadataBytes)
      throw refuse(p, 'entriesFull', `entry ${this.entries + 1} (${cost} bytes of metadata, ${this.metadataBytes} used)`);
  }

  addEntry(p: SessionFsPolicy, nameLength: number): void {
    this.entries++;
    this.metadataBytes += entryCost(p, nameLength);
  }

  removeEntry(p: SessionFsPolicy, nameLength: number): void {
    this.entries--;
    this.metadataBytes -= entryCost(p, nameLength);
  }

  /** A rename to a longer name needs the difference in room. */
  checkRename(p: SessionFsPolicy, oldLength: number, newLength: number): void {
    const growth = newLength - oldLength;
    if (growth > 0 && this.metadataBytes + growth > p.limits.metadataBytes) throw refuse(p, 'entriesFull', `rename needs ${growth} more bytes of metadata`);
  }

  renameEntry(oldLength: number, newLength: number): void {
    this.metadataBytes += newLength - oldLength;
  }
}
