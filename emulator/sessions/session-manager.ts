// Sessions keyed by (runtime, endpoint, exact session id) (session-scope.ts). The first call provisions compute (a
// fresh sandbox) with the session's storage restored from the store; Stop (explicit, idle, max lifetime) kills every
// process, persists the storage and discards everything else. The next call resumes on new compute. The storage is
// mounted when something first uses it: at once for a command, after the agent answered healthy for an invocation
// (the guide: the mount path is there at invocation, not while the agent initialises).
import type { IncomingMessage } from 'node:http';
import type { AgentCatalog } from '../agent/catalog.ts';
import { AgentFailure, SessionAgent, type AgentRequest } from '../agent/session-agent.ts';
import type { Clock } from '../clock.ts';
import type { ResolvedRuntime, RuntimeEvent } from '../control/data-plane-view.ts';
import type { CommandEvent } from '../sandbox/commands.ts';
import type { SessionStore } from '../store/session-store.ts';
import { KeyedMutex } from '../util/keyed-mutex.ts';
import { commandEnv } from './command-env.ts';
import { salvageComputeRoot } from './compute-dir.ts';
import { unmount } from './host-mounts.ts';
import { dueStop, STORE_RETENTION_MS, storeExpired, type StopReason } from './lifecycle-rules.ts';
import { attachStorage, giveBack, provisionLive, storedMetaOf, type ComputeSource, type LiveSession } from './live-session.ts';
import { NO_SESSION_DEFECTS, type SessionDefects } from './session-defects.ts';
import { keyOf, resetBy } from './session-scope.ts';
import type { SessionStorage } from './storage.ts';

export interface SessionManagerOptions {
  /** What each session's compute is made from, its storage included (live-session.ts, resume-storage.ts). */
  compute: ComputeSource;
  store: SessionStore;
  clock: Clock;
  /** Deliberate defects (session-defects.ts); none by default. */
  defects?: SessionDefects;
  log: (message: string) => void;
  storeRetentionMs?: number;
  /** The runtimes' agents, for InvokeAgentRuntime; none: every invocation fails with the reason. */
  agents?: AgentCatalog;
  /** How long an agent may take to answer Healthy on /ping (default 30 s). */
  agentStartTimeoutMs?: number;
}

export type StopOutcome = 'stopped' | 'not-running' | 'unknown';

export class SessionManager {
  readonly #o: SessionManagerOptions;
  readonly #live = new Map<string, LiveSession>();
  readonly #mutex = new KeyedMutex();
  readonly #defects: SessionDefects;
  readonly #compute: ComputeSource;
  /** Stopped sessions whose id range and directory are still being given back. */
  readonly #releasing = new Set<Promise<void>>();
  #closed = false;

  constructor(o: SessionManagerOptions) {
    this.#o = o;
    this.#compute = o.compute;
    this.#defects = o.defects ?? NO_SESSION_DEFECTS;
  }

  /** Prepares the directories; unmounts and salvages what a crashed emulator left behind. */
  async init(): Promise<void> {
    await salvageComputeRoot(this.#compute.computeRoot, this.#o.store, this.#o.log);
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
    for (const live of [...this.#live.values()]) {
      const reset = resetBy(event, { ...live.runtime, runtimeSessionId: live.runtimeSessionId }, this.#defects);
      if (!reset) continue;
      await this.#mutex.run(live.key, async () => {
        if (this.#live.get(live.key) === live) await this.#teardown(live, reset.wipe ? 'discard' : 'persist');
      });
    }
    for (const { key, meta } of await this.#o.store.listMetas()) {
      if (resetBy(event, meta, this.#defects)?.wipe) await this.#mutex.run(key, () => this.#o.store.wipe(key));
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
    await unmount(this.#compute.computeRoot);
  }

  #key({ agentRuntimeId, endpointName }: Pick<ResolvedRuntime, 'agentRuntimeId' | 'endpointName'>, runtimeSessionId: string): string {
    return keyOf({ agentRuntimeId, endpointName, runtimeSessionId }, this.#defects);
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
    const now = this.#o.clock.now();
    const live = await provisionLive(this.#compute, { key, runtime, runtimeSessionId, now, by, appDir: await this.#agentAppDir(runtime) });
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
      (subject) => this.#compute.openStorage(subject),
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

  async #teardown(live: LiveSession, mode: 'persist' | 'discard'): Promise<void> {
    if (mode === 'persist' && this.#defects.stopKeepsCompute && live.compute.alive && live.storage) {
      // Persist without ending anything: the session keeps its compute.
      await live.storage.persistNow?.(storedMetaOf(live));
      return;
    }
    live.stopping = true;
    this.#live.delete(live.key);
    await live.compute.kill();
    // A mount under way when the stop came is waited for, then closed like any other.
    if (live.attaching) live.storage = await live.attaching.catch(() => undefined);
    await live.storage?.close(mode === 'discard' ? 'nothing' : this.#defects.stopPersists, storedMetaOf(live));
    // The session's data is safe now; giving back its ids and directory is off the stop path (resume is timed).
    const release = giveBack(live.range, live.dir, this.#compute.ids, this.#o.log).finally(() => this.#releasing.delete(release));
    this.#releasing.add(release);
  }
}
