// The registry's API in types: what Create/Update take (a version's configuration, as validated from the wire) and the
// read-only views and pages the registry hands out. Wire rendering lives in render.ts; nothing here knows about HTTP.
import type { FilesystemConfiguration } from './data-plane-view.ts';

export type AgentRuntimeStatus = 'CREATING' | 'UPDATING' | 'READY' | 'DELETING';
export type PendingStatus = 'CREATING' | 'UPDATING';

/** Structures we store and echo without interpreting them further (already validated). */
export type Structure = Readonly<Record<string, unknown>>;

/**
 * Everything Create/Update configure. One immutable value per version: an Update replaces it wholesale, so a member
 * absent here is absent from that version. `filesystemConfigurations` is never an empty array (normalised away).
 */
export interface RuntimeConfiguration {
  readonly agentRuntimeArtifact: Structure;
  readonly roleArn: string;
  readonly networkConfiguration: Structure;
  readonly description?: string;
  readonly authorizerConfiguration?: Structure;
  readonly requestHeaderConfiguration?: Structure;
  readonly protocolConfiguration?: Structure;
  readonly lifecycleConfiguration?: { readonly idleRuntimeSessionTimeout?: number; readonly maxLifetime?: number };
  readonly metadataConfiguration?: Structure;
  readonly environmentVariables?: Readonly<Record<string, string>>;
  readonly filesystemConfigurations?: readonly FilesystemConfiguration[];
  readonly capacityProviderConfiguration?: Structure;
}

export interface CreateRuntimeInput {
  readonly agentRuntimeName: string;
  readonly configuration: RuntimeConfiguration;
  readonly tags?: Readonly<Record<string, string>>;
  readonly clientToken?: string;
}

/** One version of one runtime as seen at one instant. Timestamps are epoch milliseconds. */
export interface RuntimeVersionView {
  readonly agentRuntimeId: string;
  readonly agentRuntimeArn: string;
  readonly agentRuntimeName: string;
  readonly agentRuntimeVersion: string;
  /** When the runtime (version 1) was created. */
  readonly createdAt: number;
  /** When this version was created. */
  readonly lastUpdatedAt: number;
  readonly status: AgentRuntimeStatus;
  readonly workloadIdentityArn: string;
  readonly configuration: RuntimeConfiguration;
}

export interface EndpointInput {
  readonly agentRuntimeVersion?: string;
  readonly description?: string;
  readonly clientToken?: string;
}

export interface CreateEndpointInput extends EndpointInput {
  readonly name: string;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface EndpointView {
  readonly name: string;
  readonly id: string;
  readonly agentRuntimeEndpointArn: string;
  readonly agentRuntimeArn: string;
  readonly agentRuntimeId: string;
  readonly status: AgentRuntimeStatus;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  /** The version serving traffic; while UPDATING this is still the previous one. */
  readonly liveVersion: string | undefined;
  /** The version the endpoint points at (and invocations resolve to). */
  readonly targetVersion: string;
  readonly description?: string;
}

export interface PageRequest {
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}
