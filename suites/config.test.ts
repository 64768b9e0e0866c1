// Control-plane configuration of session storage: validation of filesystemConfigurations, what Get echoes, disabling,
// full-replacement updates and versions. Every test creates (and deletes) its own runtime. The bounds and examples come
// from the target profile (spec/profiles/), never from constants here.
import type { FilesystemConfiguration } from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect } from 'vitest';
import {
  conformanceTest,
  efsAccessPoint,
  expectValidationException,
  filesystemOverLimitCases,
  maximalCombination,
  mountPathCases,
  PLACEHOLDER_CAPACITY_PROVIDER,
  s3FilesAccessPoint,
  sessionStorage,
  suiteProfile,
  VPC_NETWORK,
  type NamedRequest,
} from '../fixtures/index.ts';

const profile = suiteProfile();

const storage = (mountPath: string): FilesystemConfiguration[] => [sessionStorage(mountPath)];
const mountPaths = mountPathCases(profile.mountPath);

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
  // Each list breaks exactly one limit of the profile and keeps every other rule.
  conformanceTest('cfg/at-most-one-session-storage').for(filesystemOverLimitCases(profile.mountPath))(
    'rejects $name',
    async ({ request }, { runtimes, observe }) => {
      const e = await expectValidationException(runtimes.create({ label: 'fs_list', ...request }), 'control', /^filesystemConfigurations/);
      observe('fieldList', (e.fieldList ?? []).map((f) => f.name).join(','));
    },
  );

  const clashes: NamedRequest[] = [
    { name: 'two mounts at one path', request: { networkConfiguration: VPC_NETWORK, filesystemConfigurations: [sessionStorage('/mnt/data'), efsAccessPoint('/mnt/data')] } },
    {
      name: 'one directory with and without a trailing slash',
      request: { networkConfiguration: VPC_NETWORK, filesystemConfigurations: [sessionStorage('/mnt/data'), efsAccessPoint('/mnt/data/')] },
    },
    { name: '/mnt/. holding /mnt/data', request: { networkConfiguration: VPC_NETWORK, filesystemConfigurations: [efsAccessPoint('/mnt/.'), sessionStorage('/mnt/data')] } },
  ];
  conformanceTest('cfg/mount-paths-unique').for(clashes)('rejects $name', async ({ request }, { runtimes, observe }) => {
    const e = await expectValidationException(runtimes.create({ label: 'fs_clash', ...request }), 'control', /^filesystemConfigurations/);
    observe('fieldList', (e.fieldList ?? []).map((f) => f.name).join(','));
  });

  conformanceTest('cfg/session-storage-with-byo', 'cfg/get-echoes')(
    'session storage with bring-your-own file systems up to the limits on a VPC runtime, echoed by Get',
    // cfg/get-echoes alone would make it a quick-tier test: the quick tier keeps its one echo check.
    { tier: 'standard' },
    async ({ runtimes, target, skip }) => {
      // The access points and the VPC are placeholders: a real service would try to attach them.
      if (target.kind !== 'emulator') skip('needs a VPC with EFS and S3 Files access points the runtime can mount; checked on the emulator');
      const combination = maximalCombination(profile.mountPath);
      const runtime = await runtimes.create({ label: 'fs_byo', networkConfiguration: VPC_NETWORK, filesystemConfigurations: combination });
      expect((await runtimes.get(runtime)).filesystemConfigurations).toEqual(combination);
    },
  );

  const publicByo: NamedRequest[] = [
    { name: 'an EFS access point on a PUBLIC runtime', request: { filesystemConfigurations: [sessionStorage('/mnt/s'), efsAccessPoint('/mnt/e')] } },
    { name: 'an S3 Files access point on a PUBLIC runtime', request: { filesystemConfigurations: [s3FilesAccessPoint('/mnt/f')] } },
  ];
  conformanceTest('cfg/session-storage-with-byo').for(publicByo)('rejects $name', async ({ request }, { runtimes, observe }) => {
    const e = await expectValidationException(runtimes.create({ label: 'fs_public', ...request }), 'control', /^(filesystemConfigurations|networkConfiguration)/);
    observe('fieldList', (e.fieldList ?? []).map((f) => f.name).join(','));
  });

  const onInstances: NamedRequest[] = [
    { name: 'session storage', request: { capacityProviderConfiguration: PLACEHOLDER_CAPACITY_PROVIDER, filesystemConfigurations: [sessionStorage('/mnt/s')] } },
    {
      name: 'an EFS access point (VPC)',
      request: { capacityProviderConfiguration: PLACEHOLDER_CAPACITY_PROVIDER, networkConfiguration: VPC_NETWORK, filesystemConfigurations: [efsAccessPoint('/mnt/e')] },
    },
  ];
  conformanceTest('cfg/no-session-storage-on-instances').for(onInstances)(
    'rejects $name alongside capacityProviderConfiguration',
    async ({ request }, { runtimes, observe }) => {
      const e = await expectValidationException(
        runtimes.create({ label: 'fs_inst', ...request }),
        'control',
        /^(filesystemConfigurations|capacityProviderConfiguration)/,
      );
      observe('reason', e.reason ?? null);
    },
  );

  conformanceTest('cfg/at-most-one-session-storage', 'cfg/mount-paths-unique', 'cfg/session-storage-with-byo', 'cfg/no-session-storage-on-instances')(
    'UpdateAgentRuntime applies the same rules and a refused update leaves the runtime as it was',
    async ({ runtimes, observe }) => {
      const runtime = await runtimes.create({ label: 'fs_upd_rules' });
      const before = await runtimes.get(runtime);
      const refused: NamedRequest[] = [
        filesystemOverLimitCases(profile.mountPath)[0]!,
        clashes[0]!,
        publicByo[0]!,
        onInstances[0]!,
        // Adding a capacity provider to a runtime that keeps its session storage.
        { name: 'capacityProviderConfiguration added', request: { capacityProviderConfiguration: PLACEHOLDER_CAPACITY_PROVIDER, filesystemConfigurations: storage(profile.mountPath.example) } },
      ];
      for (const { name, request } of refused) {
        const e = await expectValidationException(runtimes.update(runtime, request), 'control', /^(filesystemConfigurations|capacityProviderConfiguration|networkConfiguration)/);
        observe(`fieldList: ${name}`, (e.fieldList ?? []).map((f) => f.name).join(','));
      }
      const after = await runtimes.get(runtime);
      expect(after.agentRuntimeVersion).toBe(before.agentRuntimeVersion);
      expect(after.filesystemConfigurations).toEqual(before.filesystemConfigurations);
    },
  );
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

  conformanceTest('cfg/update-full-replacement')(
    'session storage added to an existing runtime by Update is echoed and mounted in its sessions',
    async ({ runtimes, sessions }) => {
      const runtime = await runtimes.create({ label: 'add_storage', filesystemConfigurations: undefined });
      expect('filesystemConfigurations' in (await runtimes.get(runtime))).toBe(false);
      const { ready } = await runtimes.update(runtime, { filesystemConfigurations: storage(profile.mountPath.example) });
      expect(ready.filesystemConfigurations).toEqual(storage(profile.mountPath.example));
      const session = sessions.open(runtime, { label: 'added' });
      await session.check(`echo here > ${session.mountPath}/f`);
      await session.stop();
      expect(await session.check(`cat ${session.mountPath}/f`)).toBe('here\n');
    },
  );

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
