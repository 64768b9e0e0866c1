// The registry's mutable bookkeeping and how it turns into read-only views at a given instant. Status is derived
// from the clock rather than flipped by timers: a record remembers its pending status and when it becomes READY.
import type { AgentRuntimeStatus, EndpointView, PendingStatus, RuntimeConfiguration, RuntimeVersionView } from './registry-api.ts';
import { endpointArn } from './arn.ts';
import { DEFAULT_ENDPOINT } from './data-plane-view.ts';

export interface Transition {
  readonly pending: PendingStatus;
  /** Epoch ms from which the status reads READY. */
  readonly readyAt: number;
}

export const statusOf = (t: Transition, now: number): AgentRuntimeStatus => (now >= t.readyAt ? 'READY' : t.pending);

export interface VersionRecord {
  readonly version: string;
  readonly createdAt: number;
  readonly configuration: RuntimeConfiguration;
  readonly transition: Transition;
}

export interface EndpointRecord {
  readonly name: string;
  readonly createdAt: number;
  lastUpdatedAt: number;
  description: string | undefined;
  targetVersion: string;
  /** What served traffic before the last create/update; reported as liveVersion until the transition ends. */
  previousVersion: string | undefined;
  transition: Transition;
  readonly tags: Readonly<Record<string, string>> | undefined;
}

export interface RuntimeRecord {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly createdAt: number;
  readonly workloadIdentityArn: string;
  readonly tags: Readonly<Record<string, string>> | undefined;
  /** Insertion-ordered by version number; deleted versions are removed, numbers are never reused. */
  readonly versions: Map<string, VersionRecord>;
  latest: VersionRecord;
  nextVersion: number;
  /** Custom endpoints only: DEFAULT is derived from `latest`, so it can never lag behind. */
  readonly endpoints: Map<string, EndpointRecord>;
}

export function versionView(rt: RuntimeRecord, v: VersionRecord, now: number, status?: AgentRuntimeStatus): RuntimeVersionView {
  return {
    agentRuntimeId: rt.id,
    agentRuntimeArn: rt.arn,
    agentRuntimeName: rt.name,
    agentRuntimeVersion: v.version,
    createdAt: rt.createdAt,
    lastUpdatedAt: v.createdAt,
    status: status ?? statusOf(v.transition, now),
    workloadIdentityArn: rt.workloadIdentityArn,
    configuration: v.configuration,
  };
}

export function endpointView(rt: RuntimeRecord, e: EndpointRecord, now: number, status?: AgentRuntimeStatus): EndpointView {
  const s = status ?? statusOf(e.transition, now);
  return {
    name: e.name,
    id: e.name,
    agentRuntimeEndpointArn: endpointArn(rt.arn, e.name),
    agentRuntimeArn: rt.arn,
    agentRuntimeId: rt.id,
    status: s,
    createdAt: e.createdAt,
    lastUpdatedAt: e.lastUpdatedAt,
    liveVersion: s === 'READY' ? e.targetVersion : e.previousVersion,
    targetVersion: e.targetVersion,
    ...(e.description !== undefined ? { description: e.description } : {}),
  };
}

/** DEFAULT as an endpoint record: it always targets the latest version and changes whenever the runtime does. */
export function defaultEndpoint(rt: RuntimeRecord): EndpointRecord {
  const previous = [...rt.versions.keys()].filter((v) => v !== rt.latest.version).at(-1);
  return {
    name: DEFAULT_ENDPOINT,
    createdAt: rt.createdAt,
    lastUpdatedAt: rt.latest.createdAt,
    description: undefined,
    targetVersion: rt.latest.version,
    previousVersion: previous,
    transition: rt.latest.transition,
    tags: undefined,
  };
}
