import { describe, it, expect } from 'vitest';
import type { RuntimeEvent } from '../../../emulator/control/data-plane-view.ts';
import { ACCOUNT, REGION, awsError, awsErrorAsync, configOf, createInput, makeRegistry } from './helpers.ts';

const STORAGE = [{ sessionStorage: { mountPath: '/mnt/workspace' } }];

describe('RuntimeRegistry: runtimes and versions', () => {
  it('creates version 1 with a <name>-<10 alphanumerics> id and runtime ARN', () => {
    const { registry } = makeRegistry();
    const v = registry.createRuntime(createInput());
    expect(v.agentRuntimeId).toMatch(/^myAgent-[a-zA-Z0-9]{10}$/);
    expect(v.agentRuntimeArn).toBe(`arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:runtime/${v.agentRuntimeId}`);
    expect(v.agentRuntimeVersion).toBe('1');
  });

  it('refuses a second runtime with the same name (ConflictException), allows it after delete', async () => {
    const { registry } = makeRegistry();
    const v = registry.createRuntime(createInput());
    expect(awsError(() => registry.createRuntime(createInput())).name).toBe('ConflictException');
    await registry.deleteRuntime(v.agentRuntimeId);
    expect(registry.createRuntime(createInput()).agentRuntimeVersion).toBe('1');
  });

  it('replays a Create with the same clientToken, refuses the token with other parameters', () => {
    const { registry } = makeRegistry();
    const token = 'a'.repeat(40);
    const first = registry.createRuntime(createInput({ clientToken: token }));
    expect(registry.createRuntime(createInput({ clientToken: token })).agentRuntimeId).toBe(first.agentRuntimeId);
    const e = awsError(() => registry.createRuntime(createInput({ clientToken: token, description: 'other' })));
    expect(e.name).toBe('ValidationException');
    expect(e.members.reason).toBe('IdempotentParameterMismatchException');
  });

  it('Update creates version N+1 as a full replacement; old versions stay as they were', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(
      createInput({ filesystemConfigurations: STORAGE, description: 'd1', environmentVariables: { A: '1' } }),
    );
    const v2 = await registry.updateRuntime(id, configOf({ description: 'd2' }));
    expect(v2.agentRuntimeVersion).toBe('2');
    const latest = registry.getRuntime(id);
    expect(latest.agentRuntimeVersion).toBe('2');
    expect(latest.configuration.description).toBe('d2');
    expect(latest.configuration).not.toHaveProperty('filesystemConfigurations');
    expect(latest.configuration).not.toHaveProperty('environmentVariables');
    const v1 = registry.getRuntime(id, '1');
    expect(v1.configuration.filesystemConfigurations).toEqual(STORAGE);
    expect(v1.configuration.description).toBe('d1');
    expect(Object.isFrozen(v1.configuration.filesystemConfigurations)).toBe(true);
  });

  it('filesystemConfigurations: [] stores no key at all', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput({ filesystemConfigurations: STORAGE }));
    await registry.updateRuntime(id, configOf({ filesystemConfigurations: [] }));
    expect('filesystemConfigurations' in registry.getRuntime(id).configuration).toBe(false);
    expect(registry.resolve(id, undefined, ACCOUNT).sessionStorage).toBeUndefined();
  });

  it('unknown id or version is ResourceNotFoundException', () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    expect(awsError(() => registry.getRuntime('nope-0123456789')).name).toBe('ResourceNotFoundException');
    expect(awsError(() => registry.getRuntime(id, '2')).name).toBe('ResourceNotFoundException');
  });

  it('replays an Update with the same clientToken without creating another version', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    const token = 'b'.repeat(40);
    await registry.updateRuntime(id, configOf(), token);
    const again = await registry.updateRuntime(id, configOf(), token);
    expect(again.agentRuntimeVersion).toBe('2');
    expect(registry.listRuntimeVersions(id).items.map((v) => v.agentRuntimeVersion)).toEqual(['2', '1']);
  });

  it('Delete removes the runtime at once', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    expect(await registry.deleteRuntime(id)).toEqual({ agentRuntimeId: id });
    expect(awsError(() => registry.getRuntime(id)).name).toBe('ResourceNotFoundException');
    expect(awsError(() => registry.resolve(id, undefined, ACCOUNT)).name).toBe('ResourceNotFoundException');
  });

  it('Delete of one version is refused while an endpoint targets it', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    await registry.updateRuntime(id, configOf());
    expect((await awsErrorAsync(() => registry.deleteRuntime(id, '2'))).name).toBe('ConflictException');
    await registry.deleteRuntime(id, '1');
    expect(awsError(() => registry.getRuntime(id, '1')).name).toBe('ResourceNotFoundException');
    expect(registry.getRuntime(id).agentRuntimeVersion).toBe('2');
  });
});

