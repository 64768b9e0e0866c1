import { describe, expect, it } from 'vitest';
import { DEVIATIONS, parseDeviations } from '../../emulator/deviations.ts';
import { DEFAULT_POLICY } from '../../emulator/sessionfs/policy.ts';
import { applyPolicyDeviations } from '../../emulator/sessionfs/policy-deviations.ts';

describe('parseDeviations', () => {
  it('accepts a comma-separated list of known names', () => {
    expect([...parseDeviations('no-persist-on-stop, shared-storage')]).toEqual(['no-persist-on-stop', 'shared-storage']);
    expect(parseDeviations(undefined).size).toBe(0);
  });
  it('rejects an unknown name and lists the valid ones', () => {
    expect(() => parseDeviations('no-such')).toThrow(/Unknown deviation 'no-such'. Valid deviations: .*no-persist-on-stop/);
  });
  it('names, for every deviation, the claim it breaks', () => {
    for (const d of Object.values(DEVIATIONS)) expect(d.breaks).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
  });
});

describe('applyPolicyDeviations', () => {
  it('leaves the policy as it is without filesystem deviations', () => {
    expect(applyPolicyDeviations(DEFAULT_POLICY, parseDeviations('no-persist-on-stop,shared-storage'))).toBe(DEFAULT_POLICY);
  });
  it('moves each limit by one in the direction its deviation names, and turns refusals into defects', () => {
    const p = applyPolicyDeviations(
      DEFAULT_POLICY,
      parseDeviations('name-limit-off-by-one,symlink-target-limit-off-by-one,depth-limit-off-by-one,hard-links-allowed,xattr-silently-accepted,fifos-allowed'),
    );
    const l = DEFAULT_POLICY.limits;
    expect(p.limits).toEqual({ ...l, nameBytes: l.nameBytes - 1, symlinkTargetBytes: l.symlinkTargetBytes - 1, depth: l.depth + 1 });
    expect(p.defects).toEqual({ allowHardLinks: true, acceptXattrs: true, allowFifos: true });
    expect(p.refusals).toEqual(DEFAULT_POLICY.refusals);
  });
});
