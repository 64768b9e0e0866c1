// The session filesystem enforces what the emulator's target profile promises: its limits, and for each refusal the
// first errno of the profile's allowed set that FUSE can carry. (The kernel rejects replies with errors of 512 and
// above, so ENOTSUPP (524), which AgentCore's NFS mount returns for link(2), is skipped in favour of the next one.)
import { ERRNO, type ErrnoName } from '../../spec/errno.ts';
import type { ErrnoCase, Profile } from '../../spec/profile.ts';
import { DEFAULT_POLICY, ENTRY_OVERHEAD_BYTES, metadataBudget, minimumFits, type SessionFsPolicy, type SessionFsRefusals } from './policy.ts';
import { fuseCanCarry } from './protocol/errno.ts';

export class UnenforceableProfileError extends Error {
  override readonly name = 'UnenforceableProfileError';
}

/** The errno the filesystem answers for `op`: the first allowed one FUSE can carry. */
export function refusalErrno(profile: Profile, op: ErrnoCase): ErrnoName {
  const allowed = profile.errnos[op];
  const usable = allowed.find((name) => fuseCanCarry(ERRNO[name]));
  if (!usable)
    throw new UnenforceableProfileError(
      `profile '${profile.profile}' allows only [${allowed.join(', ')}] for ${op}, none of which a FUSE filesystem can return`,
    );
  return usable;
}

export function policyFromProfile(profile: Profile, base: SessionFsPolicy = DEFAULT_POLICY): SessionFsPolicy {
  const refusals: SessionFsRefusals = {
    hardLink: refusalErrno(profile, 'hardLink'),
    specialFile: refusalErrno(profile, 'specialFile'),
    xattr: refusalErrno(profile, 'xattr'),
    fallocate: refusalErrno(profile, 'fallocate'),
    storageFull: refusalErrno(profile, 'quota'),
    entriesFull: refusalErrno(profile, 'quota'),
    nameTooLong: refusalErrno(profile, 'nameTooLong'),
    symlinkTargetTooLong: refusalErrno(profile, 'symlinkTargetTooLong'),
    tooDeep: refusalErrno(profile, 'depthExceeded'),
  };
  const l = profile.limits;
  // The documented budget is a number of entries in a range; the emulator counts bytes (see policy.ts).
  const metadataBytes = metadataBudget(l.metadataEntries.max);
  if (!minimumFits(metadataBytes, ENTRY_OVERHEAD_BYTES, l.metadataEntries.min, l.nameBytes))
    throw new UnenforceableProfileError(
      `profile '${profile.profile}': a metadata budget sized for at most ${l.metadataEntries.max} short-named entries cannot hold ` +
        `${l.metadataEntries.min} files with ${l.nameBytes}-byte names; metadataEntries.max must be at least about twice min`,
    );
  return {
    ...base,
    limits: {
      storageBytes: l.storageBytes,
      metadataBytes,
      entryOverheadBytes: ENTRY_OVERHEAD_BYTES,
      depth: l.directoryDepth,
      nameBytes: l.nameBytes,
      symlinkTargetBytes: l.symlinkTargetBytes,
    },
    refusals,
    permissions: profile.permissions,
    locks: profile.locks.withinSession === 'unsupported' ? 'refuse' : 'kernel-local',
  };
}