describe('RuntimeRegistry: status transitions', () => {
  it('with transitionMs 0: Create answers CREATING, Update UPDATING, any later read READY', async () => {
    const { registry } = makeRegistry();
    const created = registry.createRuntime(createInput());
    expect(created.status).toBe('CREATING');
    expect(registry.getRuntime(created.agentRuntimeId).status).toBe('READY');
    const updated = await registry.updateRuntime(created.agentRuntimeId, configOf());
    expect(updated.status).toBe('UPDATING');
    expect(registry.getRuntime(created.agentRuntimeId).status).toBe('READY');
  });

  it('with transitionMs: stays CREATING/UPDATING until the clock passes it', async () => {
    const { registry, clock } = makeRegistry({ transitionMs: 5000 });
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    expect(registry.getRuntime(id).status).toBe('CREATING');
    clock.advance(5000);
    expect(registry.getRuntime(id).status).toBe('READY');
    await registry.updateRuntime(id, configOf());
    expect(registry.getRuntime(id).status).toBe('UPDATING');
    expect(registry.getEndpoint(id, 'DEFAULT')).toMatchObject({ status: 'UPDATING', liveVersion: '1', targetVersion: '2' });
    clock.advance(5000);
    expect(registry.getRuntime(id).status).toBe('READY');
    expect(registry.getEndpoint(id, 'DEFAULT')).toMatchObject({ status: 'READY', liveVersion: '2', targetVersion: '2' });
  });
});

describe('RuntimeRegistry: endpoints', () => {
  it('DEFAULT exists automatically and follows the latest version; a pinned endpoint does not', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id, agentRuntimeArn } = registry.createRuntime(createInput());
    const prod = registry.createEndpoint(id, { name: 'prod' });
    expect(prod).toMatchObject({ status: 'CREATING', targetVersion: '1' });
    expect(prod.agentRuntimeEndpointArn).toBe(`${agentRuntimeArn}/runtime-endpoint/prod`);
    await registry.updateRuntime(id, configOf());
    expect(registry.getEndpoint(id, 'DEFAULT').targetVersion).toBe('2');
    expect(registry.getEndpoint(id, 'prod')).toMatchObject({ status: 'READY', targetVersion: '1', liveVersion: '1' });
    expect(registry.resolve(id, 'prod', ACCOUNT).agentRuntimeVersion).toBe('1');
    expect(registry.resolve(id, undefined, ACCOUNT).agentRuntimeVersion).toBe('2');

    const moved = registry.updateEndpoint(id, 'prod', { agentRuntimeVersion: '2' });
    expect(moved).toMatchObject({ status: 'UPDATING', liveVersion: '1', targetVersion: '2' });
    expect(registry.resolve(id, 'prod', ACCOUNT).agentRuntimeVersion).toBe('2');
    expect(registry.listEndpoints(id).items.map((e) => e.name)).toEqual(['DEFAULT', 'prod']);
  });

  it('DEFAULT cannot be created (Conflict), updated or deleted (Validation); duplicates conflict', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    expect(awsError(() => registry.createEndpoint(id, { name: 'DEFAULT' })).name).toBe('ConflictException');
    expect(awsError(() => registry.updateEndpoint(id, 'DEFAULT', { agentRuntimeVersion: '1' })).name).toBe('ValidationException');
    expect((await awsErrorAsync(() => registry.deleteEndpoint(id, 'DEFAULT'))).name).toBe('ValidationException');
    registry.createEndpoint(id, { name: 'dev' });
    expect(awsError(() => registry.createEndpoint(id, { name: 'dev' })).name).toBe('ConflictException');
  });

  it('unknown endpoint or target version is ResourceNotFoundException; deleted endpoints are gone', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    expect(awsError(() => registry.getEndpoint(id, 'nope')).name).toBe('ResourceNotFoundException');
    expect(awsError(() => registry.createEndpoint(id, { name: 'x', agentRuntimeVersion: '9' })).name).toBe('ResourceNotFoundException');
    registry.createEndpoint(id, { name: 'x' });
    await registry.deleteEndpoint(id, 'x');
    expect(awsError(() => registry.resolve(id, 'x', ACCOUNT)).name).toBe('ResourceNotFoundException');
  });

  it('caps endpoints at 10 including DEFAULT', () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    for (let i = 0; i < 9; i++) registry.createEndpoint(id, { name: `e${i}` });
    expect(awsError(() => registry.createEndpoint(id, { name: 'e9' })).name).toBe('ServiceQuotaExceededException');
  });
});

