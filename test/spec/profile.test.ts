import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { claimIds } from '../../spec/claims.ts';
import { ERRNO_NAMES } from '../../spec/errno.ts';
import { loadProfile, parseProfile, PROFILE_SCHEMA, PROFILES_DIR, ProfileValidationError } from '../../spec/profile.ts';
import { profilePath } from '../../spec/profile-selection.ts';
import { GUIDE_URL, haveSources, quoteFound } from './__test-helpers__/sources.ts';

const FILE = '/profiles/emulator.yaml';
const EMULATOR = readFileSync(join(PROFILES_DIR, 'emulator.yaml'), 'utf8');
const ids = claimIds();

function problems(text: string, file = FILE): string[] {
  try {
    parseProfile(text, file, { claimIds: ids });
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileValidationError);
    expect((e as Error).message.startsWith(`${file}: invalid target profile`)).toBe(true);
    return [...(e as ProfileValidationError).issues];
  }
  return [];
}

describe('bundled profiles', () => {
  test.for(['agentcore', 'emulator'])('%s loads, is frozen and hashed', (name) => {
    const loaded = loadProfile(join(PROFILES_DIR, `${name}.yaml`), { claimIds: ids });
    expect(loaded.profile.profile).toBe(name);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(loaded.profile)).toBe(true);
    expect(Object.isFrozen(loaded.profile.errnos.hardLink)).toBe(true);
    expect(loaded.profile.mountPath).toMatchObject({
      minLength: 6,
      maxLength: 200,
      maxFilesystemConfigurations: 5,
      maxSessionStorage: 1,
      maxS3FilesAccessPoints: 2,
      maxEfsAccessPoints: 2,
    });
    expect(loaded.profile.lifecycle).toEqual({ idleTimeoutSeconds: 900, maxLifetimeSeconds: 28800, storeIdleExpirySeconds: 14 * 86400 });
  });

  test('agentcore: documented errno sets and the 14-day claim not verifiable, with sources', () => {
    const { profile } = loadProfile(join(PROFILES_DIR, 'agentcore.yaml'), { claimIds: ids });
    expect(profile.errnos.hardLink).toEqual(['ENOTSUPP', 'EOPNOTSUPP', 'EPERM']);
    expect(profile.errnos.specialFile).toEqual(['EPERM', 'EOPNOTSUPP']);
    expect(profile.errnos.quota).toEqual(['ENOSPC', 'EDQUOT']);
    expect(profile.limits).toEqual({ storageBytes: 2 ** 30, metadataEntries: { min: 100_000, max: 200_000 }, directoryDepth: 200, nameBytes: 255, symlinkTargetBytes: 4095 });
    expect(profile.errnos.disabledMount).toEqual(['EACCES']);
    expect(profile.locks).toEqual({ withinSession: 'supported', crossSession: 'not-applicable' });
    expect(profile.api.commandOutput).toEqual({ chunkBytes: 65_536, responseBytes: 100 * 2 ** 20 });
    expect(profile.notVerifiable['life/idle-expiry-14d']).toBe('needs 14 days; use the canary mode');
    expect(profile.sources['limits.nameBytes']?.quote).toContain('255-byte names');
  });

  test('agentcore: every value the Developer Guide gives cites it', () => {
    const { profile } = loadProfile(join(PROFILES_DIR, 'agentcore.yaml'), { claimIds: ids });
    const fromGuide = [
      'limits.storageBytes', 'limits.metadataEntries', 'limits.directoryDepth', 'limits.nameBytes', 'limits.symlinkTargetBytes',
      'errnos.specialFile', 'errnos.xattr', 'errnos.fallocate', 'locks.withinSession', 'permissions',
      'lifecycle.idleTimeoutSeconds', 'lifecycle.maxLifetimeSeconds', 'lifecycle.storeIdleExpirySeconds',
      'mountPath.pattern', 'mountPath.minLength', 'mountPath.maxLength',
      'api.sessionId.minLength', 'api.command', 'api.timeoutSeconds', 'api.commandOutput.chunkBytes', 'api.commandOutput.responseBytes',
    ];
    expect(fromGuide.filter((key) => !profile.sources[key]?.document.startsWith(GUIDE_URL))).toEqual([]);
  });

  test.skipIf(!haveSources).for(['agentcore', 'emulator'])('%s: every quote in sources appears verbatim in its document', (name) => {
    const { profile } = loadProfile(join(PROFILES_DIR, `${name}.yaml`), { claimIds: ids });
    expect(Object.entries(profile.sources).filter(([, s]) => !quoteFound(s)).map(([key, s]) => `${key}: ${s.quote}`)).toEqual([]);
  });

  test('permissions: AgentCore documents them not enforced; absent means enforced (POSIX)', () => {
    expect(loadProfile(join(PROFILES_DIR, 'agentcore.yaml'), { claimIds: ids }).profile.permissions).toBe('not-enforced');
    expect(parseProfile(EMULATOR.replace(/^permissions: .*$/m, ''), FILE, { claimIds: ids }).permissions).toBe('enforced');
    expect(problems(EMULATOR.replace(/^permissions: .*$/m, 'permissions: sometimes'))).toEqual([expect.stringMatching(/permissions/)]);
  });

  test('sessions: the emulator states what it does, AgentCore observes; absent (or a key absent) means observe', () => {
    const agentcore = loadProfile(join(PROFILES_DIR, 'agentcore.yaml'), { claimIds: ids }).profile;
    expect(agentcore.sessions).toEqual({ acrossQualifiers: 'observe', pinnedEndpointAfterUpdate: 'observe' });
    const emulator = parseProfile(EMULATOR, FILE, { claimIds: ids });
    expect(emulator.sessions).toEqual({ acrossQualifiers: 'separate', pinnedEndpointAfterUpdate: 'kept' });
    const without = EMULATOR.replace(/^sessions:\n(  .*\n)+/m, '');
    expect(parseProfile(without, FILE, { claimIds: ids }).sessions).toEqual({ acrossQualifiers: 'observe', pinnedEndpointAfterUpdate: 'observe' });
    const half = EMULATOR.replace(/^  pinnedEndpointAfterUpdate: .*\n/m, '');
    expect(parseProfile(half, FILE, { claimIds: ids }).sessions).toEqual({ acrossQualifiers: 'separate', pinnedEndpointAfterUpdate: 'observe' });
    expect(problems(EMULATOR.replace('acrossQualifiers: separate', 'acrossQualifiers: both'))).toEqual([expect.stringMatching(/sessions\.acrossQualifiers/)]);
  });

  test('the schema lists exactly the errno names spec/errno.ts maps', () => {
    expect(PROFILE_SCHEMA.definitions.errno.enum).toEqual([...ERRNO_NAMES]);
  });
});

