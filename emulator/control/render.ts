// Registry views → wire bodies (restJson1 members as modelled). Timestamps go out as RFC-3339 strings, the only
// form the SDK accepts. One function per modelled output structure, shared by every operation that returns it.
import { toRfc3339 } from '../clock.ts';
import { effectiveLifecycle } from './effective-lifecycle.ts';
import type { EndpointView, RuntimeVersionView } from './registry-api.ts';

const identity = (v: RuntimeVersionView) => ({ workloadIdentityDetails: { workloadIdentityArn: v.workloadIdentityArn } });

/** CreateAgentRuntimeResponse. */
export const renderCreatedRuntime = (v: RuntimeVersionView) => ({
  agentRuntimeArn: v.agentRuntimeArn,
  agentRuntimeId: v.agentRuntimeId,
  agentRuntimeVersion: v.agentRuntimeVersion,
  createdAt: toRfc3339(v.createdAt),
  status: v.status,
  ...identity(v),
});

/** UpdateAgentRuntimeResponse. */
export const renderUpdatedRuntime = (v: RuntimeVersionView) => ({
  ...renderCreatedRuntime(v),
  lastUpdatedAt: toRfc3339(v.lastUpdatedAt),
});

/**
 * GetAgentRuntimeResponse. Optional members are emitted only when the version has them, so a member dropped by an
 * Update (e.g. filesystemConfigurations) is absent as a key, not null or []. lifecycleConfiguration is required in
 * the output and shows the effective values.
 */
export function renderRuntime(v: RuntimeVersionView): Record<string, unknown> {
  const { lifecycleConfiguration: _given, ...config } = v.configuration;
  return {
    agentRuntimeArn: v.agentRuntimeArn,
    agentRuntimeName: v.agentRuntimeName,
    agentRuntimeId: v.agentRuntimeId,
    agentRuntimeVersion: v.agentRuntimeVersion,
    createdAt: toRfc3339(v.createdAt),
    lastUpdatedAt: toRfc3339(v.lastUpdatedAt),
    status: v.status,
    lifecycleConfiguration: effectiveLifecycle(v.configuration),
    ...identity(v),
    ...config,
  };
}

/** AgentRuntime, the list item of ListAgentRuntimes and ListAgentRuntimeVersions (description is required there). */
export const renderRuntimeSummary = (v: RuntimeVersionView) => ({
  agentRuntimeArn: v.agentRuntimeArn,
  agentRuntimeId: v.agentRuntimeId,
  agentRuntimeVersion: v.agentRuntimeVersion,
  agentRuntimeName: v.agentRuntimeName,
  description: v.configuration.description ?? '',
  lastUpdatedAt: toRfc3339(v.lastUpdatedAt),
  status: v.status,
});

/** GetAgentRuntimeEndpointResponse and the AgentRuntimeEndpoint list item (same members). */
export const renderEndpoint = (e: EndpointView) => ({
  name: e.name,
  id: e.id,
  agentRuntimeEndpointArn: e.agentRuntimeEndpointArn,
  agentRuntimeArn: e.agentRuntimeArn,
  status: e.status,
  createdAt: toRfc3339(e.createdAt),
  lastUpdatedAt: toRfc3339(e.lastUpdatedAt),
  ...(e.liveVersion !== undefined ? { liveVersion: e.liveVersion } : {}),
  targetVersion: e.targetVersion,
  ...(e.description !== undefined ? { description: e.description } : {}),
});

/** CreateAgentRuntimeEndpointResponse. */
export const renderCreatedEndpoint = (e: EndpointView) => ({
  targetVersion: e.targetVersion,
  agentRuntimeEndpointArn: e.agentRuntimeEndpointArn,
  agentRuntimeArn: e.agentRuntimeArn,
  agentRuntimeId: e.agentRuntimeId,
  endpointName: e.name,
  status: e.status,
  createdAt: toRfc3339(e.createdAt),
});

/** UpdateAgentRuntimeEndpointResponse. */
export const renderUpdatedEndpoint = (e: EndpointView) => ({
  agentRuntimeEndpointArn: e.agentRuntimeEndpointArn,
  agentRuntimeArn: e.agentRuntimeArn,
  status: e.status,
  createdAt: toRfc3339(e.createdAt),
  lastUpdatedAt: toRfc3339(e.lastUpdatedAt),
  ...(e.liveVersion !== undefined ? { liveVersion: e.liveVersion } : {}),
  targetVersion: e.targetVersion,
});