describe('RuntimeRegistry.resolve', () => {
  it('accepts a runtime ARN or a bare id with the account, and applies lifecycle defaults', () => {
    const { registry } = makeRegistry();
    const v = registry.createRuntime(createInput({ filesystemConfigurations: STORAGE, environmentVariables: { K: 'V' } }));
    const byArn = registry.resolve(v.agentRuntimeArn, undefined, undefined);
    expect(byArn).toEqual({
      agentRuntimeId: v.agentRuntimeId,
      agentRuntimeArn: v.agentRuntimeArn,
      agentRuntimeVersion: '1',
      endpointName: 'DEFAULT',
      sessionStorage: { mountPath: '/mnt/workspace' },
      lifecycle: { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 },
      environmentVariables: { K: 'V' },
      agentRuntimeArtifact: v.configuration.agentRuntimeArtifact,
      networkMode: 'PUBLIC',
    });
    expect(registry.resolve(v.agentRuntimeId, 'DEFAULT', ACCOUNT)).toEqual(byArn);
    // A VPC runtime's sessions get no outbound network (there is no VPC to join): the mode travels with the version.
    const vpc = registry.createRuntime(createInput({ agentRuntimeName: 'vpc_runtime', networkConfiguration: { networkMode: 'VPC', networkModeConfig: { subnets: ['subnet-0123456789abcdef0'], securityGroups: ['sg-0123456789abcdef0'] } } }));
    expect(registry.resolve(vpc.agentRuntimeArn, undefined, undefined).networkMode).toBe('VPC');
  });

  it('refuses endpoint ARNs, other accounts/regions, unknown qualifiers and a bare id without account', () => {
    const { registry } = makeRegistry();
    const v = registry.createRuntime(createInput());
    const notFound = (f: () => unknown) => expect(awsError(f).name).toBe('ResourceNotFoundException');
    notFound(() => registry.resolve(`${v.agentRuntimeArn}/runtime-endpoint/DEFAULT`, undefined, undefined));
    notFound(() => registry.resolve(v.agentRuntimeArn.replace(ACCOUNT, '999999999999'), undefined, undefined));
    notFound(() => registry.resolve(v.agentRuntimeArn.replace(REGION, 'eu-west-1'), undefined, undefined));
    notFound(() => registry.resolve(v.agentRuntimeId, undefined, '999999999999'));
    notFound(() => registry.resolve(v.agentRuntimeArn, 'prod', undefined));
    notFound(() => registry.resolve('arn:aws:s3:::bucket', undefined, undefined));
    expect(awsError(() => registry.resolve(v.agentRuntimeId, undefined, undefined)).name).toBe('ValidationException');
  });

  it.each([
    [{ maxLifetime: 600 }, { idleRuntimeSessionTimeout: 600, maxLifetime: 600 }],
    [{ maxLifetime: 900 }, { idleRuntimeSessionTimeout: 900, maxLifetime: 900 }],
    [{ maxLifetime: 3600 }, { idleRuntimeSessionTimeout: 900, maxLifetime: 3600 }],
    [{ idleRuntimeSessionTimeout: 120 }, { idleRuntimeSessionTimeout: 120, maxLifetime: 28800 }],
    [{ idleRuntimeSessionTimeout: 60, maxLifetime: 60 }, { idleRuntimeSessionTimeout: 60, maxLifetime: 60 }],
  ])('lifecycle %j resolves to %j', (given, expected) => {
    const { registry } = makeRegistry();
    const v = registry.createRuntime(createInput({ lifecycleConfiguration: given }));
    expect(registry.resolve(v.agentRuntimeArn, undefined, undefined).lifecycle).toEqual(expected);
  });
});

