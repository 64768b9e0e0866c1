// Runtimes kept across a restart of the emulator: a registry opened on the same file sees what the last one left.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configOf, createInput, makeRegistry } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssc-registry-'));
  file = join(dir, 'runtimes.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('RuntimeRegistry with a persist file', () => {
  it('reopens with the same runtimes, versions, endpoints and configuration', async () => {
    const first = makeRegistry({ persistPath: file }).registry;
    const { agentRuntimeId: id, agentRuntimeArn } = first.createRuntime(createInput({ filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/data' } }] }));
    await first.updateRuntime(id, configOf({ description: 'second', filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/data' } }] }));
    first.createEndpoint(id, { name: 'prod', agentRuntimeVersion: '1' });

    const second = makeRegistry({ persistPath: file }).registry;
    expect(second.getRuntime(id).agentRuntimeArn).toBe(agentRuntimeArn);
    expect(second.listRuntimeVersions(id).items.map((v) => [v.agentRuntimeVersion, v.configuration.description])).toEqual([
      ['2', 'second'],
      ['1', undefined],
    ]);
    expect(Object.isFrozen(second.getRuntime(id, '1').configuration.filesystemConfigurations)).toBe(true);
    expect(second.getEndpoint(id, 'prod').targetVersion).toBe('1');
    // What the data plane resolves after the restart: the newest version and its mount.
    expect(second.resolve(agentRuntimeArn, undefined, undefined)).toMatchObject({ agentRuntimeVersion: '2', sessionStorage: { mountPath: '/mnt/data' } });
    // Numbering goes on where it stopped; names stay taken.
    expect((await second.updateRuntime(id, configOf())).agentRuntimeVersion).toBe('3');
    expect(() => second.createRuntime(createInput())).toThrow(/already exists/);
  });

  it('forgets a deleted runtime, and starts empty without a file', async () => {
    expect(makeRegistry({ persistPath: file }).registry.listRuntimes().items).toEqual([]);
    const first = makeRegistry({ persistPath: file }).registry;
    const { agentRuntimeId: id } = first.createRuntime(createInput());
    await first.deleteRuntime(id);
    expect(makeRegistry({ persistPath: file }).registry.listRuntimes().items).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ format: 1, runtimes: [] });
  });

  it('refuses a damaged file with its path instead of starting empty', async () => {
    await writeFile(file, '{"format":1,"runtimes":[');
    expect(() => makeRegistry({ persistPath: file })).toThrow(file);
  });
});
