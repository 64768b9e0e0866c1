// How a data-plane call's target becomes what its session runs: the `{agentRuntimeArn}` path label read as a runtime
// of this region and account, and the version an endpoint serves seen as the sessions see it. Pure.
import { notFound, validationError } from '../aws/errors.ts';
import { isEndpointArn, parseRuntimeArn } from './arn.ts';
import { effectiveLifecycle } from './effective-lifecycle.ts';
import type { EndpointRecord, RuntimeRecord, VersionRecord } from './registry-records.ts';
import type { ResolvedRuntime } from './data-plane-view.ts';

/** The runtime id a label names: a runtime ARN of `own` region and account, or a bare id that must come with `accountId`. */
export function runtimeIdOfLabel(arnOrId: string, accountId: string | undefined, own: { region: string; accountId: string }): string {
  if (arnOrId.startsWith('arn:')) {
    const arn = parseRuntimeArn(arnOrId);
    // Endpoint ARNs are not invocable targets: the service answers 404 and expects runtime ARN + qualifier.
    if (!arn || isEndpointArn(arnOrId) || arn.region !== own.region || arn.accountId !== own.accountId)
      throw notFound(`Agent runtime '${arnOrId}' does not exist.`);
    return arn.agentRuntimeId;
  }
  if (accountId === undefined)
    throw validationError([
      { name: 'accountId', message: "Value null at 'accountId' failed to satisfy constraint: Member must not be null when agentRuntimeArn is an agent runtime id" },
    ]);
  if (accountId !== own.accountId) throw notFound(`Agent runtime '${arnOrId}' does not exist in account '${accountId}'.`);
  return arnOrId;
}

/** Version `v` of `rt` as served through `endpoint`. */
export function resolvedRuntime(rt: RuntimeRecord, endpoint: EndpointRecord, v: VersionRecord): ResolvedRuntime {
  const storage = v.configuration.filesystemConfigurations?.find((f) => f.sessionStorage)?.sessionStorage;
  return {
    agentRuntimeId: rt.id,
    agentRuntimeArn: rt.arn,
    agentRuntimeVersion: v.version,
    endpointName: endpoint.name,
    sessionStorage: storage ? { mountPath: storage.mountPath } : undefined,
    lifecycle: effectiveLifecycle(v.configuration),
    environmentVariables: v.configuration.environmentVariables ?? {},
    agentRuntimeArtifact: v.configuration.agentRuntimeArtifact,
    networkMode: v.configuration.networkConfiguration.networkMode === 'VPC' ? 'VPC' : 'PUBLIC',
  };
}