describe('RuntimeRegistry.subscribe', () => {
  it('awaits listeners before Update/Delete return, and stops after unsubscribe', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    const seen: RuntimeEvent[] = [];
    const off = registry.subscribe(async (e) => {
      await new Promise((r) => setTimeout(r, 20));
      seen.push(e);
    });
    await registry.updateRuntime(id, configOf());
    expect(seen).toEqual([{ kind: 'version-created', agentRuntimeId: id, agentRuntimeVersion: '2' }]);
    await registry.deleteRuntime(id);
    expect(seen.at(-1)).toEqual({ kind: 'runtime-deleted', agentRuntimeId: id });
    off();
    const other = registry.createRuntime(createInput());
    await registry.updateRuntime(other.agentRuntimeId, configOf());
    expect(seen).toHaveLength(2);
  });

  it('DeleteAgentRuntimeEndpoint tells the sessions before it answers; resolve names the endpoint', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    registry.createEndpoint(id, { name: 'prod' });
    expect(registry.resolve(id, 'prod', ACCOUNT).endpointName).toBe('prod');
    const seen: RuntimeEvent[] = [];
    registry.subscribe(async (e) => {
      await new Promise((r) => setTimeout(r, 20));
      seen.push(e);
    });
    await registry.deleteEndpoint(id, 'prod');
    expect(seen).toEqual([{ kind: 'endpoint-deleted', agentRuntimeId: id, endpointName: 'prod' }]);
  });

  it('runs every listener and surfaces a failure after the change is committed', async () => {
    const { registry } = makeRegistry();
    const { agentRuntimeId: id } = registry.createRuntime(createInput());
    let ran = false;
    registry.subscribe(() => {
      throw new Error('boom');
    });
    registry.subscribe(() => {
      ran = true;
    });
    await expect(registry.updateRuntime(id, configOf())).rejects.toThrow('boom');
    expect(ran).toBe(true);
    expect(registry.getRuntime(id).agentRuntimeVersion).toBe('2');
  });
});

describe('RuntimeRegistry: pagination', () => {
  it('pages with maxResults and an opaque nextToken; a foreign or forged token is a ValidationException', () => {
    const { registry } = makeRegistry();
    const ids = ['a1', 'a2', 'a3', 'a4', 'a5'].map((n) => registry.createRuntime(createInput({ agentRuntimeName: n })).agentRuntimeId);
    const p1 = registry.listRuntimes({ maxResults: 2 });
    expect(p1.items.map((v) => v.agentRuntimeId)).toEqual(ids.slice(0, 2));
    const p2 = registry.listRuntimes({ maxResults: 2, nextToken: p1.nextToken! });
    const p3 = registry.listRuntimes({ maxResults: 2, nextToken: p2.nextToken! });
    expect([...p2.items, ...p3.items].map((v) => v.agentRuntimeId)).toEqual(ids.slice(2));
    expect(p3.nextToken).toBeUndefined();
    expect(registry.listRuntimes().items).toHaveLength(5);
    expect(awsError(() => registry.listRuntimes({ nextToken: 'garbage' })).name).toBe('ValidationException');
    expect(awsError(() => registry.listRuntimeVersions(ids[0]!, { nextToken: p1.nextToken! })).name).toBe('ValidationException');
  });
});
