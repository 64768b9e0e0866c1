// The session filesystem's share of the deliberate defects (emulator/deviations.ts): limits moved by one and
// refusals turned into silent successes, as data on the policy the server enforces. A normal run has none, and then
// the policy is returned unchanged.
import type { Deviation } from '../deviations.ts';
import type { PolicyDefects, SessionFsPolicy } from './policy.ts';

export function applyPolicyDeviations(policy: SessionFsPolicy, deviations: ReadonlySet<Deviation>): SessionFsPolicy {
  const l = policy.limits;
  const defects: PolicyDefects = {
    ...(deviations.has('hard-links-allowed') ? { allowHardLinks: true } : {}),
    ...(deviations.has('xattr-silently-accepted') ? { acceptXattrs: true } : {}),
    ...(deviations.has('fifos-allowed') ? { allowFifos: true } : {}),
  };
  const limits = {
    ...l,
    ...(deviations.has('name-limit-off-by-one') ? { nameBytes: l.nameBytes - 1 } : {}),
    ...(deviations.has('symlink-target-limit-off-by-one') ? { symlinkTargetBytes: l.symlinkTargetBytes - 1 } : {}),
    ...(deviations.has('depth-limit-off-by-one') ? { depth: l.depth + 1 } : {}),
  };
  const unchanged = Object.keys(defects).length === 0 && JSON.stringify(limits) === JSON.stringify(l);
  return unchanged ? policy : { ...policy, limits, defects: { ...policy.defects, ...defects } };
}
