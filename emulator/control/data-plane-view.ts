// What the data plane needs to know about a runtime, and how it learns that a runtime changed. The control plane
// (registry) owns runtimes and versions; sessions only see ResolvedRuntime snapshots and RuntimeEvents.

/** The endpoint every runtime has, always on its latest version; the data plane's qualifier when none is given. */
export const DEFAULT_ENDPOINT = 'DEFAULT';

export interface SessionStorageConfiguration {
  mountPath: string;
}

/** Smithy union: exactly one member is set per element. */
export interface FilesystemConfiguration {
  sessionStorage?: SessionStorageConfiguration;
  s3FilesAccessPoint?: { accessPointArn: string; mountPath: string };
  efsAccessPoint?: { accessPointArn: string; mountPath: string };
  capacityProviderVolume?: { volumeName: string; mountPath: string };
}

export interface LifecycleConfiguration {
  /** Seconds without an invocation before a session is stopped. */
  idleRuntimeSessionTimeout: number;
  /** Seconds after which a session's compute is stopped regardless of activity. */
  maxLifetime: number;
}

/** The runtime version an invocation resolved to (via the DEFAULT endpoint, another endpoint, or a qualifier). */
export interface ResolvedRuntime {
  readonly agentRuntimeId: string;
  readonly agentRuntimeArn: string;
  readonly agentRuntimeVersion: string;
  /** The endpoint the call went through (its qualifier, DEFAULT when none): sessions belong to it. */
  readonly endpointName: string;
  /** The session-storage mount, or undefined when the version has none (never configured or disabled with []). */
  readonly sessionStorage: SessionStorageConfiguration | undefined;
  readonly lifecycle: LifecycleConfiguration;
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** The artifact as configured (containerConfiguration or codeConfiguration), for the agent-invocation path. */
  readonly agentRuntimeArtifact: unknown;
  /** `networkConfiguration.networkMode`: PUBLIC sessions get outbound network (unless the operator says none). */
  readonly networkMode: 'PUBLIC' | 'VPC';
}

export type RuntimeEvent =
  | { kind: 'version-created'; agentRuntimeId: string; agentRuntimeVersion: string }
  | { kind: 'runtime-deleted'; agentRuntimeId: string }
  | { kind: 'endpoint-deleted'; agentRuntimeId: string; endpointName: string };

export type RuntimeListener = (event: RuntimeEvent) => void | Promise<void>;

/** The slice of the registry the data plane depends on. */
export interface RuntimeResolver {
  /**
   * Resolves the `{agentRuntimeArn}` path label of a data-plane call: a full runtime ARN, or a bare runtime id
   * (then `accountId` is expected). `qualifier` names an endpoint (default `DEFAULT`).
   * Throws an AwsError (ResourceNotFoundException / ValidationException) when it cannot.
   */
  resolve(arnOrId: string, qualifier: string | undefined, accountId: string | undefined): ResolvedRuntime;
  /** Listeners run after the change is committed; the registry awaits them before answering the Update/Delete call. */
  subscribe(listener: RuntimeListener): () => void;
}
