// The control plane's state: runtimes, their immutable versions and their endpoints, plus the RuntimeResolver the
// data plane reads. Every Update appends a version (a full replacement of the configuration); DEFAULT always
// targets the newest version, other endpoints stay pinned. Mutations that change what sessions run or own (Update,
// Delete of a runtime or an endpoint) notify subscribers and await them before returning, so an answered call means
// sessions were already reset.
import type { Clock } from '../clock.ts';
import { AwsError, notFound } from '../aws/errors.ts';
import { newRuntimeId, runtimeArn, workloadIdentityArn } from './arn.ts';
import { QUOTAS } from './constraints.ts';
import { createEndpoint, deleteEndpoint, findEndpoint, allEndpoints, updateEndpoint } from './endpoints.ts';
import { IdempotencyLedger } from './idempotency.ts';
import type {
  CreateEndpointInput,
  CreateRuntimeInput,
  EndpointInput,
  EndpointView,
  Page,
  PageRequest,
  RuntimeConfiguration,
  RuntimeVersionView,
} from './registry-api.ts';
import { paginate } from './pagination.ts';
import { readRegistryFile, writeRegistryFile } from './registry-file.ts';
import { endpointView, versionView, type RuntimeRecord, type VersionRecord } from './registry-records.ts';
import { resolvedRuntime, runtimeIdOfLabel } from './resolve-target.ts';
import { DEFAULT_ENDPOINT, type ResolvedRuntime, type RuntimeEvent, type RuntimeListener, type RuntimeResolver } from './data-plane-view.ts';

export interface RuntimeRegistryOptions {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /** Source of the 10-character id suffix; defaults to Math.random. */
  readonly random?: () => number;
  /** How long CREATING/UPDATING last. 0 (default): the mutating call's answer shows them, any later read says READY. */
  readonly transitionMs?: number;
  /** A file that keeps the runtimes across restarts (read at construction, replaced after every change). */
  readonly persistPath?: string;
}

export interface DeletedRuntime {
  readonly agentRuntimeId: string;
  readonly agentRuntimeVersion?: string;
}

export class RuntimeRegistry implements RuntimeResolver {
  readonly region: string;
  readonly accountId: string;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #transitionMs: number;
  readonly #persistPath: string | undefined;
  /** Insertion order is creation order, which is the listing order. */
  readonly #runtimes = new Map<string, RuntimeRecord>();
  readonly #listeners = new Set<RuntimeListener>();
  readonly #createTokens = new IdempotencyLedger<string>();
  readonly #updateTokens = new IdempotencyLedger<string>();
  readonly #endpointTokens = new IdempotencyLedger<string>();