describe('a broken profile fails with a message naming the file and the key', () => {
  test('unknown key', () => {
    expect(problems(EMULATOR.replace('  nameBytes: 255', '  nameBytes: 255\n  nameByte: 255'))).toEqual([
      "unknown key 'limits.nameByte' (valid keys here: storageBytes, metadataEntries, directoryDepth, nameBytes, symlinkTargetBytes)",
    ]);
    expect(problems(`${EMULATOR}\nretries: 2\n`)[0]).toMatch(/^unknown key 'retries' \(valid keys here: profile, .*retry, sources\)$/);
  });

  test('wrong type', () => {
    expect(problems(EMULATOR.replace('nameBytes: 255', 'nameBytes: "255"'))).toEqual(["key 'limits.nameBytes': expected integer, received string \"255\""]);
    expect(problems(EMULATOR.replace('withinSession: supported', 'withinSession: maybe'))).toEqual([
      "key 'locks.withinSession': expected one of supported, unsupported, observe, received string \"maybe\"",
    ]);
    expect(problems(EMULATOR.replace('hardLink: [ENOTSUPP, EOPNOTSUPP, EPERM]', 'hardLink: [ENOTSUP, EBOGUS]'))[0]).toMatch(/^key 'errnos\.hardLink\[1\]': expected one of EPERM, .*, received string "EBOGUS"$/);
  });

  test('missing required key', () => {
    expect(problems(EMULATOR.replace(/^ {2}nameBytes: 255\n/m, ''))).toEqual(["missing required key 'limits.nameBytes'"]);
    expect(problems(EMULATOR.replace(/^lifecycle:\n(  .*\n)+/m, ''))).toEqual(["missing required key 'lifecycle'"]);
  });

  test('rules beyond the schema: unknown claim ids, source keys, name, ranges, pattern', () => {
    expect(problems(EMULATOR.replace('notVerifiable: {}', 'notVerifiable:\n  life/histroy-resume: typo'))).toEqual(["key 'notVerifiable.life/histroy-resume': unknown claim id (not in spec/claims.yaml)"]);
    expect(problems(EMULATOR.replace('  lifecycle.storeIdleExpirySeconds:', '  lifecycle.storeIdleExpiry:'))).toEqual(["key 'sources.lifecycle.storeIdleExpiry': names no declared value of this profile"]);
    expect(problems(EMULATOR, '/elsewhere/vendor.yaml')).toEqual(["key 'profile': expected 'vendor' (the file's name), received string \"emulator\""]);
    expect(problems(EMULATOR.replace('minLength: 6', 'minLength: 300'))).toEqual(["key 'mountPath': expected the minimum (300) to be at most the maximum (200)"]);
    expect(problems(EMULATOR.replace("pattern: '^/mnt/[a-zA-Z0-9._-]+/?$'", "pattern: '^/mnt/[a-z'"))[0]).toMatch(/^key 'mountPath.pattern': expected a regular expression/);
  });

  test('YAML errors and an unreadable file', () => {
    expect(problems(`${EMULATOR}\nretry: 1\n`)[0]).toMatch(/^YAML: Map keys must be unique/);
    expect(() => loadProfile('/nonexistent/profile.yaml')).toThrow(/\/nonexistent\/profile.yaml: invalid target profile.*\n.*cannot read the profile: ENOENT/);
  });

  test('defaults: optional sections are filled in', () => {
    const minimal = EMULATOR.replace(/^notVerifiable: \{\}\n/m, '').replace(/^expectedFailures: \{\}\n/m, '').replace(/^retry: 0\n/m, '').replace(/^sources:\n(  .*\n)+/m, '');
    const profile = parseProfile(minimal, FILE);
    expect(profile).toMatchObject({ notVerifiable: {}, expectedFailures: {}, retry: 0, sources: {} });
  });
});

describe('profilePath', () => {
  test('default: the profile named after the target', () => {
    expect(profilePath({}, 'emulator', '/cwd')).toBe(join(PROFILES_DIR, 'emulator.yaml'));
    expect(profilePath({}, 'agentcore', '/cwd')).toBe(join(PROFILES_DIR, 'agentcore.yaml'));
  });
  test('SSC_PROFILE: a bundled name, or a file relative to the working directory', () => {
    expect(profilePath({ SSC_PROFILE: 'agentcore' }, 'emulator', '/cwd')).toBe(join(PROFILES_DIR, 'agentcore.yaml'));
    expect(profilePath({ SSC_PROFILE: 'vendor/acme.yaml' }, 'emulator', '/cwd')).toBe('/cwd/vendor/acme.yaml');
    expect(profilePath({ SSC_PROFILE: '/abs/acme.yaml' }, 'emulator', '/cwd')).toBe('/abs/acme.yaml');
  });
});
