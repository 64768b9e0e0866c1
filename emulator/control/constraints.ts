// Every constraint the control-plane model puts on the input members we serve, as data. Kept as plain values (not
// inlined in the validators) so a unit test can compare them with the botocore model and catch drift. `shape` names
// the model shape each entry mirrors. Patterns are stored unanchored, exactly as modelled; FieldChecker anchors them.
import type { IntConstraint, StringConstraint } from '../wire/validate.ts';

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
    pattern: /(Authorization|X-Amzn-Bedrock-AgentCore-Runtime-Custom-[a-zA-Z0-9-]+)/,
  },
  environmentVariableKey: { shape: 'EnvironmentVariableKey', min: 1, max: 100 },
  environmentVariableValue: { shape: 'EnvironmentVariableValue', min: 0, max: 5000 },
  tagKey: { shape: 'TagKey', min: 1, max: 128, pattern: /[a-zA-Z0-9\s._:/=+@-]*/ },
  tagValue: { shape: 'TagValue', min: 0, max: 256, pattern: /[a-zA-Z0-9\s._:/=+@-]*/ },
  mountPath: MOUNT_PATH,
  nextToken: { shape: 'NextToken', min: 1, max: 2048, pattern: /\S*/ },
  // Newer than the pinned botocore model (1.42.75 only knows sessionStorage); values from the API reference.
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
} as const satisfies Record<string, ShapeConstraint>;

export const RANGES = {
  idleRuntimeSessionTimeout: { shape: 'LifecycleConfigurationIdleRuntimeSessionTimeoutInteger', min: 60, max: 28800 },
  maxLifetime: { shape: 'LifecycleConfigurationMaxLifetimeInteger', min: 60, max: 28800 },
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
  // The pinned model says max 1 (session storage only); the current API and SDK allow 5 mounts of four kinds.
  filesystemConfigurations: { shape: 'FilesystemConfigurations', min: 0, max: 5 },
} as const satisfies Record<string, ShapeRange>;

export const ENUMS = {
  NetworkMode: ['PUBLIC', 'VPC'],
  ServerProtocol: ['MCP', 'HTTP', 'A2A', 'AGUI'],
  // NODE_22 is in the current JS SDK but not in the pinned botocore model.
  AgentManagedRuntimeType: ['PYTHON_3_10', 'PYTHON_3_11', 'PYTHON_3_12', 'PYTHON_3_13', 'PYTHON_3_14', 'NODE_22'],
  InboundTokenClaimValueType: ['STRING', 'STRING_ARRAY'],
  ClaimMatchOperatorType: ['EQUALS', 'CONTAINS', 'CONTAINS_ANY'],
} as const satisfies Record<string, readonly string[]>;

export const FILESYSTEM_KINDS = ['sessionStorage', 's3FilesAccessPoint', 'efsAccessPoint', 'capacityProviderVolume'] as const;
export type FilesystemKind = (typeof FILESYSTEM_KINDS)[number];

/** Lifecycle defaults applied when a member is omitted (devguide). */
export const LIFECYCLE_DEFAULTS = { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 } as const;

/** Service quotas (devguide): breaching them is ServiceQuotaExceededException. */
export const QUOTAS = { versionsPerRuntime: 1000, endpointsPerRuntime: 10 } as const;
