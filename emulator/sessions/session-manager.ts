// Sessions keyed by (runtime, endpoint, exact session id) (session-scope.ts). The first call provisions compute (a
// fresh sandbox) with the session's storage restored from the store; Stop (explicit, idle, max lifetime) kills every
// process, persists the storage and discards everything else. The next call resumes on new compute. The storage is
// mounted when something first uses it: at once for a command, after the agent answered healthy for an invocation
// (the guide: the mount path is there at invocation, not while the agent initialises).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import type { IncomingMessage } from 'node:http';
import type { AgentCatalog } from '../agent/catalog.ts';
import { AgentFailure, SessionAgent, type AgentRequest } from '../agent/session-agent.ts';
import type { Clock } from '../clock.ts';
import type { ResolvedRuntime, RuntimeEvent } from '../control/types.ts';
import type { Deviation } from '../deviations.ts';
import type { CommandEvent } from '../sandbox/compute.ts';
import type { SpawnedServer } from '../sessionfs/server-pool.ts';
import { DEFAULT_POLICY, type SessionFsPolicy } from '../sessionfs/policy.ts';
import type { SessionStore, StoredSessionMeta } from '../store/session-store.ts';
import { keyOf, resetBy } from './session-scope.ts';
import { KeyedMutex } from '../util/keyed-mutex.ts';
import { dueStop, STORE_RETENTION_MS, storeExpired, type StopReason } from './lifecycle-rules.ts';
import { openStorage, type SessionStorage, type StorageKind } from './storage.ts';
import { IdRangePool } from './uid-pool.ts';
import { applyRestoreDeviations, hasRestoreDeviations } from './restore-deviations.ts';
import { salvageComputeRoot } from './compute-dir.ts';
import { unmount } from './host-mounts.ts';
import { attachStorage, giveBack, provisionLive, type LiveSession, type ProvisionOptions } from './live-session.ts';
import { sharedStorage } from './shared-storage.ts';
import { OWN_PROCESS_GROUP } from '../util/own-process-group.ts';

export interface SessionManagerOptions {
  /** Root-owned directory (0711) under which each live session gets its compute directory. */
  computeRoot: string;
  store: SessionStore;
  clock: Clock;
  deviations: ReadonlySet<Deviation>;
  log: (message: string) => void;
  storage: StorageKind;
  /** Serve a stored tree in place rather than copy it before the first command (default true). */
  lazyResume?: boolean;
  /** Where session filesystem servers come from (sessionfs storage only). */
  servers?: { take(): SpawnedServer };
  policy?: SessionFsPolicy;
  idRanges?: IdRangePool;
  storeRetentionMs?: number;
  /** The runtimes' agents, for InvokeAgentRuntime; none: every invocation fails with the reason. */
  agents?: AgentCatalog;
  /** How long an agent may take to answer Healthy on /ping (default 30 s). */
  agentStartTimeoutMs?: number;
  /** Outbound networks for PUBLIC runtimes' sessions; none: loopback only (`--network none`). */
  networks?: ProvisionOptions['networks'];
}

export type StopOutcome = 'stopped' | 'not-running' | 'unknown';

export class SessionManager {
  readonly #o: SessionManagerOptions;
  readonly #live = new Map<string, LiveSession>();
  readonly #mutex = new KeyedMutex();
  readonly #ids: IdRangePool;
  /** Stopped sessions whose id range and directory are still being given back. */
  readonly #releasing = new Set<Promise<void>>();
  #closed = false;

  constructor(o: SessionManagerOptions) {
    this.#o = o;
    this.#ids = o.idRanges ?? new IdRangePool();
  }

