// Control-plane configuration of session storage: validation of filesystemConfigurations, what Get echoes, disabling,
// full-replacement updates and versions. Every test creates (and deletes) its own runtime.
import type { FilesystemConfiguration } from '@aws-sdk/client-bedrock-agentcore-control';
import { describe, expect } from 'vitest';
import { conformanceTest, expectValidationException } from '../fixtures/index.ts';

const storage = (mountPath: string): FilesystemConfiguration[] => [{ sessionStorage: { mountPath } }];
const efs = (i: number): FilesystemConfiguration => ({
  efsAccessPoint: { accessPointArn: `arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef${i}`, mountPath: `/mnt/efs${i}` },
});
const MAX_PATH = `/mnt/${'a'.repeat(195)}`; // 200 chars, the longest allowed
const LONG_PATH = `/mnt/${'a'.repeat(196)}`; // 201 chars

describe('filesystemConfigurations[].sessionStorage.mountPath', () => {
  const valid: { name: string; mountPath: string }[] = [
    { name: '/mnt/workspace (documented example)', mountPath: '/mnt/workspace' },
    { name: '/mnt/data/ (a trailing slash)', mountPath: '/mnt/data/' },
    { name: '/mnt/a.b_c-d (all punctuation)', mountPath: '/mnt/a.b_c-d' },
    { name: '/mnt/aaa… (200 chars, the maximum)', mountPath: MAX_PATH },
  ];
  conformanceTest('cfg/mount-path-pattern', 'cfg/get-echoes').for(valid)(
    'accepts $name and Get echoes it',
    async ({ mountPath }, { runtimes }) => {
      const runtime = await runtimes.create({ label: 'mount_ok', filesystemConfigurations: storage(mountPath) });
      const out = await runtimes.get(runtime);
      expect(out.filesystemConfigurations).toEqual(storage(mountPath));
    },
  );

  const invalid: { name: string; mountPath: string }[] = [
    { name: '/tmp/x (not under /mnt)', mountPath: '/tmp/x' },
    { name: '/mnt (/mnt itself)', mountPath: '/mnt' },
    { name: '/mnt/ (no subdirectory)', mountPath: '/mnt/' },
    { name: '/mnt/a/b (two levels)', mountPath: '/mnt/a/b' },
    { name: '/mnt/a b (a space)', mountPath: '/mnt/a b' },
    { name: '/mnt/aaa… (201 chars)', mountPath: LONG_PATH },
    { name: '/abcd (5 chars)', mountPath: '/abcd' },
  ];
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
  const cases: [string, FilesystemConfiguration[], RegExp][] = [
    ['two sessionStorage elements', [...storage('/mnt/one'), ...storage('/mnt/two')], /^filesystemConfigurations/],
    ['six configurations (max 5)', [...storage('/mnt/workspace'), ...[1, 2, 3, 4, 5].map(efs)], /^filesystemConfigurations$/],
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