  constructor(options: RuntimeRegistryOptions) {
    this.#clock = options.clock;
    this.region = options.region;
    this.accountId = options.accountId;
    this.#random = options.random ?? Math.random;
    this.#transitionMs = options.transitionMs ?? 0;
    this.#persistPath = options.persistPath;
    if (this.#persistPath !== undefined) for (const rt of readRegistryFile(this.#persistPath)) this.#runtimes.set(rt.id, rt);
  }

  /** Called after every change, before the answer (and before subscribers hear of it). */
  #persist(): void {
    if (this.#persistPath !== undefined) writeRegistryFile(this.#persistPath, this.#runtimes.values());
  }

  createRuntime(input: CreateRuntimeInput): RuntimeVersionView {
    const now = this.#clock.now();
    const replayed = this.#createTokens.replay('create', input.clientToken, withoutToken(input));
    if (replayed !== undefined && this.#runtimes.has(replayed)) return this.getRuntime(replayed, '1');
    if ([...this.#runtimes.values()].some((r) => r.name === input.agentRuntimeName))
      throw new AwsError('ConflictException', `An agent runtime named '${input.agentRuntimeName}' already exists.`);
    let id: string;
    do id = newRuntimeId(input.agentRuntimeName, this.#random);
    while (this.#runtimes.has(id));
    const first = this.#newVersion('1', input.configuration, now, 'CREATING');
    const arn = runtimeArn(this.region, this.accountId, id);
    const rt: RuntimeRecord = {
      id,
      arn,
      name: input.agentRuntimeName,
      createdAt: now,
      workloadIdentityArn: workloadIdentityArn(this.region, this.accountId, id),
      tags: input.tags,
      versions: new Map([['1', first]]),
      latest: first,
      nextVersion: 2,
      endpoints: new Map(),
    };
    this.#runtimes.set(id, rt);
    this.#persist();
    this.#createTokens.record('create', input.clientToken, withoutToken(input), id);
    return versionView(rt, first, now, 'CREATING');
  }

  /** The latest version, or `version` when given. */
  getRuntime(agentRuntimeId: string, version?: string): RuntimeVersionView {
    const rt = this.#runtime(agentRuntimeId);
    return versionView(rt, this.#version(rt, version), this.#clock.now());
  }

  async updateRuntime(agentRuntimeId: string, configuration: RuntimeConfiguration, clientToken?: string): Promise<RuntimeVersionView> {
    const rt = this.#runtime(agentRuntimeId);
    const now = this.#clock.now();
    const replayed = this.#updateTokens.replay(rt.id, clientToken, configuration);
    if (replayed !== undefined && rt.versions.has(replayed)) return this.getRuntime(rt.id, replayed);
    if (rt.versions.size >= QUOTAS.versionsPerRuntime)
      throw new AwsError('ServiceQuotaExceededException', `Agent runtime '${rt.id}' has reached ${QUOTAS.versionsPerRuntime} versions.`);
    const next = this.#newVersion(String(rt.nextVersion), configuration, now, 'UPDATING');
    rt.versions.set(next.version, next);
    rt.latest = next;
    rt.nextVersion++;
    this.#persist();
    this.#updateTokens.record(rt.id, clientToken, configuration, next.version);
    await this.#emit({ kind: 'version-created', agentRuntimeId: rt.id, agentRuntimeVersion: next.version });
    return versionView(rt, next, now, 'UPDATING');
  }

  /**
   * Without `version` the runtime and its endpoints are gone at once (reads say ResourceNotFoundException). With
   * `version` only that version goes, unless an endpoint (DEFAULT included) still targets it: ConflictException.
   */
  async deleteRuntime(agentRuntimeId: string, version?: string): Promise<DeletedRuntime> {
    const rt = this.#runtime(agentRuntimeId);
    if (version !== undefined) {
      this.#version(rt, version);
      const user = allEndpoints(rt).find((e) => e.targetVersion === version);
      if (user) throw new AwsError('ConflictException', `Version '${version}' is still used by endpoint '${user.name}'.`);
      rt.versions.delete(version);
      this.#persist();
      return { agentRuntimeId: rt.id, agentRuntimeVersion: version };
    }
    this.#runtimes.delete(rt.id);
    this.#persist();
    this.#updateTokens.forgetScope(rt.id);
    this.#endpointTokens.forgetScope(rt.id);
    await this.#emit({ kind: 'runtime-deleted', agentRuntimeId: rt.id });
    return { agentRuntimeId: rt.id };
  }

  /** Latest version of every runtime, oldest runtime first. */
  listRuntimes(page: PageRequest = {}): Page<RuntimeVersionView> {
    const now = this.#clock.now();
    const all = [...this.#runtimes.values()].map((rt) => versionView(rt, rt.latest, now));
    return paginate(all, page, 'runtimes');
  }

  /** Every version of one runtime, newest first. */
  listRuntimeVersions(agentRuntimeId: string, page: PageRequest = {}): Page<RuntimeVersionView> {
    const rt = this.#runtime(agentRuntimeId);
    const now = this.#clock.now();
    const all = [...rt.versions.values()].reverse().map((v) => versionView(rt, v, now));
    return paginate(all, page, `versions:${rt.id}`);
  }

  createEndpoint(agentRuntimeId: string, input: CreateEndpointInput): EndpointView {
    const rt = this.#runtime(agentRuntimeId);
    const { clientToken, ...params } = input;
    const replayed = this.#endpointTokens.replay(rt.id, clientToken, params);
    if (replayed !== undefined && rt.endpoints.has(replayed)) return this.getEndpoint(rt.id, replayed);
    const view = createEndpoint(rt, input, this.#clock.now(), this.#transitionMs);
    this.#persist();
    this.#endpointTokens.record(rt.id, clientToken, params, view.name);
    return view;
  }

  getEndpoint(agentRuntimeId: string, endpointName: string): EndpointView {
    const rt = this.#runtime(agentRuntimeId);
    return endpointView(rt, findEndpoint(rt, endpointName), this.#clock.now());
  }

  updateEndpoint(agentRuntimeId: string, endpointName: string, input: EndpointInput): EndpointView {
    const view = updateEndpoint(this.#runtime(agentRuntimeId), endpointName, input, this.#clock.now(), this.#transitionMs);
    this.#persist();
    return view;
  }

  /** The endpoint goes at once; the session data used through it is deleted before the answer (the guide's L8). */
  async deleteEndpoint(agentRuntimeId: string, endpointName: string): Promise<{ agentRuntimeId: string; endpointName: string }> {
    const rt = this.#runtime(agentRuntimeId);
    deleteEndpoint(rt, endpointName);
    this.#persist();
    await this.#emit({ kind: 'endpoint-deleted', agentRuntimeId: rt.id, endpointName });
    return { agentRuntimeId: rt.id, endpointName };
  }

  /** DEFAULT first, then custom endpoints in creation order. */
  listEndpoints(agentRuntimeId: string, page: PageRequest = {}): Page<EndpointView> {
    const rt = this.#runtime(agentRuntimeId);
    const now = this.#clock.now();
    return paginate(allEndpoints(rt).map((e) => endpointView(rt, e, now)), page, `endpoints:${rt.id}`);
  }

  resolve(arnOrId: string, qualifier: string | undefined, accountId: string | undefined): ResolvedRuntime {
    const rt = this.#runtime(runtimeIdOfLabel(arnOrId, accountId, this));
    const endpoint = findEndpoint(rt, qualifier ?? DEFAULT_ENDPOINT);
    return resolvedRuntime(rt, endpoint, this.#version(rt, endpoint.targetVersion));
  }

  subscribe(listener: RuntimeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs every listener even if one fails, then surfaces the first failure (the change itself stays committed). */
  async #emit(event: RuntimeEvent): Promise<void> {
    const results = await Promise.allSettled([...this.#listeners].map(async (l) => l(event)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  #runtime(agentRuntimeId: string): RuntimeRecord {
    const rt = this.#runtimes.get(agentRuntimeId);
    if (!rt) throw notFound(`Agent runtime '${agentRuntimeId}' does not exist.`);
    return rt;
  }

  #version(rt: RuntimeRecord, version: string | undefined): VersionRecord {
    if (version === undefined) return rt.latest;
    const v = rt.versions.get(version);
    if (!v) throw notFound(`Version '${version}' of agent runtime '${rt.id}' does not exist.`);
    return v;
  }

  #newVersion(version: string, configuration: RuntimeConfiguration, now: number, pending: 'CREATING' | 'UPDATING'): VersionRecord {
    return { version, createdAt: now, configuration, transition: { pending, readyAt: now + this.#transitionMs } };
  }
}

const withoutToken = ({ clientToken: _t, ...rest }: CreateRuntimeInput): Omit<CreateRuntimeInput, 'clientToken'> => rest;
