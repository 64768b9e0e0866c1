// The control plane as the real JS SDK sees it: serialisation of requests (query members, empty bodies, clientToken
// auto-fill) and parsing of our responses (timestamps, errors) are only proven by the client itself.
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
  BedrockAgentCoreControlClient,
  CreateAgentRuntimeCommand,
  CreateAgentRuntimeEndpointCommand,
  DeleteAgentRuntimeCommand,
  GetAgentRuntimeCommand,
  GetAgentRuntimeEndpointCommand,
  ListAgentRuntimeEndpointsCommand,
  ListAgentRuntimesCommand,
  ListAgentRuntimeVersionsCommand,
  UpdateAgentRuntimeCommand,
  ValidationException,
  ResourceNotFoundException,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { createWireServer } from '../../../emulator/wire/server.ts';
import { Router } from '../../../emulator/wire/router.ts';
import { controlOperations } from '../../../emulator/wire/operations/control/index.ts';
import { makeRegistry, REGION } from './helpers.ts';

const server = createWireServer(new Router(controlOperations), { runtimes: makeRegistry().registry }, { error: () => {} });
let client: BedrockAgentCoreControlClient;

beforeAll(async () => {
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  client = new BedrockAgentCoreControlClient({
    region: REGION,
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await new Promise((ok) => server.close(ok));
});

const artifact = { containerConfiguration: { containerUri: '123456789012.dkr.ecr.us-west-2.amazonaws.com/repo:tag' } };
const roleArn = 'arn:aws:iam::123456789012:role/AgentRole';

describe('control plane through @aws-sdk/client-bedrock-agentcore-control', () => {
  it('runs the runtime lifecycle end to end', async () => {
    const made = await client.send(
      new CreateAgentRuntimeCommand({
        agentRuntimeName: 'sdkAgent',
        agentRuntimeArtifact: artifact,
        roleArn,
        filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/workspace' } }],
      }),
    );
    expect(made.status).toBe('CREATING');
    expect(made.createdAt).toBeInstanceOf(Date);
    const id = made.agentRuntimeId!;

    const got = await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: id }));
    expect(got.status).toBe('READY');
    expect(got.filesystemConfigurations).toEqual([{ sessionStorage: { mountPath: '/mnt/workspace' } }]);

    const upd = await client.send(new UpdateAgentRuntimeCommand({ agentRuntimeId: id, agentRuntimeArtifact: artifact, roleArn }));
    expect(upd).toMatchObject({ agentRuntimeVersion: '2', status: 'UPDATING' });
    const latest = await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: id }));
    expect(latest.filesystemConfigurations).toBeUndefined();
    const v1 = await client.send(new GetAgentRuntimeCommand({ agentRuntimeId: id, agentRuntimeVersion: '1' }));
    expect(v1.filesystemConfigurations).toHaveLength(1);

    const versions = await client.send(new ListAgentRuntimeVersionsCommand({ agentRuntimeId: id }));
    expect(versions.agentRuntimes!.map((v) => v.agentRuntimeVersion)).toEqual(['2', '1']);
    const all = await client.send(new ListAgentRuntimesCommand({ maxResults: 10 }));
    expect(all.agentRuntimes!.some((r) => r.agentRuntimeId === id)).toBe(true);

    const ep = await client.send(new CreateAgentRuntimeEndpointCommand({ agentRuntimeId: id, name: 'pinned', agentRuntimeVersion: '1' }));
    expect(ep).toMatchObject({ targetVersion: '1', status: 'CREATING' });
    expect((await client.send(new GetAgentRuntimeEndpointCommand({ agentRuntimeId: id, endpointName: 'DEFAULT' }))).targetVersion).toBe('2');
    const eps = await client.send(new ListAgentRuntimeEndpointsCommand({ agentRuntimeId: id }));
    expect(eps.runtimeEndpoints!.map((e) => e.name)).toEqual(['DEFAULT', 'pinned']);

    const del = await client.send(new DeleteAgentRuntimeCommand({ agentRuntimeId: id }));
    expect(del.status).toBe('DELETING');
    await expect(client.send(new GetAgentRuntimeCommand({ agentRuntimeId: id }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('surfaces validation failures as typed ValidationException with fieldList', async () => {
    const err = await client
      .send(
        new CreateAgentRuntimeCommand({
          agentRuntimeName: 'twoStores',
          agentRuntimeArtifact: artifact,
          roleArn,
          filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/a' } }, { sessionStorage: { mountPath: '/mnt/b/c' } }],
        }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationException);
    const v = err as ValidationException;
    expect(v.reason).toBe('FieldValidationFailed');
    expect(v.fieldList!.map((f) => f.name)).toEqual([
      'filesystemConfigurations.2.member.sessionStorage.mountPath',
      'filesystemConfigurations',
    ]);
  });
});
