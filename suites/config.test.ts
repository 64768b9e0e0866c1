// Control-plane configuration of session storage: validation of filesystemConfigurations, what Get echoes, disabling,
// full-replacement updates and versions. Every test creates (and deletes) its own runtime. The bounds and examples come
// from the target profile (spec/profiles/), never from constants here.
import type { FilesystemConfiguration } from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect } from 'vitest';
import { conformanceTest, expectValidationException, filesystemListBounds, mountPathCases, suiteProfile } from '../fixtures/index.ts';

const profile = suiteProfile();

const storage = (mountPath: string): FilesystemConfiguration[] => [{ sessionStorage: { mountPath } }];
const efs = (i: number): FilesystemConfiguration => ({
  efsAccessPoint: { accessPointArn: `arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef${i}`, mountPath: `/mnt/efs${i}` },
});
const mountPaths = mountPathCases(profile.mountPath);
const { sessionStorageOverLimit, configurationsOverLimit } = filesystemListBounds(profile.mountPath);

describe('filesystemConfigurations[].sessionStorage.mountPath', () => {
  const valid = mountPaths.valid;
  conformanceTest('cfg/mount-path-pattern', 'cfg/get-echoes').for(valid)(
    'accepts $name and Get echoes it',
    async ({ mountPath }, { runtimes }) => {
      const runtime = await runtimes.create({ label: 'mount_ok', filesystemConfigurations: storage(mountPath) });
      const out = await runtimes.get(runtime);
      expect(out.filesystemConfigurations).toEqual(storage(mountPath));
    },
  );

  const invalid = mountPaths.invalid;
  conformanceTest('cfg/mount-path-pattern').for(invalid)('rejects $name', async ({ mountPath }, { runtimes, observe }) => {
    const e = await expectValidationException(
      runtimes.create({ label: 'mount_bad', filesystemConfigurations: storage(mountPath) }),
      'control',
      /mountPath$/,
    );
    observe('reason', e.reason ?? null);
  });
});

describe('filesystemConfigurations list rules', () => {
  const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  const cases: [string, FilesystemConfiguration[], RegExp][] = [
    [
      `${sessionStorageOverLimit} sessionStorage elements (max ${profile.mountPath.maxSessionStorage})`,
      upTo(sessionStorageOverLimit).flatMap((i) => storage(`/mnt/s${i}`)),
      /^filesystemConfigurations/,
    ],
    [
      `${configurationsOverLimit} configurations (max ${profile.mountPath.maxFilesystemConfigurations})`,
      [...storage(profile.mountPath.example), ...upTo(configurationsOverLimit - 1).map(efs)],
      /^filesystemConfigurations$/,
    ],
  ];
  conformanceTest('cfg/at-most-one-session-storage').for(cases)('rejects %s', async ([, configs, field], { runtimes, observe }) => {
    const e = await expectValidationException(runtimes.create({ label: 'fs_list', filesystemConfigurations: configs }), 'control', field);
    observe('fieldList', (e.fieldList ?? []).map((f) => f.name).join(','));
  });
});

describe('UpdateAgentRuntime', () => {
  conformanceTest('cfg/get-echoes')('Get echoes the configuration set by Update exactly', async ({ runtimes }) => {
    const runtime = await runtimes.create({ label: 'echo_upd', filesystemConfigurations: storage('/mnt/workspace') });
    expect((await runtimes.get(runtime)).filesystemConfigurations).toEqual(storage('/mnt/workspace'));
    const { ready } = await runtimes.update(runtime, { filesystemConfigurations: storage('/mnt/data/') });
    expect(ready.filesystemConfigurations).toEqual(storage('/mnt/data/'));
  });

  conformanceTest('cfg/disable-empty-array')('an empty array disables session storage: Get has no filesystemConfigurations key', async ({ runtimes }) => {
    const runtime = await runtimes.create({ label: 'disable' });
    expect('filesystemConfigurations' in (await runtimes.get(runtime))).toBe(true);
    const { ready } = await runtimes.update(runtime, { filesystemConfigurations: [] });
    expect('filesystemConfigurations' in ready).toBe(false);
    expect('filesystemConfigurations' in (await runtimes.get(runtime))).toBe(false);
  });

  conformanceTest('cfg/update-full-replacement')('an Update that omits filesystemConfigurations removes it', async ({ runtimes }) => {
    const runtime = await runtimes.create({ label: 'replace' });
    expect((await runtimes.get(runtime)).filesystemConfigurations).toEqual(storage('/mnt/workspace'));
    const { ready } = await runtimes.update(runtime, { filesystemConfigurations: undefined, description: 'updated without filesystems' });
    expect(ready.description).toBe('updated without filesystems'); // the Update took effect
    expect('filesystemConfigurations' in ready).toBe(false);
  });

  conformanceTest('cfg/version-bump')(
    'every Update creates a new immutable version and DEFAULT follows the latest',
    async ({ runtimes, target, observe }) => {
      const paths = ['/mnt/v1', '/mnt/v2', '/mnt/v3'] as const;
      const runtime = await runtimes.create({ label: 'versions', filesystemConfigurations: storage(paths[0]) });
      const first = await runtimes.get(runtime);
      expect(first.agentRuntimeVersion).toBe('1');
      for (const [i, path] of paths.slice(1).entries()) {
        const { updated, ready } = await runtimes.update(runtime, { filesystemConfigurations: storage(path) });
        expect(updated.agentRuntimeVersion).toBe(String(i + 2));
        expect(ready.agentRuntimeVersion).toBe(String(i + 2));
      }
      expect([...(await runtimes.versions(runtime))].sort()).toEqual(['1', '2', '3']);
      for (const [i, path] of paths.entries()) {
        const old = await runtimes.get(runtime, String(i + 1));
        expect(old.agentRuntimeVersion).toBe(String(i + 1));
        expect(old.filesystemConfigurations).toEqual(storage(path));
      }
      expect((await runtimes.get(runtime)).filesystemConfigurations).toEqual(storage(paths[2]));
      await expect
        .poll(async () => {
          const e = await runtimes.endpoint(runtime);
          return { liveVersion: e.liveVersion, targetVersion: e.targetVersion };
        }, { timeout: target.settleTimeoutMs, interval: 250 })
        .toEqual({ liveVersion: '3', targetVersion: '3' });
      observe('versions', 3);
    },
  );
});
