import { describe, it, expect } from 'vitest';
import type { ControlContext } from '../../../emulator/wire/operations/context.ts';
import { call, makeRegistry, validBody } from './helpers.ts';

const ctx = (): ControlContext => ({ runtimes: makeRegistry().registry });
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function created(c: ControlContext, extra: Record<string, unknown> = {}) {
  const res = await call(c, 'PUT', '/runtimes/', validBody(extra));
  expect(res.status).toBe(202);
  return res.body.agentRuntimeId as string;
}

describe('runtime operations on the wire', () => {
  it('Create → 202 CREATING with RFC-3339 createdAt, Get → 200 READY with the configuration echoed', async () => {
    const c = ctx();
    const res = await call(c, 'PUT', '/runtimes/', validBody({ filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/ws' } }] }));
    expect(res).toMatchObject({ status: 202, body: { agentRuntimeVersion: '1', status: 'CREATING' } });
    expect(res.body.createdAt).toMatch(RFC3339);
    const id = res.body.agentRuntimeId as string;
    const get = await call(c, 'GET', `/runtimes/${id}/`);
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({
      agentRuntimeId: id,
      agentRuntimeName: 'myAgent',
      status: 'READY',
      roleArn: 'arn:aws:iam::123456789012:role/AgentRole',
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 },
      networkConfiguration: { networkMode: 'PUBLIC' },
      filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/ws' } }],
    });
    expect(get.body.lastUpdatedAt).toMatch(RFC3339);
  });

  it('Update → 202 UPDATING version 2; omitted filesystemConfigurations leaves no key; ?version=1 still has it', async () => {
    const c = ctx();
    const id = await created(c, { filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/ws' } }] });
    const { agentRuntimeName: _n, ...body } = validBody();
    const up = await call(c, 'PUT', `/runtimes/${id}/`, body);
    expect(up).toMatchObject({ status: 202, body: { agentRuntimeVersion: '2', status: 'UPDATING' } });
    expect(up.body.lastUpdatedAt).toMatch(RFC3339);
    const latest = await call(c, 'GET', `/runtimes/${id}/`);
    expect(latest.body.agentRuntimeVersion).toBe('2');
    expect('filesystemConfigurations' in latest.body).toBe(false);
    const v1 = await call(c, 'GET', `/runtimes/${id}/?version=1`);
    expect(v1.body.filesystemConfigurations).toEqual([{ sessionStorage: { mountPath: '/mnt/ws' } }]);
    expect((await call(c, 'GET', `/runtimes/${id}/?version=3`)).error).toBe('ResourceNotFoundException');
    expect((await call(c, 'GET', `/runtimes/${id}/?version=0`)).error).toBe('ValidationException');
  });

  it('Delete → 202 DELETING, then the runtime is gone', async () => {
    const c = ctx();
    const id = await created(c);
    expect(await call(c, 'DELETE', `/runtimes/${id}/`)).toEqual({ status: 202, body: { status: 'DELETING', agentRuntimeId: id } });
    expect((await call(c, 'GET', `/runtimes/${id}/`)).error).toBe('ResourceNotFoundException');
  });

  it('malformed agentRuntimeId is ValidationException, a well-formed unknown one ResourceNotFoundException', async () => {
    const c = ctx();
    const bad = await call(c, 'GET', '/runtimes/not_an_id/');
    expect(bad).toMatchObject({ status: 400, error: 'ValidationException', body: { fieldList: [{ name: 'agentRuntimeId' }] } });
    expect((await call(c, 'GET', '/runtimes/ghost-0123456789/')).status).toBe(404);
  });

  it('a body that is not JSON, or not an object, is CannotParse', async () => {
    const c = ctx();
    expect((await call(c, 'PUT', '/runtimes/', '{nope')).body.reason).toBe('CannotParse');
    expect((await call(c, 'PUT', '/runtimes/', '[1]')).body.reason).toBe('CannotParse');
    expect((await call(c, 'PUT', '/runtimes/', '')).body.reason).toBe('FieldValidationFailed');
  });

  it('ListAgentRuntimes pages via query members; summaries carry no configuration', async () => {
    const c = ctx();
    for (const n of ['a1', 'a2', 'a3']) await created(c, { agentRuntimeName: n });
    const p1 = await call(c, 'POST', '/runtimes/?maxResults=2');
    expect((p1.body.agentRuntimes as unknown[]).length).toBe(2);
    expect(Object.keys((p1.body.agentRuntimes as object[])[0]!).sort()).toEqual(
      ['agentRuntimeArn', 'agentRuntimeId', 'agentRuntimeName', 'agentRuntimeVersion', 'description', 'lastUpdatedAt', 'status'],
    );
    const p2 = await call(c, 'POST', `/runtimes/?maxResults=2&nextToken=${encodeURIComponent(p1.body.nextToken as string)}`);
    expect((p2.body.agentRuntimes as unknown[]).length).toBe(1);
    expect(p2.body.nextToken).toBeUndefined();
    for (const q of ['maxResults=0', 'maxResults=101', 'maxResults=abc', 'nextToken=bogus'])
      expect((await call(c, 'POST', `/runtimes/?${q}`)).error, q).toBe('ValidationException');
    expect((await call(c, 'POST', '/runtimes/?maxResults=100')).status).toBe(200);
  });

  it('ListAgentRuntimeVersions lists newest first under agentRuntimes', async () => {
    const c = ctx();
    const id = await created(c);
    const { agentRuntimeName: _n, ...body } = validBody();
    await call(c, 'PUT', `/runtimes/${id}/`, body);
    const res = await call(c, 'POST', `/runtimes/${id}/versions/`);
    expect((res.body.agentRuntimes as { agentRuntimeVersion: string }[]).map((v) => v.agentRuntimeVersion)).toEqual(['2', '1']);
  });
});

describe('endpoint operations on the wire', () => {
  it('create, get, update, list and delete an endpoint; DEFAULT is listed and protected', async () => {
    const c = ctx();
    const id = await created(c);
    const base = `/runtimes/${id}/runtime-endpoints/`;
    const made = await call(c, 'PUT', base, { name: 'prod', description: 'production' });
    expect(made).toMatchObject({ status: 202, body: { endpointName: 'prod', targetVersion: '1', status: 'CREATING', agentRuntimeId: id } });
    const got = await call(c, 'GET', `${base}prod/`);
    expect(got.body).toMatchObject({ name: 'prod', id: 'prod', status: 'READY', liveVersion: '1', targetVersion: '1', description: 'production' });
    expect((await call(c, 'GET', `${base}DEFAULT/`)).body).toMatchObject({ name: 'DEFAULT', targetVersion: '1' });
    const upd = await call(c, 'PUT', `${base}prod/`, { agentRuntimeVersion: '1' });
    expect(upd).toMatchObject({ status: 202, body: { status: 'UPDATING', targetVersion: '1' } });
    const list = await call(c, 'POST', base);
    expect((list.body.runtimeEndpoints as { name: string }[]).map((e) => e.name)).toEqual(['DEFAULT', 'prod']);
    expect((await call(c, 'DELETE', `${base}DEFAULT/`)).error).toBe('ValidationException');
    expect((await call(c, 'PUT', `${base}DEFAULT/`, {})).error).toBe('ValidationException');
    expect(await call(c, 'DELETE', `${base}prod/`)).toEqual({
      status: 202,
      body: { status: 'DELETING', agentRuntimeId: id, endpointName: 'prod' },
    });
    expect((await call(c, 'GET', `${base}prod/`)).error).toBe('ResourceNotFoundException');
    expect((await call(c, 'GET', `${base}bad-name/`)).error).toBe('ValidationException');
  });
});
