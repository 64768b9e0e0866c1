import { describe, it, expect } from 'vitest';
import { FieldChecker } from '../../../emulator/aws/field-checker.ts';
import { parseCreateRuntime, parseUpdateRuntime } from '../../../emulator/control/validate-runtime.ts';
import { parseCreateEndpoint } from '../../../emulator/control/validate-endpoint.ts';
import { awsError, fieldNames, validBody } from './helpers.ts';

const ECR = '123456789012.dkr.ecr.us-west-2.amazonaws.com/';
const container = (uri: string) => ({ agentRuntimeArtifact: { containerConfiguration: { containerUri: uri } } });
const code = (over: Record<string, unknown> = {}, s3: Record<string, unknown> = {}) => ({
  agentRuntimeArtifact: {
    codeConfiguration: { code: { s3: { bucket: 'my-bucket', prefix: 'agent.zip', ...s3 } }, runtime: 'PYTHON_3_12', entryPoint: ['main.py'], ...over },
  },
});
const vpc = (cfg: Record<string, unknown>) => ({
  networkConfiguration: { networkMode: 'VPC', networkModeConfig: { securityGroups: ['sg-12345678'], subnets: ['subnet-12345678'], ...cfg } },
});
const fs = (...items: unknown[]) => ({ filesystemConfigurations: items });
const ss = (mountPath: unknown) => ({ sessionStorage: { mountPath } });
const efs = (mountPath: string, accessPointArn = 'arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123abcd') => ({
  efsAccessPoint: { accessPointArn, mountPath },
});
const S3FILES = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0/access-point/fsap-0123456789abcdef0';
const s3files = (mountPath: string) => ({ s3FilesAccessPoint: { accessPointArn: S3FILES, mountPath } });
const capacityVolume = (mountPath: string, volumeName = 'vol-1') => ({ capacityProviderVolume: { volumeName, mountPath } });
const instances = { capacityProviderConfiguration: { capacityProviderArn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:capacity-provider/cp-0123456789' } };
const managedVpc = (over: Record<string, unknown> = {}) => ({ vpcIdentifier: 'vpc-0123abcd', subnetIds: ['subnet-12345678'], endpointIpAddressType: 'IPV4', ...over });
const map = (n: number, key = (i: number) => `K${i}`, value = 'v') => Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), value]));
const jwt = (over: Record<string, unknown>) => ({
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', ...over } },
});
const claim = (over: Record<string, unknown> = {}) => ({
  inboundTokenClaimName: 'groups',
  inboundTokenClaimValueType: 'STRING_ARRAY',
  authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'admin' }, claimMatchOperator: 'CONTAINS' },
  ...over,
});

const create = (extra: Record<string, unknown>) => parseCreateRuntime(validBody(extra), new FieldChecker());

/** [description, body members merged into a valid body, field expected in fieldList (undefined = must pass)] */
type Case = [string, Record<string, unknown>, string | undefined];

