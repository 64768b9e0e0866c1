// The members the control plane keeps of each structure a runtime version stores and GetAgentRuntime echoes, as
// data. The service ignores request members its model does not define and never echoes them; pruning a validated
// request to this table does the same. test/emulator/control/model-drift.test.ts walks the botocore model
// (1.43.67) and requires the table to match it member for member, so a model update shows up there.

/** `leaf`: a scalar, a list of scalars or a map, kept whole. Otherwise a structure's (or each list element's) members. */
export type Member = 'leaf' | Members;
export interface Members {
  readonly [member: string]: Member;
}

const PRIVATE_ENDPOINT: Members = {
  selfManagedLatticeResource: { resourceConfigurationIdentifier: 'leaf' },
  managedVpcResource: {
    vpcIdentifier: 'leaf',
    subnetIds: 'leaf',
    endpointIpAddressType: 'leaf',
    securityGroupIds: 'leaf',
    tags: 'leaf',
    routingDomain: 'leaf',
  },
};

const CUSTOM_JWT_AUTHORIZER: Members = {
  discoveryUrl: 'leaf',
  allowedAudience: 'leaf',
  allowedClients: 'leaf',
  allowedScopes: 'leaf',
  advertisedScopeMapping: 'leaf',
  customClaims: {
    inboundTokenClaimName: 'leaf',
    inboundTokenClaimValueType: 'leaf',
    authorizingClaimMatchValue: { claimMatchValue: { matchValueString: 'leaf', matchValueStringList: 'leaf' }, claimMatchOperator: 'leaf' },
  },
  privateEndpoint: PRIVATE_ENDPOINT,
  privateEndpointOverrides: { domain: 'leaf', privateEndpoint: PRIVATE_ENDPOINT },
  allowedWorkloadConfiguration: { hostingEnvironments: { arn: 'leaf' }, workloadIdentities: 'leaf' },
};

/** Everything CreateAgentRuntime and UpdateAgentRuntime configure (UpdateAgentRuntimeRequest without id and token). */
export const RUNTIME_CONFIGURATION: Members = {
  agentRuntimeArtifact: {
    containerConfiguration: { containerUri: 'leaf' },
    codeConfiguration: { code: { s3: { bucket: 'leaf', prefix: 'leaf', versionId: 'leaf' } }, runtime: 'leaf', entryPoint: 'leaf' },
  },
  roleArn: 'leaf',
  networkConfiguration: { networkMode: 'leaf', networkModeConfig: { securityGroups: 'leaf', subnets: 'leaf', requireServiceS3Endpoint: 'leaf' } },
  description: 'leaf',
  authorizerConfiguration: { customJWTAuthorizer: CUSTOM_JWT_AUTHORIZER },
  requestHeaderConfiguration: { requestHeaderAllowlist: 'leaf' },
  protocolConfiguration: { serverProtocol: 'leaf' },
  lifecycleConfiguration: { idleRuntimeSessionTimeout: 'leaf', maxLifetime: 'leaf' },
  metadataConfiguration: { requireMMDSV2: 'leaf' },
  environmentVariables: 'leaf',
  filesystemConfigurations: {
    sessionStorage: { mountPath: 'leaf' },
    s3FilesAccessPoint: { accessPointArn: 'leaf', mountPath: 'leaf' },
    efsAccessPoint: { accessPointArn: 'leaf', mountPath: 'leaf' },
    capacityProviderVolume: { volumeName: 'leaf', mountPath: 'leaf' },
  },
  capacityProviderConfiguration: { capacityProviderArn: 'leaf' },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A copy of an already validated `value` with only the modelled members (null members dropped, as absent). Lists of
 * structures are pruned element by element.
 */
export function prune(value: unknown, member: Member): unknown {
  if (member === 'leaf') return structuredClone(value);
  if (Array.isArray(value)) return value.map((v) => prune(v, member));
  if (!isRecord(value)) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(member)) {
    if (value[k] !== undefined && value[k] !== null) out[k] = prune(value[k], inner);
  }
  return out;
}