  /** Prepares the directories; unmounts and salvages what a crashed emulator left behind. */
  async init(): Promise<void> {
    await salvageComputeRoot(this.#o.computeRoot, this.#o.store, this.#o.log);
  }

  get liveCount(): number {
    return this.#live.size;
  }

  /** Runs a command in the session, provisioning or resuming its compute first; aborting `signal` kills it. */
  async runCommand(
    runtime: ResolvedRuntime,
    runtimeSessionId: string,
    command: string,
    timeoutSeconds: number,
    signal?: AbortSignal,
  ): Promise<AsyncIterable<CommandEvent>> {
    const live = await this.#ensureLive(runtime, runtimeSessionId, 'command');
    await this.#attach(live);
    live.lastActivityAt = this.#o.clock.now();
    const events = live.compute.run(command, { env: commandEnv(runtime), timeoutMs: timeoutSeconds * 1000, ...(signal ? { signal } : {}) });
    const clock = this.#o.clock;
    return (async function* () {
      try {
        yield* events;
      } finally {
        live.lastActivityAt = clock.now();
      }
    })();
  }

  /** InvokeAgentRuntime: the session's agent answers (started on the session's first invocation; see agent/). */
  async invokeAgent(runtime: ResolvedRuntime, runtimeSessionId: string, request: AgentRequest): Promise<IncomingMessage> {
    const live = await this.#ensureLive(runtime, runtimeSessionId, 'agent');
    live.lastActivityAt = this.#o.clock.now();
    const prepared = await this.#o.agents?.prepare(runtime.agentRuntimeArtifact);
    if (!prepared?.ok) throw new AgentFailure(prepared?.reason ?? 'this emulator runs no agents');
    const { command } = prepared.agent;
    const log = (m: string) => this.#o.log(`session ${runtimeSessionId}: ${m}`);
    live.agent ??= new SessionAgent(live.compute, { command, env: commandEnv(runtime), startTimeoutMs: this.#o.agentStartTimeoutMs ?? 30_000, log });
    await live.agent.ready();
    await this.#attach(live);
    const res = await live.agent.invoke(request);
    // While the answer streams its tunnel counts as in flight; the idle countdown starts when it ends, as after a command.
    res.once('close', () => (live.lastActivityAt = this.#o.clock.now()));
    return res;
  }

  async #agentAppDir(runtime: ResolvedRuntime): Promise<string | undefined> {
    const prepared = await this.#o.agents?.prepare(runtime.agentRuntimeArtifact);
    return prepared?.ok ? prepared.agent.appDir : undefined;
  }

  /** Stops the session `runtimeSessionId` used through `runtime`'s endpoint. */
  async stop(
    runtime: Pick<ResolvedRuntime, 'agentRuntimeId' | 'endpointName'>,
    runtimeSessionId: string,
    reason: StopReason | 'stop-request' | 'compute-failure' | 'storage-failure' = 'stop-request',
  ): Promise<StopOutcome> {
    const key = this.#key(runtime, runtimeSessionId);
    return this.#mutex.run(key, async () => {
      const live = this.#live.get(key);
      if (live) {
        this.#o.log(`stopping session ${runtimeSessionId} (${reason})`);
        await this.#teardown(live, 'persist');
        return 'stopped';
      }
      return (await this.#o.store.readMeta(key)) ? 'not-running' : 'unknown';
    });
  }

  /** Applies idle timeouts, max lifetimes and the store's idle expiry as of the clock's now. */
  async sweep(): Promise<void> {
    const now = this.#o.clock.now();
    for (const live of [...this.#live.values()]) {
      const reason = dueStop(
        { startedAt: live.startedAt, lastActivityAt: live.lastActivityAt, commandsInFlight: live.compute.inFlight },
        live.runtime.lifecycle,
        now,
      );
      if (reason) await this.stop(live.runtime, live.runtimeSessionId, reason);
    }
    for (const { key, meta } of await this.#o.store.listMetas()) {
      if (this.#live.has(key)) continue;
      if (storeExpired(meta.lastInvokedAt, now, this.#o.storeRetentionMs ?? STORE_RETENTION_MS)) {
        await this.#mutex.run(key, async () => {
          if (!this.#live.has(key)) {
            this.#o.log(`session data of ${meta.runtimeSessionId} expired after idle retention`);
            await this.#o.store.wipe(key);
          }
        });
      }
    }
  }

  /** A new version, a deleted runtime or a deleted endpoint resets the sessions it concerns (session-scope.ts). */
  async onRuntimeEvent(event: RuntimeEvent): Promise<void> {
    const deviations = this.#o.deviations;
    for (const live of [...this.#live.values()]) {
      const reset = resetBy(event, { ...live.runtime, runtimeSessionId: live.runtimeSessionId }, deviations);
      if (!reset) continue;
      await this.#mutex.run(live.key, async () => {
        if (this.#live.get(live.key) === live) await this.#teardown(live, reset.wipe ? 'discard' : 'persist');
      });
    }
    for (const { key, meta } of await this.#o.store.listMetas()) {
      if (resetBy(event, meta, deviations)?.wipe) await this.#mutex.run(key, () => this.#o.store.wipe(key));
    }
  }

  /** Stops every session (persisting storage), as on a graceful shutdown of the service. */
  async close(): Promise<void> {
    this.#closed = true;
    // A session being provisioned when the shutdown began (a request already accepted) becomes live only after this
    // point: wait for every transition under way first, so no session outlives the emulator.
    await this.#mutex.idle();
    await Promise.all([...this.#live.values()].map((l) => this.stop(l.runtime, l.runtimeSessionId)));
    await Promise.all([...this.#releasing]);
    await unmount(this.#o.computeRoot);
  }

  #key({ agentRuntimeId, endpointName }: Pick<ResolvedRuntime, 'agentRuntimeId' | 'endpointName'>, runtimeSessionId: string): string {
    return keyOf({ agentRuntimeId, endpointName, runtimeSessionId }, this.#o.deviations);
  }

  async #ensureLive(runtime: ResolvedRuntime, runtimeSessionId: string, by: 'command' | 'agent'): Promise<LiveSession> {
    const key = this.#key(runtime, runtimeSessionId);
    return this.#mutex.run(key, async () => {
      if (this.#closed) throw new Error('the emulator is shutting down');
      const existing = this.#live.get(key);
      const sameVersion = existing?.runtime.agentRuntimeVersion === runtime.agentRuntimeVersion;
      if (existing && existing.compute.alive && (existing.storage?.healthy ?? true) && sameVersion) return existing;
      if (existing) await this.#teardown(existing, sameVersion ? 'persist' : 'discard');
      return this.#provision(key, runtime, runtimeSessionId, by);
    });
  }

  async #provision(key: string, runtime: ResolvedRuntime, runtimeSessionId: string, by: 'command' | 'agent'): Promise<LiveSession> {
    const live = await provisionLive({
      key,
      runtime,
      runtimeSessionId,
      now: this.#o.clock.now(),
      by,
      computeRoot: this.#o.computeRoot,
      ids: this.#ids,
      appDir: await this.#agentAppDir(runtime),
      networks: this.#o.networks,
      storage: this.#o.storage,
      keepOutside: this.#o.deviations.has('outside-mount-survives-resume'),
      writableMnt: !runtime.sessionStorage && this.#o.deviations.has('writable-mnt-when-disabled'),
      openStorage: (l) => this.#openStorage(l),
      log: this.#o.log,
    });
    this.#live.set(key, live);
    // Compute or storage that dies on its own (a command killed its init, the filesystem server was killed) ends the
    // session like a stop would: commands in flight report a platform error (exit code -1), the next call resumes.
    void live.compute.exited.then(() => this.#failed(live, 'compute-failure'));
    if (live.storage) this.#watch(live, live.storage);
    this.#o.log(`session ${runtimeSessionId} of ${runtime.agentRuntimeId} v${runtime.agentRuntimeVersion} on ids ${live.range.base}+${live.range.size}`);
    return live;
  }

  /** Mounts the storage if it is not yet; one that cannot be opened ends the session (the next call starts over). */
  #attach(live: LiveSession): Promise<void> {
    return attachStorage(
      live,
      () => this.#openStorage(live),
      (storage) => this.#watch(live, storage),
      () => void this.stop(live.runtime, live.runtimeSessionId, 'storage-failure'),
    );
  }

  #watch(live: LiveSession, storage: SessionStorage): void {
    void storage.lost?.then(() => this.#failed(live, 'storage-failure'));
  }

  #failed(live: LiveSession, reason: 'compute-failure' | 'storage-failure'): void {
    if (live.stopping) return;
    // Kill first, then let the waiting file operations fail: no command can finish on its own in between.
    if (reason === 'storage-failure') {
      live.compute.signalAllNow();
      live.storage?.abort?.();
    }
    void this.stop(live.runtime, live.runtimeSessionId, reason);
  }

  /** Restores the session's stored tree (if it belongs to this version) and mounts its storage. */
  async #openStorage(live: LiveSession): Promise<SessionStorage> {
    const { key, runtime, range, dir, meta } = live;
    const mountpoint = live.mountpoint!;
    const deviations = this.#o.deviations;
    if (deviations.has('shared-storage')) return sharedStorage(this.#o.computeRoot, runtime.agentRuntimeId, mountpoint);
    // Layers a failed stop left (the session is not live): its tree back in place first.
    await this.#o.store.settle(key);
    const stored = await this.#o.store.readMeta(key);
    const current = stored && (stored.agentRuntimeVersion === runtime.agentRuntimeVersion || deviations.has('no-wipe-on-update'));
    return openStorage({
      // Served in place unless a deviation must change what is restored.
      lazy: (this.#o.lazyResume ?? true) && !!current && !hasRestoreDeviations(deviations) && (await this.#o.store.hasTree(key)),
      kind: this.#o.storage,
      key,
      dir,
      mountpoint,
      uid: range.base,
      store: this.#o.store,
      servers: this.#o.servers,
      policy: this.#o.policy ?? DEFAULT_POLICY,
      log: this.#o.log,
      // With this deviation the replica lags 2 s behind, and Stop does not flush: the unreplicated tail is lost.
      replicationLagMs: deviations.has('drop-recent-writes-on-stop') ? 2000 : 0,
      meta: () => ({ ...meta, lastInvokedAt: live.lastActivityAt }),
      fill: async (cache) => {
        const stored = await this.#o.store.readMeta(key);
        if (stored && stored.agentRuntimeVersion !== runtime.agentRuntimeVersion && !deviations.has('no-wipe-on-update')) {
          await this.#o.store.wipe(key);
        } else if (stored) {
          await this.#o.store.restore(key, cache);
          await applyRestoreDeviations(cache, deviations);
        } else if (deviations.has('stale-first-mount')) {
          await writeFile(join(cache, '.stale'), 'left over\n');
        }
      },
    });
  }

  async #teardown(live: LiveSession, mode: 'persist' | 'discard'): Promise<void> {
    const deviations = this.#o.deviations;
    if (mode === 'persist' && deviations.has('keep-compute-on-stop') && live.compute.alive && live.storage) {
      // Persist without ending anything: the session keeps its compute.
      if (this.#o.storage === 'plain') await this.#o.store.saveTree(live.key, live.storage.source, this.#metaOf(live));
      return;
    }
    live.stopping = true;
    this.#live.delete(live.key);
    await live.compute.kill();
    // A mount under way when the stop came is waited for, then closed like any other.
    if (live.attaching) live.storage = await live.attaching.catch(() => undefined);
    if (live.storage) {
      if (mode === 'persist' && deviations.has('drop-recent-writes-on-stop') && this.#o.storage === 'plain')
        await execa('find', [live.storage.source, '-mindepth', '1', '-newermt', `@${(Date.now() - 2000) / 1000}`, '-delete'], OWN_PROCESS_GROUP).catch(() => undefined);
      const persist =
        mode === 'discard' || deviations.has('no-persist-on-stop')
          ? 'discard'
          : deviations.has('drop-recent-writes-on-stop')
            ? 'no-flush'
            : 'flush';
      await live.storage.close(persist);
    }
    // The session's data is safe now; giving back its ids and directory is off the stop path (resume is timed).
    const release = giveBack(live.range, live.dir, this.#ids, this.#o.log).finally(() => this.#releasing.delete(release));
    this.#releasing.add(release);
  }

  #metaOf(live: LiveSession): StoredSessionMeta {
    return {
      agentRuntimeId: live.runtime.agentRuntimeId,
      endpointName: live.runtime.endpointName,
      runtimeSessionId: live.runtimeSessionId,
      agentRuntimeVersion: live.runtime.agentRuntimeVersion,
      lastInvokedAt: live.lastActivityAt,
    };
  }
}

/** The command's environment: the runtime's variables over a minimal base; nothing carries over between calls. */
function commandEnv(runtime: ResolvedRuntime): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: '/root',
    LANG: 'C.UTF-8',
    ...runtime.environmentVariables,
  };
}