const CASES: Case[] = [
  ['name 48 chars', { agentRuntimeName: 'a'.repeat(48) }, undefined],
  ['name 49 chars', { agentRuntimeName: 'a'.repeat(49) }, 'agentRuntimeName'],
  ['name with hyphen', { agentRuntimeName: 'my-agent' }, 'agentRuntimeName'],
  ['name starting with digit', { agentRuntimeName: '1agent' }, 'agentRuntimeName'],
  ['name not a string', { agentRuntimeName: 5 }, 'agentRuntimeName'],
  ['name missing', { agentRuntimeName: undefined }, 'agentRuntimeName'],
  ['artifact missing', { agentRuntimeArtifact: undefined }, 'agentRuntimeArtifact'],
  ['artifact with both members', { agentRuntimeArtifact: { ...container(ECR + 'r').agentRuntimeArtifact, ...code().agentRuntimeArtifact } }, 'agentRuntimeArtifact'],
  ['containerUri 1024 chars', container(ECR + 'a'.repeat(1024 - ECR.length)), undefined],
  ['containerUri 1025 chars', container(ECR + 'a'.repeat(1025 - ECR.length)), 'agentRuntimeArtifact.containerConfiguration.containerUri'],
  ['containerUri public.ecr.aws', container('public.ecr.aws/ns/repo@sha256:abc'), undefined],
  ['containerUri docker hub', container('docker.io/library/python:3'), 'agentRuntimeArtifact.containerConfiguration.containerUri'],
  ['containerUri missing', { agentRuntimeArtifact: { containerConfiguration: {} } }, 'agentRuntimeArtifact.containerConfiguration.containerUri'],
  ['code valid', code(), undefined],
  ['code NODE_22', code({ runtime: 'NODE_22' }), undefined],
  ['code runtime unknown', code({ runtime: 'PYTHON_3_9' }), 'agentRuntimeArtifact.codeConfiguration.runtime'],
  ['code bucket 63 chars', code({}, { bucket: 'a'.repeat(63) }), undefined],
  ['code bucket 64 chars', code({}, { bucket: 'a'.repeat(64) }), 'agentRuntimeArtifact.codeConfiguration.code.s3.bucket'],
  ['code bucket 2 chars', code({}, { bucket: 'ab' }), 'agentRuntimeArtifact.codeConfiguration.code.s3.bucket'],
  ['code prefix 1024', code({}, { prefix: 'p'.repeat(1024) }), undefined],
  ['code prefix 1025', code({}, { prefix: 'p'.repeat(1025) }), 'agentRuntimeArtifact.codeConfiguration.code.s3.prefix'],
  ['code prefix missing', code({}, { prefix: undefined }), 'agentRuntimeArtifact.codeConfiguration.code.s3.prefix'],
  ['code versionId 3', code({}, { versionId: 'abc' }), undefined],
  ['code versionId 2', code({}, { versionId: 'ab' }), 'agentRuntimeArtifact.codeConfiguration.code.s3.versionId'],
  ['code entryPoint 2 items', code({ entryPoint: ['a', 'b'] }), undefined],
  ['code entryPoint 3 items', code({ entryPoint: ['a', 'b', 'c'] }), 'agentRuntimeArtifact.codeConfiguration.entryPoint'],
  ['code entryPoint empty', code({ entryPoint: [] }), 'agentRuntimeArtifact.codeConfiguration.entryPoint'],
  ['code entryPoint item 128', code({ entryPoint: ['e'.repeat(128)] }), undefined],
  ['code entryPoint item 129', code({ entryPoint: ['e'.repeat(129)] }), 'agentRuntimeArtifact.codeConfiguration.entryPoint.1.member'],
  ['roleArn 2048', { roleArn: 'arn:aws:iam::123456789012:role/' + 'r'.repeat(2048 - 31) }, undefined],
  ['roleArn 2049', { roleArn: 'arn:aws:iam::123456789012:role/' + 'r'.repeat(2049 - 31) }, 'roleArn'],
  ['roleArn bad account', { roleArn: 'arn:aws:iam::123:role/x' }, 'roleArn'],
  ['roleArn missing', { roleArn: undefined }, 'roleArn'],
  ['network omitted', { networkConfiguration: undefined }, undefined],
  ['network mode unknown', { networkConfiguration: { networkMode: 'PRIVATE' } }, 'networkConfiguration.networkMode'],
  ['network VPC without config', { networkConfiguration: { networkMode: 'VPC' } }, 'networkConfiguration.networkModeConfig'],
  ['network VPC valid', vpc({ requireServiceS3Endpoint: true }), undefined],
  ['network 16 security groups', vpc({ securityGroups: Array.from({ length: 16 }, () => 'sg-12345678') }), undefined],
  ['network 17 security groups', vpc({ securityGroups: Array.from({ length: 17 }, () => 'sg-12345678') }), 'networkConfiguration.networkModeConfig.securityGroups'],
  ['network bad security group', vpc({ securityGroups: ['sg-1234567'] }), 'networkConfiguration.networkModeConfig.securityGroups.1.member'],
  ['network subnet 17 chars', vpc({ subnets: ['subnet-' + 'a'.repeat(17)] }), undefined],
  ['network subnet 18 chars', vpc({ subnets: ['subnet-' + 'a'.repeat(18)] }), 'networkConfiguration.networkModeConfig.subnets.1.member'],
  ['network no subnets', vpc({ subnets: [] }), 'networkConfiguration.networkModeConfig.subnets'],
  ['description 4096', { description: 'd'.repeat(4096) }, undefined],
  ['description 4097', { description: 'd'.repeat(4097) }, 'description'],
  ['description empty', { description: '' }, 'description'],
  ['protocol AGUI', { protocolConfiguration: { serverProtocol: 'AGUI' } }, undefined],
  ['protocol unknown', { protocolConfiguration: { serverProtocol: 'GRPC' } }, 'protocolConfiguration.serverProtocol'],
  ['protocol missing member', { protocolConfiguration: {} }, 'protocolConfiguration.serverProtocol'],
  ['idle 60', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 60 } }, undefined],
  ['idle 59', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 59 } }, 'lifecycleConfiguration.idleRuntimeSessionTimeout'],
  ['idle 1209600', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 1209600 } }, undefined],
  ['idle 1209601', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 1209601 } }, 'lifecycleConfiguration.idleRuntimeSessionTimeout'],
  ['idle not integer', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 90.5 } }, 'lifecycleConfiguration.idleRuntimeSessionTimeout'],
  ['idle string', { lifecycleConfiguration: { idleRuntimeSessionTimeout: '900' } }, 'lifecycleConfiguration.idleRuntimeSessionTimeout'],
  ['max 60', { lifecycleConfiguration: { maxLifetime: 60 } }, undefined],
  ['max 59', { lifecycleConfiguration: { maxLifetime: 59 } }, 'lifecycleConfiguration.maxLifetime'],
  ['max 1209600', { lifecycleConfiguration: { maxLifetime: 1209600 } }, undefined],
  ['max 1209601', { lifecycleConfiguration: { maxLifetime: 1209601 } }, 'lifecycleConfiguration.maxLifetime'],
  ['idle == max', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 1000, maxLifetime: 1000 } }, undefined],
  ['idle > max', { lifecycleConfiguration: { idleRuntimeSessionTimeout: 1001, maxLifetime: 1000 } }, 'lifecycleConfiguration.idleRuntimeSessionTimeout'],
  ['env 50 entries', { environmentVariables: map(50) }, undefined],
  ['env 51 entries', { environmentVariables: map(51) }, 'environmentVariables'],
  ['env key 100', { environmentVariables: { ['k'.repeat(100)]: 'v' } }, undefined],
  ['env key 101', { environmentVariables: { ['k'.repeat(101)]: 'v' } }, 'environmentVariables'],
  ['env key empty', { environmentVariables: { '': 'v' } }, 'environmentVariables'],
  ['env value empty', { environmentVariables: { K: '' } }, undefined],
  ['env value 5000', { environmentVariables: { K: 'v'.repeat(5000) } }, undefined],
  ['env value 5001', { environmentVariables: { K: 'v'.repeat(5001) } }, 'environmentVariables.K'],
  ['env value number', { environmentVariables: { K: 1 } }, 'environmentVariables.K'],
  ['env not a map', { environmentVariables: ['K=V'] }, 'environmentVariables'],
  ['fs empty list', fs(), undefined],
  ['fs not a list', { filesystemConfigurations: { sessionStorage: { mountPath: '/mnt/a' } } }, 'filesystemConfigurations'],
  ['fs 5 mounts: session storage, 2 EFS, 2 S3 Files (VPC)', { ...vpc({}), ...fs(ss('/mnt/a'), efs('/mnt/b'), s3files('/mnt/c'), efs('/mnt/d'), s3files('/mnt/e')) }, undefined],
  ['fs 6 mounts', { ...vpc({}), ...fs(ss('/mnt/a'), efs('/mnt/b'), s3files('/mnt/c'), efs('/mnt/d'), s3files('/mnt/e'), capacityVolume('/mnt/f')) }, 'filesystemConfigurations'],
  ['fs two sessionStorage', fs(ss('/mnt/a'), ss('/mnt/b')), 'filesystemConfigurations'],
  ['fs repeated mountPath', fs(ss('/mnt/a'), efs('/mnt/a/')), 'filesystemConfigurations.2.member.efsAccessPoint.mountPath'],
  ['fs mountPath 6 chars', fs(ss('/mnt/a')), undefined],
  ['fs mountPath trailing slash', fs(ss('/mnt/data/')), undefined],
  ['fs mountPath 200 chars', fs(ss('/mnt/' + 'x'.repeat(195))), undefined],
  ['fs mountPath 201 chars', fs(ss('/mnt/' + 'x'.repeat(196))), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs mountPath /mnt/', fs(ss('/mnt/')), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs mountPath two levels', fs(ss('/mnt/a/b')), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs mountPath outside /mnt', fs(ss('/data/x')), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs mountPath not anchored', fs(ss('x/mnt/data')), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs mountPath missing', fs({ sessionStorage: {} }), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs mountPath not a string', fs(ss(7)), 'filesystemConfigurations.1.member.sessionStorage.mountPath'],
  ['fs element with two kinds', fs({ ...ss('/mnt/a'), ...efs('/mnt/b') }), 'filesystemConfigurations.1.member'],
  ['fs element of unknown kind', fs({ ebs: { mountPath: '/mnt/a' } }), 'filesystemConfigurations.1.member'],
  ['fs efs bad ARN', fs(efs('/mnt/a', 'arn:aws:s3:::bucket')), 'filesystemConfigurations.1.member.efsAccessPoint.accessPointArn'],
  ['fs efs missing ARN', fs({ efsAccessPoint: { mountPath: '/mnt/a' } }), 'filesystemConfigurations.1.member.efsAccessPoint.accessPointArn'],
  ['fs volumeName 48', { ...instances, ...fs(capacityVolume('/mnt/a', 'v'.repeat(48))) }, undefined],
  ['fs volumeName 49', { ...instances, ...fs(capacityVolume('/mnt/a', 'v'.repeat(49))) }, 'filesystemConfigurations.1.member.capacityProviderVolume.volumeName'],
  ['capacity provider without ARN (optional in the model)', { capacityProviderConfiguration: {} }, undefined],
  ['capacity provider bad ARN', { capacityProviderConfiguration: { capacityProviderArn: 'arn:aws:iam::123456789012:role/x' } }, 'capacityProviderConfiguration.capacityProviderArn'],
  ['clientToken 33', { clientToken: 'a'.repeat(33) }, undefined],
  ['clientToken 32', { clientToken: 'a'.repeat(32) }, 'clientToken'],
  ['clientToken 256', { clientToken: 'a'.repeat(256) }, undefined],
  ['clientToken 257', { clientToken: 'a'.repeat(257) }, 'clientToken'],
  ['clientToken uuid', { clientToken: '0f3c7a52-52b1-4f3e-9a0b-3f1b2c4d5e6f' }, undefined],
  ['clientToken underscore', { clientToken: 'a'.repeat(32) + '_' }, 'clientToken'],
  ['tags 50', { tags: map(50) }, undefined],
  ['tags 51', { tags: map(51) }, 'tags'],
  ['tag key 128', { tags: { ['k'.repeat(128)]: 'v' } }, undefined],
  ['tag key 129', { tags: { ['k'.repeat(129)]: 'v' } }, 'tags'],
  ['tag key bad char', { tags: { 'k!': 'v' } }, 'tags'],
  ['tag value 256', { tags: { k: 'v'.repeat(256) } }, undefined],
  ['tag value 257', { tags: { k: 'v'.repeat(257) } }, 'tags.k'],
  ['jwt valid', jwt({ allowedAudience: ['a'], allowedClients: ['c'], allowedScopes: ['read'], customClaims: [claim()] }), undefined],
  ['jwt bad discoveryUrl', jwt({ discoveryUrl: 'https://idp.example.com/' }), 'authorizerConfiguration.customJWTAuthorizer.discoveryUrl'],
  ['jwt empty audience', jwt({ allowedAudience: [] }), 'authorizerConfiguration.customJWTAuthorizer.allowedAudience'],
  ['jwt scope with space', jwt({ allowedScopes: ['a b'] }), 'authorizerConfiguration.customJWTAuthorizer.allowedScopes.1.member'],
  ['jwt claim bad operator', jwt({ customClaims: [claim({ authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'x' }, claimMatchOperator: 'LIKE' } })] }), 'authorizerConfiguration.customJWTAuthorizer.customClaims.1.member.authorizingClaimMatchValue.claimMatchOperator'],
  ['jwt claim bad value type', jwt({ customClaims: [claim({ inboundTokenClaimValueType: 'NUMBER' })] }), 'authorizerConfiguration.customJWTAuthorizer.customClaims.1.member.inboundTokenClaimValueType'],
  ['headers 20', { requestHeaderConfiguration: { requestHeaderAllowlist: Array.from({ length: 20 }, (_, i) => `X-Amzn-Bedrock-AgentCore-Runtime-Custom-H${i}`) } }, undefined],
  ['headers 21', { requestHeaderConfiguration: { requestHeaderAllowlist: Array.from({ length: 21 }, () => 'Authorization') } }, 'requestHeaderConfiguration.requestHeaderAllowlist'],
  ['header any name', { requestHeaderConfiguration: { requestHeaderAllowlist: ['X-Custom_1'] } }, undefined],
  ['header starting with a digit', { requestHeaderConfiguration: { requestHeaderAllowlist: ['1-Custom'] } }, 'requestHeaderConfiguration.requestHeaderAllowlist.1.member'],
  ['header with a colon', { requestHeaderConfiguration: { requestHeaderAllowlist: ['X:Y'] } }, 'requestHeaderConfiguration.requestHeaderAllowlist.1.member'],
  ['jwt scope mapping', jwt({ advertisedScopeMapping: { read: 'api/read' } }), undefined],
  ['jwt scope mapping empty', jwt({ advertisedScopeMapping: {} }), 'authorizerConfiguration.customJWTAuthorizer.advertisedScopeMapping'],
  ['jwt lattice endpoint', jwt({ privateEndpoint: { selfManagedLatticeResource: { resourceConfigurationIdentifier: 'rcfg-0123456789abcdef0' } } }), undefined],
  ['jwt lattice bad id', jwt({ privateEndpoint: { selfManagedLatticeResource: { resourceConfigurationIdentifier: 'rcfg-1' } } }), 'authorizerConfiguration.customJWTAuthorizer.privateEndpoint.selfManagedLatticeResource.resourceConfigurationIdentifier'],
  ['jwt managed VPC endpoint', jwt({ privateEndpoint: { managedVpcResource: managedVpc() } }), undefined],
  ['jwt managed VPC bad ip type', jwt({ privateEndpoint: { managedVpcResource: managedVpc({ endpointIpAddressType: 'IPV5' }) } }), 'authorizerConfiguration.customJWTAuthorizer.privateEndpoint.managedVpcResource.endpointIpAddressType'],
  ['jwt managed VPC 6 security groups', jwt({ privateEndpoint: { managedVpcResource: managedVpc({ securityGroupIds: Array.from({ length: 6 }, () => 'sg-0123abcd') }) } }), 'authorizerConfiguration.customJWTAuthorizer.privateEndpoint.managedVpcResource.securityGroupIds'],
  ['jwt managed VPC missing vpc', jwt({ privateEndpoint: { managedVpcResource: managedVpc({ vpcIdentifier: undefined }) } }), 'authorizerConfiguration.customJWTAuthorizer.privateEndpoint.managedVpcResource.vpcIdentifier'],
  ['jwt endpoint overrides 5', jwt({ privateEndpointOverrides: Array.from({ length: 5 }, (_, i) => ({ domain: `d${i}.example.com`, privateEndpoint: { managedVpcResource: managedVpc() } })) }), undefined],
  ['jwt endpoint overrides 6', jwt({ privateEndpointOverrides: Array.from({ length: 6 }, (_, i) => ({ domain: `d${i}.example.com`, privateEndpoint: { managedVpcResource: managedVpc() } })) }), 'authorizerConfiguration.customJWTAuthorizer.privateEndpointOverrides'],
  ['jwt endpoint override without endpoint', jwt({ privateEndpointOverrides: [{ domain: 'd.example.com' }] }), 'authorizerConfiguration.customJWTAuthorizer.privateEndpointOverrides.1.member.privateEndpoint'],
  ['jwt workloads', jwt({ allowedWorkloadConfiguration: { hostingEnvironments: [{ arn: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:x' }], workloadIdentities: ['my.workload'] } }), undefined],
  ['jwt workload name 2 chars', jwt({ allowedWorkloadConfiguration: { workloadIdentities: ['ab'] } }), 'authorizerConfiguration.customJWTAuthorizer.allowedWorkloadConfiguration.workloadIdentities.1.member'],
  ['jwt hosting arn 19 chars', jwt({ allowedWorkloadConfiguration: { hostingEnvironments: [{ arn: 'a'.repeat(19) }] } }), 'authorizerConfiguration.customJWTAuthorizer.allowedWorkloadConfiguration.hostingEnvironments.1.member.arn'],
  ['unknown top-level member', { somethingNew: { a: 1 } }, undefined],
];

describe('CreateAgentRuntime validation', () => {
  it.each(CASES)('%s', (_label, extra, field) => {
    if (field === undefined) {
      expect(() => create(extra)).not.toThrow();
      return;
    }
    const e = awsError(() => create(extra));
    expect(e.name).toBe('ValidationException');
    expect(e.members.reason).toBe('FieldValidationFailed');
    expect(fieldNames(e)).toContain(field);
  });

  it('uses the AWS message wording and reports every failure at once', () => {
    const e = awsError(() => create({ agentRuntimeName: 'bad-name', description: '' }));
    expect(e.message).toBe(
      "2 validation errors detected: Value 'bad-name' at 'agentRuntimeName' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [a-zA-Z][a-zA-Z0-9_]{0,47}; ' +
        "Value '' at 'description' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('stores only modelled filesystem members and drops an empty list', () => {
    expect(create(fs()).configuration).not.toHaveProperty('filesystemConfigurations');
    const stored = create(fs({ sessionStorage: { mountPath: '/mnt/a', extra: 1 } })).configuration.filesystemConfigurations;
    expect(stored).toEqual([{ sessionStorage: { mountPath: '/mnt/a' } }]);
  });
});

describe('UpdateAgentRuntime validation', () => {
  const update = (extra: Record<string, unknown>) => {
    const { agentRuntimeName: _n, ...body } = validBody(extra);
    return parseUpdateRuntime(body, new FieldChecker());
  };
  it('does not need a name but needs artifact and roleArn again', () => {
    expect(() => update({})).not.toThrow();
    expect(fieldNames(awsError(() => update({ agentRuntimeArtifact: undefined, roleArn: undefined })))).toEqual([
      'agentRuntimeArtifact',
      'roleArn',
    ]);
  });
  it('checks metadataConfiguration.requireMMDSV2', () => {
    expect(() => update({ metadataConfiguration: { requireMMDSV2: true } })).not.toThrow();
    expect(fieldNames(awsError(() => update({ metadataConfiguration: {} })))).toEqual(['metadataConfiguration.requireMMDSV2']);
    expect(fieldNames(awsError(() => update({ metadataConfiguration: { requireMMDSV2: 'yes' } })))).toEqual([
      'metadataConfiguration.requireMMDSV2',
    ]);
  });
});

describe('CreateAgentRuntimeEndpoint validation', () => {
  const ep = (body: Record<string, unknown>) => parseCreateEndpoint({ name: 'prod', ...body }, new FieldChecker());
  it.each([
    ['name 48', { name: 'e'.repeat(48) }, undefined],
    ['name 49', { name: 'e'.repeat(49) }, 'name'],
    ['name with hyphen', { name: 'pr-od' }, 'name'],
    ['name missing', { name: undefined }, 'name'],
    ['version 99999', { agentRuntimeVersion: '99999' }, undefined],
    ['version 100000', { agentRuntimeVersion: '100000' }, 'agentRuntimeVersion'],
    ['version 0', { agentRuntimeVersion: '0' }, 'agentRuntimeVersion'],
    ['version 01', { agentRuntimeVersion: '01' }, 'agentRuntimeVersion'],
    ['version number', { agentRuntimeVersion: 1 }, 'agentRuntimeVersion'],
    ['description 256', { description: 'd'.repeat(256) }, undefined],
    ['description 257', { description: 'd'.repeat(257) }, 'description'],
    ['clientToken 32', { clientToken: 'a'.repeat(32) }, 'clientToken'],
    ['tags 51', { tags: map(51) }, 'tags'],
  ] as Case[])('%s', (_label, body, field) => {
    if (field === undefined) return void expect(() => ep(body)).not.toThrow();
    expect(fieldNames(awsError(() => ep(body)))).toContain(field);
  });
});
