// The Developer Guide's rules for filesystemConfigurations (C1 limits, C2 one level under /mnt, C3 unique and not
// nested mount paths, C4 bring-your-own needs a VPC, C5 nothing but capacity provider volumes on an Instances
// runtime), on CreateAgentRuntime and on UpdateAgentRuntime, through the wire: each refusal is one AWS-shaped
// ValidationException naming the offending member, and a refused Update leaves the runtime as it was.
import { describe, expect, it } from 'vitest';
import type { ControlContext } from '../../../emulator/wire/operations/context.ts';
import { call, makeRegistry, validBody } from './helpers.ts';

const ss = (mountPath: string) => ({ sessionStorage: { mountPath } });
const efs = (mountPath: string, i = 0) => ({ efsAccessPoint: { accessPointArn: `arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123abc${i}`, mountPath } });
const s3files = (mountPath: string) => ({
  s3FilesAccessPoint: { accessPointArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0/access-point/fsap-0123456789abcdef0', mountPath },
});
const volume = (mountPath: string) => ({ capacityProviderVolume: { volumeName: 'scratch', mountPath } });
const VPC = { networkConfiguration: { networkMode: 'VPC', networkModeConfig: { securityGroups: ['sg-12345678'], subnets: ['subnet-12345678'] } } };
const INSTANCES = { capacityProviderConfiguration: { capacityProviderArn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:capacity-provider/cp-0123456789' } };

/** [what, body members, the fieldList names expected (empty: accepted)] */
type Case = [string, Record<string, unknown>, string[]];
const el = (i: number, kind: string, member = '') => `filesystemConfigurations.${i}.member.${kind}${member}`;

const CASES: Case[] = [
  // C1
  ['session storage + 2 EFS + 2 S3 Files on a VPC runtime (5)', { ...VPC, filesystemConfigurations: [ss('/mnt/s'), efs('/mnt/e1', 1), efs('/mnt/e2', 2), s3files('/mnt/f1'), s3files('/mnt/f2')] }, []],
  ['3 EFS access points', { ...VPC, filesystemConfigurations: [efs('/mnt/e1', 1), efs('/mnt/e2', 2), efs('/mnt/e3', 3)] }, ['filesystemConfigurations']],
  ['3 S3 Files access points', { ...VPC, filesystemConfigurations: [s3files('/mnt/f1'), s3files('/mnt/f2'), s3files('/mnt/f3')] }, ['filesystemConfigurations']],
  ['2 session storages', { filesystemConfigurations: [ss('/mnt/a'), ss('/mnt/b')] }, ['filesystemConfigurations']],
  ['6 configurations', { ...VPC, filesystemConfigurations: [ss('/mnt/s'), efs('/mnt/e1', 1), efs('/mnt/e2', 2), s3files('/mnt/f1'), s3files('/mnt/f2'), ss('/mnt/t')] }, ['filesystemConfigurations']],
  // C2
  ['/mnt/. (/mnt itself)', { filesystemConfigurations: [ss('/mnt/.')] }, [el(1, 'sessionStorage', '.mountPath')]],
  ['/mnt/../ (the root)', { filesystemConfigurations: [ss('/mnt/../')] }, [el(1, 'sessionStorage', '.mountPath')]],
  ['/mnt/... (a name of three dots)', { filesystemConfigurations: [ss('/mnt/...')] }, []],
  // C3
  ['two mounts at one path', { ...VPC, filesystemConfigurations: [ss('/mnt/data'), efs('/mnt/data')] }, [el(2, 'efsAccessPoint', '.mountPath')]],
  ['the same directory with and without a trailing slash', { ...VPC, filesystemConfigurations: [ss('/mnt/data'), efs('/mnt/data/')] }, [el(2, 'efsAccessPoint', '.mountPath')]],
  ['paths that differ only in case are different directories', { ...VPC, filesystemConfigurations: [ss('/mnt/data'), efs('/mnt/Data')] }, []],
  // C4
  ['EFS on a PUBLIC runtime', { filesystemConfigurations: [efs('/mnt/e')] }, [el(1, 'efsAccessPoint')]],
  ['S3 Files without a network configuration (PUBLIC)', { networkConfiguration: undefined, filesystemConfigurations: [ss('/mnt/s'), s3files('/mnt/f')] }, [el(2, 's3FilesAccessPoint')]],
  ['session storage on a VPC runtime', { ...VPC, filesystemConfigurations: [ss('/mnt/s')] }, []],
  // C5
  ['session storage alongside capacityProviderConfiguration', { ...INSTANCES, filesystemConfigurations: [ss('/mnt/s')] }, [el(1, 'sessionStorage')]],
  ['EFS alongside capacityProviderConfiguration (VPC)', { ...INSTANCES, ...VPC, filesystemConfigurations: [efs('/mnt/e')] }, [el(1, 'efsAccessPoint')]],
  ['a capacity provider volume on an Instances runtime', { ...INSTANCES, filesystemConfigurations: [volume('/mnt/v')] }, []],
  ['a capacity provider volume on a microVM runtime', { filesystemConfigurations: [volume('/mnt/v')] }, [el(1, 'capacityProviderVolume')]],
  ['capacityProviderConfiguration without filesystems', { ...INSTANCES }, []],
];

const ctx = (): ControlContext => ({ runtimes: makeRegistry().registry });
const withoutName = (body: Record<string, unknown>) => ({ ...body, agentRuntimeName: undefined });

describe.each(['CreateAgentRuntime', 'UpdateAgentRuntime'])('%s: the guide\'s filesystem rules', (operation) => {
  it.each(CASES)('%s', async (_what, members, fields) => {
    const c = ctx();
    let res;
    let id: string | undefined;
    if (operation === 'CreateAgentRuntime') res = await call(c, 'PUT', '/runtimes/', validBody(members));
    else {
      id = (await call(c, 'PUT', '/runtimes/', validBody({ filesystemConfigurations: [ss('/mnt/before')] }))).body.agentRuntimeId as string;
      res = await call(c, 'PUT', `/runtimes/${id}/`, withoutName(validBody(members)));
    }
    if (fields.length === 0) {
      expect(res.error, JSON.stringify(res.body)).toBeUndefined();
      return;
    }
    expect(res.status).toBe(400);
    expect(res.error).toBe('ValidationException');
    expect(res.body.reason).toBe('FieldValidationFailed');
    expect((res.body.fieldList as { name: string }[]).map((f) => f.name)).toEqual(fields);
    expect(res.body.message).toMatch(/^1 validation error detected: Value .* failed to satisfy constraint: /);
    if (id !== undefined) {
      const get = await call(c, 'GET', `/runtimes/${id}/`);
      expect(get.body.agentRuntimeVersion).toBe('1');
      expect(get.body.filesystemConfigurations).toEqual([ss('/mnt/before')]);
    }
  });
});

describe('what the messages say', () => {
  const messageOf = async (members: Record<string, unknown>) => (await call(ctx(), 'PUT', '/runtimes/', validBody(members))).body.message;
  it('names the limit, the clash, the VPC and the capacity provider', async () => {
    expect(await messageOf({ ...VPC, filesystemConfigurations: [efs('/mnt/a', 1), efs('/mnt/b', 2), efs('/mnt/c', 3)] })).toContain(
      'At most 2 efsAccessPoint configurations are allowed per agent runtime',
    );
    expect(await messageOf({ filesystemConfigurations: [ss('/mnt/a'), ss('/mnt/a/')] })).toContain('also used by filesystemConfigurations.1.member.sessionStorage.mountPath');
    expect(await messageOf({ filesystemConfigurations: [efs('/mnt/e')] })).toContain('networkMode VPC');
    expect(await messageOf({ ...INSTANCES, filesystemConfigurations: [ss('/mnt/s')] })).toContain('not supported alongside capacityProviderConfiguration');
  });
});

describe('what a version stores', () => {
  it('keeps only modelled members at every depth and echoes them', async () => {
    const c = ctx();
    const body = validBody({
      ...VPC,
      networkConfiguration: { ...VPC.networkConfiguration, networkModeConfig: { ...VPC.networkConfiguration.networkModeConfig, extra: 1 }, other: 'x' },
      authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', bogus: [1] } },
      filesystemConfigurations: [{ sessionStorage: { mountPath: '/mnt/s', size: 5 } }, efs('/mnt/e')],
      platformVersion: 'not in the 1.43.67 model',
    });
    const id = (await call(c, 'PUT', '/runtimes/', body)).body.agentRuntimeId as string;
    const get = (await call(c, 'GET', `/runtimes/${id}/`)).body;
    expect(get.networkConfiguration).toEqual(VPC.networkConfiguration);
    expect(get.authorizerConfiguration).toEqual({ customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } });
    expect(get.filesystemConfigurations).toEqual([ss('/mnt/s'), efs('/mnt/e')]);
    expect(get).not.toHaveProperty('platformVersion');
  });
});
