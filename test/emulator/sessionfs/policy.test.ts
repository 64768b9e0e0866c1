// The session filesystem's policy as derived from a profile: the permissions setting picks the mount options, and the
// metadata budget in bytes holds what the Developer Guide's "~50 MB ... approximately 100,000–200,000 files" says.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountOptions } from '../../../emulator/sessionfs/mount.ts';
import { ENTRY_OVERHEAD_BYTES, Usage, type SessionFsPolicy } from '../../../emulator/sessionfs/policy.ts';
import { policyFromProfile, UnenforceableProfileError } from '../../../emulator/sessionfs/policy-from-profile.ts';
import { loadProfile, PROFILES_DIR, type Profile } from '../../../spec/profile.ts';

const profile = (name: string): Profile => loadProfile(join(PROFILES_DIR, `${name}.yaml`)).profile;

/** How many entries of `nameBytes`-byte names fit, created one by one as the server books them. */
function fill(policy: SessionFsPolicy, nameBytes: number, perDirectory?: number): number {
  const usage = new Usage(0, 0, 0);
  for (;;) {
    const dir = perDirectory !== undefined && usage.entries % (perDirectory + 1) === 0;
    const length = dir ? 4 : nameBytes;
    try {
      usage.checkNewEntry(policy, length);
    } catch {
      return usage.entries;
    }
    usage.addEntry(policy, length);
  }
}

describe('permissions', () => {
  it('default_permissions (the kernel checks modes) only when the profile enforces them', () => {
    expect(mountOptions({ permissions: 'enforced' })).toContain(',default_permissions');
    expect(mountOptions({ permissions: 'not-enforced' })).not.toContain('default_permissions');
    expect(mountOptions({ permissions: 'not-enforced' })).toContain('allow_other');
  });

  it.each([
    ['agentcore', 'not-enforced'],
    ['emulator', 'not-enforced'],
  ])('the %s profile gives %s', (name, expected) => {
    expect(policyFromProfile(profile(name)).permissions).toBe(expected);
  });
});

describe('the metadata budget in bytes', () => {
  const policy = policyFromProfile(profile('agentcore'));

  it('is about 50 MB: 256 bytes per entry plus its name', () => {
    expect(policy.limits.entryOverheadBytes).toBe(ENTRY_OVERHEAD_BYTES);
    expect(policy.limits.metadataBytes).toBe(52_400_000);
  });

  it('holds at least 100,000 files with the longest names, in directories of 1,000', () => {
    const entries = fill(policy, 255, 1000);
    expect(entries).toBeGreaterThanOrEqual(100_100);
    expect(entries).toBeLessThan(110_000);
  });

  it('holds no more than about 200,000 short-named entries', () => {
    expect(fill(policy, 6)).toBe(200_000);
    expect(fill(policy, 1)).toBeLessThanOrEqual(205_000);
  });

  it('a profile whose minimum cannot fit next to its maximum is refused, naming both', () => {
    const p = profile('emulator');
    const narrow = { ...p, limits: { ...p.limits, metadataEntries: { min: 150_000, max: 200_000 } } };
    expect(() => policyFromProfile(narrow)).toThrow(UnenforceableProfileError);
    expect(() => policyFromProfile(narrow)).toThrow(/150000 files with 255-byte names/);
  });
});
