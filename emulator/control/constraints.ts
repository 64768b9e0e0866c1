// Every constraint the control-plane model (botocore 1.43.67) puts on the input members we serve, as data. Kept as plain values (not
// inlined in the validators) so a unit test can compare them with the botocore model and catch drift. `shape` names
// the model shape each entry mirrors. Patterns are stored unanchored, exactly as modelled; FieldChecker anchors them.
import type { IntConstraint, StringConstraint } from '../aws/field-checker.ts';

export interface ShapeConstraint extends StringConstraint {
  /** The Smithy shape this entry mirrors, for the drift test. */
  readonly shape: string;
}

export interface ShapeRange extends IntConstraint {
  readonly shape: string;
}

const MOUNT_PATH: ShapeConstraint = { shape: 'MountPath', min: 6, max: 200, pattern: /\/mnt\/[a-zA-Z0-9._-]+\/?/ };

export const CONSTRAINTS = {
  agentRuntimeName: { shape: 'AgentRuntimeName', pattern: /[a-zA-Z][a-zA-Z0-9_]{0,47}/ },
  agentRuntimeId: { shape: 'AgentRuntimeId', pattern: /[a-zA-Z][a-zA-Z0-9_]{0,99}-[a-zA-Z0-9]{10}/ },
  agentRuntimeVersion: { shape: 'AgentRuntimeVersion', min: 1, max: 5, pattern: /([1-9][0-9]{0,4})/ },
  endpointName: { shape: 'EndpointName', pattern: /[a-zA-Z][a-zA-Z0-9_]{0,47}/ },
  endpointDescription: { shape: 'AgentEndpointDescription', min: 1, max: 256 },
  containerUri: {
    shape: 'RuntimeContainerUri',
    min: 1,
    max: 1024,
    pattern:
      /(([0-9]{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?|public\.ecr\.aws)\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(?::([^:@]{1,300}))?(?:@(.+))?/,
  },
  s3Bucket: { shape: 'S3LocationBucketString', pattern: /[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/ },
  s3Prefix: { shape: 'S3LocationPrefixString', min: 1, max: 1024 },
  s3VersionId: { shape: 'S3LocationVersionIdString', min: 3, max: 1024 },
  entryPoint: { shape: 'entryPoint', min: 1, max: 128 },
  roleArn: { shape: 'RoleArn', min: 1, max: 2048, pattern: /arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+/ },
  securityGroupId: { shape: 'SecurityGroupId', pattern: /sg-[0-9a-zA-Z]{8,17}/ },
  subnetId: { shape: 'SubnetId', pattern: /subnet-[0-9a-zA-Z]{8,17}/ },
  clientToken: { shape: 'ClientToken', min: 33, max: 256, pattern: /[a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}/ },
  description: { shape: 'Description', min: 1, max: 4096 },
  discoveryUrl: { shape: 'DiscoveryUrl', pattern: /.+\/\.well-known\/openid-configuration/ },
  allowedScope: { shape: 'AllowedScopeType', min: 1, max: 255, pattern: /[\x21\x23-\x5B\x5D-\x7E]+/ },
  claimName: { shape: 'InboundTokenClaimNameType', min: 1, max: 255, pattern: /[A-Za-z0-9_.-:]+/ },
  matchValueString: { shape: 'MatchValueString', min: 1, max: 255, pattern: /[A-Za-z0-9_.-]+/ },
  headerName: {
    shape: 'HeaderName',
    min: 1,
    max: 256,
    pattern: /[A-Za-z][A-Za-z0-9_-]{0,255}/,
  },
  environmentVariableKey: { shape: 'EnvironmentVariableKey', min: 1, max: 100 },
  environmentVariableValue: { shape: 'EnvironmentVariableValue', min: 0, max: 5000 },
  tagKey: { shape: 'TagKey', min: 1, max: 128, pattern: /[a-zA-Z0-9\s._:/=+@-]*/ },
  tagValue: { shape: 'TagValue', min: 0, max: 256, pattern: /[a-zA-Z0-9\s._:/=+@-]*/ },
  mountPath: MOUNT_PATH,
  nextToken: { shape: 'NextToken', min: 1, max: 2048, pattern: /\S*/ },
  efsAccessPointArn: {
    shape: 'EfsAccessPointArn',
    min: 0,
    max: 128,
    pattern: /arn:aws[-a-z]*:elasticfilesystem:[0-9a-z-:]+:access-point\/fsap-[0-9a-f]{8,40}/,
  },
  s3FilesAccessPointArn: {
    shape: 'S3FilesAccessPointArn',
    min: 0,
    max: 256,
    pattern: /arn:aws[-a-z]*:s3files:[0-9a-z-:]+:file-system\/fs-[0-9a-f]{17,40}\/access-point\/fsap-[0-9a-f]{17,40}/,
  },
  volumeName: { shape: 'CapacityProviderVolumeName', min: 1, max: 48, pattern: /[a-zA-Z][a-zA-Z0-9_-]{0,47}/ },
  capacityProviderArn: {
    shape: 'CapacityProviderArn',
    pattern: /arn:aws(-[^:]+)?:bedrock-agentcore:[a-z0-9-]+:[0-9]{12}:capacity-provider\/[a-zA-Z][a-zA-Z0-9_]{0,47}-[a-zA-Z0-9]{10}/,
  },
  // customJWTAuthorizer's private endpoints and workload allowlist.
  resourceConfigurationIdentifier: {
    shape: 'ResourceConfigurationIdentifier',
    min: 20,
    max: 2048,
    pattern: /((rcfg-[0-9a-z]{17})|(arn:[a-z0-9\-]+:vpc-lattice:[a-zA-Z0-9\-]+:\d{12}:resourceconfiguration\/rcfg-[0-9a-z]{17}))/,
  },
  vpcIdentifier: { shape: 'VpcIdentifier', pattern: /vpc-(([0-9a-z]{8})|([0-9a-z]{17}))/ },
  securityGroupIdentifier: { shape: 'SecurityGroupIdentifier', pattern: /sg-(([0-9a-z]{8})|([0-9a-z]{17}))/ },
  routingDomain: { shape: 'RoutingDomain', min: 3, max: 255 },
  privateEndpointDomain: { shape: 'PrivateEndpointOverrideDomain', min: 1, max: 253 },
  hostingEnvironmentArn: { shape: 'BedrockAgentcoreResourceArn', min: 20, max: 1011 },
  workloadIdentityName: { shape: 'WorkloadIdentityNameType', min: 3, max: 255, pattern: /[A-Za-z0-9_.-]+/ },
} as const satisfies Record<string, ShapeConstraint>;

export const RANGES = {
  idleRuntimeSessionTimeout: { shape: 'LifecycleConfigurationIdleRuntimeSessionTimeoutInteger', min: 60, max: 1209600 },
  maxLifetime: { shape: 'LifecycleConfigurationMaxLifetimeInteger', min: 60, max: 1209600 },
  maxResults: { shape: 'MaxResults', min: 1, max: 100 },
  /** Lists and maps: element counts. */
  entryPoints: { shape: 'CodeConfigurationEntryPointList', min: 1, max: 2 },
  securityGroups: { shape: 'SecurityGroups', min: 1, max: 16 },
  subnets: { shape: 'Subnets', min: 1, max: 16 },
  requestHeaderAllowlist: { shape: 'RequestHeaderAllowlist', min: 1, max: 20 },
  allowedAudience: { shape: 'AllowedAudienceList', min: 1 },
  allowedClients: { shape: 'AllowedClientsList', min: 1 },
  allowedScopes: { shape: 'AllowedScopesType', min: 1 },
  customClaims: { shape: 'CustomClaimValidationsType', min: 1 },
  matchValueStringList: { shape: 'MatchValueStringList', min: 1 },
  environmentVariables: { shape: 'EnvironmentVariablesMap', min: 0, max: 50 },
  tags: { shape: 'TagsMap', min: 0, max: 50 },
  filesystemConfigurations: { shape: 'FilesystemConfigurations', min: 0, max: 5 },
  advertisedScopeMapping: { shape: 'AdvertisedScopeMappingType', min: 1, max: 50 },
  privateEndpointOverrides: { shape: 'PrivateEndpointOverrides', min: 0, max: 5 },
  securityGroupIds: { shape: 'SecurityGroupIds', min: 0, max: 5 },
  hostingEnvironments: { shape: 'HostingEnvironmentListType', min: 1, max: 10 },
  workloadIdentities: { shape: 'WorkloadIdentityNameListType', min: 1, max: 10 },
} as const satisfies Record<string, ShapeRange>;

export const ENUMS = {
  NetworkMode: ['PUBLIC', 'VPC'],
  ServerProtocol: ['MCP', 'HTTP', 'A2A', 'AGUI'],
  AgentManagedRuntimeType: ['PYTHON_3_10', 'PYTHON_3_11', 'PYTHON_3_12', 'PYTHON_3_13', 'PYTHON_3_14', 'NODE_22'],
  InboundTokenClaimValueType: ['STRING', 'STRING_ARRAY'],
  ClaimMatchOperatorType: ['EQUALS', 'CONTAINS', 'CONTAINS_ANY'],
  EndpointIpAddressType: ['IPV4', 'IPV6'],
} as const satisfies Record<string, readonly string[]>;

export const FILESYSTEM_KINDS = ['sessionStorage', 's3FilesAccessPoint', 'efsAccessPoint', 'capacityProviderVolume'] as const;
export type FilesystemKind = (typeof FILESYSTEM_KINDS)[number];

/**
 * Developer Guide, "Limits" (C1), per agent runtime. The total of 5 is the model's own list maximum
 * (RANGES.filesystemConfigurations); capacity provider volumes have no limit of their own.
 */
export const FILESYSTEM_LIMITS: { readonly perKind: Readonly<Partial<Record<FilesystemKind, number>>> } = {
  perKind: { sessionStorage: 1, s3FilesAccessPoint: 2, efsAccessPoint: 2 },
};

/** Lifecycle defaults applied when a member is omitted (devguide). */
export const LIFECYCLE_DEFAULTS = { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 } as const;

/** Service quotas (devguide): breaching them is ServiceQuotaExceededException. */
export const QUOTAS = { versionsPerRuntime: 1000, endpointsPerRuntime: 10 } as const;
