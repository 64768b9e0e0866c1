// Endpoint bookkeeping on one runtime record. DEFAULT is never stored (see registry-records.ts), so every mutation here
// refuses it: it cannot be created, retargeted or deleted by callers.
import { AwsError, notFound, validationError } from '../aws/errors.ts';
import { QUOTAS } from './constraints.ts';
import type { CreateEndpointInput, EndpointInput, EndpointView } from './registry-api.ts';
import { DEFAULT_ENDPOINT } from './data-plane-view.ts';
import { defaultEndpoint, endpointView, statusOf, type EndpointRecord, type RuntimeRecord } from './registry-records.ts';

/** Looks up an endpoint (DEFAULT included) or throws ResourceNotFoundException. */
export function findEndpoint(rt: RuntimeRecord, name: string): EndpointRecord {
  if (name === DEFAULT_ENDPOINT) return defaultEndpoint(rt);
  const e = rt.endpoints.get(name);
  if (!e) throw notFound(`Endpoint '${name}' does not exist on agent runtime '${rt.id}'.`);
  return e;
}

export const allEndpoints = (rt: RuntimeRecord): EndpointRecord[] => [defaultEndpoint(rt), ...rt.endpoints.values()];

function versionOrLatest(rt: RuntimeRecord, version: string | undefined): string {
  if (version === undefined) return rt.latest.version;
  if (!rt.versions.has(version)) throw notFound(`Version '${version}' of agent runtime '${rt.id}' does not exist.`);
  return version;
}

/** DEFAULT is managed by the service; changing it is a request error, named like a field failure. */
function refuseDefault(name: string, action: string): void {
  if (name === DEFAULT_ENDPOINT)
    throw validationError([
      { name: 'endpointName', message: `Value 'DEFAULT' at 'endpointName' failed to satisfy constraint: The DEFAULT endpoint cannot be ${action}` },
    ]);
}

export function createEndpoint(rt: RuntimeRecord, input: CreateEndpointInput, now: number, transitionMs: number): EndpointView {
  if (input.name === DEFAULT_ENDPOINT || rt.endpoints.has(input.name))
    throw new AwsError('ConflictException', `Endpoint '${input.name}' already exists on agent runtime '${rt.id}'.`);
  if (rt.endpoints.size + 1 >= QUOTAS.endpointsPerRuntime)
    throw new AwsError('ServiceQuotaExceededException', `Agent runtime '${rt.id}' already has ${QUOTAS.endpointsPerRuntime} endpoints (DEFAULT included).`);
  const record: EndpointRecord = {
    name: input.name,
    createdAt: now,
    lastUpdatedAt: now,
    description: input.description,
    // Pinned at creation: unlike DEFAULT, a custom endpoint does not follow later versions.
    targetVersion: versionOrLatest(rt, input.agentRuntimeVersion),
    previousVersion: undefined,
    transition: { pending: 'CREATING', readyAt: now + transitionMs },
    tags: input.tags,
  };
  rt.endpoints.set(record.name, record);
  return endpointView(rt, record, now, 'CREATING');
}

/** Omitted members keep their value: an endpoint update is a retarget, not a full replacement. */
export function updateEndpoint(rt: RuntimeRecord, name: string, input: EndpointInput, now: number, transitionMs: number): EndpointView {
  refuseDefault(name, 'updated');
  const e = findEndpoint(rt, name);
  const target = versionOrLatest(rt, input.agentRuntimeVersion ?? e.targetVersion);
  e.previousVersion = statusOf(e.transition, now) === 'READY' ? e.targetVersion : e.previousVersion;
  e.targetVersion = target;
  if (input.description !== undefined) e.description = input.description;
  e.lastUpdatedAt = now;
  e.transition = { pending: 'UPDATING', readyAt: now + transitionMs };
  return endpointView(rt, e, now, 'UPDATING');
}

export function deleteEndpoint(rt: RuntimeRecord, name: string): void {
  refuseDefault(name, 'deleted');
  findEndpoint(rt, name);
  rt.endpoints.delete(name);
}
